package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/internal/profiling"
	"github.com/forma-iac/forma/patterns"
)

// StacksEnv names the environment variable that sets the number of stacks.
const StacksEnv = "BONJOUR_STACKS"

// defaultStacks is the number of stacks without BONJOUR_STACKS.
const defaultStacks = 1000

func main() {
	n, err := stacks()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	stop, err := profiling.Start(CPUProfileEnv, MemProfileEnv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := cli.Run(newApp(n), os.Args[1:], cli.OSStdio())
	if err := stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// stacks reads BONJOUR_STACKS.
func stacks() (int, error) {
	v := os.Getenv(StacksEnv)
	if v == "" {
		return defaultStacks, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s=%q: give a positive number of stacks", StacksEnv, v)
	}
	return n, nil
}

// newApp builds n Bonjour stacks, Bonjour0 to Bonjour<n-1>.
func newApp(n int) *constructs.App {
	app := constructs.NewApp()
	for i := range n {
		addBonjour(app, fmt.Sprintf("Bonjour%d", i))
	}
	return app
}

// addBonjour adds one Bonjour stack: a VPC, a cluster and a load-balanced
// Fargate service, as examples/bonjour has it.
func addBonjour(app *constructs.App, name string) {
	stack := constructs.NewStack(app, name, constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "MyVpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	patterns.NewLoadBalancedFargateService(stack, "FargateService", patterns.LoadBalancedFargateServiceProps{
		Cluster: cluster,
		Image:   ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
	})
}
