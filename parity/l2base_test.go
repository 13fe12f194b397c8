package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/ec2"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/constructs/logs"
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

func fn(stack constructs.Construct, id string, props lambda.FunctionProps) *lambda.Function {
	if props.Runtime.Name == "" {
		props.Runtime = lambda.NodeJS22X
	}
	props.Handler = "index.handler"
	if props.Code == nil {
		props.Code = lambda.CodeFromInline(`exports.handler = async () => "ok";`)
	}
	return lambda.NewFunction(stack, id, props)
}

func ruleCronLambda(app *constructs.App) {
	stack := constructs.NewStack(app, "Events", constructs.StackProps{})
	f := fn(stack, "Nightly", lambda.FunctionProps{})
	rule := events.NewRule(stack, "Rule", events.RuleProps{
		Schedule:    new(events.ScheduleCron(events.CronOptions{Minute: "0", Hour: "3"})),
		Description: "nightly",
	})
	rule.AddTarget(lambda.EventTarget{Function: f})
	events.NewRule(stack, "Weekdays", events.RuleProps{
		Schedule: new(events.ScheduleCron(events.CronOptions{Minute: "30", Hour: "8", WeekDay: "MON-FRI"})),
		Targets:  []events.IRuleTarget{lambda.EventTarget{Function: f}},
	})
}

func lambdaVersion(app *constructs.App) {
	stack := constructs.NewStack(app, "Functions", constructs.StackProps{})
	f := fn(stack, "Handler", lambda.FunctionProps{
		Timeout:      30 * time.Second,
		MemorySize:   512,
		Architecture: lambda.ARM64,
		Description:  "release handler",
	})
	f.AddEnvironment("STAGE", "prod")
	f.AddEnvironment("A_FIRST", "1")
	lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: f.CurrentVersion()})
	f.AddPermission("Invoke", lambda.Permission{Principal: iam.NewServicePrincipal("s3.amazonaws.com"), SourceARN: "arn:aws:s3:::my-bucket"})
	role := iam.NewRole(stack, "Caller", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("states.amazonaws.com")})
	f.GrantInvoke(role)
	fn(stack, "Python", lambda.FunctionProps{
		Runtime: lambda.Python313,
		Code:    lambda.CodeFromBucket(s3.BucketFromBucketName(stack, "Code", "code-bucket"), "handler.zip"),
	})
}

func alarmErrors(app *constructs.App) {
	stack := constructs.NewStack(app, "Alarms", constructs.StackProps{})
	f := fn(stack, "Fn", lambda.FunctionProps{})
	f.MetricErrors(cloudwatch.MetricOptions{Period: time.Minute}).CreateAlarm(stack, "Errors", cloudwatch.CreateAlarmOptions{
		Threshold:         1,
		EvaluationPeriods: 1,
		TreatMissingData:  cloudwatch.MissingNotBreaching,
	})
	cloudwatch.NewAlarm(stack, "Slow", cloudwatch.AlarmProps{
		Metric: f.MetricDuration(cloudwatch.MetricOptions{Statistic: "p99"}),
		CreateAlarmOptions: cloudwatch.CreateAlarmOptions{
			Threshold:          1000,
			EvaluationPeriods:  3,
			DatapointsToAlarm:  2,
			ComparisonOperator: cloudwatch.GreaterThanThreshold,
			AlarmDescription:   "slow",
		},
	})
	f.MetricThrottles().CreateAlarm(stack, "Throttles", cloudwatch.CreateAlarmOptions{Threshold: 0, EvaluationPeriods: 1, ComparisonOperator: cloudwatch.GreaterThanThreshold})
	cloudwatch.Metric{Namespace: "Custom", MetricName: "Jobs", DimensionsMap: map[string]string{"Queue": "main"}, Statistic: "Sum", Period: 10 * time.Minute}.
		CreateAlarm(stack, "Jobs", cloudwatch.CreateAlarmOptions{Threshold: 10, EvaluationPeriods: 2, AlarmName: "jobs"})
}

