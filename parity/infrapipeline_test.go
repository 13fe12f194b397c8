package parity

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
	"github.com/forma-iac/forma/pipelines"
)

// The infra-pipeline example, as examples/infra-pipeline builds it
// (oracle/infra-pipeline.js).

func infraBonjourStage(app *constructs.App, id string, env constructs.Environment) (*constructs.Stage, *cfn.Output) {
	stage := constructs.NewStage(app, id, constructs.StageProps{Env: env})
	stack := constructs.NewStack(stage, "Bonjour", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "MyVpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	service := patterns.NewLoadBalancedFargateService(stack, "FargateService", patterns.LoadBalancedFargateServiceProps{
		Cluster: cluster,
		Image:   ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
	})
	return stage, service.ServiceURL
}

func init() {
	register(Case{
		Name: "infra-pipeline",
		Mask: pipelineMasked,
		Context: map[string]any{
			ec2.AvailabilityZonesContextKey("111111111111", "us-east-1"): []any{"us-east-1a", "us-east-1b", "us-east-1c"},
			ec2.AvailabilityZonesContextKey("222222222222", "eu-west-1"): []any{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
		},
		Build: func(app *constructs.App) {
			stack := constructs.NewStack(app, "InfraPipeline", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
			source := pipelines.CodePipelineSourceConnection("forma-iac/bonjour-infra", "main", pipelines.ConnectionOptions{
				ConnectionARN: "arn:aws:codeconnections:us-east-1:111111111111:connection/6f1b3c9e-0d2a-4e8b-9c55-2f3a4b5c6d7e",
			})
			pipeline := pipelines.NewCodePipeline(stack, "Pipeline", pipelines.CodePipelineProps{
				Synth:             pipelines.GoSynth(source),
				PipelineType:      codepipeline.PipelineV2,
				CrossAccountKeys:  true,
				EnableKeyRotation: true,
			})
			test, url := infraBonjourStage(app, "Test", constructs.Environment{Account: "111111111111", Region: "us-east-1"})
			pipeline.AddStage(test, pipelines.AddStageOpts{
				Post: []pipelines.Step{pipelines.NewShellStep("SmokeTest", pipelines.ShellStepProps{
					EnvFromCfnOutputs: map[string]*cfn.Output{"SERVICE_URL": url},
					Commands:          []string{`curl --fail --silent --show-error --retry 10 --retry-delay 6 --retry-all-errors "$SERVICE_URL"`},
				})},
			})
			prod, _ := infraBonjourStage(app, "Prod", constructs.Environment{Account: "222222222222", Region: "eu-west-1"})
			pipeline.AddStage(prod, pipelines.AddStageOpts{
				Pre: []pipelines.Step{pipelines.NewManualApprovalStep("PromoteToProd", pipelines.ManualApprovalStepProps{
					Comment: "Test passed its smoke test: deploy Bonjour to Prod?",
				})},
			})
		},
	})
}
