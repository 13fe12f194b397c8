package parity

import (
	"bytes"
	"os"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
)

// The flagship, Bonjour, and variants of it (oracle/bonjour.js).

// bonjour builds the Bonjour program with changes: env for the stack, Vpc
// props, Cluster props and an edit of the pattern's props.
func bonjour(env constructs.Environment, vp ec2.VpcProps, cp ecs.ClusterProps, edit func(stack *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps)) func(*constructs.App) {
	return func(app *constructs.App) {
		stack := constructs.NewStack(app, "Bonjour", constructs.StackProps{Env: env})
		cp.Vpc = ec2.NewVpc(stack, "MyVpc", vp)
		cluster := ecs.NewCluster(stack, "Cluster", cp)
		p := patterns.LoadBalancedFargateServiceProps{Cluster: cluster, Image: ecs.ImageFromRegistry("amazon/amazon-ecs-sample")}
		if edit != nil {
			edit(stack, &p)
		}
		patterns.NewLoadBalancedFargateService(stack, "FargateService", p)
	}
}

var (
	agnostic = constructs.Environment{}
	twoAZs   = ec2.VpcProps{MaxAZs: 2}
	regional = constructs.Environment{Account: "123456789012", Region: "us-east-1"}
	threeAZs = map[string]any{ec2.AvailabilityZonesContextKey("123456789012", "us-east-1"): []any{"us-east-1a", "us-east-1b", "us-east-1c"}}
)

func withPattern(edit func(stack *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps)) func(*constructs.App) {
	return bonjour(agnostic, twoAZs, ecs.ClusterProps{}, edit)
}

func insights(ci ecs.ContainerInsights) func(*constructs.App) {
	return bonjour(agnostic, twoAZs, ecs.ClusterProps{ContainerInsights: ci}, nil)
}

func init() {
	register(
		Case{Name: "bonjour", Build: withPattern(nil)},
		Case{Name: "bonjour-region", Context: threeAZs, Build: bonjour(regional, ec2.VpcProps{}, ecs.ClusterProps{}, nil)},
		Case{Name: "bonjour-nat1", Build: bonjour(agnostic, ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)}, ecs.ClusterProps{}, nil)},
		Case{Name: "bonjour-insights", Build: insights(ecs.ContainerInsightsEnabled)},
		Case{Name: "bonjour-insights-false", Build: insights(ecs.ContainerInsightsDisabled)},
		Case{Name: "bonjour-insightsv2", Build: insights(ecs.ContainerInsightsEnabled)},
		Case{Name: "bonjour-insightsv2-enhanced", Build: insights(ecs.ContainerInsightsEnhanced)},
		Case{Name: "bonjour-insightsv2-disabled", Build: insights(ecs.ContainerInsightsDisabled)},
		Case{Name: "bonjour-props", Build: withPattern(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.DesiredCount = new(3)
			p.CPU = 512
			p.MemoryMiB = 1024
			p.PublicLoadBalancer = new(false)
			p.ListenerPort = 8080
		})},
		Case{Name: "bonjour-https", Build: withPattern(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.Certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
			p.RedirectHTTP = true
		})},
		Case{Name: "bonjour-env-sorted", Build: withPattern(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.Environment = map[string]string{"A": "1"}
			p.Secrets = map[string]ecs.Secret{
				"DB_PASSWORD": ecs.SecretsManagerSecret{Name: "prod/db-password"},
				"API_KEY":     ecs.SSMParameter{Name: "/prod/api-key"},
			}
			p.ContainerPort = 8080
		})},
		Case{Name: "bonjour-vpconly", Build: withPattern(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.Vpc = p.Cluster.Vpc()
			p.Cluster = nil
		})},
		Case{Name: "bonjour-cb", Build: withPattern(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.CircuitBreaker = &ecs.DeploymentCircuitBreaker{Rollback: true}
			p.AssignPublicIP = true
			p.TaskSubnets = &ec2.SubnetSelection{SubnetType: ec2.SubnetPublic}
			p.HealthCheckPath = "/health"
		})},
		Case{Name: "bonjour-ecr", Build: withPattern(func(stack *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.Image = ecs.ImageFromECRRepository(ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{}), "v1")
		})},
		Case{Name: "bonjour-ecr-imported", Build: withPattern(func(stack *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.Image = ecs.ImageFromECRRepository(ecr.RepositoryFromName(stack, "Imported", "my-repo"), "v1")
		})},
	)
}

// TestBonjourIsTheFlagship ties the parity case to the flagship's snapshot:
// the program compared with the AWS CDK writes the template that
// examples/bonjour's snapshot holds, byte for byte.
func TestBonjourIsTheFlagship(t *testing.T) {
	got := cases["bonjour"].synthesize(t)["Bonjour.template.json"]
	want, err := os.ReadFile("../snapshots/bonjour/Bonjour.template.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("the bonjour parity case no longer writes snapshots/bonjour/Bonjour.template.json: keep it the same program as examples/bonjour")
	}
}