func codecommitOnCommit(app *constructs.App) {
	stack := constructs.NewStack(app, "Source", constructs.StackProps{})
	repo := codecommit.NewRepository(stack, "Repo", codecommit.RepositoryProps{RepositoryName: "app", Description: "the app"})
	f := fn(stack, "Fn", lambda.FunctionProps{})
	repo.OnCommit("OnCommit", codecommit.OnCommitOptions{
		OnEventOptions: codecommit.OnEventOptions{Target: lambda.EventTarget{Function: f}},
		Branches:       []string{"main"},
	})
	repo.OnCommit("AnyCommit", codecommit.OnCommitOptions{})
	role := iam.NewRole(stack, "Builder", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codebuild.amazonaws.com")})
	repo.GrantPull(role)
	repo.GrantPullPush(role)
	repo.GrantRead(role)
	codecommit.RepositoryFromRepositoryName(stack, "Imported", "legacy").GrantPull(role)
}

// startTarget is a rule target EventBridge reaches with the role of
// events.SingletonEventRole, allowed one action on the target, as the AWS
// CDK's CodeBuildProject and CodePipeline targets are.
type startTarget struct {
	scope  constructs.Construct
	arn    string
	action string
	input  *events.RuleTargetInput
}

func (t startTarget) Bind(events.IRule, string) events.RuleTargetConfig {
	role := events.SingletonEventRole(t.scope)
	role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{t.action}, Resources: []string{t.arn}}))
	return events.RuleTargetConfig{ARN: t.arn, Role: role, Input: t.input}
}

func ruleRoleTargets(app *constructs.App) {
	stack := constructs.NewStack(app, "Events", constructs.StackProps{})
	project := startTarget{scope: constructs.New(stack, "Project"), arn: "arn:aws:codebuild:us-east-1:123456789012:project/build", action: "codebuild:StartBuild"}
	type envVar struct {
		Name  string `json:"name"`
		Value string `json:"value"`
		Type  string `json:"type"`
	}
	project.input = events.InputFromObject(map[string]any{"environmentVariablesOverride": []envVar{{"MODE", "nightly", "PLAINTEXT"}}})
	pipeline := startTarget{scope: constructs.New(stack, "Pipeline"), arn: "arn:aws:codepipeline:us-east-1:123456789012:release", action: "codepipeline:StartPipelineExecution"}
	rule := events.NewRule(stack, "Nightly", events.RuleProps{Schedule: new(events.ScheduleCron(events.CronOptions{Minute: "0", Hour: "2"}))})
	rule.AddTarget(project)
	rule.AddTarget(pipeline)
	events.NewRule(stack, "Retire", events.RuleProps{
		EventPattern: &events.EventPattern{
			Source:     []string{"aws.health"},
			DetailType: []string{"AWS Health Event"},
			Detail:     map[string]any{"eventTypeCode": []string{"AWS_ECS_TASK_PATCHING_RETIREMENT"}},
		},
		Targets: []events.IRuleTarget{pipeline},
	})
}

