package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codecommit"
	csn "github.com/forma-iac/forma/constructs/codestarnotifications"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sam"
	"github.com/forma-iac/forma/constructs/sns"
)

// CodeBuild projects and CodeStar Notifications rules (oracle/codebuild.js).

const secretAccount = "111122223333"

func buildStack(app *constructs.App) *constructs.Stack {
	return constructs.NewStack(app, "Build", constructs.StackProps{})
}

func codebuildPipelineProject(app *constructs.App) {
	codebuild.NewPipelineProject(buildStack(app), "Project", codebuild.PipelineProjectProps{})
}

func codebuildCodeCommit(app *constructs.App) {
	s := buildStack(app)
	repo := codecommit.NewRepository(s, "Repo", codecommit.RepositoryProps{RepositoryName: "app"})
	topic := sns.NewTopic(s, "Topic", sns.TopicProps{})
	project := codebuild.NewProject(s, "Project", codebuild.ProjectProps{
		ProjectName: "app-build",
		Description: "builds the app",
		Source: codebuild.CodeCommitSource(codebuild.CodeCommitSourceProps{
			Repository: repo,
			GitOptions: codebuild.GitOptions{BranchOrRef: "main", CloneDepth: 1},
		}),
		BuildSpec: codebuild.BuildSpec{
			Phases:    codebuild.SpecPhases{Build: &codebuild.SpecPhase{Commands: []string{"mvn install"}}},
			Artifacts: &codebuild.SpecArtifacts{Files: []string{"target/app.jar"}, DiscardPaths: true},
		},
		Environment: codebuild.BuildEnvironment{
			BuildImage:           codebuild.LinuxAmazonLinux2_5,
			ComputeType:          codebuild.ComputeLarge,
			Privileged:           true,
			EnvironmentVariables: []codebuild.EnvironmentVariable{{Name: "STAGE", Value: "dev"}},
		},
		EnvironmentVariables: []codebuild.EnvironmentVariable{
			{Name: "STAGE", Value: "prod"},
			{Name: "TOKEN", Type: codebuild.ParameterStore, Value: "/app/token"},
			{Name: "NAME", Type: codebuild.ParameterStore, Value: "app-name"},
			{Name: "DB", Type: codebuild.SecretsManager, Value: "db-secret:password"},
			{Name: "OTHER", Type: codebuild.SecretsManager, Value: "arn:aws:secretsmanager:eu-west-1:" + secretAccount + ":secret:shared-AbCdEf:key::"},
		},
		Timeout:               30 * time.Minute,
		QueuedTimeout:         2 * time.Hour,
		ConcurrentBuildLimit:  2,
		Badge:                 true,
		SSMSessionPermissions: true,
		AutoRetryLimit:        new(2),
		Visibility:            codebuild.VisibilityPrivate,
	})
	project.OnBuildFailed("OnFailed", codebuild.OnEventOptions{Target: sns.EventTarget{Topic: topic}})
	events.NewRule(s, "Nightly", events.RuleProps{
		Schedule: new(events.ScheduleCron(events.CronOptions{Minute: "0", Hour: "2"})),
		Targets:  []events.IRuleTarget{codebuild.EventTarget{Project: project}},
	})
	project.NotifyOnBuildFailed("NotifyFailed", topic)
	project.NotifyOnBuildSucceeded("NotifySucceeded", topic, csn.NotificationRuleOptions{DetailType: csn.DetailBasic, Enabled: new(true)})
}

func codebuildVpc(app *constructs.App) {
	s := buildStack(app)
	vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	logGroup := logs.NewLogGroup(s, "Logs", logs.LogGroupProps{})
	codebuild.NewPipelineProject(s, "Project", codebuild.PipelineProjectProps{
		Vpc:         vpc,
		Cache:       codebuild.CacheLocal(codebuild.LocalDockerLayerCache, codebuild.LocalCustomCache),
		Logging:     &codebuild.LoggingOptions{CloudWatch: &codebuild.CloudWatchLoggingOptions{LogGroup: logGroup, Prefix: "build"}},
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxArmAmazonLinux2Standard3_0},
		FileSystemLocations: []codebuild.EFSLocation{{
			Identifier: "cache", Location: "fs-12345678.efs.eu-west-1.amazonaws.com:/", MountPoint: "/mnt/cache",
		}},
	})
}

