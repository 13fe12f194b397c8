package cli

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/internal/deploy"
	"github.com/forma-iac/forma/internal/mototest"
)

// motoURL returns $FORMA_TEST_MOTO_URL (set by .ci/run, which starts
// moto_server) and holds that server for the test (internal/mototest);
// without it the test is skipped loudly, or fails under CI.
func motoURL(t *testing.T) string {
	return mototest.URL(t, "the integration test against moto_server")
}

// buildHello builds examples/hello as a program, and a copy of it edited to
// add a topic to HelloStorage (a module of its own that uses this checkout
// of forma), and returns the two binaries.
func buildHello(t *testing.T) (hello, edited string) {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	hello = filepath.Join(dir, "hello")
	gobuild(t, root, hello, "./examples/hello")

	src, err := os.ReadFile(filepath.Join(root, "examples/hello/main.go"))
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "\tconsumer := constructs.NewStack("
	if !strings.Contains(string(src), anchor) {
		t.Fatalf("examples/hello/main.go no longer has %q; update the edit this test makes", anchor)
	}
	editedSrc := strings.Replace(string(src), anchor, "\tsnscfn.NewCfnTopic(storage, \"Extra\", snscfn.CfnTopicProps{})\n"+anchor, 1)
	mod := filepath.Join(dir, "edited")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"main.go": editedSrc,
		"go.mod":  "module hello.edited\n\ngo 1.26\n\nrequire github.com/forma-iac/forma v0.0.0\n\nreplace github.com/forma-iac/forma => " + root + "\n",
		"go.sum":  string(sum),
	} {
		if err := os.MkdirAll(mod, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mod, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edited = filepath.Join(dir, "hello-edited")
	gobuild(t, mod, edited, ".")
	return hello, edited
}

func gobuild(t *testing.T, dir, out, pkg string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-mod=mod", "-o", out, pkg)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s in %s: %v\n%s", pkg, dir, err, b)
	}
}

type binResult struct {
	code           int
	stdout, stderr string
}

// runBin runs a built app with args, in a fresh working directory.
func runBin(t *testing.T, bin string, args ...string) binResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = t.TempDir()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := binResult{stdout: out.String(), stderr: errb.String()}
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("running %s %v: %v", bin, args, err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// examples/hello, built as a program, against moto_server: moto proves that
// the commands speak the real AWS APIs (signing, query protocol, change
// sets, waiters, errors); CloudFormation's behaviour is tested against
// internal/cfnfake. Moto has no stack events and no outputs after change
// sets, so neither is asserted here.
func TestHelloAgainstMoto(t *testing.T) {
	url := motoURL(t)
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()
	hello, edited := buildHello(t)

	awsEnv(t, url, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	must := func(bin string, args ...string) binResult {
		t.Helper()
		r := runBin(t, bin, args...)
		if r.code != 0 {
			t.Fatalf("%s %v: exit %d\n%s%s", filepath.Base(bin), args, r.code, r.stdout, r.stderr)
		}
		return r
	}

	cfn := cloudformation.NewFromConfig(aws.Config{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(url), RetryMaxAttempts: 1, HTTPClient: deploy.HTTPClient(nil),
	})
	status := func(name string) string {
		out, err := cfn.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil || len(out.Stacks) == 0 {
			return "absent"
		}
		return string(out.Stacks[0].StackStatus)
	}

	// --method direct for the first deploy: moto sets no outputs, hence no
	// exports, after a change set is executed (../shared/PEERS.md), so
	// HelloConsumer's Fn::ImportValue would find nothing; CreateStack sets
	// them. The default method, change sets, is used from then on.
	// moto's first CloudFormation call loads it (seconds): made before the
	// deploy is timed. With the default poll interval, creating the two
	// stacks takes some 0.1-0.2 s, the program's start and synthesis
	// included; the time is logged, not asserted: moto's own pace varies
	// with the machine's load (TestAdaptivePolling in internal/deploy
	// asserts the bound against the CloudFormation double).
	status("warm-up")
	start := time.Now()
	r := must(hello, "deploy", "--all", "--require-approval", "never", "--progress", "events", "--method", "direct")
	t.Logf("creating two stacks on moto took %s", time.Since(start).Round(time.Millisecond))
	for _, name := range []string{"HelloStorage", "HelloConsumer"} {
		if s := status(name); s != "CREATE_COMPLETE" {
			t.Errorf("%s: %s, want CREATE_COMPLETE\n%s", name, s, r.stdout)
		}
	}

	// Running it again changes nothing; -v names every AWS API call.
	r = must(hello, "deploy", "--all", "--require-approval", "never", "--progress", "events", "-v")
	if strings.Count(r.stdout, "(no changes)") != 2 {
		t.Errorf("second deploy changed something:\n%s", r.stdout)
	}
	var got []string
	for _, line := range strings.Split(r.stderr, "\n") {
		if call, ok := strings.CutPrefix(line, "aws: "); ok {
			got = append(got, call)
		}
	}
	want := []string{"CloudFormation.DescribeStacks", "CloudFormation.GetTemplate", "CloudFormation.DescribeStacks", "CloudFormation.GetTemplate"}
	t.Logf("API calls of a no-change deploy: %v", got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("API calls of a no-change deploy (-want +got):\n%s\n%s", diff, r.stderr)
	}

	r = must(hello, "diff", "--all", "--fail")
	if !strings.Contains(r.stdout, "Number of stacks with differences: 0") {
		t.Errorf("diff of the deployed app:\n%s", r.stdout)
	}

	// After an edit (one more topic in HelloStorage) diff shows it and
	// exits 1.
	r = runBin(t, edited, "diff", "--all", "--fail")
	if r.code != 1 || !strings.Contains(r.stdout, "[+] AWS::SNS::Topic Extra") {
		t.Errorf("diff after an edit: exit %d, want 1 showing the new topic:\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = must(hello, "destroy", "--all", "--force", "--progress", "events")
	for _, name := range []string{"HelloStorage", "HelloConsumer"} {
		if s := status(name); s != "absent" && s != "DELETE_COMPLETE" {
			t.Errorf("%s after destroy: %s\n%s", name, s, r.stdout)
		}
	}
}