func lambdaGrants(app *constructs.App) {
	stack := constructs.NewStack(app, "Functions", constructs.StackProps{})
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	logGroup := logs.NewLogGroup(stack, "Logs", logs.LogGroupProps{Retention: logs.OneWeek})
	f := lambda.NewFunction(stack, "Fn", lambda.FunctionProps{
		Runtime:                      lambda.Python313,
		Handler:                      "index.handler",
		Code:                         lambda.CodeFromInline("def handler(event, context):\n    return \"ok\"\n"),
		Role:                         role,
		InitialPolicy:                []*iam.PolicyStatement{iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:ListAllMyBuckets"}, Resources: []string{"*"}})},
		LogGroup:                     logGroup,
		ReservedConcurrentExecutions: new(5),
		Environment:                  map[string]string{"BB": "2", "AA": "1"},
	})
	f.GrantInvoke(iam.NewServicePrincipal("apigateway.amazonaws.com"))
	f.GrantInvoke(iam.NewAccountPrincipal(otherAccount))
	f.CurrentVersion()
	imported := lambda.FunctionFromFunctionARN(stack, "Imported", "arn:aws:lambda:us-east-1:123456789012:function:legacy")
	events.NewRule(stack, "Rule", events.RuleProps{Schedule: new(events.ScheduleRate(10 * time.Minute)), Targets: []events.IRuleTarget{lambda.EventTarget{Function: imported}}})
}

func bucketArtifacts(app *constructs.App) {
	stack := constructs.NewStack(app, "Release", constructs.StackProps{})
	key := kms.NewKey(stack, "ArtifactsBucketEncryptionKey", kms.KeyProps{RemovalPolicy: cfn.PolicyDelete})
	bucket := s3.NewBucket(stack, "ArtifactsBucket", s3.BucketProps{
		EncryptionKey:     key,
		Encryption:        s3.EncryptionKMS,
		EnforceSSL:        true,
		BlockPublicAccess: s3.BlockAll,
		RemovalPolicy:     cfn.PolicyRetain,
	})
	kms.NewAlias(stack, "ArtifactsBucketEncryptionKeyAlias", kms.AliasProps{AliasName: "alias/codepipeline-release", TargetKey: key, RemovalPolicy: cfn.PolicyDelete})
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codepipeline.amazonaws.com")})
	bucket.GrantReadWrite(role)
	other := iam.NewRole(stack, "Other", iam.RoleProps{AssumedBy: iam.NewARNPrincipal("arn:aws:iam::" + otherAccount + ":root")})
	bucket.GrantRead(other)
}

func bucketCloudTrail(app *constructs.App) {
	stack := storage(app)
	bucket := s3.NewBucket(stack, "Bucket", s3.BucketProps{Versioned: true})
	bucket.OnCloudTrailWriteObject("Written", s3.OnCloudTrailBucketEventOptions{Paths: []string{"release/app.zip"}})
	bucket.OnCloudTrailPutObject("Put", s3.OnCloudTrailBucketEventOptions{Target: lambda.EventTarget{Function: fn(stack, "Fn", lambda.FunctionProps{})}})
	bucket.OnCloudTrailEvent("Any", s3.OnCloudTrailBucketEventOptions{Paths: []string{"logs/*"}, Description: "log calls"})
	s3.BucketFromBucketName(stack, "Imported", "source-bucket").OnCloudTrailWriteObject("Source", s3.OnCloudTrailBucketEventOptions{})
}

func lambdaAliasRetain(app *constructs.App) {
	stack := constructs.NewStack(app, "Functions", constructs.StackProps{})
	f := fn(stack, "Handler", lambda.FunctionProps{
		CurrentVersionOptions: lambda.VersionOptions{RemovalPolicy: cfn.PolicyRetain, Description: "published by the release"},
		MemorySize:            256,
	})
	f.AddAlias("live", lambda.AliasOptions{Description: "production traffic"})
}

func alarmALB5xx(app *constructs.App) {
	stack := constructs.NewStack(app, "Alarms", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
	blue := elbv2.NewApplicationTargetGroup(stack, "Blue", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{blue}})
	lb.MetricHTTPCodeELB(elbv2.HTTPCode5XX, cloudwatch.MetricOptions{Period: time.Minute}).
		CreateAlarm(stack, "Elb5xx", cloudwatch.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1})
	blue.MetricHTTPCodeTarget(elbv2.HTTPCode5XX).
		CreateAlarm(stack, "Target5xx", cloudwatch.CreateAlarmOptions{Threshold: 5, EvaluationPeriods: 2, TreatMissingData: cloudwatch.MissingNotBreaching})
	lb.MetricTargetResponseTime(cloudwatch.MetricOptions{Statistic: "p95"}).
		CreateAlarm(stack, "Latency", cloudwatch.CreateAlarmOptions{Threshold: 0.5, EvaluationPeriods: 3, ComparisonOperator: cloudwatch.GreaterThanThreshold})
}

