package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/codedeploy"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	csn "github.com/forma-iac/forma/constructs/codestarnotifications"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/lambda"
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

// importedProject stands for codebuild.Project.fromProjectName: no role.
type importedProject struct {
	constructs.Base
	name string
}

func (p *importedProject) ProjectName() string { return p.name }
func (p *importedProject) ProjectARN() string {
	s := constructs.StackOf(p)
	return "arn:" + s.Partition() + ":codebuild:" + s.Region() + ":" + s.Account() + ":project/" + p.name
}
func (p *importedProject) GrantPrincipal() iam.IPrincipal {
	return iam.NewServicePrincipal("codebuild.amazonaws.com")
}
func (p *importedProject) Role() iam.IRole { return nil }

// importedGroup stands for the codedeploy deployment groups imported by
// application and group name, with the default config of their platform.
type importedGroup struct {
	constructs.Base
	app, group, config string
}

func (g *importedGroup) arn(res string) string {
	s := constructs.StackOf(g)
	return "arn:" + s.Partition() + ":codedeploy:" + s.Region() + ":" + s.Account() + ":" + res
}
func (g *importedGroup) Application() codedeploy.IApplication { return importedApp{g} }
func (g *importedGroup) DeploymentGroupName() string          { return g.group }
func (g *importedGroup) DeploymentGroupARN() string {
	return g.arn("deploymentgroup:" + g.app + "/" + g.group)
}
func (g *importedGroup) DeploymentConfigARN() string { return g.arn("deploymentconfig:" + g.config) }

type importedApp struct{ g *importedGroup }

func (a importedApp) ApplicationName() string { return a.g.app }
func (a importedApp) ApplicationARN() string  { return a.g.arn("application:" + a.g.app) }

type namedService string

func (s namedService) ServiceName() string { return string(s) }

