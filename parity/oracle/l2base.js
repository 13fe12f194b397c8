// S3 buckets, KMS keys and aliases, EventBridge rules, Lambda functions,
// CloudWatch alarms, CodeCommit repositories and SNS topics. The Go side is
// ../l2base_test.go.
'use strict';

const OTHER_ACCOUNT = '111122223333';

// A bucket with every default: no properties, retained.
function bucketDefault(cdk, app) {
  const stack = new cdk.Stack(app, 'Storage');
  new cdk.aws_s3.Bucket(stack, 'Bucket');
}

// A KMS-encrypted, versioned bucket that enforces TLS, with lifecycle
// rules, destroyed with the stack.
function bucketKMS(cdk, app) {
  const stack = new cdk.Stack(app, 'Storage');
  const bucket = new cdk.aws_s3.Bucket(stack, 'Bucket', {
    encryption: cdk.aws_s3.BucketEncryption.KMS,
    enforceSSL: true,
    versioned: true,
    bucketName: 'my-artifacts',
    removalPolicy: cdk.RemovalPolicy.DESTROY,
    lifecycleRules: [
      { expiration: cdk.Duration.days(90), noncurrentVersionExpiration: cdk.Duration.days(30), abortIncompleteMultipartUploadAfter: cdk.Duration.days(7) },
      { id: 'logs', prefix: 'logs/', transitions: [{ storageClass: cdk.aws_s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: cdk.Duration.days(30) }, { storageClass: cdk.aws_s3.StorageClass.GLACIER, transitionAfter: cdk.Duration.days(90) }] },
    ],
  });
  bucket.addLifecycleRule({ enabled: false, tagFilters: { kind: 'tmp' }, expiration: cdk.Duration.days(1) });
  new cdk.aws_s3.Bucket(stack, 'Managed', { encryption: cdk.aws_s3.BucketEncryption.KMS_MANAGED, bucketKeyEnabled: true });
  new cdk.aws_s3.Bucket(stack, 'S3Managed', { encryption: cdk.aws_s3.BucketEncryption.S3_MANAGED, blockPublicAccess: cdk.aws_s3.BlockPublicAccess.BLOCK_ALL });
}

// Grants on a bucket with a key of its own to a role of the stack, another
// account and a service principal; a resource policy statement; imports.
function bucketGrants(cdk, app) {
  const stack = new cdk.Stack(app, 'Storage');
  const key = new cdk.aws_kms.Key(stack, 'Key');
  const bucket = new cdk.aws_s3.Bucket(stack, 'Bucket', { encryptionKey: key });
  const role = new cdk.aws_iam.Role(stack, 'Reader', { assumedBy: new cdk.aws_iam.ServicePrincipal('codebuild.amazonaws.com') });
  bucket.grantRead(role);
  bucket.grantPut(role, 'out/*');
  bucket.grantReadWrite(new cdk.aws_iam.AccountPrincipal(OTHER_ACCOUNT));
  const writer = new cdk.aws_iam.Role(stack, 'Writer', { assumedBy: new cdk.aws_iam.ServicePrincipal('lambda.amazonaws.com') });
  bucket.grantWrite(writer);
  bucket.grantDelete(writer);
  bucket.addToResourcePolicy(new cdk.aws_iam.PolicyStatement({
    actions: ['s3:GetObject'],
    resources: [bucket.arnForObjects('public/*')],
    principals: [new cdk.aws_iam.AnyPrincipal()],
  }));
  const imported = cdk.aws_s3.Bucket.fromBucketName(stack, 'Imported', 'other-bucket');
  imported.grantRead(role);
  const byArn = cdk.aws_s3.Bucket.fromBucketArn(stack, 'ByArn', 'arn:aws:s3:::third-bucket');
  byArn.grantWrite(writer, 'in/*');
}

