package main

import (
	"time"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/constructs/s3"
)

func main() { cli.Main(newApp()) }

// The example's two Go programs, by import path, so that the app
// synthesizes from any directory of the module (go run ./examples/serverless
// from the root, go test in this directory).
const (
	handlerPackage = "github.com/forma-iac/forma/examples/serverless/handler"
	webPackage     = "github.com/forma-iac/forma/examples/serverless/web"
)

func newApp() *constructs.App {
	app := constructs.NewApp()

	// The HTTP endpoint: a function URL in front of a Go function that
	// serves the objects of a bucket.
	api := constructs.NewStack(app, "ServerlessAPI", constructs.StackProps{})
	content := s3.NewBucket(api, "Content", s3.BucketProps{EnforceSSL: true, BlockPublicAccess: s3.BlockAll})
	fn := lambda.NewGoFunction(api, "Handler", lambda.GoFunctionProps{
		Entry: handlerPackage,
		FunctionProps: lambda.FunctionProps{
			Description: "Serves the objects of the content bucket",
			Timeout:     10 * time.Second,
			MemorySize:  256,
			Environment: map[string]string{"BUCKET_NAME": content.BucketName()},
		},
	})
	content.GrantRead(fn)
	url := fn.AddFunctionURL(lambda.FunctionURLOptions{
		AuthType: lambda.FunctionURLAuthTypeNone,
		CORS: &lambda.FunctionURLCORSOptions{
			AllowedOrigins: []string{"*"},
			AllowedMethods: []lambda.HTTPMethod{lambda.HTTPMethodGet, lambda.HTTPMethodHead},
			MaxAge:         time.Hour,
		},
	})
	// moto, the AWS double the deploy test runs against, cannot resolve an
	// attribute of AWS::Lambda::Url; the test leaves the output out with
	// -c serverless:url-output=false.
	if v := app.Node().TryGetContext("serverless:url-output"); v != false && v != "false" {
		cfn.NewOutput(api, "URL", cfn.OutputProps{Value: url.URL(), Description: "The function URL"})
	}
	cfn.NewOutput(api, "BucketName", cfn.OutputProps{Value: content.BucketName()})

	// The service: one Fargate task in the public subnets of a VPC without
	// NAT gateways, its image built from a Go package without Docker,
	// serving HTTP on port 80.
	svc := constructs.NewStack(app, "ServerlessService", constructs.StackProps{})
	vpc := ec2.NewVpc(svc, "Vpc", ec2.VpcProps{
		MaxAZs:              2,
		NatGateways:         new(0),
		SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Public", SubnetType: ec2.SubnetPublic}},
	})
	cluster := ecs.NewCluster(svc, "Cluster", ecs.ClusterProps{Vpc: vpc})
	task := ecs.NewFargateTaskDefinition(svc, "Web", ecs.FargateTaskDefinitionProps{})
	task.AddContainer("web", ecs.ContainerDefinitionOptions{
		// "scratch": the program is a static binary that needs nothing
		// else, and no base image has to be pulled (see doc.go).
		Image:        ecs.ImageFromGoPackage(webPackage, ecs.GoImageOptions{Base: "scratch"}),
		Environment:  map[string]string{"PORT": "80"},
		PortMappings: []ecs.PortMapping{{ContainerPort: 80}},
		Logging:      ecs.AWSLogs{StreamPrefix: "web"},
	})
	service := ecs.NewFargateService(svc, "Service", ecs.FargateServiceProps{
		Cluster:        cluster,
		TaskDefinition: task,
		AssignPublicIP: true,
		DesiredCount:   new(1),
	})
	service.Connections().AllowFromAnyIPv4(ec2.TCP(80), "HTTP to the web service")
	return app
}
