// CodePipeline: pipelines V1 and V2, the artifact bucket and key, action
// roles, sources, approvals, triggers and conditions. The Go side is
// ../pipeline_test.go.
'use strict';

const V2 = '@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2';
const NOKEYS = '@aws-cdk/aws-codepipeline:crossAccountKeysDefaultValueToFalse';

// A V1 pipeline (no flags) reading an S3 object on its CloudTrail events,
// with a manual approval.
function s3Approval(cdk, app) {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
  const stack = new cdk.Stack(app, 'Release');
  const bucket = new cdk.aws_s3.Bucket(stack, 'Source', { versioned: true });
  const src = new cp.Artifact();
  const p = new cp.Pipeline(stack, 'Pipeline');
  p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'S3', bucket, bucketKey: 'app.zip', output: src, trigger: a.S3Trigger.EVENTS })] });
  p.addStage({ stageName: 'Approve', actions: [new a.ManualApprovalAction({ actionName: 'Approve', additionalInformation: 'ship it?', externalEntityLink: 'https://example.com' })] });
}

// CodeCommit (events by default) and ECR sources, a polled S3 source, a
// disabled transition and a nightly schedule starting the pipeline.
function codecommitECR(cdk, app) {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
  const stack = new cdk.Stack(app, 'Release');
  const repo = cdk.aws_codecommit.Repository.fromRepositoryName(stack, 'Repo', 'app');
  const images = new cdk.aws_ecr.Repository(stack, 'Images');
  const bucket = cdk.aws_s3.Bucket.fromBucketName(stack, 'Drop', 'drop-bucket');
  const p = new cp.Pipeline(stack, 'Pipeline', { pipelineName: 'release', restartExecutionOnUpdate: true });
  p.addStage({ stageName: 'Source', actions: [
    new a.CodeCommitSourceAction({ actionName: 'Code', repository: repo, output: new cp.Artifact('Code') }),
    new a.CodeCommitSourceAction({ actionName: 'Dev', repository: repo, branch: 'dev', output: new cp.Artifact(), codeBuildCloneOutput: true }),
    new a.EcrSourceAction({ actionName: 'Image', repository: images, imageTag: 'release', output: new cp.Artifact('Image') }),
    new a.S3SourceAction({ actionName: 'Drop', bucket, bucketKey: 'drop.zip', output: new cp.Artifact(), trigger: a.S3Trigger.POLL }),
  ] });
  p.addStage({ stageName: 'Approve', transitionToEnabled: false, actions: [new a.ManualApprovalAction({ actionName: 'Approve', notificationTopic: new cdk.aws_sns.Topic(stack, 'Approvals'), runOrder: 2 })] });
  new cdk.aws_events.Rule(stack, 'Nightly', { schedule: cdk.aws_events.Schedule.cron({ hour: '2', minute: '0' }), targets: [new cdk.aws_events_targets.CodePipeline(p)] });
}

// A V2 pipeline by the flags, without its own key: a GitHub connection
// source with a trigger, variables, QUEUED mode, stage conditions and
// automatic rollback.
const v2 = {
  context: { [V2]: true, [NOKEYS]: true },
  build(cdk, app) {
    const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
    const stack = new cdk.Stack(app, 'Release');
    const src = new cp.Artifact();
    const gh = new a.CodeStarConnectionsSourceAction({
      actionName: 'GitHub', connectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/abc',
      owner: 'forma-iac', repo: 'forma', branch: 'main', output: src, triggerOnPush: false, variablesNamespace: 'SourceVars',
    });
    const p = new cp.Pipeline(stack, 'Pipeline', {
      executionMode: cp.ExecutionMode.QUEUED,
      variables: [new cp.Variable({ variableName: 'env', defaultValue: 'prod', description: 'target' })],
      triggers: [{
        providerType: cp.ProviderType.CODE_STAR_SOURCE_CONNECTION,
        gitConfiguration: {
          sourceAction: gh,
          pushFilter: [{ branchesIncludes: ['main', 'release/*'], filePathsExcludes: ['docs/**'] }, { tagsIncludes: ['v*'] }],
          pullRequestFilter: [{ branchesIncludes: ['main'], events: [cp.GitPullRequestEvent.OPEN] }],
        },
      }],
    });
    p.addStage({ stageName: 'Source', actions: [gh] });
    p.addStage({
      stageName: 'Approve',
      actions: [new a.ManualApprovalAction({ actionName: 'Approve' })],
      beforeEntry: { conditions: [{ result: cp.Result.FAIL, rules: [new cp.Rule({ name: 'Alarm', provider: 'CloudWatchAlarm', version: '1', configuration: { AlarmName: 'errors', WaitTime: '1' } })] }] },
      onSuccess: { conditions: [{ result: cp.Result.FAIL, rules: [new cp.Rule({ name: 'Window', provider: 'DeploymentWindow', version: '1', configuration: { Cron: '0 9 ? * MON-FRI *' } })] }] },
      onFailure: { result: cp.Result.ROLLBACK },
    });
  },
};