// A key with an alias, rotation, a removal policy and grants; an imported key.
function keyAlias(cdk, app) {
  const stack = new cdk.Stack(app, 'Keys');
  const key = new cdk.aws_kms.Key(stack, 'Key', {
    alias: 'alias/release',
    description: 'release artifacts',
    enableKeyRotation: true,
    removalPolicy: cdk.RemovalPolicy.DESTROY,
  });
  key.addAlias('other');
  const role = new cdk.aws_iam.Role(stack, 'User', { assumedBy: new cdk.aws_iam.ServicePrincipal('lambda.amazonaws.com') });
  key.grantEncrypt(role);
  key.grantDecrypt(new cdk.aws_iam.AccountPrincipal(OTHER_ACCOUNT));
  const other = new cdk.aws_kms.Key(stack, 'Other');
  new cdk.aws_kms.Alias(stack, 'Alias', { aliasName: 'alias/named', targetKey: other });
  other.grantEncryptDecrypt(role);
  const imported = cdk.aws_kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:us-east-1:${OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
  imported.grantDecrypt(role);
}

function fn(cdk, stack, id, extra) {
  return new cdk.aws_lambda.Function(stack, id, Object.assign({
    runtime: cdk.aws_lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: cdk.aws_lambda.Code.fromInline('exports.handler = async () => "ok";'),
  }, extra || {}));
}

// A cron rule invoking a Lambda function.
function ruleCronLambda(cdk, app) {
  const stack = new cdk.Stack(app, 'Events');
  const f = fn(cdk, stack, 'Nightly');
  const rule = new cdk.aws_events.Rule(stack, 'Rule', {
    schedule: cdk.aws_events.Schedule.cron({ minute: '0', hour: '3' }),
    description: 'nightly',
  });
  rule.addTarget(new cdk.aws_events_targets.LambdaFunction(f));
  new cdk.aws_events.Rule(stack, 'Weekdays', {
    schedule: cdk.aws_events.Schedule.cron({ minute: '30', hour: '8', weekDay: 'MON-FRI' }),
    targets: [new cdk.aws_events_targets.LambdaFunction(f)],
  });
}

// Rate rules, an event-pattern rule with an SNS topic target.
function ruleRate(cdk, app) {
  const stack = new cdk.Stack(app, 'Events');
  new cdk.aws_events.Rule(stack, 'Hourly', { schedule: cdk.aws_events.Schedule.rate(cdk.Duration.hours(1)), enabled: false });
  new cdk.aws_events.Rule(stack, 'Often', { schedule: cdk.aws_events.Schedule.rate(cdk.Duration.minutes(5)), ruleName: 'often' });
  new cdk.aws_events.Rule(stack, 'Daily', { schedule: cdk.aws_events.Schedule.rate(cdk.Duration.days(1)) });
  new cdk.aws_events.Rule(stack, 'Minute', { schedule: cdk.aws_events.Schedule.expression('rate(1 minute)') });
  const topic = new cdk.aws_sns.Topic(stack, 'Topic');
  const health = new cdk.aws_events.Rule(stack, 'Health', {
    eventPattern: { source: ['aws.health'], detailType: ['AWS Health Event'], detail: { service: ['ECS'], eventTypeCategory: ['scheduledChange'] } },
  });
  health.addTarget(new cdk.aws_events_targets.SnsTopic(topic));
}

// A function with inline code, a current version and an alias, a
// permission and an invoke grant.
function lambdaVersion(cdk, app) {
  const stack = new cdk.Stack(app, 'Functions');
  const f = fn(cdk, stack, 'Handler', {
    environment: { STAGE: 'prod', A_FIRST: '1' },
    timeout: cdk.Duration.seconds(30),
    memorySize: 512,
    architecture: cdk.aws_lambda.Architecture.ARM_64,
    description: 'release handler',
  });
  new cdk.aws_lambda.Alias(stack, 'Live', { aliasName: 'live', version: f.currentVersion });
  f.addPermission('Invoke', { principal: new cdk.aws_iam.ServicePrincipal('s3.amazonaws.com'), sourceArn: 'arn:aws:s3:::my-bucket' });
  const role = new cdk.aws_iam.Role(stack, 'Caller', { assumedBy: new cdk.aws_iam.ServicePrincipal('states.amazonaws.com') });
  f.grantInvoke(role);
  fn(cdk, stack, 'Python', {
    runtime: cdk.aws_lambda.Runtime.PYTHON_3_13,
    code: cdk.aws_lambda.Code.fromBucket(cdk.aws_s3.Bucket.fromBucketName(stack, 'Code', 'code-bucket'), 'handler.zip'),
  });
}

// An alarm on a function's errors, and on a metric of the ALB.
function alarmErrors(cdk, app) {
  const stack = new cdk.Stack(app, 'Alarms');
  const f = fn(cdk, stack, 'Fn');
  f.metricErrors({ period: cdk.Duration.minutes(1) }).createAlarm(stack, 'Errors', {
    threshold: 1,
    evaluationPeriods: 1,
    treatMissingData: cdk.aws_cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  new cdk.aws_cloudwatch.Alarm(stack, 'Slow', {
    metric: f.metricDuration({ statistic: 'p99' }),
    threshold: 1000,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: cdk.aws_cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    alarmDescription: 'slow',
  });
  f.metricThrottles().createAlarm(stack, 'Throttles', { threshold: 0, evaluationPeriods: 1, comparisonOperator: cdk.aws_cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD });
  new cdk.aws_cloudwatch.Metric({ namespace: 'Custom', metricName: 'Jobs', dimensionsMap: { Queue: 'main' }, statistic: 'Sum', period: cdk.Duration.minutes(10) })
    .createAlarm(stack, 'Jobs', { threshold: 10, evaluationPeriods: 2, alarmName: 'jobs' });
}

// A CodeCommit repository with an on-commit rule, grants and an import.
function codecommitOnCommit(cdk, app) {
  const stack = new cdk.Stack(app, 'Source');
  const repo = new cdk.aws_codecommit.Repository(stack, 'Repo', { repositoryName: 'app', description: 'the app' });
  const f = fn(cdk, stack, 'Fn');
  repo.onCommit('OnCommit', { target: new cdk.aws_events_targets.LambdaFunction(f), branches: ['main'] });
  repo.onCommit('AnyCommit');
  const role = new cdk.aws_iam.Role(stack, 'Builder', { assumedBy: new cdk.aws_iam.ServicePrincipal('codebuild.amazonaws.com') });
  repo.grantPull(role);
  repo.grantPullPush(role);
  repo.grantRead(role);
  const imported = cdk.aws_codecommit.Repository.fromRepositoryName(stack, 'Imported', 'legacy');
  imported.grantPull(role);
}

// SNS topics and a publish grant.
function topic(cdk, app) {
  const stack = new cdk.Stack(app, 'Notify');
  const t = new cdk.aws_sns.Topic(stack, 'Topic');
  const named = new cdk.aws_sns.Topic(stack, 'Named', { topicName: 'approvals', displayName: 'Approvals' });
  const role = new cdk.aws_iam.Role(stack, 'Publisher', { assumedBy: new cdk.aws_iam.ServicePrincipal('lambda.amazonaws.com') });
  t.grantPublish(role);
  named.grantPublish(new cdk.aws_iam.AccountPrincipal(OTHER_ACCOUNT));
}

module.exports = {
  'bucket-default': bucketDefault,
  'bucket-kms': bucketKMS,
  'bucket-grants': bucketGrants,
  'key-alias': keyAlias,
  'rule-cron-lambda': ruleCronLambda,
  'rule-rate': ruleRate,
  'lambda-version': lambdaVersion,
  'alarm-errors': alarmErrors,
  'codecommit-oncommit': codecommitOnCommit,
  'topic': topic,
};

// Targets EventBridge reaches with a role: an imported CodeBuild project
// (with an input) and an imported pipeline, on a nightly schedule and on an
// AWS Health event. The Go side implements the two targets in the test
// with events.SingletonEventRole.
module.exports['rule-role-targets'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'Events');
  const project = cdk.aws_codebuild.Project.fromProjectArn(stack, 'Project', 'arn:aws:codebuild:us-east-1:123456789012:project/build');
  const pipeline = cdk.aws_codepipeline.Pipeline.fromPipelineArn(stack, 'Pipeline', 'arn:aws:codepipeline:us-east-1:123456789012:release');
  const rule = new cdk.aws_events.Rule(stack, 'Nightly', { schedule: cdk.aws_events.Schedule.cron({ minute: '0', hour: '2' }) });
  rule.addTarget(new cdk.aws_events_targets.CodeBuildProject(project, {
    event: cdk.aws_events.RuleTargetInput.fromObject({ environmentVariablesOverride: [{ name: 'MODE', value: 'nightly', type: 'PLAINTEXT' }] }),
  }));
  rule.addTarget(new cdk.aws_events_targets.CodePipeline(pipeline));
  new cdk.aws_events.Rule(stack, 'Retire', {
    eventPattern: { source: ['aws.health'], detailType: ['AWS Health Event'], detail: { eventTypeCode: ['AWS_ECS_TASK_PATCHING_RETIREMENT'] } },
    targets: [new cdk.aws_events_targets.CodePipeline(pipeline)],
  });
};

// A function with a role of the program, initial policy statements, a log
// group, reserved concurrency, and invoke grants to a service and another
// account; an imported function as a rule target.
module.exports['lambda-grants'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'Functions');
  const role = new cdk.aws_iam.Role(stack, 'Role', { assumedBy: new cdk.aws_iam.ServicePrincipal('lambda.amazonaws.com') });
  const logs = new cdk.aws_logs.LogGroup(stack, 'Logs', { retention: cdk.aws_logs.RetentionDays.ONE_WEEK });
  const f = new cdk.aws_lambda.Function(stack, 'Fn', {
    runtime: cdk.aws_lambda.Runtime.PYTHON_3_13,
    handler: 'index.handler',
    code: cdk.aws_lambda.Code.fromInline('def handler(event, context):\n    return "ok"\n'),
    role,
    initialPolicy: [new cdk.aws_iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] })],
    logGroup: logs,
    reservedConcurrentExecutions: 5,
    environment: { BB: '2', AA: '1' },
  });
  f.grantInvoke(new cdk.aws_iam.ServicePrincipal('apigateway.amazonaws.com'));
  f.grantInvoke(new cdk.aws_iam.AccountPrincipal(OTHER_ACCOUNT));
  f.currentVersion;
  const imported = cdk.aws_lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:us-east-1:123456789012:function:legacy');
  new cdk.aws_events.Rule(stack, 'Rule', { schedule: cdk.aws_events.Schedule.rate(cdk.Duration.minutes(10)), targets: [new cdk.aws_events_targets.LambdaFunction(imported)] });
};

