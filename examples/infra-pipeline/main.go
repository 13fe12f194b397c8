package main

import (
	"strings"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
	"github.com/forma-iac/forma/pipelines"
	"github.com/forma-iac/forma/rules"
)

func main() { cli.Main(newApp()) }

// The environments: the pipeline and the Test stage in the tooling
// account, Prod in another account and region.
var (
	pipelineEnv = constructs.Environment{Account: "111111111111", Region: "us-east-1"}
	testEnv     = pipelineEnv
	prodEnv     = constructs.Environment{Account: "222222222222", Region: "eu-west-1"}
)

// connectionARN is the CodeStar connection to the repository holding this
// app.
const connectionARN = "arn:aws:codeconnections:us-east-1:111111111111:connection/6f1b3c9e-0d2a-4e8b-9c55-2f3a4b5c6d7e"

// smokeTest curls the service until it answers, as the deployed load
// balancer takes a moment to register the tasks.
var smokeTest = []string{`curl --fail --silent --show-error --retry 10 --retry-delay 6 --retry-all-errors "$SERVICE_URL"`}

func newApp() *constructs.App {
	app := constructs.NewApp(constructs.AppProps{Context: zones})
	stack := constructs.NewStack(app, "InfraPipeline", constructs.StackProps{Env: pipelineEnv})
	source := pipelines.CodePipelineSourceConnection("forma-iac/bonjour-infra", "main", pipelines.ConnectionOptions{ConnectionARN: connectionARN})
	pipeline := pipelines.NewCodePipeline(stack, "Pipeline", pipelines.CodePipelineProps{
		Synth:        pipelines.GoSynth(source),
		PipelineType: codepipeline.PipelineV2,
		// Prod is in another account: the artifact bucket needs a key
		// that account can use.
		CrossAccountKeys:  true,
		EnableKeyRotation: true,
	})

	test := newBonjourStage(app, "Test", testEnv)
	pipeline.AddStage(test.Stage, pipelines.AddStageOpts{
		Post: []pipelines.Step{pipelines.NewShellStep("SmokeTest", pipelines.ShellStepProps{
			EnvFromCfnOutputs: map[string]*cfn.Output{"SERVICE_URL": test.URL},
			Commands:          smokeTest,
		})},
	})
	prod := newBonjourStage(app, "Prod", prodEnv)
	pipeline.AddStage(prod.Stage, pipelines.AddStageOpts{
		Pre: []pipelines.Step{pipelines.NewManualApprovalStep("PromoteToProd", pipelines.ManualApprovalStepProps{
			Comment: "Test passed its smoke test: deploy Bonjour to Prod?",
		})},
	})
	// The pipeline is built now, so that its support stack (the artifact
	// replication bucket of Prod's region) exists to be annotated.
	pipeline.BuildPipeline()
	// cfn-lint checks the role of each CloudFormation action as an ARN
	// and reports the Fn::Join that writes its partition (E3703, "prefer
	// Fn::Sub"); the AWS CDK's template has the same Fn::Join and draws
	// the same report. The value is a valid ARN once resolved.
	pipeline.Pipeline.Resource.Options.Metadata = map[string]any{"cfn-lint": map[string]any{"config": map[string]any{"ignore_checks": []any{"E3703"}}}}
	for _, c := range app.Node().Children() {
		if st, ok := c.(*constructs.Stack); ok && (st == stack || strings.HasPrefix(st.Node().ID(), "cross-region-stack-")) {
			rules.Suppress(st, "S3.AccessLogs", "the pipeline's artifact buckets hold build artifacts only, read by the pipeline")
			rules.Suppress(st, "S3.Versioning", "the pipeline's artifact buckets hold build artifacts only: each execution writes new objects")
			rules.Suppress(st, "IAM.WildcardResource", "the AWS CDK's pipeline policies: KMS key policies name the key as *, DescribeStacks has no resource-level permission")
		}
	}
	return app
}

// zones are the Availability Zones of the two environments, as the AWS
// CDK records them in cdk.context.json: the VPCs span two of them.
var zones = map[string]any{
	"availability-zones:account=111111111111:region=us-east-1": []any{"us-east-1a", "us-east-1b", "us-east-1c"},
	"availability-zones:account=222222222222:region=eu-west-1": []any{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
}

// bonjourStage is the application: the Bonjour service in a stack of its
// own stage, and the stack output with the service's URL.
type bonjourStage struct {
	Stage *constructs.Stage
	URL   *cfn.Output
}

// newBonjourStage builds the Bonjour service (examples/bonjour) into the
// stage id in env.
func newBonjourStage(scope constructs.Construct, id string, env constructs.Environment) bonjourStage {
	stage := constructs.NewStage(scope, id, constructs.StageProps{Env: env})
	stack := constructs.NewStack(stage, "Bonjour", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "MyVpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	service := patterns.NewLoadBalancedFargateService(stack, "FargateService", patterns.LoadBalancedFargateServiceProps{
		Cluster: cluster,
		Image:   ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
	})
	// What the rule pack finds in the service is what the AWS CDK's sample
	// leaves out on purpose, as in examples/bonjour.
	rules.Suppress(service, "ELB.HTTPS", "the sample has no domain or certificate; a real service sets a certificate and redirects HTTP")
	rules.Suppress(service, "ELB.AccessLogs", "the sample keeps no request logs; a real service logs to a bucket")
	rules.Suppress(service, "ELB.DropInvalidHeaders", "the AWS CDK's load balancer default, kept for parity")
	rules.Suppress(service, "Logs.Retention", "the awslogs driver's log group of the AWS CDK, kept for parity")
	rules.Suppress(cluster, "ECS.ContainerInsights", "the sample needs no cluster metrics")
	rules.Suppress(vpc, "VPC.FlowLogs", "the sample's VPC carries no data worth auditing")
	return bonjourStage{Stage: stage, URL: service.ServiceURL}
}
