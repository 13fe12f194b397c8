package main

import (
	"time"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
	"github.com/forma-iac/forma/rules"
)

func main() {
	cli.Main(newApp())
}

// newApp builds the nested app.
func newApp() *constructs.App {
	app := constructs.NewApp()
	platform := constructs.NewStack(app, "Platform", constructs.StackProps{})
	logs := s3.NewBucket(platform, "Logs", s3.BucketProps{EnforceSSL: true, Versioned: true})
	jobs := sqscfn.NewCfnQueue(platform, "Jobs", sqscfn.CfnQueueProps{SqsManagedSseEnabled: new(true)})

	network := constructs.NewNestedStack(platform, "Network", constructs.NestedStackProps{
		Description: "the platform's VPC",
		Timeout:     30 * time.Minute,
	})
	vpc := ec2.NewVpc(network, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})

	services := constructs.NewNestedStack(platform, "Services", constructs.NestedStackProps{
		Parameters: map[string]string{"Stage": "prod"},
	})
	stage := cfn.NewParameter(services, "Stage", cfn.ParameterProps{AllowedValues: []string{"dev", "prod"}})
	sg := ec2.NewSecurityGroup(services, "ServiceSg", ec2.SecurityGroupProps{Vpc: vpc, Description: "the services"})
	ssmcfn.NewCfnParameter(services, "StageParam", ssmcfn.CfnParameterProps{Name: new("/platform/stage"), Type: "String", Value: stage.ValueAsString()})

	workers := constructs.NewNestedStack(services, "Workers", constructs.NestedStackProps{})
	dlq := sqscfn.NewCfnQueue(workers, "DeadLetters", sqscfn.CfnQueueProps{SqsManagedSseEnabled: new(true)})
	ssmcfn.NewCfnParameter(workers, "LogsBucket", ssmcfn.CfnParameterProps{Name: new("/platform/workers/logs"), Type: "String", Value: logs.BucketName()})
	ssmcfn.NewCfnParameter(workers, "JobsQueue", ssmcfn.CfnParameterProps{Name: new("/platform/workers/jobs"), Type: "String", Value: jobs.AttrArn()})
	ssmcfn.NewCfnParameter(workers, "ServiceSg", ssmcfn.CfnParameterProps{Name: new("/platform/workers/sg"), Type: "String", Value: sg.SecurityGroupID()})
	cfn.NewOutput(platform, "DeadLettersUrl", cfn.OutputProps{Value: dlq.Ref()})

	// nested shows how stacks nest; the rule pack's advice on queues,
	// buckets and VPCs is for the services themselves.
	for _, s := range [][2]string{
		{"SQS.SSL", "demo queues, no client outside AWS"},
		{"SQS.DLQ", "the demo's queues hold nothing worth keeping"},
		{"S3.AccessLogs", "the demo bucket stays empty"},
		{"S3.Encryption", "S3-managed keys suffice for the demo"},
		{"S3.PublicAccess", "the demo bucket holds no objects"},
		{"VPC.FlowLogs", "a demo VPC without traffic"},
	} {
		rules.Suppress(platform, s[0], s[1])
	}

	reports := constructs.NewStack(app, "Reports", constructs.StackProps{})
	ssmcfn.NewCfnParameter(reports, "DeadLetters", ssmcfn.CfnParameterProps{Name: new("/reports/dead-letters"), Type: "String", Value: dlq.AttrArn()})
	return app
}
