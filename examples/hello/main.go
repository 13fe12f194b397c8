package main

import (
	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/s3/s3cfn"
	"github.com/forma-iac/forma/constructs/sns/snscfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
	"github.com/forma-iac/forma/rules"
)

func main() {
	cli.Main(newApp())
}

// newApp builds the hello app.
func newApp() *constructs.App {
	app := constructs.NewApp()

	storage := constructs.NewStack(app, "HelloStorage", constructs.StackProps{})
	s3cfn.NewCfnBucket(storage, "Bucket", s3cfn.CfnBucketProps{
		BucketEncryption: &s3cfn.CfnBucket_BucketEncryptionProperty{
			ServerSideEncryptionConfiguration: []s3cfn.CfnBucket_ServerSideEncryptionRuleProperty{{
				ServerSideEncryptionByDefault: &s3cfn.CfnBucket_ServerSideEncryptionByDefaultProperty{
					SSEAlgorithm: "AES256",
				},
			}},
		},
		PublicAccessBlockConfiguration: &s3cfn.CfnBucket_PublicAccessBlockConfigurationProperty{
			BlockPublicAcls:       new(true),
			BlockPublicPolicy:     new(true),
			IgnorePublicAcls:      new(true),
			RestrictPublicBuckets: new(true),
		},
		VersioningConfiguration: &s3cfn.CfnBucket_VersioningConfigurationProperty{
			Status: "Enabled",
		},
	})
	dlq := sqscfn.NewCfnQueue(storage, "DeadLetterQueue", sqscfn.CfnQueueProps{})
	queue := sqscfn.NewCfnQueue(storage, "Queue", sqscfn.CfnQueueProps{
		RedrivePolicy: sqscfn.CfnQueue_RedrivePolicyProperty{
			DeadLetterTargetArn: new(dlq.AttrArn()),
			MaxReceiveCount:     new(5),
		},
	})
	cfn.NewOutput(storage, "QueueUrl", cfn.OutputProps{Value: queue.Ref()})
	// hello shows L1 resources one to one; the policies the rule pack asks
	// for are what the L2s add (EnforceSSL), so it suppresses them here.
	rules.Suppress(storage, "SQS.SSL", "a demo of L1 queues; an SQS L2 with EnforceSSL adds the policy")
	rules.Suppress(storage, "S3.SSL", "a demo of an L1 bucket; an S3 L2 with EnforceSSL adds the policy")
	rules.Suppress(storage, "S3.AccessLogs", "the demo bucket stays empty")
	rules.Suppress(storage, "S3.Encryption", "S3-managed keys (AES256) suffice for the demo")

	consumer := constructs.NewStack(app, "HelloConsumer", constructs.StackProps{})
	ssmcfn.NewCfnParameter(consumer, "QueueArnParam", ssmcfn.CfnParameterProps{
		Name:  new("/hello/queue-arn"),
		Type:  "String",
		Value: queue.AttrArn(), // a cross-stack reference: HelloStorage exports the ARN
	})
	topic := snscfn.NewCfnTopic(consumer, "Topic", snscfn.CfnTopicProps{})
	rules.Suppress(topic, "SNS.SSL", "the topic only fans out to the queue inside AWS; no client publishes to it")
	rules.Suppress(topic, "SNS.Encryption", "the messages are queue URLs of a demo, nothing confidential")
	snscfn.NewCfnSubscription(consumer, "Sub", snscfn.CfnSubscriptionProps{
		Protocol: "sqs",
		TopicArn: topic.Ref(),
		Endpoint: new(queue.AttrArn()),
	})
	return app
}
