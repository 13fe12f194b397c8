package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/internal/cfnfake"
)

// apiCalls records the AWS operations the commands make, "Service.Operation".
type apiCalls struct {
	mu    sync.Mutex
	calls []string
}

func (c *apiCalls) install(t *testing.T) {
	t.Cleanup(func() { configHook = nil })
	configHook = func(cfg *aws.Config) {
		cfg.APIOptions = append(cfg.APIOptions, func(s *middleware.Stack) error {
			return s.Initialize.Add(middleware.InitializeMiddlewareFunc("forma-count", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				c.mu.Lock()
				c.calls = append(c.calls, middleware.GetServiceID(ctx)+"."+middleware.GetOperationName(ctx))
				c.mu.Unlock()
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
		})
	}
}

func (c *apiCalls) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = nil
	return out
}

// awsEnv points the SDK at endpoint with fake credentials. Only
// AWS_ENDPOINT_URL_CLOUDFORMATION is set when cfnOnly, to check that the
// SDK's per-service endpoint variable is honoured.
func awsEnv(t *testing.T, endpoint string, cfnOnly bool) {
	for _, k := range []string{"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_ENDPOINT_URL_S3"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv(OutdirEnv, t.TempDir())
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	if cfnOnly {
		t.Setenv("AWS_ENDPOINT_URL_CLOUDFORMATION", endpoint)
	} else {
		t.Setenv("AWS_ENDPOINT_URL", endpoint)
	}
}

// The commands against the CloudFormation double: deploy creates the
// stacks in dependency order and writes outputs; a second deploy makes
// only DescribeStacks and GetTemplate per stack; diff --fail exits 0, and 1
// after a change; destroy --force deletes them.
func TestCommandsAgainstDouble(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, true)
	t.Setenv("AWS_MAX_ATTEMPTS", "3")
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	calls := &apiCalls{}
	calls.install(t)
	outputs := filepath.Join(t.TempDir(), "outputs.json")

	r := run(testApp(), "deploy", "Consumer", "--require-approval", "never", "--progress", "events", "--outputs-file", outputs).ok(t)
	for _, name := range []string{"Storage", "Consumer"} {
		if s, ok := f.Stack(name); !ok || s.Status != "CREATE_COMPLETE" {
			t.Errorf("%s: %+v, want CREATE_COMPLETE (deploy output:\n%s)", name, s, r.stdout)
		}
	}
	if _, ok := f.Stack("Other"); ok {
		t.Error("Other was deployed; only Consumer and its dependency were asked for")
	}
	if strings.Index(r.stdout, "Storage: deploying") > strings.Index(r.stdout, "Consumer: deploying") {
		t.Errorf("Consumer deployed before Storage:\n%s", r.stdout)
	}
	data, err := os.ReadFile(outputs)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]map[string]string
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got["Storage"]["ExportsOutputFnGetAttQueueArn3A1D8F9C"] == "" && len(got["Storage"]) != 1 {
		t.Errorf("outputs file %s", data)
	}
	calls.take()

	r = run(testApp(), "deploy", "--all", "--require-approval", "never", "--progress", "events").ok(t)
	c := calls.take()
	if !slices.Contains(c, "CloudFormation.ExecuteChangeSet") {
		t.Errorf("deploying Other made no change set: %v", c)
	}
	r = run(testApp(), "deploy", "--all", "--require-approval", "never", "--progress", "events").ok(t)
	want := []string{"CloudFormation.DescribeStacks", "CloudFormation.GetTemplate", "CloudFormation.DescribeStacks", "CloudFormation.GetTemplate", "CloudFormation.DescribeStacks", "CloudFormation.GetTemplate"}
	if diff := cmp.Diff(want, calls.take()); diff != "" {
		t.Errorf("API calls of a no-change deploy (-want +got):\n%s\n%s", diff, r.stdout)
	}
	if strings.Count(r.stdout, "(no changes)") != 3 {
		t.Errorf("no-change deploy output:\n%s", r.stdout)
	}

	run(testApp(), "diff", "--fail").ok(t)
	edited := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: map[string]any{"queueName": "other"}})
	buildTestApp(edited)
	r = run(edited, "diff", "--fail")
	if r.code != 1 || !strings.Contains(r.stdout, "[~] AWS::SQS::Queue") || !strings.Contains(r.stdout, "requires replacement") {
		t.Errorf("diff after a change: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}

	r = run(testApp(), "destroy", "--all")
	if _, ok := f.Stack("Storage"); r.code != 1 || !ok || !strings.Contains(r.stderr, "pass --force") {
		t.Errorf("destroy without --force and no answer: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	run(testApp(), "destroy", "--all", "--force", "--progress", "events").ok(t)
	for _, name := range []string{"Storage", "Consumer", "Other"} {
		if _, ok := f.Stack(name); ok {
			t.Errorf("%s still exists", name)
		}
	}
}

// iamApp has one stack with a role any account may assume and a security
// group open to the world: both broaden security.
func iamApp() *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	st := constructs.NewStack(app, "Open", constructs.StackProps{})
	cfn.NewResource(st, "Role", "AWS::IAM::Role", map[string]any{
		"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{
			map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "sts:AssumeRole"},
		}},
	})
	cfn.NewResource(st, "Group", "AWS::EC2::SecurityGroup", map[string]any{
		"GroupDescription":     "open",
		"SecurityGroupIngress": []any{map[string]any{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}},
	})
	return app
}

