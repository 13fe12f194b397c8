package codepipelineactions_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/synth"
)

type named string

func (s named) ServiceName() string { return string(s) }

// pipeline builds a pipeline with an S3 source producing src and a second
// stage holding the actions made by mk.
func pipeline(props codepipeline.PipelineProps, mk func(stack *constructs.Stack, src *codepipeline.Artifact) []codepipeline.IAction) error {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Release", constructs.StackProps{})
	src := codepipeline.NewArtifact("Src")
	p := codepipeline.NewPipeline(stack, "Pipeline", props)
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: s3.BucketFromBucketName(stack, "B", "b"), BucketKey: "a.zip", Output: src}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Next", Actions: mk(stack, src)})
	_, err := synth.Synthesize(app)
	return err
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		props codepipeline.PipelineProps
		mk    func(stack *constructs.Stack, src *codepipeline.Artifact) []codepipeline.IAction
		want  string
	}{
		{"ECS deploy with both input forms", codepipeline.PipelineProps{}, func(_ *constructs.Stack, src *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewECSDeployAction(actions.ECSDeployActionProps{Common: actions.Common{ActionName: "Ecs"}, Service: named("web"), ClusterName: "main", Input: src, ImageFile: new(src.AtPath("x.json"))})}
		}, `Release/Pipeline: action "Ecs": set exactly one of Input and ImageFile`},
		{"Commands on V1", codepipeline.PipelineProps{}, func(_ *constructs.Stack, src *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewCommandsAction(actions.CommandsActionProps{Common: actions.Common{ActionName: "Run"}, Input: src, Commands: []string{"make"}})}
		}, `Release/Pipeline: action "Run": the Commands action runs in V2 pipelines only`},
		{"Commands without commands", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2}, func(_ *constructs.Stack, src *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewCommandsAction(actions.CommandsActionProps{Common: actions.Common{ActionName: "Run"}, Input: src})}
		}, `Release/Pipeline: action "Run": Commands must hold 1 to 50 commands, got 0`},
		{"CodeDeploy ECS without templates", codepipeline.PipelineProps{}, func(_ *constructs.Stack, src *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewCodeDeployECSDeployAction(actions.CodeDeployECSDeployActionProps{Common: actions.Common{ActionName: "Bg"}})}
		}, `Release/Pipeline: action "Bg": set exactly one of TaskDefinitionTemplateFile and TaskDefinitionTemplateInput`},
		{"CloudFormation without a template", codepipeline.PipelineProps{}, func(_ *constructs.Stack, src *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewCloudFormationCreateUpdateStackAction(actions.CloudFormationCreateUpdateStackActionProps{
				CloudFormationDeployProps: actions.CloudFormationDeployProps{Common: actions.Common{ActionName: "Stack"}, StackName: "app"}})}
		}, `Release/Pipeline: action "Stack": TemplatePath is required`},
		{"approval timeout too short", codepipeline.PipelineProps{}, func(_ *constructs.Stack, _ *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Ok"}, Timeout: 60e9})}
		}, `Release/Pipeline: action "Ok": Timeout must be between 5 minutes and 60 days`},
		{"CodeBuild without project", codepipeline.PipelineProps{}, func(_ *constructs.Stack, src *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewCodeBuildAction(actions.CodeBuildActionProps{Common: actions.Common{ActionName: "Build"}, Input: src})}
		}, `Release/Pipeline: action "Build": CodeBuildActionProps.Project and Input are required`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := pipeline(tc.props, tc.mk)
			if err == nil {
				t.Fatal("synthesis succeeded; want an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error does not contain %q:\n%v", tc.want, err)
			}
		})
	}
}
