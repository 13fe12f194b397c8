package parity

import (
	"strings"
	"time"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
	"github.com/forma-iac/forma/pipelines"
)

// CDK Pipelines: a self-updating pipeline that synthesizes the app,
// updates itself and deploys stages of stacks through the bootstrap roles
// (oracle/pipelines.js). The synth and self-mutation projects run forma
// where the AWS CDK runs cdk: their buildspecs (and the configuration hash
// of their actions) are masked.

const pipelineConnection = "arn:aws:codeconnections:us-east-1:111111111111:connection/abc"

var pipelineEnv = constructs.Environment{Account: "111111111111", Region: "us-east-1"}

// pipelineMasked are the CodeBuild projects whose commands are forma's.
var pipelineMasked = []string{"PipelineBuildSynthCdkBuildProject6BEFA8E6", "PipelineUpdatePipelineSelfMutationDAA41400"}

type appStageResult struct {
	stage            *constructs.Stage
	storage, service *constructs.Stack
	out              *cfn.Output
}

// pipelineAppStage is the application: a Storage stack with a queue and
// an output, and a Service stack that reads the queue's URL.
func pipelineAppStage(app *constructs.App, id string, env constructs.Environment) appStageResult {
	stage := constructs.NewStage(app, id, constructs.StageProps{Env: env})
	storage := constructs.NewStack(stage, "Storage", constructs.StackProps{})
	queue := sqscfn.NewCfnQueue(storage, "Queue", sqscfn.CfnQueueProps{})
	out := cfn.NewOutput(storage, "QueueURL", cfn.OutputProps{Value: queue.AttrQueueUrl()})
	service := constructs.NewStack(stage, "Service", constructs.StackProps{})
	ssmcfn.NewCfnParameter(service, "Param", ssmcfn.CfnParameterProps{Type: "String", Value: queue.AttrQueueUrl()})
	return appStageResult{stage: stage, storage: storage, service: service, out: out}
}

func pipelineStack(app *constructs.App, props pipelines.CodePipelineProps) *pipelines.CodePipeline {
	stack := constructs.NewStack(app, "PipelineStack", constructs.StackProps{Env: pipelineEnv})
	source := pipelines.CodePipelineSourceConnection("forma-iac/app", "main", pipelines.ConnectionOptions{ConnectionARN: pipelineConnection})
	props.Synth = pipelines.NewShellStep("Synth", pipelines.ShellStepProps{Input: source, Commands: []string{"npm ci", "npx cdk synth"}})
	return pipelines.NewCodePipeline(stack, "Pipeline", props)
}

// pipelineAssetStage is a stage whose stack has two file assets and an
// image asset.
func pipelineAssetStage(app *constructs.App, id string) *constructs.Stage {
	stage := constructs.NewStage(app, id, constructs.StageProps{Env: pipelineEnv})
	stack := constructs.NewStack(stage, "Code", constructs.StackProps{})
	a := assets.AddFileAsset(stack, assets.FileAsset{SourceHash: strings.Repeat("a", 64), Path: "testdata/pipelines/a.txt", Packaging: assets.PackagingFile})
	b := assets.AddFileAsset(stack, assets.FileAsset{SourceHash: strings.Repeat("b", 64), Path: "testdata/pipelines/b.txt", Packaging: assets.PackagingFile})
	assets.AddDockerImageAsset(stack, assets.DockerImageAsset{SourceHash: strings.Repeat("c", 64), Directory: "testdata/pipelines/image"})
	ssmcfn.NewCfnParameter(stack, "Param", ssmcfn.CfnParameterProps{Type: "String", Value: cfn.Join(",", []string{a.ObjectKey, b.ObjectKey})})
	return stage
}

// pipelineAssetsMasked adds the asset publishing projects to the masked.
func pipelineAssetsMasked(projects ...string) []string {
	return append(append([]string(nil), pipelineMasked...), projects...)
}

// pipelineL2CrossRegion is the codepipeline L2 a CDK pipeline builds on: a
// CloudFormation action in another region with the roles the pipeline
// generates.
func pipelineL2CrossRegion(keys bool) func(app *constructs.App) {
	return func(app *constructs.App) {
		stack := constructs.NewStack(app, "Release", constructs.StackProps{Env: pipelineEnv})
		bucket := s3.NewBucket(stack, "Source", s3.BucketProps{Versioned: true})
		src := codepipeline.NewArtifact("Src")
		p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{CrossAccountKeys: new(keys)})
		p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
			actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "S3"}, Bucket: bucket, BucketKey: "app.zip", Output: src}),
		}})
		p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
			actions.NewCloudFormationCreateUpdateStackAction(actions.CloudFormationCreateUpdateStackActionProps{
				CloudFormationDeployProps: actions.CloudFormationDeployProps{Common: actions.Common{ActionName: "Deploy"}, StackName: "app", AdminPermissions: true, Region: "eu-west-1"},
				TemplatePath:              src.AtPath("template.json"),
			}),
		}})
	}
}

