// AWS CDK programs for forma's CodeDeploy parity cases (parity/codedeploy_test.go
// builds the same stacks in Go). Each case builds one stack "CodeDeploy".
'use strict';

function alarm(cdk, stack, id) {
  return new cdk.aws_cloudwatch.Alarm(stack, id, {
    metric: new cdk.aws_cloudwatch.Metric({ namespace: 'App', metricName: id }),
    threshold: 1, evaluationPeriods: 1,
  });
}

function server(cdk, app) {
  const cd = cdk.aws_codedeploy;
  const stack = new cdk.Stack(app, 'CodeDeploy');
  const application = new cd.ServerApplication(stack, 'App', { applicationName: 'MyApp' });
  const config = new cd.ServerDeploymentConfig(stack, 'Config', {
    minimumHealthyHosts: cd.MinimumHealthyHosts.percentage(75),
    zonalConfig: {
      monitorDuration: cdk.Duration.minutes(5),
      minimumHealthyHostsPerZone: cd.MinimumHealthyHostsPerZone.count(1),
    },
  });
  const group = new cd.ServerDeploymentGroup(stack, 'Group', {
    application, deploymentConfig: config, deploymentGroupName: 'MyGroup',
    ec2InstanceTags: new cd.InstanceTagSet({ Env: [], Name: ['web', 'api'] }, { '': ['blue'] }),
    onPremiseInstanceTags: new cd.InstanceTagSet({ Site: ['dc1'] }),
    loadBalancer: cd.LoadBalancer.classic({ loadBalancerName: 'classic-lb' }),
    alarms: [alarm(cdk, stack, 'Errors')],
    autoRollback: { stoppedDeployment: true },
  });
  group.addAlarm(alarm(cdk, stack, 'Latency'));
  return { stack, group };
}

function ecsBase(cdk, app) {
  const { aws_ec2: ec2, aws_ecs: ecs, aws_elasticloadbalancingv2: elbv2 } = cdk;
  const stack = new cdk.Stack(app, 'CodeDeploy');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  taskDefinition.addContainer('web', {
    image: ecs.ContainerImage.fromRegistry('nginx'),
    portMappings: [{ containerPort: 80 }],
  });
  const service = new ecs.FargateService(stack, 'Service', {
    cluster, taskDefinition,
    deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
  });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
  const blue = new elbv2.ApplicationTargetGroup(stack, 'Blue', { vpc, port: 80, targetType: elbv2.TargetType.IP });
  const green = new elbv2.ApplicationTargetGroup(stack, 'Green', { vpc, port: 80, targetType: elbv2.TargetType.IP });
  const listener = lb.addListener('Listener', { port: 80, defaultTargetGroups: [blue] });
  const testListener = lb.addListener('TestListener', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, defaultTargetGroups: [green] });
  service.attachToApplicationTargetGroup(blue);
  return { stack, service, blue, green, listener, testListener };
}

function lambdaBase(cdk, app) {
  const stack = new cdk.Stack(app, 'CodeDeploy');
  const fn = (id) => new cdk.aws_lambda.Function(stack, id, {
    runtime: cdk.aws_lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: cdk.aws_lambda.Code.fromInline('exports.handler = async () => "' + id + '";'),
  });
  const f = fn('Fn');
  const alias = new cdk.aws_lambda.Alias(stack, 'Live', { aliasName: 'live', version: f.currentVersion });
  return { stack, fn, alias };
}