// V2 by type with a bucket key that rotates, the action roles trusting
// the account (the trust scope flag off), PARALLEL mode.
const v2Rotation = {
  context: { '@aws-cdk/pipelines:reduceStageRoleTrustScope': false },
  build(cdk, app) {
    const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
    const stack = new cdk.Stack(app, 'Release');
    const bucket = new cdk.aws_s3.Bucket(stack, 'Source', { versioned: true });
    const p = new cp.Pipeline(stack, 'Pipeline', { pipelineType: cp.PipelineType.V2, executionMode: cp.ExecutionMode.PARALLEL, enableKeyRotation: true });
    p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'S3', bucket, bucketKey: 'app.zip', output: new cp.Artifact() })] });
    p.addStage({ stageName: 'Approve', actions: [new a.ManualApprovalAction({ actionName: 'Approve' })], onFailure: { result: cp.Result.RETRY, retryMode: cp.RetryMode.FAILED_ACTIONS } });
  },
};


// Every deploy action on a V2 pipeline: CodeBuild build and test of an
// imported project, Commands, the CloudFormation actions (SAM's
// CAPABILITY_AUTO_EXPAND), ECS deploy, CodeDeploy server and ECS
// blue/green, Lambda invoke, S3 deploy and Elastic Beanstalk.
function deployActions(cdk, app) {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions, cd = cdk.aws_codedeploy;
  const stack = new cdk.Stack(app, 'Release');
  const source = new cdk.aws_s3.Bucket(stack, 'Source', { versioned: true });
  const images = new cdk.aws_ecr.Repository(stack, 'Images');
  const project = cdk.aws_codebuild.Project.fromProjectName(stack, 'Build', 'app-build');
  const src = new cp.Artifact('Src'), img = new cp.Artifact('Img'), built = new cp.Artifact(), tpl = new cp.Artifact('Tpl');
  const p = new cp.Pipeline(stack, 'Pipeline', { pipelineType: cp.PipelineType.V2 });
  p.addStage({ stageName: 'Source', actions: [
    new a.S3SourceAction({ actionName: 'Src', bucket: source, bucketKey: 'src.zip', output: src }),
    new a.EcrSourceAction({ actionName: 'Img', repository: images, output: img }),
  ] });
  p.addStage({ stageName: 'Build', actions: [
    new a.CodeBuildAction({ actionName: 'Build', project, input: src, extraInputs: [img], outputs: [built], environmentVariables: { STAGE: { value: 'prod' } } }),
    new a.CodeBuildAction({ actionName: 'Test', project, input: built, type: a.CodeBuildActionType.TEST, runOrder: 2, executeBatchBuild: true, combineBatchBuildArtifacts: true }),
    new a.CommandsAction({ actionName: 'Package', input: src, output: tpl, commands: ['sam package --output-template-file packaged.yaml'], outputVariables: ['VERSION'], variablesNamespace: 'pkg' }),
  ] });
  const fn = new cdk.aws_lambda.Function(stack, 'Check', { runtime: cdk.aws_lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: cdk.aws_lambda.Code.fromInline('exports.handler = async () => {}') });
  const site = new cdk.aws_s3.Bucket(stack, 'Site');
  const serverGroup = cd.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(stack, 'Servers', {
    application: cd.ServerApplication.fromServerApplicationName(stack, 'ServerApp', 'web'), deploymentGroupName: 'web-fleet',
  });
  const ecsGroup = cd.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(stack, 'Blue', {
    application: cd.EcsApplication.fromEcsApplicationName(stack, 'EcsApp', 'svc'), deploymentGroupName: 'svc-bg',
  });
  const cluster = cdk.aws_ecs.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'main', vpc: cdk.aws_ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'] }), securityGroups: [] });
  const service = cdk.aws_ecs.FargateService.fromFargateServiceAttributes(stack, 'Service', { cluster, serviceName: 'web' });
  p.addStage({ stageName: 'Deploy', actions: [
    new a.CloudFormationCreateUpdateStackAction({ actionName: 'Stack', stackName: 'app', templatePath: tpl.atPath('packaged.yaml'), adminPermissions: false, cfnCapabilities: [cdk.CfnCapabilities.AUTO_EXPAND, cdk.CfnCapabilities.NAMED_IAM], parameterOverrides: { Bucket: site.bucketName } }),
    new a.CloudFormationCreateReplaceChangeSetAction({ actionName: 'Prepare', stackName: 'api', changeSetName: 'next', templatePath: tpl.atPath('api.yaml'), adminPermissions: true }),
    new a.CloudFormationExecuteChangeSetAction({ actionName: 'Execute', stackName: 'api', changeSetName: 'next', runOrder: 2, outputFileName: 'out.json' }),
    new a.CloudFormationDeleteStackAction({ actionName: 'Cleanup', stackName: 'old', adminPermissions: false, runOrder: 3 }),
    new a.EcsDeployAction({ actionName: 'Ecs', service, imageFile: built.atPath('images.json'), deploymentTimeout: cdk.Duration.minutes(30) }),
    new a.CodeDeployServerDeployAction({ actionName: 'Servers', deploymentGroup: serverGroup, input: built }),
    new a.CodeDeployEcsDeployAction({ actionName: 'BlueGreen', deploymentGroup: ecsGroup, taskDefinitionTemplateInput: built, appSpecTemplateInput: built, containerImageInputs: [{ input: img, taskDefinitionPlaceholder: 'IMAGE1_NAME' }] }),
    new a.LambdaInvokeAction({ actionName: 'Check', lambda: fn, userParameters: { url: 'https://example.com' }, inputs: [built] }),
    new a.S3DeployAction({ actionName: 'Site', bucket: site, input: built, extract: false, objectKey: 'app.zip', accessControl: cdk.aws_s3.BucketAccessControl.PUBLIC_READ, cacheControl: [a.CacheControl.noCache(), a.CacheControl.maxAge(cdk.Duration.hours(1))] }),
    new a.ElasticBeanstalkDeployAction({ actionName: 'Beanstalk', applicationName: 'app', environmentName: 'prod', input: built }),
  ] });
}

