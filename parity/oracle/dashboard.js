// AWS CDK programs for forma's CloudWatch dashboard parity cases
// (parity/dashboard_test.go builds the same stacks in Go). Each case builds
// one stack "Observe".
'use strict';

function fn(cdk, s) {
  const lambda = cdk.aws_lambda;
  return new lambda.Function(s, 'Trigger', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(event, context):\n    pass\n'),
  });
}

module.exports = {
  // A dashboard with one text widget and every default.
  'dashboard-text': (cdk, app) => {
    const s = new cdk.Stack(app, 'Observe');
    const d = new cdk.aws_cloudwatch.Dashboard(s, 'Dashboard');
    d.addWidgets(new cdk.aws_cloudwatch.TextWidget({ markdown: '# Releases\nBuilt by "forma"' }));
  },

  // Graph, single-value, text and alarm widgets over Lambda, CodeBuild,
  // Container Insights and custom metrics, laid out in rows.
  'dashboard-widgets': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = new cdk.Stack(app, 'Observe');
    const f = fn(cdk, s);
    const project = new cdk.aws_codebuild.PipelineProject(s, 'Build');
    const cpu = new cw.Metric({
      namespace: 'ContainerInsights', metricName: 'node_cpu_utilization',
      dimensionsMap: { ClusterName: 'platform' }, statistic: 'Average', period: cdk.Duration.minutes(1),
    });
    const mem = new cw.Metric({
      namespace: 'ContainerInsights', metricName: 'node_memory_utilization',
      dimensionsMap: { ClusterName: 'platform' }, label: 'Memory %',
    });
    const custom = new cw.Metric({ namespace: 'Electrify', metricName: 'Releases', statistic: 'Sum', unit: cw.Unit.COUNT });
    const alarm = f.metricErrors().createAlarm(s, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    const d = new cw.Dashboard(s, 'Dashboard', {
      dashboardName: 'electrify',
      defaultInterval: cdk.Duration.days(7),
    });
    d.addWidgets(new cw.TextWidget({ markdown: '# Electrify', width: 24, height: 2 }));
    d.addWidgets(
      new cw.GraphWidget({
        title: 'Builds',
        left: [project.metricSucceededBuilds(), project.metricFailedBuilds()],
        right: [project.metricDuration()],
        stacked: true,
        width: 12,
      }),
      new cw.GraphWidget({
        title: 'Nodes',
        left: [cpu, mem],
        leftYAxis: { min: 0, max: 100 },
        leftAnnotations: [{ value: 80, label: 'busy', color: '#d62728', fill: cw.Shading.ABOVE }],
        period: cdk.Duration.minutes(5),
        statistic: 'Maximum',
        view: cw.GraphWidgetView.TIME_SERIES,
      }),
    );
    d.addWidgets(
      new cw.SingleValueWidget({ title: 'Releases', metrics: [custom], sparkline: true }),
      new cw.GraphWidget({ title: 'Trigger', left: [f.metricInvocations(), f.metricErrors()], right: [f.metricDuration()], height: 8 }),
      new cw.AlarmWidget({ title: 'Trigger errors', alarm }),
    );
  },

  // The release trigger: a function allowed to start a pipeline (the
  // statement forma's Pipeline.GrantStartExecution writes; the AWS CDK has
  // no such method) and invokable by an Alexa skill.
  'dashboard-release-trigger': (cdk, app) => {
    const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
    const s = new cdk.Stack(app, 'Observe');
    const f = fn(cdk, s);
    const p = new cp.Pipeline(s, 'Pipeline', { pipelineType: cp.PipelineType.V2 });
    const bucket = cdk.aws_s3.Bucket.fromBucketName(s, 'Drop', 'drop-bucket');
    p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'Drop', bucket, bucketKey: 'drop.zip', output: new cp.Artifact(), trigger: a.S3Trigger.POLL })] });
    p.addStage({ stageName: 'Approve', actions: [new a.ManualApprovalAction({ actionName: 'Approve' })] });
    f.addToRolePolicy(new cdk.aws_iam.PolicyStatement({ actions: ['codepipeline:StartPipelineExecution'], resources: [p.pipelineArn] }));
    f.addPermission('Alexa', {
      principal: new cdk.aws_iam.ServicePrincipal('alexa-appkit.amazon.com'),
      eventSourceToken: 'amzn1.ask.skill.12345678-1234-1234-1234-123456789012',
    });
  },
};