module.exports = {
  'codedeploy-ecs-default': (cdk, app) => {
    const { stack, service, blue, green, listener } = ecsBase(cdk, app);
    new cdk.aws_codedeploy.EcsDeploymentGroup(stack, 'Group', {
      service, blueGreenDeploymentConfig: { blueTargetGroup: blue, greenTargetGroup: green, listener },
    });
  },
  'codedeploy-ecs-full': (cdk, app) => {
    const cd = cdk.aws_codedeploy;
    const { stack, service, blue, green, listener, testListener } = ecsBase(cdk, app);
    const config = new cd.EcsDeploymentConfig(stack, 'Config', {
      deploymentConfigName: 'Canary20',
      trafficRouting: cd.TrafficRouting.timeBasedCanary({ interval: cdk.Duration.minutes(15), percentage: 20 }),
    });
    new cd.EcsDeploymentConfig(stack, 'Linear', {
      trafficRouting: cd.TrafficRouting.timeBasedLinear({ interval: cdk.Duration.minutes(2), percentage: 25 }),
    });
    new cd.EcsDeploymentConfig(stack, 'AllAtOnce');
    new cd.EcsDeploymentGroup(stack, 'Group', {
      application: new cd.EcsApplication(stack, 'App'),
      service, deploymentConfig: config,
      blueGreenDeploymentConfig: {
        blueTargetGroup: blue, greenTargetGroup: green, listener, testListener,
        terminationWaitTime: cdk.Duration.minutes(30),
        deploymentApprovalWaitTime: cdk.Duration.hours(1),
      },
      alarms: [alarm(cdk, stack, 'Errors')],
      autoRollback: { failedDeployment: false },
    });
    new cd.EcsDeploymentGroup(stack, 'Canary', {
      service, deploymentConfig: cd.EcsDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      blueGreenDeploymentConfig: { blueTargetGroup: blue, greenTargetGroup: green, listener },
    });
  },
  'codedeploy-lambda-default': (cdk, app) => {
    const { stack, alias } = lambdaBase(cdk, app);
    new cdk.aws_codedeploy.LambdaDeploymentGroup(stack, 'Group', { alias });
  },
  'codedeploy-lambda-hooks': (cdk, app) => {
    const cd = cdk.aws_codedeploy;
    const { stack, fn, alias } = lambdaBase(cdk, app);
    const config = new cd.LambdaDeploymentConfig(stack, 'Config', {
      trafficRouting: cd.TrafficRouting.timeBasedLinear({ interval: cdk.Duration.minutes(5), percentage: 10 }),
    });
    const group = new cd.LambdaDeploymentGroup(stack, 'Group', {
      alias, deploymentConfig: config, preHook: fn('Pre'),
      application: new cd.LambdaApplication(stack, 'App', { applicationName: 'Fns' }),
      deploymentGroupName: 'live-group',
      alarms: [alarm(cdk, stack, 'Errors')],
    });
    group.addPostHook(fn('Post'));
    new cd.LambdaDeploymentGroup(stack, 'Canary', {
      alias: new cdk.aws_lambda.Alias(stack, 'Beta', { aliasName: 'beta', version: alias.version }),
      deploymentConfig: cd.LambdaDeploymentConfig.CANARY_10PERCENT_10MINUTES,
    });
  },

  'codedeploy-server-default': (cdk, app) => {
    const stack = new cdk.Stack(app, 'CodeDeploy');
    new cdk.aws_codedeploy.ServerDeploymentGroup(stack, 'Group');
  },
  'codedeploy-server-full': server,
  'codedeploy-server-flags': {
    context: { '@aws-cdk/aws-codedeploy:removeAlarmsFromDeploymentGroup': true },
    build: (cdk, app) => {
      const cd = cdk.aws_codedeploy;
      const stack = new cdk.Stack(app, 'CodeDeploy');
      new cd.ServerDeploymentGroup(stack, 'Group', {
        deploymentConfig: cd.ServerDeploymentConfig.HALF_AT_A_TIME,
        autoScalingGroups: [],
        autoRollback: { failedDeployment: false, deploymentInAlarm: false },
      });
      new cd.ServerDeploymentGroup(stack, 'WithAlarm', {
        deploymentConfig: cd.ServerDeploymentConfig.fromServerDeploymentConfigName(stack, 'Imported', 'Custom.Config'),
        alarms: [alarm(cdk, stack, 'Errors')],
        ignorePollAlarmsFailure: true,
      });
    },
  },
  'ecs-native-bluegreen': (cdk, app) => {
    const { aws_ec2: ec2, aws_ecs: ecs, aws_elasticloadbalancingv2: elbv2 } = cdk;
    const stack = new cdk.Stack(app, 'CodeDeploy');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    taskDefinition.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      portMappings: [{ containerPort: 80 }],
    });
    const hook = new cdk.aws_lambda.Function(stack, 'Hook', {
      runtime: cdk.aws_lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: cdk.aws_lambda.Code.fromInline('exports.handler = async () => ({ hookStatus: "SUCCEEDED" });'),
    });
    const service = new ecs.FargateService(stack, 'Service', {
      cluster, taskDefinition,
      deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN,
      bakeTime: cdk.Duration.minutes(10),
      lifecycleHooks: [new ecs.DeploymentLifecycleLambdaTarget(hook, 'PreScaleUp', {
        lifecycleStages: [ecs.DeploymentLifecycleStage.PRE_SCALE_UP, ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
      })],
    });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
    const listener = lb.addListener('Listener', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    const blue = new elbv2.ApplicationTargetGroup(stack, 'Blue', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    const green = new elbv2.ApplicationTargetGroup(stack, 'Green', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    const rule = new elbv2.ApplicationListenerRule(stack, 'Rule', {
      listener, priority: 1, conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: elbv2.ListenerAction.weightedForward([{ targetGroup: blue, weight: 100 }, { targetGroup: green, weight: 0 }]),
    });
    service.loadBalancerTarget({
      containerName: 'web', containerPort: 80,
      alternateTarget: new ecs.AlternateTarget('Alternate', {
        alternateTargetGroup: green,
        productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(rule),
      }),
    }).attachToApplicationTargetGroup(blue);
    new ecs.FargateService(stack, 'Canary', {
      cluster, taskDefinition,
      deploymentStrategy: ecs.DeploymentStrategy.CANARY,
      canaryConfiguration: { stepPercent: 5, stepBakeTime: cdk.Duration.minutes(3) },
      deploymentAlarms: { alarmNames: ['canary-5xx'], behavior: ecs.AlarmBehavior.FAIL_ON_ALARM },
    });
    const linear = new ecs.FargateService(stack, 'Linear', {
      cluster, taskDefinition,
      deploymentStrategy: ecs.DeploymentStrategy.LINEAR,
      linearConfiguration: { stepPercent: 25 },
    });
    linear.enableDeploymentAlarms(['linear-5xx', 'linear-latency']);
  },
  'codedeploy-server-alb': (cdk, app) => {
    const { aws_ec2: ec2, aws_elasticloadbalancingv2: elbv2, aws_codedeploy: cd } = cdk;
    const stack = new cdk.Stack(app, 'CodeDeploy', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
    const tg = new elbv2.ApplicationTargetGroup(stack, 'Web', { vpc, port: 80, targetType: elbv2.TargetType.INSTANCE });
    lb.addListener('Listener', { port: 80, defaultTargetGroups: [tg] });
    new cd.ServerDeploymentGroup(stack, 'Group', {
      deploymentConfig: cd.ServerDeploymentConfig.ALL_AT_ONCE,
      autoScalingGroups: [cdk.aws_autoscaling.AutoScalingGroup.fromAutoScalingGroupName(stack, 'Asg', 'web-asg')],
      installAgent: false,
      loadBalancers: [cd.LoadBalancer.application(tg), cd.LoadBalancer.classic({ loadBalancerName: 'legacy' })],
      terminationHook: true,
    });
  },
  'codedeploy-lambda-flags': {
    context: { '@aws-cdk/aws-codedeploy:removeAlarmsFromDeploymentGroup': true },
    build: (cdk, app) => {
      const cd = cdk.aws_codedeploy;
      const { stack, alias } = lambdaBase(cdk, app);
      new cd.LambdaDeploymentGroup(stack, 'Group', {
        alias, deploymentConfig: cd.LambdaDeploymentConfig.ALL_AT_ONCE,
        alarms: [alarm(cdk, stack, 'Errors')],
        ignoreAlarmConfiguration: true,
        autoRollback: { stoppedDeployment: true, deploymentInAlarm: false },
      });
    },
  },
};
