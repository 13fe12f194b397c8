package main

import (
	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/codedeploy"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/lambda"
)

func main() { cli.Main(newApp()) }

// mavenBuild is the Maven build: Corretto 8, mvn install, the Surefire test
// reports and the jar.
var mavenBuild = codebuild.BuildSpec{
	Phases: codebuild.SpecPhases{
		Install:   &codebuild.SpecPhase{RuntimeVersions: map[string]string{"java": "corretto8"}},
		Build:     &codebuild.SpecPhase{Commands: []string{"echo Build started on `date`", "mvn install"}},
		PostBuild: &codebuild.SpecPhase{Commands: []string{"echo Build completed on `date`", "mvn surefire-report:report"}},
	},
	Reports: map[string]codebuild.SpecReport{
		"SurefireReports": {Files: []string{"**/*"}, BaseDirectory: "target/surefire-reports"},
	},
	Artifacts: &codebuild.SpecArtifacts{Files: []string{"target/*.jar"}, DiscardPaths: true},
}

func newApp() *constructs.App {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Release", constructs.StackProps{})

	// Sources: the code and the base image.
	repo := codecommit.NewRepository(stack, "Repo", codecommit.RepositoryProps{RepositoryName: "release-app"})
	images := ecr.NewRepository(stack, "Images", ecr.RepositoryProps{})

	// The build.
	build := codebuild.NewPipelineProject(stack, "Build", codebuild.PipelineProjectProps{BuildSpec: mavenBuild})

	// The web service, deployed blue/green behind a load balancer.
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	task := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	task.AddContainer("web", ecs.ContainerDefinitionOptions{
		Image:        ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
		PortMappings: []ecs.PortMapping{{ContainerPort: 80}},
	})
	service := ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{
		Cluster: cluster, TaskDefinition: task, DeploymentController: ecs.DeploymentControllerCodeDeploy,
	})
	lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
	blue := elbv2.NewApplicationTargetGroup(stack, "Blue", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	green := elbv2.NewApplicationTargetGroup(stack, "Green", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	prod := lb.AddListener("Production", elbv2.ApplicationListenerProps{Port: 80, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{blue}})
	test := lb.AddListener("Test", elbv2.ApplicationListenerProps{Port: 8080, Protocol: elbv2.ProtocolHTTP, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{green}})
	service.AttachToApplicationTargetGroup(blue)
	errors5xx := cloudwatch.NewAlarm(stack, "Errors5xx", cloudwatch.AlarmProps{
		Metric:             lb.MetricHTTPCodeTarget(elbv2.HTTPCode5XX),
		CreateAlarmOptions: cloudwatch.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1},
	})
	web := codedeploy.NewECSDeploymentGroup(stack, "WebDeployment", codedeploy.ECSDeploymentGroupProps{
		Service:          service,
		DeploymentConfig: codedeploy.ECSCanary10Percent5Minutes,
		BlueGreenDeploymentConfig: codedeploy.ECSBlueGreenDeploymentConfig{
			BlueTargetGroup: blue, GreenTargetGroup: green, Listener: prod, TestListener: test,
		},
		DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{
			Alarms:       []cloudwatch.IAlarm{errors5xx},
			AutoRollback: &codedeploy.AutoRollbackConfig{FailedDeployment: new(true), DeploymentInAlarm: new(true)},
		},
	})

	// The function, shifted to its new version by a canary.
	fn := lambda.NewFunction(stack, "Api", lambda.FunctionProps{
		Runtime: lambda.NodeJS22X, Handler: "index.handler",
		Code: lambda.CodeFromInline(`exports.handler = async () => ({ statusCode: 200, body: "ok" });`),
	})
	live := lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: fn.CurrentVersion()})
	codedeploy.NewLambdaDeploymentGroup(stack, "ApiDeployment", codedeploy.LambdaDeploymentGroupProps{
		Alias: live, DeploymentConfig: codedeploy.LambdaCanary10Percent10Minutes,
	})

	// The EC2 fleet, half of it at a time.
	fleet := codedeploy.NewServerDeploymentGroup(stack, "FleetDeployment", codedeploy.ServerDeploymentGroupProps{
		EC2InstanceTags:  codedeploy.InstanceTagSet{{"App": {"release-app"}}},
		DeploymentConfig: codedeploy.ServerHalfAtATime,
	})

	// The pipeline: source → build → deploy.
	code, image, built := codepipeline.NewArtifact("Code"), codepipeline.NewArtifact("Image"), codepipeline.NewArtifact("Built")
	pipeline := codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2})
	pipeline.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewCodeCommitSourceAction(actions.CodeCommitSourceActionProps{Common: actions.Common{ActionName: "Code"}, Repository: repo, Branch: "main", Output: code}),
		actions.NewECRSourceAction(actions.ECRSourceActionProps{Common: actions.Common{ActionName: "Image"}, Repository: images, Output: image}),
	}})
	pipeline.AddStage(codepipeline.StageProps{StageName: "Build", Actions: []codepipeline.IAction{
		actions.NewCodeBuildAction(actions.CodeBuildActionProps{Common: actions.Common{ActionName: "Maven"}, Project: build, Input: code, Outputs: []*codepipeline.Artifact{built}}),
	}})
	pipeline.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
		actions.NewCodeDeployECSDeployAction(actions.CodeDeployECSDeployActionProps{
			Common: actions.Common{ActionName: "Web"}, DeploymentGroup: web,
			TaskDefinitionTemplateInput: built, AppSpecTemplateInput: built,
			ContainerImageInputs: []actions.ContainerImageInput{{Input: image, TaskDefinitionPlaceholder: "IMAGE1_NAME"}},
		}),
		actions.NewCodeDeployServerDeployAction(actions.CodeDeployServerDeployActionProps{Common: actions.Common{ActionName: "Fleet"}, DeploymentGroup: fleet, Input: built}),
	}})

	// The nightly release, at 02:00 UTC.
	events.NewRule(stack, "Nightly", events.RuleProps{
		Schedule: new(events.ScheduleCron(events.CronOptions{Hour: "2", Minute: "0"})),
		Targets:  []events.IRuleTarget{codepipeline.EventTarget{Pipeline: pipeline}},
	})
	return app
}
