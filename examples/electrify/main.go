package main

import (
	"time"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/constructs/sns"
	"github.com/forma-iac/forma/rules"
)

func main() { cli.Main(newApp()) }

// The names the Kubernetes manifests in k8s/ and the stacks share: the
// application's namespace and the service account its pods run as, which
// the Pod Identity association gives an IAM role.
const (
	appNamespace      = "electrify"
	appServiceAccount = "electrify-app"
)

// triggerEntry is the release trigger's main package.
const triggerEntry = "github.com/forma-iac/forma/examples/electrify/trigger"

// imageBuild builds the application's image from the Dockerfile at the root
// of the repository, tags it with the commit and pushes it to ECR. It
// exports IMAGE_URI, which the deploy action writes into the manifests.
var imageBuild = codebuild.BuildSpec{
	Env: &codebuild.SpecEnv{ExportedVariables: []string{"IMAGE_URI"}},
	Phases: codebuild.SpecPhases{
		PreBuild: &codebuild.SpecPhase{Commands: []string{
			"REGISTRY=${IMAGE_REPOSITORY_URI%%/*}",
			"aws ecr get-login-password --region $AWS_REGION | docker login --username AWS --password-stdin $REGISTRY",
			"export IMAGE_URI=$IMAGE_REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION",
		}},
		Build: &codebuild.SpecPhase{Commands: []string{
			"docker build --tag $IMAGE_URI .",
			"docker push $IMAGE_URI",
		}},
	},
}

// network is the network stack.
type network struct {
	stack *constructs.Stack
	vpc   *ec2.Vpc
}

func newNetwork(app *constructs.App) *network {
	stack := constructs.NewStack(app, "ElectrifyNetwork", constructs.StackProps{
		Description: "electrify: the VPC of the EKS cluster",
	})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	return &network{stack: stack, vpc: vpc}
}

// delivery is the delivery stack.
type delivery struct {
	stack    *constructs.Stack
	repo     *codecommit.Repository
	images   *ecr.Repository
	build    *codebuild.Project
	pipeline *codepipeline.Pipeline
	topic    *sns.Topic
	trigger  *lambda.Function
}

func newDelivery(app *constructs.App) *delivery {
	stack := constructs.NewStack(app, "ElectrifyDelivery", constructs.StackProps{
		Description: "electrify: from CodeCommit through CodeBuild and ECR to EKS, and the release trigger",
	})
	d := &delivery{stack: stack}

	// The code and its images.
	d.repo = codecommit.NewRepository(stack, "Repo", codecommit.RepositoryProps{
		RepositoryName: "electrify", Description: "electrify: the application, its Dockerfile and its Kubernetes manifests",
	})
	d.images = ecr.NewRepository(stack, "Images", ecr.RepositoryProps{
		ImageScanOnPush:    new(true),
		ImageTagMutability: ecr.TagImmutable,
		LifecycleRules:     []ecr.LifecycleRule{{Description: "keep the last 100 images", MaxImageCount: 100}},
	})

	// The image build.
	d.build = codebuild.NewPipelineProject(stack, "Build", codebuild.PipelineProjectProps{
		Description: "electrify: builds the application's image and pushes it to ECR",
		BuildSpec:   imageBuild,
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxStandard7_0, Privileged: true},
		EnvironmentVariables: []codebuild.EnvironmentVariable{
			{Name: "IMAGE_REPOSITORY_URI", Value: d.images.RepositoryURI()},
		},
		Timeout: 30 * time.Minute,
	})
	d.images.GrantPullPush(d.build)
	rules.Suppress(d.build, "CodeBuild.Privileged", "the build runs Docker to build the application's image")
	rules.Suppress(d.build, "IAM.WildcardResource", "ecr:GetAuthorizationToken has no resource-level permissions")

	// Who hears of releases and approvals.
	d.topic = sns.NewTopic(stack, "Notifications", sns.TopicProps{DisplayName: "electrify releases"})
	d.topic.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Effect: iam.Deny, Actions: []string{"sns:Publish"}, Principals: []iam.IPrincipal{iam.NewAnyPrincipal()},
		Resources:  []string{d.topic.TopicARN()},
		Conditions: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	}))

	// The pipeline: source → build → approval → deploy.
	code := codepipeline.NewArtifact("Code")
	d.pipeline = codepipeline.NewPipeline(stack, "Pipeline", codepipeline.PipelineProps{
		PipelineType:      codepipeline.PipelineV2,
		ExecutionMode:     codepipeline.ExecutionQueued,
		EnableKeyRotation: true,
	})
	d.pipeline.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewCodeCommitSourceAction(actions.CodeCommitSourceActionProps{
			Common: actions.Common{ActionName: "Code"}, Repository: d.repo, Branch: "main", Output: code,
		}),
	}})
	d.pipeline.AddStage(codepipeline.StageProps{StageName: "Build", Actions: []codepipeline.IAction{
		actions.NewCodeBuildAction(actions.CodeBuildActionProps{
			Common: actions.Common{ActionName: "Image", VariablesNamespace: "Build"}, Project: d.build, Input: code,
		}),
	}})
	d.pipeline.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{
			Common:                actions.Common{ActionName: "Production"},
			NotificationTopic:     d.topic,
			AdditionalInformation: "Release #{Build.IMAGE_URI} to production?",
		}),
	}})
	d.pipeline.NotifyOnExecutionStateChange("ExecutionState", d.topic)

	// The release trigger.
	d.trigger = lambda.NewGoFunction(stack, "ReleaseTrigger", lambda.GoFunctionProps{
		Entry: triggerEntry,
		FunctionProps: lambda.FunctionProps{
			Description: "electrify: starts a release for the Alexa skill or a signed function URL request",
			Timeout:     10 * time.Second,
			Environment: map[string]string{"PIPELINE_NAME": d.pipeline.PipelineName()},
		},
	})
	rules.Suppress(d.trigger, "Lambda.DLQ", "the function is only invoked synchronously, by Alexa and through its URL")
	return d
}

func newApp() *constructs.App {
	app := constructs.NewApp()
	newNetwork(app)
	newDelivery(app)
	return app
}