// The artifact store a pipeline makes: a key and its alias destroyed with
// the stack, a bucket with that key that blocks public access and enforces
// TLS, read and written by a role.
module.exports['bucket-artifacts'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'Release');
  const key = new cdk.aws_kms.Key(stack, 'ArtifactsBucketEncryptionKey', { removalPolicy: cdk.RemovalPolicy.DESTROY });
  const bucket = new cdk.aws_s3.Bucket(stack, 'ArtifactsBucket', {
    encryptionKey: key,
    encryption: cdk.aws_s3.BucketEncryption.KMS,
    enforceSSL: true,
    blockPublicAccess: new cdk.aws_s3.BlockPublicAccess(cdk.aws_s3.BlockPublicAccess.BLOCK_ALL),
    removalPolicy: cdk.RemovalPolicy.RETAIN,
  });
  new cdk.aws_kms.Alias(stack, 'ArtifactsBucketEncryptionKeyAlias', { aliasName: 'alias/codepipeline-release', targetKey: key, removalPolicy: cdk.RemovalPolicy.DESTROY });
  const role = new cdk.aws_iam.Role(stack, 'Role', { assumedBy: new cdk.aws_iam.ServicePrincipal('codepipeline.amazonaws.com') });
  bucket.grantReadWrite(role);
  const other = new cdk.aws_iam.Role(stack, 'Other', { assumedBy: new cdk.aws_iam.ArnPrincipal(`arn:aws:iam::${OTHER_ACCOUNT}:root`) });
  bucket.grantRead(other);
};

