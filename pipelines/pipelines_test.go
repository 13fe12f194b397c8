package pipelines_test

import (
	"fmt"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
	"github.com/forma-iac/forma/internal/golden"
	"github.com/forma-iac/forma/internal/pipelineplan"
	"github.com/forma-iac/forma/pipelines"
	"github.com/forma-iac/forma/synth"
)

var (
	pipelineEnv = constructs.Environment{Account: "111111111111", Region: "us-east-1"}
	prodEnv     = constructs.Environment{Account: "222222222222", Region: "eu-west-1"}
)

const connection = "arn:aws:codeconnections:us-east-1:111111111111:connection/abc"

type application struct {
	stage            *constructs.Stage
	storage, service *constructs.Stack
	url              *cfn.Output
}

// newApplication is a stage of two stacks: Service reads Storage's queue.
func newApplication(scope constructs.Construct, id string, env constructs.Environment) application {
	stage := constructs.NewStage(scope, id, constructs.StageProps{Env: env})
	storage := constructs.NewStack(stage, "Storage", constructs.StackProps{})
	q := sqscfn.NewCfnQueue(storage, "Queue", sqscfn.CfnQueueProps{})
	url := cfn.NewOutput(storage, "QueueURL", cfn.OutputProps{Value: q.AttrQueueUrl()})
	service := constructs.NewStack(stage, "Service", constructs.StackProps{})
	ssmcfn.NewCfnParameter(service, "Param", ssmcfn.CfnParameterProps{Type: "String", Value: q.AttrQueueUrl()})
	return application{stage: stage, storage: storage, service: service, url: url}
}

func newPipeline(app *constructs.App, props pipelines.CodePipelineProps) *pipelines.CodePipeline {
	stack := constructs.NewStack(app, "PipelineStack", constructs.StackProps{Env: pipelineEnv})
	if props.Synth == nil {
		props.Synth = pipelines.GoSynth(pipelines.CodePipelineSourceConnection("forma-iac/app", "main", pipelines.ConnectionOptions{ConnectionARN: connection}))
	}
	// The deploy actions name the CloudFormation execution role with the
	// AWS CDK's Fn::Join ARN, which cfn-lint's E3703 would rather see as an
	// Fn::Sub: the template says so to cfn-lint.
	stack.SetTemplateMetadata("cfn-lint", map[string]any{"config": map[string]any{"ignore_checks": []any{"E3703"}}})
	return pipelines.NewCodePipeline(stack, "Pipeline", props)
}

// representative is a pipeline deploying a test stage, then, after an
// approval and a smoke test reading the test stage's output, a production
// stage in another account and region.
func representative() (*constructs.App, *pipelines.CodePipeline) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	p := newPipeline(app, pipelines.CodePipelineProps{CrossAccountKeys: true, PipelineType: "V2"})
	test := newApplication(app, "Test", pipelineEnv)
	p.AddStage(test.stage, pipelines.AddStageOpts{
		Post: []pipelines.Step{pipelines.NewShellStep("Smoke", pipelines.ShellStepProps{
			EnvFromCfnOutputs: map[string]*cfn.Output{"QUEUE_URL": test.url},
			Commands:          []string{`test -n "$QUEUE_URL"`},
		})},
	})
	prod := newApplication(app, "Prod", prodEnv)
	p.AddStage(prod.stage, pipelines.AddStageOpts{
		Pre: []pipelines.Step{pipelines.NewManualApprovalStep("Promote", pipelines.ManualApprovalStepProps{Comment: "Deploy to production?"})},
	})
	return app, p
}

