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
