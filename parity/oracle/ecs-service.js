// AWS CDK programs for forma's ECS service parity cases (parity/ecsservice_test.go
// builds the same stacks in Go). Each case builds one stack "EcsService".
'use strict';

// base makes the stack, a VPC with one NAT gateway, a cluster and a Fargate
// task definition with one container "web" on port 80 logging to awslogs.
function base(cdk, app, clusterProps) {
  const { aws_ec2: ec2, aws_ecs: ecs } = cdk;
  const stack = new cdk.Stack(app, 'EcsService');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, ...(clusterProps ? clusterProps(stack) : {}) });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  const container = taskDefinition.addContainer('web', {
    image: ecs.ContainerImage.fromRegistry('nginx'),
    portMappings: [{ containerPort: 80 }],
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
  });
  return { stack, vpc, cluster, taskDefinition, container };
}

function alb(cdk, stack, vpc) {
  const lb = new cdk.aws_elasticloadbalancingv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
  const listener = lb.addListener('Listener', { port: 80 });
  return { lb, listener };
}

module.exports = {
  'ecs-codedeploy-alb': (cdk, app) => {
    const { stack, vpc, cluster, taskDefinition } = base(cdk, app);
    const service = new cdk.aws_ecs.FargateService(stack, 'Service', {
      cluster, taskDefinition,
      deploymentController: { type: cdk.aws_ecs.DeploymentControllerType.CODE_DEPLOY },
    });
    const { listener } = alb(cdk, stack, vpc);
    listener.addTargets('ECS', { port: 80, targets: [service] });
  },

  'ecs-external': (cdk, app) => {
    const { stack, cluster, taskDefinition } = base(cdk, app);
    new cdk.aws_ecs.FargateService(stack, 'Service', {
      cluster, taskDefinition, desiredCount: 2,
      deploymentController: { type: cdk.aws_ecs.DeploymentControllerType.EXTERNAL },
    });
  },

  'ecs-exec-default': (cdk, app) => {
    const { stack, cluster, taskDefinition } = base(cdk, app);
    new cdk.aws_ecs.FargateService(stack, 'Service', { cluster, taskDefinition, enableExecuteCommand: true });
  },

  'ecs-exec-kms-logs': (cdk, app) => {
    const { aws_ecs: ecs, aws_kms: kms, aws_logs: logs, aws_s3: s3 } = cdk;
    const { stack, cluster, taskDefinition } = base(cdk, app, (stack) => ({
      executeCommandConfiguration: {
        kmsKey: new kms.Key(stack, 'ExecKey'),
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: {
          cloudWatchLogGroup: new logs.LogGroup(stack, 'ExecLogs'),
          cloudWatchEncryptionEnabled: true,
          s3Bucket: s3.Bucket.fromBucketName(stack, 'ExecBucket', 'exec-audit-logs'),
          s3EncryptionEnabled: true,
          s3KeyPrefix: 'exec',
        },
      },
    }));
    new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, enableExecuteCommand: true });
  },

  'ecs-exec-kms-default': (cdk, app) => {
    const { aws_ecs: ecs, aws_kms: kms } = cdk;
    const { stack, cluster, taskDefinition } = base(cdk, app, (stack) => ({
      executeCommandConfiguration: { kmsKey: new kms.Key(stack, 'ExecKey') },
    }));
    new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, enableExecuteCommand: true });
  },

  'ecs-autoscaling': (cdk, app) => {
    const { aws_ecs: ecs, aws_applicationautoscaling: appscaling, Duration } = cdk;
    const { stack, vpc, cluster, taskDefinition } = base(cdk, app);
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, minHealthyPercent: 100 });
    const { listener } = alb(cdk, stack, vpc);
    const targetGroup = listener.addTargets('ECS', { port: 80, targets: [service] });
    const scaling = service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 10 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 50 });
    scaling.scaleOnMemoryUtilization('Memory', {
      targetUtilizationPercent: 70, scaleInCooldown: Duration.seconds(60), scaleOutCooldown: Duration.seconds(30),
    });
    scaling.scaleOnRequestCount('Requests', { requestsPerTarget: 1000, targetGroup, disableScaleIn: true });
    scaling.scaleOnSchedule('Night', {
      schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), minCapacity: 0, maxCapacity: 0,
    });
    scaling.scaleOnSchedule('Day', {
      schedule: appscaling.Schedule.rate(Duration.hours(12)), minCapacity: 1,
    });
  },

  'ecs-fargate-spot': (cdk, app) => {
    const { stack, cluster, taskDefinition } = base(cdk, app, () => ({ enableFargateCapacityProviders: true }));
    new cdk.aws_ecs.FargateService(stack, 'Service', {
      cluster, taskDefinition,
      capacityProviderStrategies: [
        { capacityProvider: 'FARGATE_SPOT', weight: 2 },
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      ],
    });
  },

  'ecs-service-connect': (cdk, app) => {
    const { aws_ecs: ecs } = cdk;
    const { stack, cluster, container, taskDefinition } = base(cdk, app);
    cluster.addDefaultCloudMapNamespace({ name: 'internal', useForServiceConnect: true });
    container.addPortMappings({ containerPort: 8080, name: 'api', appProtocol: ecs.AppProtocol.http });
    new ecs.FargateService(stack, 'Service', {
      cluster, taskDefinition,
      serviceConnectConfiguration: {
        services: [{ portMappingName: 'api', dnsName: 'api', port: 80 }],
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: 'sc' }),
      },
    });
    // A client: Service Connect with the cluster's namespace, nothing advertised.
    const clientTd = new ecs.FargateTaskDefinition(stack, 'ClientTaskDef');
    clientTd.addContainer('client', { image: ecs.ContainerImage.fromRegistry('curlimages/curl') });
    new ecs.FargateService(stack, 'Client', {
      cluster, taskDefinition: clientTd, serviceConnectConfiguration: {},
    });
  },

  'ecs-cloud-map': (cdk, app) => {
    const { aws_ecs: ecs, aws_servicediscovery: sd, Duration } = cdk;
    const { stack, vpc, cluster, taskDefinition } = base(cdk, app);
    cluster.addDefaultCloudMapNamespace({ name: 'local' });
    new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, cloudMapOptions: { name: 'api' } });
    const ns = new sd.PrivateDnsNamespace(stack, 'Namespace', { name: 'other.local', vpc });
    const workerTd = new ecs.FargateTaskDefinition(stack, 'WorkerTaskDef');
    workerTd.addContainer('worker', {
      image: ecs.ContainerImage.fromRegistry('worker'), portMappings: [{ containerPort: 9000 }],
    });
    new ecs.FargateService(stack, 'Worker', {
      cluster, taskDefinition: workerTd,
      cloudMapOptions: {
        name: 'worker', cloudMapNamespace: ns, dnsRecordType: sd.DnsRecordType.SRV,
        dnsTtl: Duration.seconds(30), failureThreshold: 2,
      },
    });
  },

  'ecs-lb-target': (cdk, app) => {
    const { aws_ecs: ecs, aws_elasticloadbalancingv2: elbv2 } = cdk;
    const { stack, vpc, cluster, taskDefinition } = base(cdk, app);
    taskDefinition.addContainer('admin', {
      image: ecs.ContainerImage.fromRegistry('admin'), portMappings: [{ containerPort: 9000 }], essential: false,
    });
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition });
    const { listener } = alb(cdk, stack, vpc);
    listener.addTargets('Web', { port: 80, targets: [service.loadBalancerTarget({ containerName: 'web', containerPort: 80 })] });
    const admin = new elbv2.ApplicationListener(stack, 'AdminListener', {
      loadBalancer: listener.loadBalancer, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP,
    });
    service.registerLoadBalancerTargets({
      containerName: 'admin', containerPort: 9000, newTargetGroupId: 'Admin',
      listener: ecs.ListenerConfig.applicationListener(admin, { protocol: elbv2.ApplicationProtocol.HTTP }),
    });
  },

  'ecs-pattern-exec': (cdk, app) => {
    const { aws_ecs: ecs, aws_ecs_patterns: patterns } = cdk;
    const stack = new cdk.Stack(app, 'EcsService');
    const vpc = new cdk.aws_ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
    new patterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
      cluster,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('nginx') },
      enableExecuteCommand: true,
      desiredCount: 2,
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      capacityProviderStrategies: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    });
  },

  'ecs-pattern-codedeploy': (cdk, app) => {
    const { aws_ecs: ecs, aws_ecs_patterns: patterns } = cdk;
    const stack = new cdk.Stack(app, 'EcsService');
    const vpc = new cdk.aws_ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    new patterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
      cluster,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('nginx') },
      deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
    });
  },

  'ecs-exec-reduced': {
    context: { '@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions': true },
    build: (cdk, app) => {
      const { stack, cluster, taskDefinition } = base(cdk, app);
      new cdk.aws_ecs.FargateService(stack, 'Service', { cluster, taskDefinition, enableExecuteCommand: true });
    },
  },

  'ecs-service-connect-http': (cdk, app) => {
    const { aws_ecs: ecs, aws_servicediscovery: sd, Duration } = cdk;
    const { stack, cluster, container, taskDefinition } = base(cdk, app, () => ({
      defaultCloudMapNamespace: { name: 'svc', type: sd.NamespaceType.HTTP, useForServiceConnect: true },
    }));
    container.addPortMappings({ containerPort: 8080, name: 'api', appProtocol: ecs.AppProtocol.grpc });
    new ecs.FargateService(stack, 'Service', {
      cluster, taskDefinition,
      serviceConnectConfiguration: {
        namespace: 'svc',
        services: [{
          portMappingName: 'api', discoveryName: 'api-v2', ingressPortOverride: 15000,
          idleTimeout: Duration.minutes(10), perRequestTimeout: Duration.seconds(30),
        }],
      },
    });
  },

  'ecs-scaling-schedules': (cdk, app) => {
    const { aws_ecs: ecs, aws_applicationautoscaling: appscaling, Duration, TimeZone } = cdk;
    const { stack, cluster, taskDefinition } = base(cdk, app);
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition });
    const scaling = service.autoScaleTaskCount({ maxCapacity: 6 });
    scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: 65, policyName: 'memory-policy' });
    scaling.scaleOnSchedule('Launch', {
      schedule: appscaling.Schedule.at(new Date(Date.UTC(2027, 2, 4, 5, 6, 7))), minCapacity: 4,
    });
    scaling.scaleOnSchedule('Weekdays', {
      schedule: appscaling.Schedule.cron({ minute: '30', hour: '7', weekDay: 'MON-FRI' }),
      minCapacity: 2, maxCapacity: 6,
      startTime: new Date(Date.UTC(2027, 0, 1, 0, 0, 0)), endTime: new Date(Date.UTC(2027, 11, 31, 23, 59, 0)),
      timeZone: TimeZone.EUROPE_PARIS,
    });
  },

  'ecs-revision-default-strategy': (cdk, app) => {
    const { aws_ecs: ecs } = cdk;
    const { stack, cluster, taskDefinition } = base(cdk, app, () => ({ enableFargateCapacityProviders: true }));
    cluster.addDefaultCapacityProviderStrategy([
      { capacityProvider: 'FARGATE', base: 1, weight: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
    ]);
    new ecs.FargateService(stack, 'Service', {
      cluster, taskDefinition, taskDefinitionRevision: ecs.TaskDefinitionRevision.of(3),
    });
    const latestTd = new ecs.FargateTaskDefinition(stack, 'LatestTaskDef');
    latestTd.addContainer('app', { image: ecs.ContainerImage.fromRegistry('app') });
    new ecs.FargateService(stack, 'Latest', {
      cluster, taskDefinition: latestTd, taskDefinitionRevision: ecs.TaskDefinitionRevision.LATEST,
    });
  },

  // The ECS flags that `cdk init` turns on.
  'ecs-cdk-init-flags': {
    context: {
      '@aws-cdk/aws-ecs:removeDefaultDeploymentAlarm': true,
      '@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker': true,
      '@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions': true,
      '@aws-cdk/aws-ecs-patterns:uniqueTargetGroupId': true,
    },
    build: (cdk, app) => {
      const { aws_ecs: ecs, aws_ecs_patterns: patterns } = cdk;
      const { stack, cluster, taskDefinition } = base(cdk, app);
      new ecs.FargateService(stack, 'Service', {
        cluster, taskDefinition, enableExecuteCommand: true, circuitBreaker: { rollback: true },
      });
      new patterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
        cluster,
        taskImageOptions: { image: ecs.ContainerImage.fromRegistry('nginx') },
        publicLoadBalancer: false,
        loadBalancerName: 'web',
      });
    },
  },
};
