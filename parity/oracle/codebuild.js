// AWS CDK programs for forma's CodeBuild and CodeStar Notifications parity
// cases (parity/codebuild_test.go builds the same stacks in Go). Each case
// builds one stack "Build".
'use strict';

const OTHER_ACCOUNT = '111122223333';

function stack(cdk, app, props) {
  return new cdk.Stack(app, 'Build', props);
}

module.exports = {
  // A PipelineProject with every default.
  'codebuild-pipeline-project': (cdk, app) => {
    new cdk.aws_codebuild.PipelineProject(stack(cdk, app), 'Project');
  },

  // A CodeCommit project with an inline buildspec, environment variables of
  // each type, timeouts, a large privileged build, an event rule and
  // notifications to an SNS topic.
  'codebuild-codecommit': (cdk, app) => {
    const { aws_codebuild: cb } = cdk;
    const s = stack(cdk, app);
    const repo = new cdk.aws_codecommit.Repository(s, 'Repo', { repositoryName: 'app' });
    const topic = new cdk.aws_sns.Topic(s, 'Topic');
    const project = new cb.Project(s, 'Project', {
      projectName: 'app-build',
      description: 'builds the app',
      source: cb.Source.codeCommit({ repository: repo, branchOrRef: 'main', cloneDepth: 1 }),
      buildSpec: cb.BuildSpec.fromObject({
        version: '0.2',
        phases: { build: { commands: ['mvn install'] } },
        artifacts: { files: ['target/app.jar'], 'discard-paths': true },
      }),
      environment: {
        buildImage: cb.LinuxBuildImage.AMAZON_LINUX_2_5,
        computeType: cb.ComputeType.LARGE,
        privileged: true,
        environmentVariables: { STAGE: { value: 'dev' } },
      },
      environmentVariables: {
        STAGE: { value: 'prod' },
        TOKEN: { type: cb.BuildEnvironmentVariableType.PARAMETER_STORE, value: '/app/token' },
        NAME: { type: cb.BuildEnvironmentVariableType.PARAMETER_STORE, value: 'app-name' },
        DB: { type: cb.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'db-secret:password' },
        OTHER: { type: cb.BuildEnvironmentVariableType.SECRETS_MANAGER, value: `arn:aws:secretsmanager:eu-west-1:${OTHER_ACCOUNT}:secret:shared-AbCdEf:key::` },
      },
      timeout: cdk.Duration.minutes(30),
      queuedTimeout: cdk.Duration.hours(2),
      concurrentBuildLimit: 2,
      badge: true,
      ssmSessionPermissions: true,
      autoRetryLimit: 2,
      visibility: cb.ProjectVisibility.PRIVATE,
    });
    project.onBuildFailed('OnFailed', { target: new cdk.aws_events_targets.SnsTopic(topic) });
    new cdk.aws_events.Rule(s, 'Nightly', {
      schedule: cdk.aws_events.Schedule.cron({ minute: '0', hour: '2' }),
      targets: [new cdk.aws_events_targets.CodeBuildProject(project)],
    });
    project.notifyOnBuildFailed('NotifyFailed', topic);
    project.notifyOnBuildSucceeded('NotifySucceeded', topic, { detailType: cdk.aws_codestarnotifications.DetailType.BASIC, enabled: true });
  },

  // A project in a VPC: the security group the CDK creates, the network
  // interface policy, a local cache and CloudWatch logs.
  'codebuild-vpc': (cdk, app) => {
    const { aws_codebuild: cb } = cdk;
    const s = stack(cdk, app);
    const vpc = new cdk.aws_ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const logGroup = new cdk.aws_logs.LogGroup(s, 'Logs');
    const project = new cb.PipelineProject(s, 'Project', {
      vpc,
      cache: cb.Cache.local(cb.LocalCacheMode.DOCKER_LAYER, cb.LocalCacheMode.CUSTOM),
      logging: { cloudWatch: { logGroup, prefix: 'build' } },
      environment: { buildImage: cb.LinuxArmBuildImage.AMAZON_LINUX_2_STANDARD_3_0 },
      fileSystemLocations: [cb.FileSystemLocation.efs({ identifier: 'cache', location: 'fs-12345678.efs.eu-west-1.amazonaws.com:/', mountPoint: '/mnt/cache' })],
    });
  },

  // An S3 source, S3 artifacts, an S3 cache and S3 logs, a report group
  // with export and its write grant, a Windows image, a KMS key.
  'codebuild-s3': (cdk, app) => {
    const { aws_codebuild: cb, aws_s3: s3 } = cdk;
    const s = stack(cdk, app);
    const bucket = new s3.Bucket(s, 'Bucket');
    const key = new cdk.aws_kms.Key(s, 'Key');
    const reports = new cb.ReportGroup(s, 'Reports', { exportBucket: bucket, zipExport: true });
    const coverage = new cb.ReportGroup(s, 'Coverage', { type: cb.ReportGroupType.CODE_COVERAGE, reportGroupName: 'coverage', removalPolicy: cdk.RemovalPolicy.DESTROY, deleteReports: true });
    const project = new cb.Project(s, 'Project', {
      source: cb.Source.s3({ bucket, path: 'src/app.zip' }),
      artifacts: cb.Artifacts.s3({ bucket, path: 'out', name: 'app.zip', includeBuildId: false }),
      cache: cb.Cache.bucket(bucket, { prefix: 'cache' }),
      logging: { s3: { bucket, prefix: 'logs', encrypted: false } },
      environment: { buildImage: cb.WindowsBuildImage.WIN_SERVER_CORE_2019_BASE_3_0 },
      encryptionKey: key,
      secondarySources: [cb.Source.s3({ identifier: 'assets', bucket, path: 'assets.zip' })],
      secondaryArtifacts: [cb.Artifacts.s3({ identifier: 'reports', bucket, path: 'reports', name: 'reports.zip' })],
      buildSpec: cb.BuildSpec.fromObject({
        version: '0.2',
        phases: { build: { commands: ['dotnet test'] } },
        reports: { [reports.reportGroupArn]: { files: ['**/*.trx'], 'file-format': 'VISUALSTUDIOTRX' } },
      }),
    });
    reports.grantWrite(project);
    coverage.grantWrite(project);
  },

  // A GitHub source with webhook filters and an image from ECR.
  'codebuild-github-ecr': (cdk, app) => {
    const { aws_codebuild: cb } = cdk;
    const s = stack(cdk, app);
    const repo = new cdk.aws_ecr.Repository(s, 'Images');
    new cb.Project(s, 'Project', {
      source: cb.Source.gitHub({
        owner: 'forma-iac',
        repo: 'forma',
        webhookFilters: [
          cb.FilterGroup.inEventOf(cb.EventAction.PUSH).andBranchIs('main').andFilePathIsNot('^docs/'),
          cb.FilterGroup.inEventOf(cb.EventAction.PULL_REQUEST_CREATED, cb.EventAction.PULL_REQUEST_UPDATED).andBaseBranchIs('main'),
        ],
      }),
      environment: { buildImage: cb.LinuxBuildImage.fromEcrRepository(repo, 'v1') },
      grantReportGroupPermissions: false,
    });
    new cb.Project(s, 'Runners', { source: cb.Source.gitHub({ owner: 'forma-iac' }) });
    new cb.Project(s, 'Batch', {
      source: cb.Source.gitHub({ owner: 'forma-iac', repo: 'forma', webhook: true, webhookTriggersBatchBuild: true }),
    });
    new cb.Project(s, 'Docker', {
      buildSpec: cb.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }),
      environment: {
        buildImage: cb.LinuxBuildImage.fromDockerRegistry('golang:1.26', {
          secretsManagerCredentials: cdk.aws_secretsmanager.Secret.fromSecretCompleteArn(s, 'DockerHub', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockerhub-AbCdEf'),
        }),
      },
    });
  },

  // A GPU build on an AWS Deep Learning Containers image: the account
  // mapping and the pull grant.
  'codebuild-gpu': (cdk, app) => {
    const { aws_codebuild: cb } = cdk;
    const s = stack(cdk, app);
    new cb.PipelineProject(s, 'Project', { environment: { buildImage: cb.LinuxGpuBuildImage.DLC_PYTORCH_1_5_0_TRAINING } });
    const regional = new cdk.Stack(app, 'Regional', { env: { account: '123456789012', region: 'eu-west-2' } });
    new cb.PipelineProject(regional, 'Project', { environment: { buildImage: cb.LinuxGpuBuildImage.DLC_MXNET_1_6_0, computeType: cb.ComputeType.SMALL } });
  },

  // Builds on Lambda compute.
  'codebuild-lambda-compute': (cdk, app) => {
    const { aws_codebuild: cb } = cdk;
    const s = stack(cdk, app);
    new cb.PipelineProject(s, 'Node', { environment: { buildImage: cb.LinuxLambdaBuildImage.AMAZON_LINUX_2023_NODE_22 } });
    new cb.PipelineProject(s, 'Go', { environment: { buildImage: cb.LinuxArmLambdaBuildImage.AMAZON_LINUX_2023_GO_1_24, computeType: cb.ComputeType.LAMBDA_4GB } });
  },

  // A notification rule to a Slack channel, made directly.
  'notification-rule-slack': (cdk, app) => {
    const s = stack(cdk, app);
    const project = new cdk.aws_codebuild.PipelineProject(s, 'Project');
    const slack = cdk.aws_chatbot.SlackChannelConfiguration.fromSlackChannelConfigurationArn(s, 'Slack',
      'arn:aws:chatbot::123456789012:chat-configuration/slack-channel/builds');
    const rule = new cdk.aws_codestarnotifications.NotificationRule(s, 'Rule', {
      source: project,
      events: ['codebuild-project-build-state-succeeded', 'codebuild-project-build-state-failed'],
      targets: [slack],
      notificationRuleName: 'builds',
    });
    rule.addTarget(new cdk.aws_sns.Topic(s, 'Topic'));
  },

  // SAM resources: the stack carries the Serverless transform.
  'sam-function': (cdk, app) => {
    const s = stack(cdk, app);
    const table = new cdk.aws_sam.CfnSimpleTable(s, 'Orders', { primaryKey: { name: 'id', type: 'String' } });
    new cdk.aws_sam.CfnFunction(s, 'Handler', {
      runtime: 'python3.13',
      handler: 'index.handler',
      inlineCode: 'def handler(event, context):\n    return 200\n',
      memorySize: 256,
      autoPublishAlias: 'live',
      deploymentPreference: { type: 'Canary10Percent5Minutes' },
      environment: { variables: { TABLE: table.ref } },
      events: { Get: { type: 'Api', properties: { path: '/orders', method: 'get' } } },
    });
    new cdk.aws_sam.CfnLayerVersion(s, 'Deps', { contentUri: { bucket: 'artifacts', key: 'deps.zip' }, compatibleRuntimes: ['python3.13'] });
  },
};