func init() {
	register(
		Case{Name: "pipelines-synth", Mask: pipelineMasked, Build: func(app *constructs.App) {
			pipelineStack(app, pipelines.CodePipelineProps{})
		}},
		Case{Name: "pipelines-stage", Mask: pipelineMasked, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{})
			p.AddStage(pipelineAppStage(app, "Test", pipelineEnv).stage)
		}},
		Case{Name: "pipelines-wave", Mask: pipelineMasked, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{})
			w := p.AddWave("Regions")
			w.AddStage(pipelineAppStage(app, "East", pipelineEnv).stage, pipelines.AddStageOpts{})
			w.AddStage(pipelineAppStage(app, "West", pipelineEnv).stage, pipelines.AddStageOpts{})
		}},
		Case{Name: "pipelines-steps", Mask: pipelineMasked, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{})
			a := pipelineAppStage(app, "Test", pipelineEnv)
			p.AddStage(a.stage, pipelines.AddStageOpts{
				Pre: []pipelines.Step{pipelines.NewManualApprovalStep("Approve", pipelines.ManualApprovalStepProps{Comment: "ship it?"})},
				Post: []pipelines.Step{pipelines.NewShellStep("Smoke", pipelines.ShellStepProps{
					EnvFromCfnOutputs: map[string]*cfn.Output{"QUEUE_URL": a.out},
					Commands:          []string{"echo $QUEUE_URL"},
				})},
			})
		}},
		Case{Name: "pipelines-cross-account", Mask: pipelineMasked, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{CrossAccountKeys: true})
			p.AddStage(pipelineAppStage(app, "Prod", constructs.Environment{Account: "222222222222", Region: "eu-west-1"}).stage)
		}},
		Case{Name: "pipelines-assets", Mask: pipelineAssetsMasked("PipelineAssetsDockerAsset1D66D1104", "PipelineAssetsFileAsset185A67CB4", "PipelineAssetsFileAsset24D2D639B"), Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{})
			p.AddStage(pipelineAssetStage(app, "Test"))
		}},
		Case{Name: "pipelines-assets-grouped", Mask: pipelineAssetsMasked("PipelineAssetsDockerAssetA7499A24", "PipelineAssetsFileAsset5D8C5DA6"), Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{PublishAssetsInParallel: new(false)})
			p.AddStage(pipelineAssetStage(app, "Test"))
		}},
		Case{Name: "pipelines-codecommit-steps", Mask: pipelineMasked, Build: func(app *constructs.App) {
			stack := constructs.NewStack(app, "PipelineStack", constructs.StackProps{Env: pipelineEnv})
			repo := codecommit.RepositoryFromRepositoryName(stack, "Repo", "infra")
			source := pipelines.CodePipelineSourceCodeCommit(repo, "main", pipelines.CodeCommitOptions{})
			synth := pipelines.NewCodeBuildStep("Synth", pipelines.CodeBuildStepProps{
				ShellStepProps: pipelines.ShellStepProps{
					Input: source, InstallCommands: []string{"go version"}, Commands: []string{"go run . synth -q -o out"},
					PrimaryOutputDirectory: "out",
				},
				BuildEnvironment: codebuild.BuildEnvironment{ComputeType: codebuild.ComputeMedium},
			})
			p := pipelines.NewCodePipeline(stack, "Pipeline", pipelines.CodePipelineProps{Synth: synth, PipelineName: "infra"})
			a := pipelineAppStage(app, "Test", pipelineEnv)
			w := p.AddWave("Rollout", pipelines.WaveOptions{
				Pre:  []pipelines.Step{pipelines.NewManualApprovalStep("Start", pipelines.ManualApprovalStepProps{})},
				Post: []pipelines.Step{pipelines.NewShellStep("Report", pipelines.ShellStepProps{Commands: []string{"echo done"}, Env: map[string]string{"LEVEL": "info"}})},
			})
			w.AddStage(a.stage, pipelines.AddStageOpts{StackSteps: []pipelines.StackSteps{{
				Stack: a.service,
				Pre: []pipelines.Step{pipelines.NewShellStep("Lint", pipelines.ShellStepProps{
					Input: synth, AdditionalInputs: map[string]pipelines.IFileSetProducer{"src": source}, Commands: []string{"ls src"},
				})},
				Post: []pipelines.Step{pipelines.NewCodeBuildStep("Probe", pipelines.CodeBuildStepProps{
					ShellStepProps: pipelines.ShellStepProps{EnvFromCfnOutputs: map[string]*cfn.Output{"URL": a.out}, Commands: []string{"echo $URL"}},
					Timeout:        10 * time.Minute,
				})},
			}}})
		}},
		Case{Name: "pipelines-s3-direct", Mask: pipelineMasked, Build: func(app *constructs.App) {
			stack := constructs.NewStack(app, "PipelineStack", constructs.StackProps{Env: pipelineEnv})
			bucket := s3.NewBucket(stack, "Sources", s3.BucketProps{Versioned: true})
			source := pipelines.CodePipelineSourceS3(bucket, "app.zip", pipelines.S3SourceOptions{})
			p := pipelines.NewCodePipeline(stack, "Pipeline", pipelines.CodePipelineProps{
				Synth:         pipelines.NewShellStep("Synth", pipelines.ShellStepProps{Input: source, Commands: []string{"make synth"}}),
				UseChangeSets: new(false), SelfMutation: new(false),
			})
			p.AddStage(pipelineAppStage(app, "Test", pipelineEnv).stage)
		}},
		Case{Name: "pipelines-other-account", Mask: pipelineMasked, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{CrossAccountKeys: true})
			p.AddStage(pipelineAppStage(app, "Prod", constructs.Environment{Account: "222222222222", Region: "us-east-1"}).stage)
		}},
		Case{Name: "pipelines-other-region", Mask: pipelineMasked, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{})
			p.AddStage(pipelineAppStage(app, "West", constructs.Environment{Account: "111111111111", Region: "us-west-2"}).stage)
		}},
		Case{Name: "pipelines-agnostic", Mask: pipelineMasked, Build: func(app *constructs.App) {
			stack := constructs.NewStack(app, "PipelineStack", constructs.StackProps{})
			source := pipelines.CodePipelineSourceConnection("forma-iac/app", "main", pipelines.ConnectionOptions{ConnectionARN: pipelineConnection})
			p := pipelines.NewCodePipeline(stack, "Pipeline", pipelines.CodePipelineProps{
				Synth: pipelines.NewShellStep("Synth", pipelines.ShellStepProps{Input: source, Commands: []string{"make synth"}}),
			})
			p.AddStage(pipelineAppStage(app, "Test", constructs.Environment{}).stage)
		}},
		Case{Name: "pipelines-l2-cross-region", Build: pipelineL2CrossRegion(true)},
		Case{Name: "pipelines-l2-cross-region-nokeys", Build: pipelineL2CrossRegion(false)},
		Case{Name: "pipelines-v2-ties", Mask: pipelineMasked, Context: map[string]any{codepipeline.FlagDefaultPipelineTypeToV2: true}, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{})
			stage := constructs.NewStage(app, "Test", constructs.StageProps{Env: pipelineEnv})
			b := constructs.NewStack(stage, "Beta", constructs.StackProps{})
			qb := sqscfn.NewCfnQueue(b, "Queue", sqscfn.CfnQueueProps{})
			a := constructs.NewStack(stage, "Alpha", constructs.StackProps{})
			qa := sqscfn.NewCfnQueue(a, "Queue", sqscfn.CfnQueueProps{})
			c := constructs.NewStack(stage, "Gamma", constructs.StackProps{})
			ssmcfn.NewCfnParameter(c, "Param", ssmcfn.CfnParameterProps{Type: "String", Value: cfn.Join(",", []string{qa.AttrArn(), qb.AttrArn()})})
			d := constructs.NewStack(stage, "Delta", constructs.StackProps{})
			sqscfn.NewCfnQueue(d, "Queue", sqscfn.CfnQueueProps{})
			d.AddDependency(c)
			p.AddStage(stage)
		}},
		Case{Name: "pipelines-codebuild-defaults", Mask: pipelineMasked, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{
				DockerEnabledForSynth: true, DockerEnabledForSelfMutation: true,
				CodeBuildDefaults: pipelines.CodeBuildOptions{
					BuildEnvironment: codebuild.BuildEnvironment{ComputeType: codebuild.ComputeLarge, EnvironmentVariables: []codebuild.EnvironmentVariable{{Name: "STAGE", Value: "ci"}}},
					Timeout:          30 * time.Minute,
				},
				SynthCodeBuildDefaults: pipelines.CodeBuildOptions{
					RolePolicy: []*iam.PolicyStatement{iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"ssm:GetParameter"}, Resources: []string{"*"}})},
				},
			})
			p.AddStage(pipelineAppStage(app, "Test", pipelineEnv).stage, pipelines.AddStageOpts{
				Post: []pipelines.Step{pipelines.NewShellStep("Check", pipelines.ShellStepProps{Commands: []string{"true"}})},
			})
		}},
		Case{Name: "pipelines-no-selfmutation", Mask: pipelineMasked, Build: func(app *constructs.App) {
			p := pipelineStack(app, pipelines.CodePipelineProps{SelfMutation: new(false)})
			p.AddStage(pipelineAppStage(app, "Test", pipelineEnv).stage)
		}},
	)
}