func runWithStdin(app *constructs.App, stdin string, args ...string) result {
	var out, errb bytes.Buffer
	code := Run(app, args, Stdio{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return result{code, out.String(), errb.String()}
}

// --require-approval holds for both methods: a change that broadens
// security is shown and refused under --ci or without an answer, naming
// the flag that deploys without approval, and deployed after "y".
func TestApprovalForEveryMethod(t *testing.T) {
	for _, method := range []string{"change-set", "direct"} {
		for _, level := range []string{"broadening", "any-change"} {
			t.Run(method+"/"+level, func(t *testing.T) {
				f := cfnfake.New()
				defer f.Close()
				awsEnv(t, f.URL, true)
				t.Setenv("FORMA_POLL_INTERVAL", "1ms")
				base := []string{"deploy", "--method", method, "--require-approval", level, "--progress", "events"}

				r := runWithStdin(iamApp(), "", append(base, "--ci")...)
				if r.code != 1 || !strings.Contains(r.stderr, "pass --require-approval never") || !strings.Contains(r.stdout, "Everyone (IPv4)") || !strings.Contains(r.stdout, "sts:AssumeRole") {
					t.Errorf("--ci: exit %d, want a refusal naming --require-approval never after the security changes\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
				}
				r = runWithStdin(iamApp(), "", base...)
				if r.code != 1 || !strings.Contains(r.stderr, "no answer on standard input") || !strings.Contains(r.stderr, "pass --require-approval never") {
					t.Errorf("no answer: exit %d\nstderr:\n%s", r.code, r.stderr)
				}
				if s, ok := f.Stack("Open"); ok && s.Status != "REVIEW_IN_PROGRESS" {
					t.Fatalf("refused deployments left the stack %s", s.Status)
				}
				r = runWithStdin(iamApp(), "n\n", base...)
				if r.code != 1 || !strings.Contains(r.stderr, "not approved") {
					t.Errorf("answer n: exit %d\nstderr:\n%s", r.code, r.stderr)
				}
				runWithStdin(iamApp(), "y\n", base...).ok(t)
				if s, ok := f.Stack("Open"); !ok || s.Status != "CREATE_COMPLETE" {
					t.Errorf("approved: stack %+v, want CREATE_COMPLETE", s)
				}
			})
		}
	}
}

// Standard input that is not a terminal (here a pipe nobody writes to) is
// not waited on: the approval is refused at once, naming the flag.
func TestApprovalWithoutTerminal(t *testing.T) {
	f := cfnfake.New()
	defer f.Close()
	awsEnv(t, f.URL, true)
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() {
		done <- Run(iamApp(), []string{"deploy", "--method", "direct", "--progress", "events"}, Stdio{Stdin: pr, Stdout: &out, Stderr: &errb})
	}()
	select {
	case code := <-done:
		if code != 1 || !strings.Contains(errb.String(), "no answer: standard input is not a terminal; pass --require-approval never to deploy without approval") {
			t.Errorf("exit %d, stderr:\n%s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("deploy waits for an answer on a pipe")
	}
	if s, ok := f.Stack("Open"); ok {
		t.Errorf("the stack was deployed: %s", s.Status)
	}
}
