package cli

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/internal/cfnfake"
	"github.com/forma-iac/forma/internal/pipelineplan"
	"github.com/forma-iac/forma/rules"
)

// pipelineFailEnv makes the smoke test step of pipelineTestApp fail.
const pipelineFailEnv = "FORMA_CLI_TEST_PIPELINE_FAIL"

// fakePipeline is a hand-built pipeline construct: it returns the plan it
// was given, as the pipelines package's CodePipeline returns its own.
type fakePipeline struct {
	constructs.Base
	plan *pipelineplan.Plan
}

func (f *fakePipeline) PipelinePlan() (*pipelineplan.Plan, error) { return f.plan, nil }

// pipelineTestApp has a pipeline stack holding a fake pipeline, and two
// stages: Test (Db, and Web using Db's queue, with a Url output) and Prod
// (Web, in another region). The plan synthesizes the app with this test
// binary, updates the pipeline, publishes assets, deploys Test, runs a
// smoke test reading Web's Url, waits for an approval and deploys Prod.
func pipelineTestApp(fail string) *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	ps := constructs.NewStack(app, "PipelineStack", constructs.StackProps{})
	cfn.NewResource(ps, "Topic", "AWS::SNS::Topic", nil)
	// A stack the pipeline's depends on, as a cross-region pipeline's
	// support stack: self-mutation deploys it first.
	support := constructs.NewStack(app, "Support", constructs.StackProps{})
	cfn.NewResource(support, "Bucket", "AWS::S3::Bucket", nil)
	ps.AddDependency(support)
	for _, name := range []string{"Test", "Prod"} {
		env := constructs.Environment{}
		if name == "Prod" {
			env.Region = "eu-west-1"
		}
		stage := constructs.NewStage(app, name, constructs.StageProps{Env: env})
		if name == "Test" {
			db := constructs.NewStack(stage, "Db", constructs.StackProps{})
			q := cfn.NewResource(db, "Queue", "AWS::SQS::Queue", nil)
			web := constructs.NewStack(stage, "Web", constructs.StackProps{})
			cfn.NewResource(web, "Param", "AWS::SSM::Parameter", map[string]any{"Name": "/forma-test/queue-arn", "Type": "String", "Value": q.GetAtt("Arn").String()})
			cfn.NewOutput(web, "Url", cfn.OutputProps{Value: "https://" + q.Ref() + "/bonjour"})
			continue
		}
		web := constructs.NewStack(stage, "Web", constructs.StackProps{})
		cfn.NewResource(web, "Topic", "AWS::SNS::Topic", nil)
	}
	exe, _ := os.Executable()
	smoke := []string{`test -n "$URL"`, `echo "$GREETING $URL" > smoke.txt`}
	if fail != "" {
		smoke = append(smoke, "exit 3")
	}
	p := &fakePipeline{plan: &pipelineplan.Plan{
		Pipeline:      "PipelineStack/Pipeline",
		PipelineStack: "PipelineStack",
		Synth: pipelineplan.Step{
			ID:              "Synth",
			Kind:            pipelineplan.StepShell,
			InstallCommands: []string{"echo installing > install.txt"},
			Commands:        []string{fmt.Sprintf("%s=pipeline %s=%s %q synth -q -o cdk.out", testAppEnv, pipelineFailEnv, fail, exe)},
		},
		SelfMutation:  true,
		PublishAssets: true,
		Waves: []pipelineplan.Wave{
			{Name: "Test", Stages: []pipelineplan.Stage{{
				Name: "Test", AssemblyDir: "assembly-Test",
				Stacks: []pipelineplan.Stack{
					{ArtifactID: "TestDbFE02DE21", DisplayName: "Test/Db", StackName: "Test-Db"},
					{ArtifactID: "TestWeb23347330", DisplayName: "Test/Web", StackName: "Test-Web", DependsOn: []string{"TestDbFE02DE21"}},
				},
				Post: []pipelineplan.Step{{
					ID: "SmokeTest", Kind: pipelineplan.StepShell, Commands: smoke,
					Env:            map[string]string{"GREETING": "bonjour"},
					EnvFromOutputs: map[string]pipelineplan.OutputRef{"URL": {Stack: "Test/Web", Output: "Url"}},
				}},
			}}},
			{Name: "Prod", Pre: []pipelineplan.Step{{ID: "Promote", Kind: pipelineplan.StepApproval, Comment: "ship Bonjour?"}},
				Stages: []pipelineplan.Stage{{
					Name: "Prod", AssemblyDir: "assembly-Prod",
					Stacks: []pipelineplan.Stack{{ArtifactID: "ProdWebF45B1510", DisplayName: "Prod/Web", StackName: "Prod-Web", Region: "eu-west-1"}},
				}}},
		},
	}}
	p.Base = constructs.NewBase(p, ps, "Pipeline")
	rules.Suppress(app, "*", "the CLI's test app is deployed to a double only")
	return app
}