func codebuildS3(app *constructs.App) {
	s := buildStack(app)
	bucket := s3.NewBucket(s, "Bucket", s3.BucketProps{})
	key := kms.NewKey(s, "Key", kms.KeyProps{})
	reports := codebuild.NewReportGroup(s, "Reports", codebuild.ReportGroupProps{ExportBucket: bucket, ZipExport: true})
	coverage := codebuild.NewReportGroup(s, "Coverage", codebuild.ReportGroupProps{
		Type: codebuild.ReportCodeCoverage, ReportGroupName: "coverage", RemovalPolicy: cfn.PolicyDelete, DeleteReports: true,
	})
	project := codebuild.NewProject(s, "Project", codebuild.ProjectProps{
		Source:             codebuild.S3Source(codebuild.S3SourceProps{Bucket: bucket, Path: "src/app.zip"}),
		Artifacts:          codebuild.S3Artifacts(codebuild.S3ArtifactsProps{Bucket: bucket, Path: "out", Name: "app.zip", ExcludeBuildID: true}),
		Cache:              codebuild.CacheBucket(bucket, codebuild.BucketCacheOptions{Prefix: "cache"}),
		Logging:            &codebuild.LoggingOptions{S3: &codebuild.S3LoggingOptions{Bucket: bucket, Prefix: "logs", Encrypted: new(false)}},
		Environment:        codebuild.BuildEnvironment{BuildImage: codebuild.WindowsServerCore2019Base3_0},
		EncryptionKey:      key,
		SecondarySources:   []codebuild.ISource{codebuild.S3Source(codebuild.S3SourceProps{Identifier: "assets", Bucket: bucket, Path: "assets.zip"})},
		SecondaryArtifacts: []codebuild.IArtifacts{codebuild.S3Artifacts(codebuild.S3ArtifactsProps{Identifier: "reports", Bucket: bucket, Path: "reports", Name: "reports.zip"})},
		BuildSpec: codebuild.BuildSpec{
			Phases: codebuild.SpecPhases{Build: &codebuild.SpecPhase{Commands: []string{"dotnet test"}}},
			Reports: map[string]codebuild.SpecReport{
				reports.ReportGroupARN(): {Files: []string{"**/*.trx"}, FileFormat: codebuild.ReportVisualStudioTRX},
			},
		},
	})
	reports.GrantWrite(project)
	coverage.GrantWrite(project)
}

func codebuildGitHubECR(app *constructs.App) {
	s := buildStack(app)
	repo := ecr.NewRepository(s, "Images", ecr.RepositoryProps{})
	codebuild.NewProject(s, "Project", codebuild.ProjectProps{
		Source: codebuild.GitHubSource(codebuild.GitHubSourceProps{
			Owner: "forma-iac",
			Repo:  "forma",
			WebhookFilters: []codebuild.FilterGroup{
				codebuild.FilterGroupInEventOf(codebuild.EventPush).AndBranchIs("main").AndFilePathIsNot("^docs/"),
				codebuild.FilterGroupInEventOf(codebuild.EventPullRequestCreated, codebuild.EventPullRequestUpdated).AndBaseBranchIs("main"),
			},
		}),
		Environment:                 codebuild.BuildEnvironment{BuildImage: codebuild.LinuxImageFromECRRepository(repo, "v1")},
		GrantReportGroupPermissions: new(false),
	})
	codebuild.NewProject(s, "Runners", codebuild.ProjectProps{Source: codebuild.GitHubSource(codebuild.GitHubSourceProps{Owner: "forma-iac"})})
	codebuild.NewProject(s, "Batch", codebuild.ProjectProps{Source: codebuild.GitHubSource(codebuild.GitHubSourceProps{
		Owner: "forma-iac", Repo: "forma", Webhook: new(true), WebhookTriggersBatchBuild: true,
	})})
	codebuild.NewProject(s, "Docker", codebuild.ProjectProps{
		BuildSpec: codebuild.BuildSpec{Phases: codebuild.SpecPhases{Build: &codebuild.SpecPhase{Commands: []string{"make"}}}},
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxImageFromDockerRegistry("golang:1.26", codebuild.DockerImageOptions{
			SecretsManagerCredentialsARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockerhub-AbCdEf",
		})},
	})
}

