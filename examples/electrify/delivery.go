package main

import (
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/constructs/secretsmanager"
	"github.com/forma-iac/forma/constructs/sns"
	"github.com/forma-iac/forma/rules"
)

// triggerEntry is the release trigger's main package.
const triggerEntry = "github.com/forma-iac/forma/examples/electrify/trigger"

// imageBuild builds the application's image from the Dockerfile at the root
// of the repository, tags it with the commit and the build number (tags are
// immutable, and the release trigger may release a commit again), pushes it
// to ECR and writes the Kubernetes manifests of k8s/ with the image and the
// configuration secret's ARN filled in: the Manifests artifact the deploy
// action applies. Base images are pulled from Docker Hub with the team's
// account, whose token CodeBuild reads from Secrets Manager. It exports
// IMAGE_URI for the approval's message.
var imageBuild = codebuild.BuildSpec{
	Env: &codebuild.SpecEnv{ExportedVariables: []string{"IMAGE_URI"}},
	Phases: codebuild.SpecPhases{
		PreBuild: &codebuild.SpecPhase{Commands: []string{
			`echo "$DOCKERHUB_TOKEN" | docker login --username "$DOCKERHUB_USERNAME" --password-stdin`,
			"aws ecr get-login-password --region $AWS_REGION | docker login --username AWS --password-stdin ${IMAGE_REPOSITORY_URI%%/*}",
			"export IMAGE_URI=$IMAGE_REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION-$CODEBUILD_BUILD_NUMBER",
		}},
		Build: &codebuild.SpecPhase{Commands: []string{
			"docker build --tag $IMAGE_URI .",
			"docker push $IMAGE_URI",
		}},
		PostBuild: &codebuild.SpecPhase{Commands: []string{
			"mkdir -p manifests",
			`for f in k8s/*.yaml; do sed -e "s#\${IMAGE_URI}#$IMAGE_URI#g" -e "s#\${CONFIG_SECRET_ARN}#$CONFIG_SECRET_ARN#g" "$f" > "manifests/${f#k8s/}"; done`,
		}},
	},
	Artifacts: &codebuild.SpecArtifacts{BaseDirectory: "manifests", Files: []string{"*.yaml"}},
}

// delivery is the delivery stack.
type delivery struct {
	stack     *constructs.Stack
	repo      *codecommit.Repository
	images    *ecr.Repository
	hubToken  *secretsmanager.Secret
	build     *codebuild.Project
	pipeline  *codepipeline.Pipeline
	topic     *sns.Topic
	trigger   *lambda.Function
	url       *lambda.FunctionURL
	releasers *iam.Role
	dashboard *cloudwatch.Dashboard
}

// newDelivery creates the delivery stack; the deploy action, the build and
// the dashboard take the cluster and the configuration secret of plat.
func newDelivery(app *constructs.App, plat *platform) *delivery {
	stack := constructs.NewStack(app, "ElectrifyDelivery", constructs.StackProps{
		Description: "electrify: from CodeCommit through CodeBuild and ECR to EKS, the release trigger and the dashboard",
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

	// The Docker Hub account of the build: the token is put in after the
	// first deployment (aws secretsmanager put-secret-value); until then
	// the generated value stands in. It is never in a template.
	d.hubToken = secretsmanager.NewSecret(stack, "DockerHubToken", secretsmanager.SecretProps{
		Description: "electrify: the Docker Hub account the image build pulls base images with",
		GenerateSecretString: &secretsmanager.SecretStringGenerator{
			SecretStringTemplate: `{"username":"electrify-ci"}`,
			GenerateStringKey:    "token",
		},
	})
	rules.Suppress(d.hubToken, "SecretsManager.Rotation", "a Docker Hub access token is rotated in Docker Hub, then put in the secret")

	// The image build.
	d.build = codebuild.NewPipelineProject(stack, "Build", codebuild.PipelineProjectProps{
		Description: "electrify: builds the application's image, pushes it to ECR and writes the manifests",
		BuildSpec:   imageBuild,
		Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxStandard7_0, Privileged: true},
		EnvironmentVariables: []codebuild.EnvironmentVariable{
			{Name: "IMAGE_REPOSITORY_URI", Value: d.images.RepositoryURI()},
			{Name: "CONFIG_SECRET_ARN", Value: plat.config.SecretARN()},
			{Name: "DOCKERHUB_USERNAME", Secret: d.hubToken, Value: "username"},
			{Name: "DOCKERHUB_TOKEN", Secret: d.hubToken, Value: "token"},
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

	// The pipeline: source → build → approval → deploy to EKS.
	code, manifests := codepipeline.NewArtifact("Code"), codepipeline.NewArtifact("Manifests")
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
			Common: actions.Common{ActionName: "Image", VariablesNamespace: "Build"}, Project: d.build,
			Input: code, Outputs: []*codepipeline.Artifact{manifests},
		}),
	}})
	d.pipeline.AddStage(codepipeline.StageProps{StageName: "Approve", Actions: []codepipeline.IAction{
		actions.NewManualApprovalAction(actions.ManualApprovalActionProps{
			Common:                actions.Common{ActionName: "Production"},
			NotificationTopic:     d.topic,
			AdditionalInformation: "Release #{Build.IMAGE_URI} to production?",
		}),
	}})
	deploy := d.pipeline.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
		actions.NewEKSDeployAction(actions.EKSDeployActionProps{
			Common:        actions.Common{ActionName: "Production"},
			Cluster:       plat.cluster,
			Input:         manifests,
			ManifestFiles: manifestFiles,
			Namespace:     appNamespace,
		}),
	}})
	rules.Suppress(deploy.Scope(), "IAM.WildcardResource", "the EKS deploy action describes the VPC's subnets, route tables and security groups: ec2:Describe* have no resource-level permissions")
	d.pipeline.NotifyOnExecutionStateChange("ExecutionState", d.topic)

	// The release trigger: Alexa and the function URL start the pipeline.
	d.trigger = lambda.NewGoFunction(stack, "ReleaseTrigger", lambda.GoFunctionProps{
		Entry: triggerEntry,
		FunctionProps: lambda.FunctionProps{
			Description: "electrify: starts a release for the Alexa skill or a signed function URL request",
			Timeout:     10 * time.Second,
			Environment: map[string]string{"PIPELINE_NAME": d.pipeline.PipelineName(), "ALEXA_SKILL_ID": skillID(app)},
		},
	})
	rules.Suppress(d.trigger, "Lambda.DLQ", "the function is only invoked synchronously, by Alexa and through its URL")
	d.pipeline.GrantStartExecution(d.trigger)
	d.trigger.AddPermission("AlexaSkill", lambda.Permission{
		Principal:        iam.NewServicePrincipal("alexa-appkit.amazon.com"),
		EventSourceToken: skillID(app),
	})
	d.url = d.trigger.AddFunctionURL(lambda.FunctionURLOptions{AuthType: lambda.FunctionURLAuthTypeAWSIAM})
	// The release managers: a role of the account that may call the URL.
	d.releasers = iam.NewRole(stack, "ReleaseManagers", iam.RoleProps{
		AssumedBy:   iam.NewAccountRootPrincipal(),
		Description: "electrify: may start a release through the release trigger's URL",
	})
	d.url.GrantInvokeURL(d.releasers)

	d.dashboard = newDashboard(stack, d, plat)
	return d
}