func pipelineDeployActions(app *constructs.App) {
	stack := releaseStack(app)
	source := s3.NewBucket(stack, "Source", s3.BucketProps{Versioned: true})
	images := ecr.NewRepository(stack, "Images", ecr.RepositoryProps{})
	project := &importedProject{name: "app-build"}
	project.Base = constructs.NewBase(project, stack, "Build")
	src, img, built, tpl := codepipeline.NewArtifact("Src"), codepipeline.NewArtifact("Img"), codepipeline.NewArtifact(""), codepipeline.NewArtifact("Tpl")
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: source, BucketKey: "src.zip", Output: src}),
		actions.NewECRSourceAction(actions.ECRSourceActionProps{Common: actions.Common{ActionName: "Img"}, Repository: images, Output: img}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Build", Actions: []codepipeline.IAction{
		actions.NewCodeBuildAction(actions.CodeBuildActionProps{Common: actions.Common{ActionName: "Build"}, Project: project, Input: src, ExtraInputs: []*codepipeline.Artifact{img}, Outputs: []*codepipeline.Artifact{built},
			EnvironmentVariables: []actions.BuildEnvironmentVariable{{Name: "STAGE", Value: "prod"}}}),
		actions.NewCodeBuildAction(actions.CodeBuildActionProps{Common: actions.Common{ActionName: "Test", RunOrder: 2}, Project: project, Input: built, Type: actions.CodeBuildTest, ExecuteBatchBuild: true, CombineBatchBuildArtifacts: true}),
		actions.NewCommandsAction(actions.CommandsActionProps{Common: actions.Common{ActionName: "Package", VariablesNamespace: "pkg"}, Input: src, Output: tpl,
			Commands: []string{"sam package --output-template-file packaged.yaml"}, OutputVariables: []string{"VERSION"}}),
	}})
	fn := lambda.NewFunction(stack, "Check", lambda.FunctionProps{Runtime: lambda.NodeJS22X, Handler: "index.handler", Code: lambda.CodeFromInline("exports.handler = async () => {}")})
	site := s3.NewBucket(stack, "Site", s3.BucketProps{})
	servers := &importedGroup{app: "web", group: "web-fleet", config: "CodeDeployDefault.OneAtATime"}
	servers.Base = constructs.NewBase(servers, stack, "Servers")
	blue := &importedGroup{app: "svc", group: "svc-bg", config: "CodeDeployDefault.ECSAllAtOnce"}
	blue.Base = constructs.NewBase(blue, stack, "Blue")
	p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
		actions.NewCloudFormationCreateUpdateStackAction(actions.CloudFormationCreateUpdateStackActionProps{
			CloudFormationDeployProps: actions.CloudFormationDeployProps{Common: actions.Common{ActionName: "Stack"}, StackName: "app",
				Capabilities:       []actions.Capability{actions.CapabilityAutoExpand, actions.CapabilityNamedIAM},
				ParameterOverrides: map[string]any{"Bucket": site.BucketName()}},
			TemplatePath: tpl.AtPath("packaged.yaml"),
		}),
		actions.NewCloudFormationCreateReplaceChangeSetAction(actions.CloudFormationCreateReplaceChangeSetActionProps{
			CloudFormationDeployProps: actions.CloudFormationDeployProps{Common: actions.Common{ActionName: "Prepare"}, StackName: "api", AdminPermissions: true},
			ChangeSetName:             "next", TemplatePath: tpl.AtPath("api.yaml"),
		}),
		actions.NewCloudFormationExecuteChangeSetAction(actions.CloudFormationExecuteChangeSetActionProps{Common: actions.Common{ActionName: "Execute", RunOrder: 2}, StackName: "api", ChangeSetName: "next", OutputFileName: "out.json"}),
		actions.NewCloudFormationDeleteStackAction(actions.CloudFormationDeleteStackActionProps{CloudFormationDeployProps: actions.CloudFormationDeployProps{Common: actions.Common{ActionName: "Cleanup", RunOrder: 3}, StackName: "old"}}),
		actions.NewECSDeployAction(actions.ECSDeployActionProps{Common: actions.Common{ActionName: "Ecs"}, Service: namedService("web"), ClusterName: "main", ImageFile: new(built.AtPath("images.json")), DeploymentTimeout: 30 * time.Minute}),
		actions.NewCodeDeployServerDeployAction(actions.CodeDeployServerDeployActionProps{Common: actions.Common{ActionName: "Servers"}, DeploymentGroup: servers, Input: built}),
		actions.NewCodeDeployECSDeployAction(actions.CodeDeployECSDeployActionProps{Common: actions.Common{ActionName: "BlueGreen"}, DeploymentGroup: blue,
			TaskDefinitionTemplateInput: built, AppSpecTemplateInput: built, ContainerImageInputs: []actions.ContainerImageInput{{Input: img, TaskDefinitionPlaceholder: "IMAGE1_NAME"}}}),
		actions.NewLambdaInvokeAction(actions.LambdaInvokeActionProps{Common: actions.Common{ActionName: "Check"}, Lambda: fn, UserParameters: map[string]any{"url": "https://example.com"}, Inputs: []*codepipeline.Artifact{built}}),
		actions.NewS3DeployAction(actions.S3DeployActionProps{Common: actions.Common{ActionName: "Site"}, Bucket: site, Input: built, Extract: new(false), ObjectKey: "app.zip", AccessControl: "public-read", CacheControl: []string{"no-cache", "max-age=3600"}}),
		actions.NewElasticBeanstalkDeployAction(actions.ElasticBeanstalkDeployActionProps{Common: actions.Common{ActionName: "Beanstalk"}, ApplicationName: "app", EnvironmentName: "prod", Input: built}),
	}})
}

func init() {
	register(Case{Name: "pipeline-deploy-actions", Build: pipelineDeployActions})
}

