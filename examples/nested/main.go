package main

import (
	"time"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sqs"
	"github.com/forma-iac/forma/constructs/ssm"
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
	jobs := sqs.NewCfnQueue(platform, "Jobs", sqs.CfnQueueProps{SqsManagedSseEnabled: new(true)})

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
	ssm.NewCfnParameter(services, "StageParam", ssm.CfnParameterProps{Name: new("/platform/stage"), Type: "String", Value: stage.ValueAsString()})

	workers := constructs.NewNestedStack(services, "Workers", constructs.NestedStackProps{})
	dlq := sqs.NewCfnQueue(workers, "DeadLetters", sqs.CfnQueueProps{SqsManagedSseEnabled: new(true)})
	ssm.NewCfnParameter(workers, "LogsBucket", ssm.CfnParameterProps{Name: new("/platform/workers/logs"), Type: "String", Value: logs.BucketName()})
	ssm.NewCfnParameter(workers, "JobsQueue", ssm.CfnParameterProps{Name: new("/platform/workers/jobs"), Type: "String", Value: jobs.AttrArn()})
	ssm.NewCfnParameter(workers, "ServiceSg", ssm.CfnParameterProps{Name: new("/platform/workers/sg"), Type: "String", Value: sg.SecurityGroupID()})
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
	ssm.NewCfnParameter(reports, "DeadLetters", ssm.CfnParameterProps{Name: new("/reports/dead-letters"), Type: "String", Value: dlq.AttrArn()})
	return app
}