// CloudTrail event rules of a bucket and of an imported bucket, one with a
// Lambda target.
module.exports['bucket-cloudtrail'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'Storage');
  const bucket = new cdk.aws_s3.Bucket(stack, 'Bucket', { versioned: true });
  bucket.onCloudTrailWriteObject('Written', { paths: ['release/app.zip'] });
  bucket.onCloudTrailPutObject('Put', { target: new cdk.aws_events_targets.LambdaFunction(fn(cdk, stack, 'Fn')) });
  bucket.onCloudTrailEvent('Any', { paths: ['logs/*'], description: 'log calls' });
  cdk.aws_s3.Bucket.fromBucketName(stack, 'Imported', 'source-bucket').onCloudTrailWriteObject('Source');
};

// A function whose versions are retained, with an alias made by addAlias
// (the shape a CodeDeploy Lambda deployment uses).
module.exports['lambda-alias-retain'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'Functions');
  const f = fn(cdk, stack, 'Handler', {
    currentVersionOptions: { removalPolicy: cdk.RemovalPolicy.RETAIN, description: 'published by the release' },
    memorySize: 256,
  });
  f.addAlias('live', { description: 'production traffic' });
};

// Rollback alarms on a load balancer's 5xx counts: the load balancer's own
// and the blue target group's targets'.
module.exports['alarm-alb-5xx'] = (cdk, app) => {
  const elbv2 = cdk.aws_elasticloadbalancingv2;
  const stack = new cdk.Stack(app, 'Alarms');
  const vpc = new cdk.aws_ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
  const blue = new elbv2.ApplicationTargetGroup(stack, 'Blue', { vpc, port: 80, targetType: elbv2.TargetType.IP });
  lb.addListener('Listener', { port: 80, defaultTargetGroups: [blue] });
  lb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: cdk.Duration.minutes(1) })
    .createAlarm(stack, 'Elb5xx', { threshold: 1, evaluationPeriods: 1 });
  blue.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT)
    .createAlarm(stack, 'Target5xx', { threshold: 5, evaluationPeriods: 2, treatMissingData: cdk.aws_cloudwatch.TreatMissingData.NOT_BREACHING });
  lb.metrics.targetResponseTime({ statistic: 'p95' })
    .createAlarm(stack, 'Latency', { threshold: 0.5, evaluationPeriods: 3, comparisonOperator: cdk.aws_cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD });
};

