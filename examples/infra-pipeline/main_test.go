package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/internal/mototest"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

func TestSnapshot(t *testing.T) {
	snapshots.Check(t, "infra-pipeline", newApp)
}

// BenchmarkSynthInfraPipeline builds and synthesizes the app in-process,
// files rendered.
func BenchmarkSynthInfraPipeline(b *testing.B) {
	for b.Loop() {
		asm, err := synth.Synthesize(newApp())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := asm.Files(false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNoUnsuppressedFindings keeps the example free of unsuppressed
// findings of the rule pack: each suppression in main.go says why.
func TestNoUnsuppressedFindings(t *testing.T) {
	app := newApp()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := cli.RulesReport(app, asm)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Unsuppressed() {
		t.Errorf("%s %s %s: %s", f.Level, f.Rule, f.Path, f.Message)
	}
	for _, f := range rep.Findings {
		if f.Suppressed && f.Reason == "" {
			t.Errorf("%s %s is suppressed without a reason", f.Rule, f.Path)
		}
	}
}

// run runs the app's command line in this process.
func run(t *testing.T, args ...string) (string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := cli.Run(newApp(), args, cli.Stdio{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}); code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

// The stacks: the pipeline's (and its support stack for Prod's region),
// then the Bonjour stage in Test and in Prod, by their Stage/Stack names;
// the plan: synth, self-mutation, Test, the smoke test with the service's
// URL, the approval, Prod.
func TestStagesAndPlan(t *testing.T) {
	t.Setenv("CDK_OUTDIR", filepath.Join(t.TempDir(), "cdk.out"))
	out, _ := run(t, "list")
	if want := "cross-region-stack-111111111111_eu-west-1 (InfraPipeline-support-eu-west-1)\nInfraPipeline\nTest/Bonjour (Test-Bonjour)\nProd/Bonjour (Prod-Bonjour)\n"; out != want {
		t.Errorf("list = %q, want %q", out, want)
	}
	out, _ = run(t, "list", "--long", "Prod/*")
	for _, want := range []string{"id: Prod/Bonjour (Prod-Bonjour)", "name: Prod-Bonjour", "name: aws://222222222222/eu-west-1"} {
		if !strings.Contains(out, want) {
			t.Errorf("list --long Prod/* lacks %q:\n%s", want, out)
		}
	}
	out, _ = run(t, "pipeline", "simulate", "InfraPipeline", "--dry-run")
	want := []string{
		"Pipeline InfraPipeline/Pipeline (stack InfraPipeline): 6 actions",
		"1. synth         Synth — go run . synth -q -o cdk.out",
		"2. self-mutation InfraPipeline — deploy the pipeline's own stack",
		"3. deploy        Test/Bonjour — stack Test-Bonjour in aws://111111111111/us-east-1",
		`4. step          SmokeTest (stage Test) — curl --fail`,
		"5. approval      PromoteToProd (stage Prod) — manual approval: Test passed its smoke test: deploy Bonjour to Prod?",
		"6. deploy        Prod/Bonjour — stack Prod-Bonjour in aws://222222222222/eu-west-1",
		"The stacks of accounts 111111111111, 222222222222 are deployed with the current credentials, each in its region",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("the plan lacks %q:\n%s", w, out)
		}
	}
}

// TestSimulateOnMoto runs `pipeline simulate InfraPipeline` against moto
// ($FORMA_TEST_MOTO_URL, set by .ci/run): the synth step's own command (go
// run . synth) writes the assembly, then Test/Bonjour and, after the
// approval, Prod/Bonjour are created, each in its region. moto cannot
// create the pipeline's CodePipeline and CodeBuild resources, so the
// self-mutation is skipped; the smoke test is skipped too, since the load
// balancer moto reports has no address to curl (the CLI's tests check that
// a step gets the stack outputs it reads).
func TestSimulateOnMoto(t *testing.T) {
	url := mototest.URL(t, "the simulation of the pipeline")
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()
	for _, k := range []string{"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_CLOUDFORMATION", "CDK_CONTEXT_JSON"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_ENDPOINT_URL", url)
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("FORMA_POLL_INTERVAL", "50ms")
	// The synth step writes ./cdk.out, here in the example's directory.
	t.Cleanup(func() { os.RemoveAll("cdk.out") })

	// moto sets no outputs after a change set creates a stack: direct.
	out, _ := run(t, "pipeline", "simulate", "InfraPipeline", "--approve-all", "--skip-self-mutation", "--skip-step", "SmokeTest", "--method", "direct")
	last := -1
	for _, w := range []string{
		"[1/6] synth Synth: 4 stacks in cdk.out",
		"[2/6] self-mutation InfraPipeline: skipped (--skip-self-mutation)",
		"Test/Bonjour.FargateServiceServiceURL47701F45 = http://",
		"[3/6] deploy Test/Bonjour: CREATE_COMPLETE",
		"[4/6] step SmokeTest (stage Test): skipped (--skip-step)",
		"[5/6] approval PromoteToProd (stage Prod): approved automatically (--approve-all)",
		"[6/6] deploy Prod/Bonjour: CREATE_COMPLETE",
		"Pipeline InfraPipeline/Pipeline: 6 actions succeeded",
	} {
		i := strings.Index(out, w)
		if i < 0 || i < last {
			t.Errorf("the simulation's output lacks %q after the previous line:\n%s", w, out)
			break
		}
		last = i
	}
	for region, name := range map[string]string{"us-east-1": "Test-Bonjour", "eu-west-1": "Prod-Bonjour"} {
		cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion(region))
		if err != nil {
			t.Fatal(err)
		}
		got, err := cloudformation.NewFromConfig(cfg).DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil || len(got.Stacks) != 1 || got.Stacks[0].StackStatus != "CREATE_COMPLETE" {
			t.Errorf("%s in %s: %v %v", name, region, got, err)
		}
	}
}