func pipelineTriggers(app *constructs.App) {
	stack := releaseStack(app)
	images := ecr.NewRepository(stack, "Images", ecr.RepositoryProps{})
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewECRSourceAction(actions.ECRSourceActionProps{Common: actions.Common{ActionName: "Image"}, Repository: images, AnyTag: true, Output: codepipeline.NewArtifact("")}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Approve"}}),
	}})
	codepipeline.NewWebhook(stack, "Registry", codepipeline.WebhookProps{
		Pipeline: p, TargetAction: "Image", Authentication: codepipeline.WebhookIP, AllowedIPRange: "203.0.113.0/24",
		Filters: []codepipeline.WebhookFilter{{JSONPath: "$.push_data.tag", MatchEquals: "release"}, {JSONPath: "$.repository.repo_name"}},
	})
	retirement := codepipeline.FargatePlatformRetirementPattern()
	events.NewRule(stack, "Retirement", events.RuleProps{EventPattern: &retirement, Targets: []events.IRuleTarget{codepipeline.EventTarget{Pipeline: p}}})
	events.NewRule(stack, "Nightly", events.RuleProps{Schedule: new(events.ScheduleRate(24 * time.Hour)), Targets: []events.IRuleTarget{codepipeline.EventTarget{Pipeline: p}}})
	topic := sns.NewTopic(stack, "Alerts", sns.TopicProps{})
	p.NotifyOnExecutionStateChange("Executions", topic)
	p.NotifyOnAnyManualApprovalStateChange("Approvals", topic, csn.NotificationRuleOptions{NotificationRuleName: "approvals"})
	p.NotifyOn("Failures", topic, csn.NotifyOnOptions{Events: []string{codepipeline.ActionExecutionFailed, codepipeline.StageExecutionFailed}})
}

func init() { register(Case{Name: "pipeline-triggers", Build: pipelineTriggers}) }

func pipelineAliasBranchFlags(app *constructs.App) {
	stack := releaseStack(app)
	repo := codecommit.NewRepository(stack, "Repo", codecommit.RepositoryProps{RepositoryName: "app"})
	p := codepipeline.NewPipeline(stack, "MyReleasePipeline", codepipeline.PipelineProps{})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewCodeCommitSourceAction(actions.CodeCommitSourceActionProps{Common: actions.Common{ActionName: "Code"}, Repository: repo, Output: codepipeline.NewArtifact("")}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Approve"}, NotifyEmails: []string{"ops@example.com"}}),
	}})
}

func init() {
	register(Case{Name: "pipeline-alias-branch-flags", Context: map[string]any{
		codepipeline.FlagCrossAccountKeyAliasStackSafeResourceName: true,
		actions.FlagCodeCommitDefaultBranchMain:                    true,
	}, Build: pipelineAliasBranchFlags})
}

func pipelineGitHubECS(app *constructs.App) {
	stack := releaseStack(app)
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	task := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	task.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), PortMappings: []ecs.PortMapping{{ContainerPort: 80}}})
	service := ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{Cluster: cluster, TaskDefinition: task})
	project := codebuild.NewPipelineProject(stack, "Build", codebuild.PipelineProjectProps{})
	src, built := codepipeline.NewArtifact(""), codepipeline.NewArtifact("")
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{CrossAccountKeys: new(false)})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewGitHubSourceAction(actions.GitHubSourceActionProps{Common: actions.Common{ActionName: "GitHub"}, Owner: "forma-iac", Repo: "app",
			OAuthToken: actions.SecretsManagerSecretValue("github-token", ""), Output: src}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Build", Actions: []codepipeline.IAction{
		actions.NewCodeBuildAction(actions.CodeBuildActionProps{Common: actions.Common{ActionName: "Build"}, Project: project, Input: src, Outputs: []*codepipeline.Artifact{built}}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
		actions.NewECSDeployAction(actions.ECSDeployActionProps{Common: actions.Common{ActionName: "Web"}, Service: service, Input: built}),
	}})
}

func init() { register(Case{Name: "pipeline-github-ecs", Build: pipelineGitHubECS}) }

