// Task definitions and containers: ordered environment, secrets and labels,
// runtime platform, sidecars with dependencies and volumes, Linux parameters,
// ulimits, health checks and several port mappings.
'use strict';

function stack(cdk, app, name) {
  return new cdk.Stack(app, name);
}

module.exports = {
  // Environment, secrets and docker labels in the program's (unsorted) order.
  'ecs-taskdef-ordered-env': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefOrdered');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef');
    const c = td.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      environment: { ZONE: 'eu', APP_MODE: 'prod', LOG_LEVEL: 'info' },
      secrets: {
        TOKEN: ecs.Secret.fromSsmParameter(cdk.aws_ssm.StringParameter.fromStringParameterName(s, 'Token', '/prod/token')),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(cdk.aws_secretsmanager.Secret.fromSecretNameV2(s, 'Db', 'prod/db'), 'password'),
        DB_PASSWORD_OLD: ecs.Secret.fromSecretsManagerVersion(cdk.aws_secretsmanager.Secret.fromSecretNameV2(s, 'DbOld', 'prod/db'), { versionStage: 'AWSPREVIOUS' }, 'password'),
        API_KEY_V1: ecs.Secret.fromSecretsManagerVersion(cdk.aws_secretsmanager.Secret.fromSecretCompleteArn(s, 'Api', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf'), { versionId: 'f00d' }),
      },
      dockerLabels: { 'z.team': 'web', 'a.owner': 'ops' },
    });
    c.addEnvironment('APP_MODE', 'staging');
    c.addEnvironment('EXTRA', '1');
    c.addDockerLabel('m.tier', 'front');
  },

  // A Fargate task on ARM64 Linux.
  'ecs-taskdef-arm64': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefArm');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef', {
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') });
  },

  // An application container and sidecars, two from the same ECR
  // repository, logging with awslogs, one reading a secret: the one
  // execution role pulls, logs and reads for all. The app waits for the
  // sidecars and mounts a bind volume and an EFS volume; the proxy takes the
  // init container's volumes.
  'ecs-taskdef-sidecar': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefSidecar');
    const repo = cdk.aws_ecr.Repository.fromRepositoryName(s, 'Repo', 'shop');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef', {
      cpu: 1024,
      memoryLimitMiB: 2048,
      volumes: [{ name: 'scratch' }],
    });
    td.addVolume({
      name: 'shared',
      efsVolumeConfiguration: {
        fileSystemId: 'fs-12345678',
        rootDirectory: '/data',
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: 'fsap-1234567890abcdef0', iam: 'ENABLED' },
      },
    });
    const web = td.addContainer('web', {
      image: ecs.ContainerImage.fromEcrRepository(repo, 'v1'),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
      portMappings: [{ containerPort: 8080 }],
      cpu: 512,
    });
    const init = td.addContainer('init', {
      image: ecs.ContainerImage.fromEcrRepository(repo, 'init'),
      essential: false,
      command: ['/bin/prepare'],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'init' }),
      secrets: { API_KEY: ecs.Secret.fromSsmParameter(cdk.aws_ssm.StringParameter.fromStringParameterName(s, 'ApiKey', '/shop/api-key')) },
    });
    const proxy = td.addContainer('proxy', {
      image: ecs.ContainerImage.fromRegistry('envoyproxy/envoy:v1.30-latest'),
      essential: true,
      memoryReservationMiB: 128,
      healthCheck: { command: ['curl -f http://localhost:9901/ready || exit 1'] },
    });
    web.addContainerDependencies(
      { container: init, condition: ecs.ContainerDependencyCondition.SUCCESS },
      { container: proxy },
    );
    init.addMountPoints({ containerPath: '/scratch', sourceVolume: 'scratch', readOnly: false });
    web.addMountPoints(
      { containerPath: '/scratch', sourceVolume: 'scratch', readOnly: true },
      { containerPath: '/mnt/shared', sourceVolume: 'shared', readOnly: false },
    );
    proxy.addVolumesFrom({ sourceContainer: 'init', readOnly: true });
  },

  // Linux parameters and ulimits, as Fargate accepts them: an init process,
  // SYS_PTRACE added, capabilities dropped.
  'ecs-taskdef-linux': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefLinux');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef');
    const lp = new ecs.LinuxParameters(s, 'LinuxParameters', { initProcessEnabled: true });
    lp.addCapabilities(ecs.Capability.SYS_PTRACE);
    lp.dropCapabilities(ecs.Capability.NET_RAW, ecs.Capability.MKNOD);
    const c = td.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      linuxParameters: lp,
      ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 65536, hardLimit: 65536 }],
    });
    c.addUlimits({ name: ecs.UlimitName.NPROC, softLimit: 1024, hardLimit: 2048 });
    td.addContainer('worker', {
      image: ecs.ContainerImage.fromRegistry('busybox'),
      essential: false,
      linuxParameters: new ecs.LinuxParameters(s, 'InitOnly', { initProcessEnabled: true }),
    });
  },

  // A container health check with every setting, and a HEALTHY dependency.
  'ecs-taskdef-healthcheck': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefHealth');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef');
    const db = td.addContainer('db', {
      image: ecs.ContainerImage.fromRegistry('postgres:16'),
      healthCheck: {
        command: ['pg_isready', '-U', 'postgres'],
        interval: cdk.Duration.seconds(10),
        timeout: cdk.Duration.seconds(3),
        retries: 5,
        startPeriod: cdk.Duration.seconds(40),
      },
      startTimeout: cdk.Duration.seconds(120),
      stopTimeout: cdk.Duration.seconds(30),
    });
    const app2 = td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx') });
    app2.addContainerDependencies({ container: db });
  },

  // Several port mappings: names and application protocols for Service
  // Connect, a UDP port, more added after the container.
  'ecs-taskdef-ports': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefPorts');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef');
    const c = td.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      portMappings: [
        { containerPort: 8080, name: 'http', appProtocol: ecs.AppProtocol.http },
        { containerPort: 9090, name: 'grpc', appProtocol: ecs.AppProtocol.grpc },
      ],
    });
    c.addPortMappings({ containerPort: 5353, protocol: ecs.Protocol.UDP }, { containerPort: 8443, hostPort: 8443 });
  },

  // FireLens: a container logging with awsfirelens and no log router gets
  // the default Fluent Bit router, its image from the public SSM parameter.
  'ecs-taskdef-firelens-auto': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefFirelensAuto');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef');
    td.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      logging: ecs.LogDrivers.firelens({
        options: { Name: 'cloudwatch', region: 'eu-west-1', log_group_name: 'app', log_stream_prefix: 'app/', auto_create_group: 'true' },
      }),
    });
  },

  // FireLens with a router of the program's own: a Fluent Bit image from a
  // registry, a configuration file in S3, and a secret option.
  'ecs-taskdef-firelens-router': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefFirelensRouter');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef');
    td.addFirelensLogRouter('router', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'),
      firelensConfig: {
        type: ecs.FirelensLogRouterType.FLUENTBIT,
        options: { configFileType: ecs.FirelensConfigFileType.S3, configFileValue: 'arn:aws:s3:::my-bucket/fluent-bit.conf' },
      },
      memoryReservationMiB: 64,
    });
    td.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      logging: ecs.LogDrivers.firelens({
        options: { Name: 'datadog', Host: 'http-intake.logs.datadoghq.com', TLS: 'on' },
        secretOptions: { apikey: ecs.Secret.fromSsmParameter(cdk.aws_ssm.StringParameter.fromStringParameterName(s, 'DdKey', '/dd/key')) },
      }),
    });
  },

  // The load-balanced Fargate service pattern on ARM64, with its
  // container's environment and secrets in the program's order.
  'ecs-taskdef-pattern-ordered': (cdk, app) => {
    const { aws_ec2: ec2, aws_ecs: ecs, aws_ecs_patterns: patterns } = cdk;
    const s = stack(cdk, app, 'PatternOrdered');
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(s, 'Cluster', { vpc });
    new patterns.ApplicationLoadBalancedFargateService(s, 'Service', {
      cluster,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      taskImageOptions: {
        image: ecs.ContainerImage.fromRegistry('amazon/amazon-ecs-sample'),
        environment: { ZONE: 'eu', APP_MODE: 'prod', B: '2', A: '1' },
        secrets: {
          TOKEN: ecs.Secret.fromSsmParameter(cdk.aws_ssm.StringParameter.fromStringParameterName(s, 'Token', '/prod/token')),
          DB_PASSWORD: ecs.Secret.fromSecretsManager(cdk.aws_secretsmanager.Secret.fromSecretNameV2(s, 'Db', 'prod/db')),
        },
      },
    });
  },

  // The process namespace shared by the task's containers, environment
  // files in S3, kernel parameters, a TTY and an open stdin.
  'ecs-taskdef-misc': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefMisc');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef', {
      pidMode: ecs.PidMode.TASK,
      runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const bucket = cdk.aws_s3.Bucket.fromBucketName(s, 'Config', 'my-config-bucket');
    td.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      environmentFiles: [ecs.EnvironmentFile.fromBucket(bucket, 'app/prod.env'), ecs.EnvironmentFile.fromBucket(bucket, 'app/common.env')],
      systemControls: [{ namespace: 'net.ipv4.tcp_keepalive_time', value: '60' }],
      pseudoTerminal: true,
      interactive: true,
      portMappings: [{ containerPort: 8080, name: 'web', appProtocol: ecs.AppProtocol.http2 }],
    });
  },

  // Images of an ECR repository of the same stack, by tag and by digest.
  'ecs-taskdef-ecr-repo': (cdk, app) => {
    const ecs = cdk.aws_ecs;
    const s = stack(cdk, app, 'TaskDefEcr');
    const repo = new cdk.aws_ecr.Repository(s, 'Repo');
    const td = new ecs.FargateTaskDefinition(s, 'TaskDef');
    td.addContainer('app', { image: ecs.ContainerImage.fromEcrRepository(repo) });
    td.addContainer('agent', {
      image: ecs.ContainerImage.fromEcrRepository(repo, 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
      essential: false,
    });
  },
};