func codebuildGPU(app *constructs.App) {
	codebuild.NewPipelineProject(buildStack(app), "Project", codebuild.PipelineProjectProps{
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.DLCPyTorch1_5_0Training},
	})
	regional := constructs.NewStack(app, "Regional", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-2"}})
	codebuild.NewPipelineProject(regional, "Project", codebuild.PipelineProjectProps{
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.DLCMXNet1_6_0, ComputeType: codebuild.ComputeSmall},
	})
}

func codebuildLambdaCompute(app *constructs.App) {
	s := buildStack(app)
	codebuild.NewPipelineProject(s, "Node", codebuild.PipelineProjectProps{
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxLambdaAmazonLinux2023Node22},
	})
	codebuild.NewPipelineProject(s, "Go", codebuild.PipelineProjectProps{
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxArmLambdaAmazonLinux2023Go1_24, ComputeType: codebuild.ComputeLambda4GB},
	})
}

func notificationRuleSlack(app *constructs.App) {
	s := buildStack(app)
	project := codebuild.NewPipelineProject(s, "Project", codebuild.PipelineProjectProps{})
	rule := csn.NewNotificationRule(s, "Rule", csn.NotificationRuleProps{
		Source:               project,
		Events:               []string{codebuild.ProjectBuildSucceeded, codebuild.ProjectBuildFailed},
		Targets:              []csn.INotificationRuleTarget{csn.SlackChannelTarget("arn:aws:chatbot::123456789012:chat-configuration/slack-channel/builds")},
		NotificationRuleName: "builds",
	})
	rule.AddTarget(sns.NewTopic(s, "Topic", sns.TopicProps{}))
}

func samFunction(app *constructs.App) {
	s := buildStack(app)
	table := sam.NewCfnSimpleTable(s, "Orders", sam.CfnSimpleTableProps{PrimaryKey: &sam.SimpleTablePrimaryKey{Name: "id", Type: "String"}})
	sam.NewCfnFunction(s, "Handler", sam.CfnFunctionProps{
		Runtime:              new("python3.13"),
		Handler:              new("index.handler"),
		InlineCode:           new("def handler(event, context):\n    return 200\n"),
		MemorySize:           new(256),
		AutoPublishAlias:     new("live"),
		DeploymentPreference: map[string]any{"Type": "Canary10Percent5Minutes"},
		Environment:          map[string]any{"Variables": map[string]any{"TABLE": table.Ref()}},
		Events:               map[string]any{"Get": map[string]any{"Type": "Api", "Properties": map[string]any{"Path": "/orders", "Method": "get"}}},
	})
	sam.NewCfnLayerVersion(s, "Deps", sam.CfnLayerVersionProps{ContentUri: sam.S3Location{Bucket: "artifacts", Key: "deps.zip"}, CompatibleRuntimes: []string{"python3.13"}})
}

func init() {
	register(
		Case{Name: "codebuild-pipeline-project", Build: codebuildPipelineProject},
		Case{Name: "codebuild-codecommit", Build: codebuildCodeCommit},
		Case{Name: "codebuild-vpc", Build: codebuildVpc},
		Case{Name: "codebuild-s3", Build: codebuildS3},
		Case{Name: "codebuild-github-ecr", Build: codebuildGitHubECR},
		Case{Name: "codebuild-gpu", Build: codebuildGPU},
		Case{Name: "codebuild-lambda-compute", Build: codebuildLambdaCompute},
		Case{Name: "notification-rule-slack", Build: notificationRuleSlack},
		Case{Name: "sam-function", Build: samFunction},
	)
}
