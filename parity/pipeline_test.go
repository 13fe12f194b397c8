package parity

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sns"
)

// CodePipeline: pipelines V1 and V2, the artifact bucket and key, action
// roles, sources, approvals, triggers and conditions (oracle/pipeline.js).

const (
	flagPipelineV2 = "@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2"
	flagNoKeys     = "@aws-cdk/aws-codepipeline:crossAccountKeysDefaultValueToFalse"
)

// importedCodeCommit stands for codecommit.Repository.fromRepositoryName.
type importedCodeCommit struct {
	constructs.Base
	name string
}

func codeCommitFromName(scope constructs.Construct, id, name string) *importedCodeCommit {
	r := &importedCodeCommit{name: name}
	r.Base = constructs.NewBase(r, scope, id)
	return r
}

func (r *importedCodeCommit) RepositoryName() string { return r.name }
func (r *importedCodeCommit) RepositoryARN() string {
	s := constructs.StackOf(r)
	return "arn:" + s.Partition() + ":codecommit:" + s.Region() + ":" + s.Account() + ":" + r.name
}

func releaseStack(app *constructs.App) *constructs.Stack {
	return constructs.NewStack(app, "Release", constructs.StackProps{})
}

func pipelineS3Approval(app *constructs.App) {
	stack := releaseStack(app)
	bucket := s3.NewBucket(stack, "Source", s3.BucketProps{Versioned: true})
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "S3"}, Bucket: bucket, BucketKey: "app.zip", Output: codepipeline.NewArtifact(""), Trigger: actions.TriggerEvents}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Approve"}, AdditionalInformation: "ship it?", ExternalEntityLink: "https://example.com"}),
	}})
}

func pipelineCodeCommitECR(app *constructs.App) {
	stack := releaseStack(app)
	repo := codeCommitFromName(stack, "Repo", "app")
	images := ecr.NewRepository(stack, "Images", ecr.RepositoryProps{})
	bucket := s3.BucketFromBucketName(stack, "Drop", "drop-bucket")
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{PipelineName: "release", RestartExecutionOnUpdate: true})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewCodeCommitSourceAction(actions.CodeCommitSourceActionProps{Common: actions.Common{ActionName: "Code"}, Repository: repo, Output: codepipeline.NewArtifact("Code")}),
		actions.NewCodeCommitSourceAction(actions.CodeCommitSourceActionProps{Common: actions.Common{ActionName: "Dev"}, Repository: repo, Branch: "dev", Output: codepipeline.NewArtifact(""), CodeBuildCloneOutput: true}),
		actions.NewECRSourceAction(actions.ECRSourceActionProps{Common: actions.Common{ActionName: "Image"}, Repository: images, ImageTag: "release", Output: codepipeline.NewArtifact("Image")}),
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Drop"}, Bucket: bucket, BucketKey: "drop.zip", Output: codepipeline.NewArtifact(""), Trigger: actions.TriggerPoll}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", TransitionDisabled: true, Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Approve", RunOrder: 2}, NotificationTopic: sns.NewTopic(stack, "Approvals", sns.TopicProps{})}),
	}})
	events.NewRule(stack, "Nightly", events.RuleProps{
		Schedule: new(events.ScheduleCron(events.CronOptions{Hour: "2", Minute: "0"})),
		Targets:  []events.IRuleTarget{codepipeline.EventTarget{Pipeline: p}},
	})
}

func pipelineV2Flags(app *constructs.App) {
	stack := releaseStack(app)
	gh := actions.NewCodeStarConnectionsSourceAction(actions.CodeStarConnectionsSourceActionProps{
		Common:        actions.Common{ActionName: "GitHub", VariablesNamespace: "SourceVars"},
		ConnectionARN: "arn:aws:codeconnections:eu-west-1:123456789012:connection/abc",
		Owner:         "forma-iac", Repo: "forma", Branch: "main", Output: codepipeline.NewArtifact(""), TriggerOnPush: new(false),
	})
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{
		ExecutionMode: codepipeline.ExecutionQueued,
		Variables:     []codepipeline.Variable{{Name: "env", DefaultValue: "prod", Description: "target"}},
		Triggers: []codepipeline.Trigger{{
			SourceAction: gh,
			PushFilter: []codepipeline.GitPushFilter{
				{BranchesIncludes: []string{"main", "release/*"}, FilePathsExcludes: []string{"docs/**"}},
				{TagsIncludes: []string{"v*"}},
			},
			PullRequestFilter: []codepipeline.GitPullRequestFilter{{BranchesIncludes: []string{"main"}, Events: []codepipeline.GitPullRequestEvent{codepipeline.PullRequestOpen}}},
		}},
	})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{gh}})
	p.AddStage(codepipeline.StageProps{
		StageName: "Approve",
		Actions:   []codepipeline.IAction{actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Approve"}})},
		BeforeEntry: &codepipeline.Conditions{Conditions: []codepipeline.Condition{{Result: codepipeline.ResultFail, Rules: []codepipeline.Rule{
			{Name: "Alarm", Provider: "CloudWatchAlarm", Version: "1", Configuration: map[string]any{"AlarmName": "errors", "WaitTime": "1"}},
		}}}},
		OnSuccess: &codepipeline.Conditions{Conditions: []codepipeline.Condition{{Result: codepipeline.ResultFail, Rules: []codepipeline.Rule{
			{Name: "Window", Provider: "DeploymentWindow", Version: "1", Configuration: map[string]any{"Cron": "0 9 ? * MON-FRI *"}},
		}}}},
		OnFailure: &codepipeline.FailureConditions{Result: codepipeline.ResultRollback},
	})
}

func pipelineV2Rotation(app *constructs.App) {
	stack := releaseStack(app)
	bucket := s3.NewBucket(stack, "Source", s3.BucketProps{Versioned: true})
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2, ExecutionMode: codepipeline.ExecutionParallel, EnableKeyRotation: true})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "S3"}, Bucket: bucket, BucketKey: "app.zip", Output: codepipeline.NewArtifact("")}),
	}})
	p.AddStage(codepipeline.StageProps{
		StageName: "Approve",
		Actions:   []codepipeline.IAction{actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Approve"}})},
		OnFailure: &codepipeline.FailureConditions{Result: codepipeline.ResultRetry, RetryMode: codepipeline.RetryFailedActions},
	})
}

func init() {
	register(
		Case{Name: "pipeline-s3-approval", Build: pipelineS3Approval},
		Case{Name: "pipeline-codecommit-ecr", Build: pipelineCodeCommitECR},
		Case{Name: "pipeline-v2-flags", Context: map[string]any{flagPipelineV2: true, flagNoKeys: true}, Build: pipelineV2Flags},
		Case{Name: "pipeline-v2-rotation", Context: map[string]any{"@aws-cdk/pipelines:reduceStageRoleTrustScope": false}, Build: pipelineV2Rotation},
	)
}
