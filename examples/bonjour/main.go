package main

import (
	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
)

func main() { cli.Main(newApp()) }

func newApp() *constructs.App {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Bonjour", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "MyVpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	patterns.NewLoadBalancedFargateService(stack, "FargateService", patterns.LoadBalancedFargateServiceProps{
		Cluster: cluster,
		Image:   ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
	})
	return app
}