func simulateEnv(t *testing.T) *cfnfake.Fake {
	f := cfnfake.New()
	t.Cleanup(f.Close)
	awsEnv(t, f.URL, true)
	t.Setenv("AWS_MAX_ATTEMPTS", "3")
	t.Setenv("FORMA_POLL_INTERVAL", "1ms")
	t.Chdir(t.TempDir())
	return f
}

// pipeline simulate runs the plan in order against the CloudFormation
// double: the synth step's commands (this test binary as the app), the
// pipeline's stack, the Test stage's stacks in dependency order, the smoke
// test with Web's Url output in its environment, the approval (approved
// by --approve-all, saying so) and the Prod stage.
func TestPipelineSimulate(t *testing.T) {
	f := simulateEnv(t)
	r := run(pipelineTestApp(""), "pipeline", "simulate", "PipelineStack", "--approve-all").ok(t)
	for _, name := range []string{"Support", "PipelineStack", "Test-Db", "Test-Web", "Prod-Web"} {
		if s, ok := f.Stack(name); !ok || s.Status != "CREATE_COMPLETE" {
			t.Errorf("%s: %+v, want CREATE_COMPLETE\n%s", name, s, r.stdout)
		}
	}
	data, err := os.ReadFile("smoke.txt")
	if err != nil {
		t.Fatalf("the smoke test did not run: %v\n%s", err, r.stdout)
	}
	q, _ := f.Stack("Test-Db")
	if want := "bonjour https://" + q.Resources["Queue"] + "/bonjour\n"; string(data) != want {
		t.Errorf("the smoke test saw %q, want %q", data, want)
	}
	if _, err := os.Stat("install.txt"); err != nil {
		t.Errorf("the synth step's install commands did not run: %v", err)
	}
	if _, err := os.Stat(filepath.Join("cdk.out", "assembly-Test", "manifest.json")); err != nil {
		t.Errorf("the synth step's commands wrote no assembly: %v", err)
	}
	// The plan, then each action's result, in order.
	order := []string{
		"Pipeline PipelineStack/Pipeline (stack PipelineStack): 8 actions",
		"[1/8] synth Synth: 5 stacks in cdk.out",
		"Support (CREATE_COMPLETE)",
		"PipelineStack (CREATE_COMPLETE)",
		"[2/8] self-mutation PipelineStack: CREATE_COMPLETE; the pipeline would restart here",
		"[3/8] assets publish: 0 assets published, 0 already there",
		"[4/8] deploy Test/Db: CREATE_COMPLETE",
		"[5/8] deploy Test/Web: CREATE_COMPLETE",
		"[6/8] step SmokeTest (stage Test): succeeded",
		"[7/8] approval Promote (wave Prod): approved automatically (--approve-all)",
		"[8/8] deploy Prod/Web: CREATE_COMPLETE",
		"Pipeline PipelineStack/Pipeline: 8 actions succeeded",
	}
	last := -1
	for _, want := range order {
		i := strings.Index(r.stdout, want)
		if i < 0 || i < last {
			t.Errorf("stdout lacks %q after the previous line:\n%s", want, r.stdout)
			break
		}
		last = i
	}
	if !strings.Contains(r.stdout, "   7. approval      Promote (wave Prod) — manual approval: ship Bonjour?") {
		t.Errorf("the plan does not show the approval:\n%s", r.stdout)
	}

	// A second run changes nothing.
	r = run(pipelineTestApp(""), "pipeline", "simulate", "PipelineStack", "--approve-all", "--skip-synth").ok(t)
	if n := strings.Count(r.stdout, ": no changes"); n != 4 {
		t.Errorf("a second simulation changed stacks (%d unchanged, want 4):\n%s", n, r.stdout)
	}
	f.ResetCalls()
	r = run(pipelineTestApp(""), "pipeline", "simulate", "PipelineStack", "--approve-all", "--skip-synth", "--skip-self-mutation").ok(t)
	if !strings.Contains(r.stdout, "[2/8] self-mutation PipelineStack: skipped (--skip-self-mutation)") || strings.Contains(r.stdout, "PipelineStack: deploying") {
		t.Errorf("--skip-self-mutation:\n%s", r.stdout)
	}
}

