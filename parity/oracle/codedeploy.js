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

module.exports = {
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
};