module.exports = {
  'pipeline-deploy-actions': deployActions,
  'pipeline-s3-approval': s3Approval,
  'pipeline-codecommit-ecr': codecommitECR,
  'pipeline-v2-flags': v2,
  'pipeline-v2-rotation': v2Rotation,
};

// Triggers: a registry webhook (IP-authenticated, with filters), an AWS
// Health event (Fargate platform retirement) and a schedule starting the
// pipeline, and notification rules to a topic.
module.exports['pipeline-triggers'] = (cdk, app) => {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
  const stack = new cdk.Stack(app, 'Release');
  const images = new cdk.aws_ecr.Repository(stack, 'Images');
  const p = new cp.Pipeline(stack, 'Pipeline', { pipelineType: cp.PipelineType.V2 });
  p.addStage({ stageName: 'Source', actions: [new a.EcrSourceAction({ actionName: 'Image', repository: images, imageTag: '', output: new cp.Artifact() })] });
  p.addStage({ stageName: 'Approve', actions: [new a.ManualApprovalAction({ actionName: 'Approve' })] });
  new cp.CfnWebhook(stack, 'Registry', {
    authentication: 'IP', authenticationConfiguration: { allowedIpRange: '203.0.113.0/24' },
    filters: [{ jsonPath: '$.push_data.tag', matchEquals: 'release' }, { jsonPath: '$.repository.repo_name' }],
    targetAction: 'Image', targetPipeline: p.pipelineName, targetPipelineVersion: cdk.Token.asNumber(p.pipelineVersion),
  });
  new cdk.aws_events.Rule(stack, 'Retirement', {
    eventPattern: { source: ['aws.health'], detailType: ['AWS Health Event'], detail: { service: ['ECS'], eventTypeCategory: ['scheduledChange'], eventTypeCode: ['AWS_ECS_TASK_PATCHING_RETIREMENT'] } },
    targets: [new cdk.aws_events_targets.CodePipeline(p)],
  });
  new cdk.aws_events.Rule(stack, 'Nightly', { schedule: cdk.aws_events.Schedule.rate(cdk.Duration.days(1)), targets: [new cdk.aws_events_targets.CodePipeline(p)] });
  const topic = new cdk.aws_sns.Topic(stack, 'Alerts');
  p.notifyOnExecutionStateChange('Executions', topic);
  p.notifyOnAnyManualApprovalStateChange('Approvals', topic, { notificationRuleName: 'approvals' });
  p.notifyOn('Failures', topic, { events: [cp.PipelineNotificationEvents.ACTION_EXECUTION_FAILED, cp.PipelineNotificationEvents.STAGE_EXECUTION_FAILED] });
};