func templates(t *testing.T, app *constructs.App) map[string][]byte {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatalf("synthesis failed:\n%v", err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, n := range files.Names() {
		if strings.HasSuffix(n, ".template.json") {
			out[n] = files[n]
		}
	}
	return out
}

// TestSnapshot checks the representative pipeline's templates (the
// pipeline's stack, the support stack of the production region, the
// stages' stacks) against testdata; -update rewrites them.
func TestSnapshot(t *testing.T) {
	app, _ := representative()
	got := templates(t, app)
	for _, n := range []string{"PipelineStack.template.json", "cross-region-stack-111111111111_eu-west-1.template.json", "assembly-Test/TestStorage063FECAF.template.json", "assembly-Prod/ProdStorage0EF194CB.template.json"} {
		if _, ok := got[n]; !ok {
			t.Errorf("no %s among %v", n, keys(got))
		}
	}
	for n, data := range got {
		golden.Check(t, path.Join("testdata", "snapshot", n), data)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestDeterministic: the same program gives the same bytes.
func TestDeterministic(t *testing.T) {
	a1, _ := representative()
	a2, _ := representative()
	if !reflect.DeepEqual(templates(t, a1), templates(t, a2)) {
		t.Fatal("two syntheses of one program differ")
	}
}

func TestPlan(t *testing.T) {
	app, p := representative()
	templates(t, app)
	plan, err := p.PipelinePlan()
	if err != nil {
		t.Fatal(err)
	}
	if plan.Pipeline != "PipelineStack/Pipeline" || plan.PipelineStack != "PipelineStack" || !plan.SelfMutation || plan.PublishAssets {
		t.Errorf("plan header: %+v", plan)
	}
	if plan.Synth.Kind != pipelineplan.StepShell || !reflect.DeepEqual(plan.Synth.Commands, pipelines.DefaultSynthCommands) || plan.Synth.PrimaryOutputDir != "cdk.out" {
		t.Errorf("synth step: %+v", plan.Synth)
	}
	if len(plan.Waves) != 2 || plan.Waves[0].Name != "Test" || plan.Waves[1].Name != "Prod" {
		t.Fatalf("waves: %+v", plan.Waves)
	}
	test := plan.Waves[0].Stages[0]
	if test.AssemblyDir != "assembly-Test" || len(test.Stacks) != 2 {
		t.Fatalf("test stage: %+v", test)
	}
	storage, service := test.Stacks[0], test.Stacks[1]
	if storage.DisplayName != "Test/Storage" || storage.StackName != "Test-Storage" || storage.Account != "111111111111" || storage.Region != "us-east-1" {
		t.Errorf("first stack: %+v", storage)
	}
	if service.DisplayName != "Test/Service" || !reflect.DeepEqual(service.DependsOn, []string{storage.ArtifactID}) {
		t.Errorf("second stack: %+v (depends on %v, want %s)", service, service.DependsOn, storage.ArtifactID)
	}
	if len(test.Post) != 1 || test.Post[0].EnvFromOutputs["QUEUE_URL"] != (pipelineplan.OutputRef{Stack: "Test/Storage", Output: "QueueURL"}) {
		t.Errorf("smoke step: %+v", test.Post)
	}
	prod := plan.Waves[1].Stages[0]
	if len(prod.Pre) != 1 || prod.Pre[0].Kind != pipelineplan.StepApproval || prod.Pre[0].Comment != "Deploy to production?" {
		t.Errorf("approval: %+v", prod.Pre)
	}
	if prod.Stacks[0].Account != "222222222222" || prod.Stacks[0].Region != "eu-west-1" {
		t.Errorf("prod stack: %+v", prod.Stacks[0])
	}
}

// TestBuildPipelineExplicit: BuildPipeline builds at once; the pipeline
// then exists, and a stage added later is an error.
func TestBuildPipelineExplicit(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	p := newPipeline(app, pipelines.CodePipelineProps{})
	p.AddStage(newApplication(app, "Test", pipelineEnv).stage)
	p.BuildPipeline()
	if p.Pipeline == nil || p.SynthProject == nil || p.SelfMutationProject == nil {
		t.Fatalf("BuildPipeline left the pipeline unbuilt: %+v", p)
	}
	var names []string
	for _, s := range p.Pipeline.Stages() {
		names = append(names, s.StageName())
	}
	if want := []string{"Source", "Build", "UpdatePipeline", "Test"}; !reflect.DeepEqual(names, want) {
		t.Errorf("stages %v, want %v", names, want)
	}
	p.AddStage(newApplication(app, "Late", pipelineEnv).stage)
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "PipelineStack/Pipeline") || !strings.Contains(err.Error(), "after the pipeline was built") {
		t.Errorf("a stage added after BuildPipeline: %v", err)
	}
}

// TestMistakes: each mistake is an error naming the construct and the fix.
func TestMistakes(t *testing.T) {
	cases := []struct {
		name  string
		build func(app *constructs.App)
		want  []string
	}{
		{"stage added twice", func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			a := newApplication(app, "Test", pipelineEnv)
			p.AddStage(a.stage)
			p.AddWave("Again").AddStage(a.stage, pipelines.AddStageOpts{})
		}, []string{"PipelineStack/Pipeline", "stage Test is added to the pipeline twice", "create another stage"}},
		{"no account in a cross-account pipeline", func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{CrossAccountKeys: true})
			p.AddStage(newApplication(app, "Test", constructs.Environment{Region: "us-east-1"}).stage)
		}, []string{"PipelineStack/Pipeline", "stack Test/Storage has no account", "set Env.Account on stage Test"}},
		{"output of a later stack", func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			a := newApplication(app, "Test", pipelineEnv)
			p.AddStage(a.stage, pipelines.AddStageOpts{Pre: []pipelines.Step{pipelines.NewShellStep("Check", pipelines.ShellStepProps{
				EnvFromCfnOutputs: map[string]*cfn.Output{"URL": a.url}, Commands: []string{"echo $URL"},
			})}})
		}, []string{"PipelineStack/Pipeline", `step "Check"`, "Test/Storage", "deploys after the step", "Post step"}},
		{"output of a stack of a later wave", func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			a := newApplication(app, "Test", pipelineEnv)
			b := newApplication(app, "Prod", pipelineEnv)
			p.AddStage(a.stage, pipelines.AddStageOpts{Post: []pipelines.Step{pipelines.NewShellStep("Check", pipelines.ShellStepProps{
				EnvFromCfnOutputs: map[string]*cfn.Output{"URL": b.url}, Commands: []string{"echo $URL"},
			})}})
			p.AddStage(b.stage)
		}, []string{`step "Check"`, "Prod/Storage", "deploys after the step"}},
		{"output of a stack not deployed", func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			a := newApplication(app, "Test", pipelineEnv)
			other := constructs.NewStack(app, "Other", constructs.StackProps{})
			q := sqscfn.NewCfnQueue(other, "Q", sqscfn.CfnQueueProps{})
			out := cfn.NewOutput(other, "Arn", cfn.OutputProps{Value: q.AttrArn()})
			p.AddStage(a.stage, pipelines.AddStageOpts{Post: []pipelines.Step{pipelines.NewShellStep("Check", pipelines.ShellStepProps{
				EnvFromCfnOutputs: map[string]*cfn.Output{"ARN": out}, Commands: []string{"echo $ARN"},
			})}})
		}, []string{`step "Check"`, "stack Other", "does not deploy"}},
		{"synth step without commands", func(app *constructs.App) {
			src := pipelines.CodePipelineSourceConnection("forma-iac/app", "main", pipelines.ConnectionOptions{ConnectionARN: connection})
			newPipeline(app, pipelines.CodePipelineProps{Synth: pipelines.NewShellStep("Synth", pipelines.ShellStepProps{Input: src})})
		}, []string{"PipelineStack/Pipeline", `synth step "Synth" has no commands`, "DefaultSynthCommands"}},
		{"no synth step", func(app *constructs.App) {
			stack := constructs.NewStack(app, "PipelineStack", constructs.StackProps{Env: pipelineEnv})
			pipelines.NewCodePipeline(stack, "Pipeline", pipelines.CodePipelineProps{})
		}, []string{"PipelineStack/Pipeline", "Synth is required"}},
		{"pipeline stack inside its own stage", func(app *constructs.App) {
			a := newApplication(app, "Test", pipelineEnv)
			stack := constructs.NewStack(a.stage, "PipelineStack", constructs.StackProps{})
			p := pipelines.NewCodePipeline(stack, "Pipeline", pipelines.CodePipelineProps{Synth: pipelines.GoSynth(
				pipelines.CodePipelineSourceConnection("forma-iac/app", "main", pipelines.ConnectionOptions{ConnectionARN: connection}))})
			p.AddStage(a.stage)
		}, []string{"Test/PipelineStack/Pipeline", "the pipeline's own stack Test/PipelineStack is inside stage Test", "outside the stages it deploys"}},
		{"another account without cross-account keys", func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			p.AddStage(newApplication(app, "Prod", prodEnv).stage)
		}, []string{"stack Prod/Storage deploys to account 222222222222", "set CrossAccountKeys"}},
		{"connection without ARN", func(app *constructs.App) {
			newPipeline(app, pipelines.CodePipelineProps{Synth: pipelines.GoSynth(pipelines.CodePipelineSourceConnection("forma-iac/app", "main", pipelines.ConnectionOptions{}))})
		}, []string{"ConnectionARN is required"}},
		{"nil CodeCommit repository", func(app *constructs.App) {
			newPipeline(app, pipelines.CodePipelineProps{Synth: pipelines.GoSynth(pipelines.CodePipelineSourceCodeCommit(nil, "main", pipelines.CodeCommitOptions{}))})
		}, []string{"CodePipelineSourceCodeCommit: the repository is nil"}},
		{"nil S3 bucket", func(app *constructs.App) {
			newPipeline(app, pipelines.CodePipelineProps{Synth: pipelines.GoSynth(pipelines.CodePipelineSourceS3(nil, "app.zip", pipelines.S3SourceOptions{}))})
		}, []string{"CodePipelineSourceS3: the bucket is nil"}},
		{"stage without stacks", func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			p.AddStage(constructs.NewStage(app, "Empty", constructs.StageProps{}))
		}, []string{"stage Empty holds no stack"}},
		{"wave added twice", func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			p.AddWave("W").AddStage(newApplication(app, "A", pipelineEnv).stage, pipelines.AddStageOpts{})
			p.AddWave("W").AddStage(newApplication(app, "B", pipelineEnv).stage, pipelines.AddStageOpts{})
		}, []string{`wave "W" is added twice`}},
		{"bad repository", func(app *constructs.App) {
			newPipeline(app, pipelines.CodePipelineProps{Synth: pipelines.GoSynth(pipelines.CodePipelineSourceConnection("app", "main", pipelines.ConnectionOptions{ConnectionARN: connection}))})
		}, []string{"'owner/repo'", "got 'app'"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
			c.build(app)
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestNilAndRepeatedSteps: a nil step is an error; a step listed twice
// runs once.
func TestNilAndRepeatedSteps(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	p := newPipeline(app, pipelines.CodePipelineProps{})
	p.AddStage(newApplication(app, "Test", pipelineEnv).stage, pipelines.AddStageOpts{Pre: []pipelines.Step{nil}})
	if _, err := synth.Synthesize(app); err == nil || !strings.Contains(err.Error(), "the Pre steps of stage Test: step 1 is nil") {
		t.Errorf("a nil step: %v", err)
	}

	app = constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	p = newPipeline(app, pipelines.CodePipelineProps{})
	approve := pipelines.NewManualApprovalStep("Approve", pipelines.ManualApprovalStepProps{})
	p.AddStage(newApplication(app, "Test", pipelineEnv).stage, pipelines.AddStageOpts{Pre: []pipelines.Step{approve, approve}})
	templates(t, app)
	last := p.Pipeline.Stages()[3]
	if n := len(last.Actions()); n != 5 {
		t.Errorf("stage Test has %d actions, want 5 (the approval once, two stacks)", n)
	}
}

// TestAssetsChunked: more than 50 asset actions spill into further Assets
// stages, as the AWS CDK spills them (a stage holds 50 actions).
func TestAssetsChunked(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	p := newPipeline(app, pipelines.CodePipelineProps{})
	stage := constructs.NewStage(app, "Test", constructs.StageProps{Env: pipelineEnv})
	stack := constructs.NewStack(stage, "Code", constructs.StackProps{})
	for i := range 60 {
		assets.AddFileAsset(stack, assets.FileAsset{SourceHash: fmt.Sprintf("%064d", i), Path: "x.txt", Packaging: assets.PackagingFile})
	}
	p.AddStage(stage)
	p.BuildPipeline()
	var names []string
	count := map[string]int{}
	for _, s := range p.Pipeline.Stages() {
		names = append(names, s.StageName())
		count[s.StageName()] = len(s.Actions())
	}
	if want := []string{"Source", "Build", "UpdatePipeline", "Assets.1", "Assets.2", "Test"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("stages %v, want %v", names, want)
	}
	if count["Assets.1"] != 50 || count["Assets.2"] != 10 {
		t.Errorf("asset actions per stage: %v", count)
	}
	plan, err := p.PipelinePlan()
	if err != nil || !plan.PublishAssets {
		t.Errorf("plan: %v, PublishAssets %v", err, plan != nil && plan.PublishAssets)
	}
}

// BenchmarkSynthesize builds and synthesizes the representative pipeline.
func BenchmarkSynthesize(b *testing.B) {
	for b.Loop() {
		app, _ := representative()
		if _, err := synth.Synthesize(app); err != nil {
			b.Fatal(err)
		}
	}
}