func pipelineOwnBucketRole(app *constructs.App) {
	stack := releaseStack(app)
	key := kms.NewKey(stack, "Key", kms.KeyProps{})
	bucket := s3.NewBucket(stack, "Artifacts", s3.BucketProps{EncryptionKey: key})
	role := iam.NewRole(stack, "PipelineRole", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codepipeline.amazonaws.com")})
	source := s3.NewBucket(stack, "Source", s3.BucketProps{Versioned: true})
	fn := lambda.NewFunction(stack, "Fn", lambda.FunctionProps{Runtime: lambda.Python313, Handler: "index.handler", Code: lambda.CodeFromInline("def handler(e, c): pass")})
	src := codepipeline.NewArtifact("Src")
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{ArtifactBucket: bucket, Role: role, UsePipelineRoleForActions: true, PipelineName: "own"})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: source, BucketKey: "a.zip", Output: src, Trigger: actions.TriggerNone}),
	}})
	deploy := p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
		actions.NewLambdaInvokeAction(actions.LambdaInvokeActionProps{Common: actions.Common{ActionName: "Invoke", VariablesNamespace: "fn"}, Lambda: fn,
			Inputs: []*codepipeline.Artifact{src}, Outputs: []*codepipeline.Artifact{codepipeline.NewArtifact("Out")}, UserParametersString: "hello"}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Approve", Placement: codepipeline.StagePlacement{RightBefore: deploy}, Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Ok"}, Timeout: 2 * time.Hour}),
	}})
}

func init() { register(Case{Name: "pipeline-own-bucket-role", Build: pipelineOwnBucketRole}) }

func pipelineImportedStageEvents(app *constructs.App) {
	stack := releaseStack(app)
	other := codepipeline.PipelineFromPipelineARN(stack, "Other", "arn:aws:codepipeline:eu-west-1:123456789012:other-release")
	events.NewRule(stack, "Weekly", events.RuleProps{
		Schedule: new(events.ScheduleCron(events.CronOptions{WeekDay: "MON", Hour: "6", Minute: "0"})),
		Targets:  []events.IRuleTarget{codepipeline.EventTarget{Pipeline: other}},
	})
	topic := sns.NewTopic(stack, "Topic", sns.TopicProps{})
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV1})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: s3.NewBucket(stack, "B", s3.BucketProps{Versioned: true}), BucketKey: "a.zip", Output: codepipeline.NewArtifact("")}),
	}})
	approve := p.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{Common: actions.Common{ActionName: "Ok"}}),
	}})
	approve.OnStateChange("Changed", sns.EventTarget{Topic: topic}, events.RuleProps{})
	p.OnStateChange("PipelineChanged", events.RuleProps{Targets: []events.IRuleTarget{sns.EventTarget{Topic: topic}}})
}

func init() {
	register(Case{Name: "pipeline-imported-stage-events", Build: pipelineImportedStageEvents})
}

func pipelineCodeBuildEnv(app *constructs.App) {
	stack := releaseStack(app)
	project := codebuild.NewPipelineProject(stack, "Build", codebuild.PipelineProjectProps{})
	src := codepipeline.NewArtifact("")
	p := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{CrossAccountKeys: new(false), PipelineType: codepipeline.PipelineV2})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: s3.NewBucket(stack, "B", s3.BucketProps{Versioned: true}), BucketKey: "a.zip", Output: src}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Build", Actions: []codepipeline.IAction{
		actions.NewCodeBuildAction(actions.CodeBuildActionProps{Common: actions.Common{ActionName: "Build"}, Project: project, Input: src, EnvironmentVariables: []actions.BuildEnvironmentVariable{
			{Name: "STAGE", Value: "prod"},
			{Name: "DB", Type: "PARAMETER_STORE", Value: "/app/db"},
			{Name: "PASSWORD", Type: "SECRETS_MANAGER", Value: "app-secret:password"},
			{Name: "TOKEN", Type: "SECRETS_MANAGER", Value: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared-token"},
		}}),
	}})
}

func init() { register(Case{Name: "pipeline-codebuild-env", Build: pipelineCodeBuildEnv}) }