// The alias and CodeCommit branch flags: the artifact key alias names the
// stack, the CodeCommit source defaults to main.
module.exports['pipeline-alias-branch-flags'] = {
  context: {
    '@aws-cdk/aws-codepipeline:crossAccountKeyAliasStackSafeResourceName': true,
    '@aws-cdk/aws-codepipeline-actions:useNewDefaultBranchForCodeCommitSource': true,
  },
  build(cdk, app) {
    const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
    const stack = new cdk.Stack(app, 'Release');
    const repo = new cdk.aws_codecommit.Repository(stack, 'Repo', { repositoryName: 'app' });
    const p = new cp.Pipeline(stack, 'MyReleasePipeline');
    p.addStage({ stageName: 'Source', actions: [new a.CodeCommitSourceAction({ actionName: 'Code', repository: repo, output: new cp.Artifact() })] });
    p.addStage({ stageName: 'Approve', actions: [new a.ManualApprovalAction({ actionName: 'Approve', notifyEmails: ['ops@example.com'] })] });
  },
};

// GitHub (version 1) with its webhook, a CodeBuild pipeline project and a
// standard ECS deployment of a Fargate service.
module.exports['pipeline-github-ecs'] = (cdk, app) => {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions, ecs = cdk.aws_ecs;
  const stack = new cdk.Stack(app, 'Release');
  const vpc = new cdk.aws_ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 80 }] });
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task });
  const project = new cdk.aws_codebuild.PipelineProject(stack, 'Build');
  const src = new cp.Artifact(), built = new cp.Artifact();
  const p = new cp.Pipeline(stack, 'Pipeline', { crossAccountKeys: false });
  p.addStage({ stageName: 'Source', actions: [new a.GitHubSourceAction({ actionName: 'GitHub', owner: 'forma-iac', repo: 'app', oauthToken: cdk.SecretValue.secretsManager('github-token'), output: src })] });
  p.addStage({ stageName: 'Build', actions: [new a.CodeBuildAction({ actionName: 'Build', project, input: src, outputs: [built] })] });
  p.addStage({ stageName: 'Deploy', actions: [new a.EcsDeployAction({ actionName: 'Web', service, input: built })] });
};