// skillID is the Alexa skill's ID from the context, or the stand-in.
func skillID(scope constructs.Construct) string {
	if v, ok := scope.Node().TryGetContext(skillIDContext).(string); ok && v != "" {
		return v
	}
	return defaultSkillID
}

// newDashboard is the release dashboard: pipeline executions, the build,
// the cluster's nodes from Container Insights and the release trigger.
// CodePipeline publishes failed executions (AWS/CodePipeline) but no
// succeeded count: an EventBridge rule matching succeeded executions counts
// them (AWS/Events MatchedEvents).
func newDashboard(stack *constructs.Stack, d *delivery, plat *platform) *cloudwatch.Dashboard {
	succeededRule := d.pipeline.OnStateChange("ExecutionSucceeded", events.RuleProps{
		Description:  "electrify: counts the pipeline's succeeded executions for the dashboard",
		EventPattern: &events.EventPattern{Detail: map[string]any{"state": []string{"SUCCEEDED"}}},
	})
	succeeded := cloudwatch.Metric{
		Namespace: "AWS/Events", MetricName: "MatchedEvents", DimensionsMap: map[string]string{"RuleName": succeededRule.RuleName()},
		Statistic: "Sum", Label: "Succeeded",
	}
	failed := cloudwatch.Metric{
		Namespace: "AWS/CodePipeline", MetricName: "FailedPipelineExecutions", DimensionsMap: map[string]string{"PipelineName": d.pipeline.PipelineName()},
		Statistic: "Sum", Label: "Failed",
	}
	cluster := plat.cluster.ClusterName()
	dash := cloudwatch.NewDashboard(stack, "Dashboard", cloudwatch.DashboardProps{
		DashboardName: "electrify", DefaultInterval: 7 * 24 * time.Hour,
	})
	dash.AddWidgets(cloudwatch.NewTextWidget(cloudwatch.TextWidgetProps{
		Markdown: strings.Join([]string{
			"# electrify",
			"CodeCommit → CodePipeline → CodeBuild → ECR → EKS; releases start on a push to `main`, from Alexa or through the release trigger's URL.",
		}, "\n"),
		Width: 24, Height: 2,
	}))
	dash.AddWidgets(
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{Title: "Pipeline executions", Left: []cloudwatch.Metric{succeeded, failed}, Width: 8}),
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{
			Title: "Image build", Left: []cloudwatch.Metric{d.build.MetricDuration()},
			Right: []cloudwatch.Metric{d.build.MetricSucceededBuilds(), d.build.MetricFailedBuilds()}, Width: 8,
		}),
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{
			Title: "Release trigger", Left: []cloudwatch.Metric{d.trigger.MetricInvocations(), d.trigger.MetricErrors()}, Width: 8,
		}),
	)
	dash.AddWidgets(
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{
			Title: "EKS nodes: CPU and memory (Container Insights)",
			Left: []cloudwatch.Metric{
				cloudwatch.ContainerInsightsMetric(cluster, "node_cpu_utilization", cloudwatch.MetricOptions{Label: "CPU %"}),
				cloudwatch.ContainerInsightsMetric(cluster, "node_memory_utilization", cloudwatch.MetricOptions{Label: "Memory %"}),
			},
			LeftYAxis: &cloudwatch.YAxisProps{Min: new(0.0), Max: new(100.0)},
			Width:     16,
		}),
		cloudwatch.NewSingleValueWidget(cloudwatch.SingleValueWidgetProps{
			Title: "Nodes and pods",
			Metrics: []cloudwatch.Metric{
				cloudwatch.ContainerInsightsMetric(cluster, "cluster_node_count", cloudwatch.MetricOptions{Label: "Nodes"}),
				cloudwatch.ContainerInsightsMetric(cluster, "pod_number_of_container_restarts", cloudwatch.MetricOptions{Statistic: "Sum", Label: "Container restarts"}),
			},
			Width: 8, Height: 6,
		}),
	)
	return dash
}
