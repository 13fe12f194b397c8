package main

import (
	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
	"github.com/forma-iac/forma/rules"
)

func main() { cli.Main(newApp()) }

func newApp() *constructs.App {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Bonjour", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "MyVpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	service := patterns.NewLoadBalancedFargateService(stack, "FargateService", patterns.LoadBalancedFargateServiceProps{
		Cluster: cluster,
		Image:   ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
	})
	// The flagship is the AWS CDK's sample, template for template; what the
	// rule pack finds in it is what the sample leaves out on purpose.
	rules.Suppress(service, "ELB.HTTPS", "the sample has no domain or certificate; a real service sets a certificate and redirects HTTP")
	rules.Suppress(service, "ELB.AccessLogs", "the sample keeps no request logs; a real service logs to a bucket")
	rules.Suppress(service, "ELB.DropInvalidHeaders", "the AWS CDK's load balancer default, kept for parity")
	rules.Suppress(service, "Logs.Retention", "the awslogs driver's log group of the AWS CDK, kept for parity")
	rules.Suppress(cluster, "ECS.ContainerInsights", "the sample needs no cluster metrics")
	rules.Suppress(vpc, "VPC.FlowLogs", "the sample's VPC carries no data worth auditing")
	return app
}
