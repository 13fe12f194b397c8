package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sns"
)

// S3 buckets, KMS keys and aliases, EventBridge rules, Lambda functions,
// CloudWatch alarms, CodeCommit repositories and SNS topics
// (oracle/l2base.js).

const day = 24 * time.Hour

func storage(app *constructs.App) *constructs.Stack {
	return constructs.NewStack(app, "Storage", constructs.StackProps{})
}

func bucketDefault(app *constructs.App) {
	s3.NewBucket(storage(app), "Bucket", s3.BucketProps{})
}

func bucketKMS(app *constructs.App) {
	stack := storage(app)
	bucket := s3.NewBucket(stack, "Bucket", s3.BucketProps{
		Encryption:    s3.EncryptionKMS,
		EnforceSSL:    true,
		Versioned:     true,
		BucketName:    "my-artifacts",
		RemovalPolicy: cfn.PolicyDelete,
		LifecycleRules: []s3.LifecycleRule{
			{Expiration: 90 * day, NoncurrentVersionExpiration: 30 * day, AbortIncompleteMultipartUploadAfter: 7 * day},
			{ID: "logs", Prefix: "logs/", Transitions: []s3.Transition{
				{StorageClass: s3.StorageInfrequentAccess, TransitionAfter: 30 * day},
				{StorageClass: s3.StorageGlacier, TransitionAfter: 90 * day},
			}},
		},
	})
	bucket.AddLifecycleRule(s3.LifecycleRule{Disabled: true, TagFilters: []s3.TagFilter{{Key: "kind", Value: "tmp"}}, Expiration: day})
	s3.NewBucket(stack, "Managed", s3.BucketProps{Encryption: s3.EncryptionKMSManaged, BucketKeyEnabled: true})
	s3.NewBucket(stack, "S3Managed", s3.BucketProps{Encryption: s3.EncryptionS3Managed, BlockPublicAccess: s3.BlockAll})
}

func bucketGrants(app *constructs.App) {
	stack := storage(app)
	key := kms.NewKey(stack, "Key", kms.KeyProps{})
	bucket := s3.NewBucket(stack, "Bucket", s3.BucketProps{EncryptionKey: key})
	role := iam.NewRole(stack, "Reader", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codebuild.amazonaws.com")})
	bucket.GrantRead(role)
	bucket.GrantPut(role, "out/*")
	bucket.GrantReadWrite(iam.NewAccountPrincipal(otherAccount))
	writer := iam.NewRole(stack, "Writer", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	bucket.GrantWrite(writer)
	bucket.GrantDelete(writer)
	bucket.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:    []string{"s3:GetObject"},
		Resources:  []string{bucket.ARNForObjects("public/*")},
		Principals: []iam.IPrincipal{iam.NewAnyPrincipal()},
	}))
	s3.BucketFromBucketName(stack, "Imported", "other-bucket").GrantRead(role)
	s3.BucketFromBucketARN(stack, "ByArn", "arn:aws:s3:::third-bucket").GrantWrite(writer, "in/*")
}

func keyAlias(app *constructs.App) {
	stack := constructs.NewStack(app, "Keys", constructs.StackProps{})
	key := kms.NewKey(stack, "Key", kms.KeyProps{
		Alias:             "alias/release",
		Description:       "release artifacts",
		EnableKeyRotation: true,
		RemovalPolicy:     cfn.PolicyDelete,
	})
	key.AddAlias("other")
	role := iam.NewRole(stack, "User", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	key.GrantEncrypt(role)
	key.GrantDecrypt(iam.NewAccountPrincipal(otherAccount))
	other := kms.NewKey(stack, "Other", kms.KeyProps{})
	kms.NewAlias(stack, "Alias", kms.AliasProps{AliasName: "alias/named", TargetKey: other})
	other.GrantEncryptDecrypt(role)
	imported := kms.KeyFromKeyARN("arn:aws:kms:us-east-1:" + otherAccount + ":key/1234abcd-12ab-34cd-56ef-1234567890ab")
	imported.GrantDecrypt(role)
}

func ruleRate(app *constructs.App) {
	stack := constructs.NewStack(app, "Events", constructs.StackProps{})
	events.NewRule(stack, "Hourly", events.RuleProps{Schedule: new(events.ScheduleRate(time.Hour)), Disabled: true})
	events.NewRule(stack, "Often", events.RuleProps{Schedule: new(events.ScheduleRate(5 * time.Minute)), RuleName: "often"})
	events.NewRule(stack, "Daily", events.RuleProps{Schedule: new(events.ScheduleRate(day))})
	events.NewRule(stack, "Minute", events.RuleProps{Schedule: new(events.ScheduleExpression("rate(1 minute)"))})
	topic := sns.NewTopic(stack, "Topic", sns.TopicProps{})
	health := events.NewRule(stack, "Health", events.RuleProps{EventPattern: &events.EventPattern{
		Source:     []string{"aws.health"},
		DetailType: []string{"AWS Health Event"},
		Detail:     map[string]any{"service": []string{"ECS"}, "eventTypeCategory": []string{"scheduledChange"}},
	}})
	health.AddTarget(sns.EventTarget{Topic: topic})
}

func topic(app *constructs.App) {
	stack := constructs.NewStack(app, "Notify", constructs.StackProps{})
	t := sns.NewTopic(stack, "Topic", sns.TopicProps{})
	named := sns.NewTopic(stack, "Named", sns.TopicProps{TopicName: "approvals", DisplayName: "Approvals"})
	role := iam.NewRole(stack, "Publisher", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	t.GrantPublish(role)
	named.GrantPublish(iam.NewAccountPrincipal(otherAccount))
}

func init() {
	register(
		Case{Name: "bucket-default", Build: bucketDefault},
		Case{Name: "bucket-kms", Build: bucketKMS},
		Case{Name: "bucket-grants", Build: bucketGrants},
		Case{Name: "key-alias", Build: keyAlias},
		Case{Name: "rule-rate", Build: ruleRate},
		Case{Name: "topic", Build: topic},
	)
}
