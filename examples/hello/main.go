// Command hello is forma's smallest example: two stacks built from L1
// constructs only. HelloStorage holds an encrypted, versioned S3 bucket with
// public access blocked and an SQS queue with a dead-letter queue;
// HelloConsumer uses the queue's ARN from the first stack, which forma turns
// into an export and an Fn::ImportValue.
//
//	go run ./examples/hello synth          # print both templates
//	go run ./examples/hello synth -o out   # write the cloud assembly to out/
//	cdk synth --app 'go run ./examples/hello' HelloStorage
package main

import (
	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sns"
	"github.com/forma-iac/forma/constructs/sqs"
	"github.com/forma-iac/forma/constructs/ssm"
)

func main() {
	cli.Main(newApp())
}

// newApp builds the hello app.
func newApp() *constructs.App {
	app := constructs.NewApp()

	storage := constructs.NewStack(app, "HelloStorage", constructs.StackProps{})
	s3.NewCfnBucket(storage, "Bucket", s3.CfnBucketProps{
		BucketEncryption: &s3.CfnBucket_BucketEncryptionProperty{
			ServerSideEncryptionConfiguration: []s3.CfnBucket_ServerSideEncryptionRuleProperty{{
				ServerSideEncryptionByDefault: &s3.CfnBucket_ServerSideEncryptionByDefaultProperty{
					SSEAlgorithm: "AES256",
				},
			}},
		},
		PublicAccessBlockConfiguration: &s3.CfnBucket_PublicAccessBlockConfigurationProperty{
			BlockPublicAcls:       new(true),
			BlockPublicPolicy:     new(true),
			IgnorePublicAcls:      new(true),
			RestrictPublicBuckets: new(true),
		},
		VersioningConfiguration: &s3.CfnBucket_VersioningConfigurationProperty{
			Status: "Enabled",
		},
	})
	dlq := sqs.NewCfnQueue(storage, "DeadLetterQueue", sqs.CfnQueueProps{})
	queue := sqs.NewCfnQueue(storage, "Queue", sqs.CfnQueueProps{
		RedrivePolicy: sqs.CfnQueue_RedrivePolicyProperty{
			DeadLetterTargetArn: new(dlq.AttrArn()),
			MaxReceiveCount:     new(5),
		},
	})
	cfn.NewOutput(storage, "QueueUrl", cfn.OutputProps{Value: queue.Ref()})

	consumer := constructs.NewStack(app, "HelloConsumer", constructs.StackProps{})
	ssm.NewCfnParameter(consumer, "QueueArnParam", ssm.CfnParameterProps{
		Name:  new("/hello/queue-arn"),
		Type:  "String",
		Value: queue.AttrArn(), // a cross-stack reference: HelloStorage exports the ARN
	})
	topic := sns.NewCfnTopic(consumer, "Topic", sns.CfnTopicProps{})
	sns.NewCfnSubscription(consumer, "Sub", sns.CfnSubscriptionProps{
		Protocol: "sqs",
		TopicArn: topic.Ref(),
		Endpoint: new(queue.AttrArn()),
	})
	return app
}