// The Lambda feature flags of a new AWS CDK project: the log group made
// by the stack and the layer-aware version hash.
module.exports['lambda-flags'] = {
  context: { '@aws-cdk/aws-lambda:recognizeLayerVersion': true, '@aws-cdk/aws-lambda:useCdkManagedLogGroup': true },
  build: (cdk, app) => {
    const stack = new cdk.Stack(app, 'Functions');
    const f = fn(cdk, stack, 'Fn', { environment: { STAGE: 'prod' } });
    new cdk.aws_lambda.Alias(stack, 'Live', { aliasName: 'live', version: f.currentVersion });
  },
};

// A current version whose hash covers references, a joined string, and a
// description with quotes, a tab, non-ASCII text and HTML characters.
module.exports['lambda-version-tokens'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'Functions');
  const bucket = new cdk.aws_s3.Bucket(stack, 'Bucket');
  const f = fn(cdk, stack, 'Fn', {
    description: 'déploiement "v2"\t<b>&</b> ✓',
    environment: { BUCKET: bucket.bucketName, OBJECTS: `${bucket.bucketArn}/releases/*`, REGION_NAME: cdk.Stack.of(stack).region },
    timeout: cdk.Duration.minutes(1),
  });
  bucket.grantRead(f);
  f.currentVersion;
};

// A current version whose function reads a bucket of another stack: the
// hash covers the import of the bucket's export.
module.exports['lambda-version-cross-stack'] = (cdk, app) => {
  const data = new cdk.Stack(app, 'Data');
  const bucket = new cdk.aws_s3.Bucket(data, 'Bucket');
  const stack = new cdk.Stack(app, 'Functions');
  const f = fn(cdk, stack, 'Fn', { environment: { BUCKET: bucket.bucketName } });
  new cdk.aws_lambda.Alias(stack, 'Live', { aliasName: 'live', version: f.currentVersion });
};

// An approval topic with e-mail and HTTPS subscribers.
module.exports['topic-subscriptions'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'Notify');
  const topic = new cdk.aws_sns.Topic(stack, 'Approvals');
  topic.addSubscription(new cdk.aws_sns_subscriptions.EmailSubscription('ops@example.com'));
  topic.addSubscription(new cdk.aws_sns_subscriptions.EmailSubscription('audit@example.com', { json: true }));
  topic.addSubscription(new cdk.aws_sns_subscriptions.UrlSubscription('https://hooks.example.com/release', { rawMessageDelivery: true }));
};