// A pipeline with its own artifact bucket and role, actions run with the
// pipeline role, a stage placed before another, an approval timeout and
// a Lambda invoke with output artifacts.
module.exports['pipeline-own-bucket-role'] = (cdk, app) => {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
  const stack = new cdk.Stack(app, 'Release');
  const key = new cdk.aws_kms.Key(stack, 'Key');
  const bucket = new cdk.aws_s3.Bucket(stack, 'Artifacts', { encryptionKey: key });
  const role = new cdk.aws_iam.Role(stack, 'PipelineRole', { assumedBy: new cdk.aws_iam.ServicePrincipal('codepipeline.amazonaws.com') });
  const source = new cdk.aws_s3.Bucket(stack, 'Source', { versioned: true });
  const fn = new cdk.aws_lambda.Function(stack, 'Fn', { runtime: cdk.aws_lambda.Runtime.PYTHON_3_13, handler: 'index.handler', code: cdk.aws_lambda.Code.fromInline('def handler(e, c): pass') });
  const src = new cp.Artifact('Src');
  const p = new cp.Pipeline(stack, 'Pipeline', { artifactBucket: bucket, role, usePipelineRoleForActions: true, pipelineName: 'own' });
  p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'Src', bucket: source, bucketKey: 'a.zip', output: src, trigger: a.S3Trigger.NONE })] });
  const deploy = p.addStage({ stageName: 'Deploy', actions: [new a.LambdaInvokeAction({ actionName: 'Invoke', lambda: fn, inputs: [src], outputs: [new cp.Artifact('Out')], userParametersString: 'hello', variablesNamespace: 'fn' })] });
  p.addStage({ stageName: 'Approve', placement: { rightBefore: deploy }, actions: [new a.ManualApprovalAction({ actionName: 'Ok', timeout: cdk.Duration.hours(2) })] });
};

// Rules on an imported pipeline and on a stage's state changes.
module.exports['pipeline-imported-stage-events'] = (cdk, app) => {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
  const stack = new cdk.Stack(app, 'Release');
  const other = cp.Pipeline.fromPipelineArn(stack, 'Other', 'arn:aws:codepipeline:eu-west-1:123456789012:other-release');
  new cdk.aws_events.Rule(stack, 'Weekly', { schedule: cdk.aws_events.Schedule.cron({ weekDay: 'MON', hour: '6', minute: '0' }), targets: [new cdk.aws_events_targets.CodePipeline(other)] });
  const topic = new cdk.aws_sns.Topic(stack, 'Topic');
  const p = new cp.Pipeline(stack, 'Pipeline', { pipelineType: cp.PipelineType.V1 });
  p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'Src', bucket: new cdk.aws_s3.Bucket(stack, 'B', { versioned: true }), bucketKey: 'a.zip', output: new cp.Artifact() })] });
  const approve = p.addStage({ stageName: 'Approve', actions: [new a.ManualApprovalAction({ actionName: 'Ok' })] });
  approve.onStateChange('Changed', new cdk.aws_events_targets.SnsTopic(topic));
  p.onStateChange('PipelineChanged', { target: new cdk.aws_events_targets.SnsTopic(topic) });
};

// A CodeBuild action's environment variables from Parameter Store and
// Secrets Manager: the project's role may read them.
module.exports['pipeline-codebuild-env'] = (cdk, app) => {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions, cb = cdk.aws_codebuild;
  const stack = new cdk.Stack(app, 'Release');
  const project = new cb.PipelineProject(stack, 'Build');
  const src = new cp.Artifact();
  const p = new cp.Pipeline(stack, 'Pipeline', { crossAccountKeys: false, pipelineType: cp.PipelineType.V2 });
  p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'Src', bucket: new cdk.aws_s3.Bucket(stack, 'B', { versioned: true }), bucketKey: 'a.zip', output: src })] });
  p.addStage({ stageName: 'Build', actions: [new a.CodeBuildAction({ actionName: 'Build', project, input: src, environmentVariables: {
    STAGE: { value: 'prod' },
    DB: { type: cb.BuildEnvironmentVariableType.PARAMETER_STORE, value: '/app/db' },
    PASSWORD: { type: cb.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'app-secret:password' },
    TOKEN: { type: cb.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared-token' },
  } })] });
};