func lambdaFlags(app *constructs.App) {
	stack := constructs.NewStack(app, "Functions", constructs.StackProps{})
	f := fn(stack, "Fn", lambda.FunctionProps{Environment: map[string]string{"STAGE": "prod"}})
	lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: f.CurrentVersion()})
}

func lambdaVersionTokens(app *constructs.App) {
	stack := constructs.NewStack(app, "Functions", constructs.StackProps{})
	bucket := s3.NewBucket(stack, "Bucket", s3.BucketProps{})
	f := fn(stack, "Fn", lambda.FunctionProps{
		Description: "déploiement \"v2\"\t<b>&</b> ✓",
		Environment: map[string]string{"BUCKET": bucket.BucketName(), "OBJECTS": bucket.BucketARN() + "/releases/*", "REGION_NAME": stack.Region()},
		Timeout:     time.Minute,
	})
	bucket.GrantRead(f)
	f.CurrentVersion()
}

func lambdaVersionCrossStack(app *constructs.App) {
	data := constructs.NewStack(app, "Data", constructs.StackProps{})
	bucket := s3.NewBucket(data, "Bucket", s3.BucketProps{})
	stack := constructs.NewStack(app, "Functions", constructs.StackProps{})
	f := fn(stack, "Fn", lambda.FunctionProps{Environment: map[string]string{"BUCKET": bucket.BucketName()}})
	lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: f.CurrentVersion()})
}

func topicSubscriptions(app *constructs.App) {
	stack := constructs.NewStack(app, "Notify", constructs.StackProps{})
	topic := sns.NewTopic(stack, "Approvals", sns.TopicProps{})
	topic.AddSubscription(sns.EmailSubscription{Address: "ops@example.com"})
	topic.AddSubscription(sns.EmailSubscription{Address: "audit@example.com", JSON: true})
	topic.AddSubscription(sns.URLSubscription{URL: "https://hooks.example.com/release", RawMessageDelivery: true})
}

func init() {
	register(
		Case{Name: "bucket-default", Build: bucketDefault},
		Case{Name: "bucket-kms", Build: bucketKMS},
		Case{Name: "bucket-grants", Build: bucketGrants},
		Case{Name: "key-alias", Build: keyAlias},
		Case{Name: "rule-rate", Build: ruleRate},
		Case{Name: "rule-cron-lambda", Build: ruleCronLambda},
		Case{Name: "lambda-version", Build: lambdaVersion},
		Case{Name: "alarm-errors", Build: alarmErrors},
		Case{Name: "codecommit-oncommit", Build: codecommitOnCommit},
		Case{Name: "rule-role-targets", Build: ruleRoleTargets},
		Case{Name: "lambda-grants", Build: lambdaGrants},
		Case{Name: "bucket-artifacts", Build: bucketArtifacts},
		Case{Name: "bucket-cloudtrail", Build: bucketCloudTrail},
		Case{Name: "lambda-alias-retain", Build: lambdaAliasRetain},
		Case{Name: "alarm-alb-5xx", Build: alarmALB5xx},
		Case{Name: "lambda-version-tokens", Build: lambdaVersionTokens},
		Case{Name: "lambda-version-cross-stack", Build: lambdaVersionCrossStack},
		Case{Name: "lambda-flags", Build: lambdaFlags, Context: map[string]any{
			"@aws-cdk/aws-lambda:recognizeLayerVersion": true,
			"@aws-cdk/aws-lambda:useCdkManagedLogGroup": true,
		}},
		Case{Name: "topic", Build: topic},
		Case{Name: "topic-subscriptions", Build: topicSubscriptions},
	)
}