// Without --approve-all and a terminal, the approval stops the simulation
// before Prod; a failing step stops it with the step's cause.
func TestPipelineSimulateStops(t *testing.T) {
	f := simulateEnv(t)
	r := run(pipelineTestApp(""), "pipeline", "simulate", "PipelineStack", "--skip-synth")
	if r.code != 1 || !strings.Contains(r.stderr, "pipeline PipelineStack/Pipeline: approval Promote (wave Prod) failed: no answer on standard input") || !strings.Contains(r.stderr, "pass --approve-all") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if _, ok := f.Stack("Prod-Web"); ok {
		t.Error("Prod/Web was deployed without the approval")
	}
	if _, ok := f.Stack("Test-Web"); !ok {
		t.Error("Test/Web was not deployed before the approval")
	}
	r = run(pipelineTestApp("fail"), "pipeline", "simulate", "PipelineStack", "--skip-synth", "--approve-all")
	if r.code != 1 || !strings.Contains(r.stderr, "step SmokeTest (stage Test) failed: a command exited with status 3") {
		t.Errorf("failing step: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(pipelineTestApp("fail"), "pipeline", "simulate", "PipelineStack", "--skip-synth", "--approve-all", "--skip-step", "SmokeTest").ok(t)
	if !strings.Contains(r.stdout, "step SmokeTest (stage Test): skipped (--skip-step)") {
		t.Errorf("--skip-step:\n%s", r.stdout)
	}
	if _, ok := f.Stack("Prod-Web"); !ok {
		t.Error("Prod/Web was not deployed after the skipped step")
	}
}

func TestPipelineSimulateDryRunAndErrors(t *testing.T) {
	f := simulateEnv(t)
	r := run(pipelineTestApp(""), "pipeline", "simulate", "PipelineStack", "--dry-run").ok(t)
	if !strings.Contains(r.stdout, "   1. synth         Synth — echo installing > install.txt; ") || !strings.Contains(r.stdout, "   8. deploy        Prod/Web — stack Prod-Web in aws://unknown-account/eu-west-1") {
		t.Errorf("--dry-run plan:\n%s", r.stdout)
	}
	if len(f.Calls()) != 0 {
		t.Errorf("--dry-run called AWS: %v", f.Calls())
	}
	for _, tc := range []struct {
		app  *constructs.App
		args []string
		want string
	}{
		{pipelineTestApp(""), []string{"Nope"}, `no stack "Nope" in the app; the stacks are: PipelineStack, Support, Test/Db, Test/Web, Prod/Web`},
		{pipelineTestApp(""), []string{"Test/Web"}, "stack Test/Web holds no pipeline"},
		{nil, []string{"PipelineStack", "--app", "cdk.out"}, "pipeline simulate needs the app's construct tree"},
		{func() *constructs.App {
			app := pipelineTestApp("")
			p := app.Node().FindByPath("PipelineStack/Pipeline").(*fakePipeline)
			p.plan.Waves[0].Stages[0].Post[0].EnvFromOutputs["LATER"] = pipelineplan.OutputRef{Stack: "Prod/Web", Output: "X"}
			return app
		}(), []string{"PipelineStack"}, "step SmokeTest (stage Test) sets $LATER from output X of stack Prod/Web, which the pipeline does not deploy before the step"},
		{func() *constructs.App {
			app := pipelineTestApp("")
			p := app.Node().FindByPath("PipelineStack/Pipeline").(*fakePipeline)
			p.plan.Synth.Commands = nil
			return app
		}(), []string{"PipelineStack"}, `the synth step "Synth" has no commands`},
	} {
		r := run(tc.app, append([]string{"pipeline", "simulate"}, tc.args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("simulate %v: exit %d, stderr %q, want %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// The same simulation against moto ($FORMA_TEST_MOTO_URL): the stacks are
// created in their regions, the smoke test reads the deployed output.
func TestPipelineSimulateOnMoto(t *testing.T) {
	url := motoURL(t)
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()
	awsEnv(t, url, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("FORMA_POLL_INTERVAL", "50ms")
	t.Chdir(t.TempDir())
	// moto sets no outputs after a change set creates a stack: direct.
	r := run(pipelineTestApp(""), "pipeline", "simulate", "PipelineStack", "--approve-all", "--method", "direct").ok(t)
	if !strings.Contains(r.stdout, "Pipeline PipelineStack/Pipeline: 8 actions succeeded") {
		t.Errorf("simulate on moto:\n%s", r.stdout)
	}
	data, err := os.ReadFile("smoke.txt")
	if err != nil || !strings.HasPrefix(string(data), "bonjour https://") {
		t.Errorf("the smoke test saw %q (%v)", data, err)
	}
}
