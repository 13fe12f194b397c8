package badinput

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/pipelines"
)

// Pipelines (package pipelines): a stage added twice, a stack without an
// account in a cross-account pipeline, a step reading an output of a stack
// deployed after it, a synth step without commands, a pipeline's stack in
// one of its own stages.

var pipelineEnv = constructs.Environment{Account: "111111111111", Region: "us-east-1"}

func pipelineSource() *pipelines.CodePipelineSource {
	return pipelines.CodePipelineSourceConnection("forma-iac/app", "main", pipelines.ConnectionOptions{ConnectionARN: "arn:aws:codeconnections:us-east-1:111111111111:connection/abc"})
}

func newPipeline(scope constructs.Construct, props pipelines.CodePipelineProps) *pipelines.CodePipeline {
	s := constructs.NewStack(scope, "Delivery", constructs.StackProps{Env: pipelineEnv})
	if props.Synth == nil {
		props.Synth = pipelines.GoSynth(pipelineSource())
	}
	return pipelines.NewCodePipeline(s, "Pipeline", props)
}

// appStage is a stage with a stack exporting an output.
func appStage(app *constructs.App, id string, env constructs.Environment) (*constructs.Stage, *cfn.Output) {
	st := constructs.NewStage(app, id, constructs.StageProps{Env: env})
	s := constructs.NewStack(st, "Web", constructs.StackProps{})
	q := queue(s, "Queue")
	return st, cfn.NewOutput(s, "URL", cfn.OutputProps{Value: q.AttrQueueUrl()})
}

func init() {
	add(
		Case{Name: "pipeline-stage-added-twice", Build: func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			st, _ := appStage(app, "Test", pipelineEnv)
			p.AddStage(st)
			p.AddStage(st)
		}},
		Case{Name: "pipeline-cross-account-stage-without-account", Build: func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{CrossAccountKeys: true})
			st, _ := appStage(app, "Prod", constructs.Environment{Region: "eu-west-1"})
			p.AddStage(st)
		}},
		Case{Name: "pipeline-step-reads-later-output", Build: func(app *constructs.App) {
			p := newPipeline(app, pipelines.CodePipelineProps{})
			test, _ := appStage(app, "Test", pipelineEnv)
			prod, url := appStage(app, "Prod", pipelineEnv)
			p.AddStage(test, pipelines.AddStageOpts{Post: []pipelines.Step{pipelines.NewShellStep("Smoke", pipelines.ShellStepProps{
				EnvFromCfnOutputs: map[string]*cfn.Output{"URL": url}, Commands: []string{"curl -f $URL"},
			})}})
			p.AddStage(prod)
		}},
		Case{Name: "pipeline-synth-without-commands", Build: func(app *constructs.App) {
			newPipeline(app, pipelines.CodePipelineProps{Synth: pipelines.NewShellStep("Synth", pipelines.ShellStepProps{Input: pipelineSource()})})
		}},
		Case{Name: "pipeline-stack-in-own-stage", Build: func(app *constructs.App) {
			st, _ := appStage(app, "Test", pipelineEnv)
			p := newPipeline(st, pipelines.CodePipelineProps{})
			p.AddStage(st)
		}},
	)
}
