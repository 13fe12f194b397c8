// AWS CDK programs taken from the examples of aws-cdk-lib's aws-cloudwatch
// README and API docs (parity/docs_cloudwatch_test.go builds the same stacks
// in Go). Each case builds one stack "Docs"; a `declare const` of an example
// becomes a construct of the stack.
'use strict';

function stack(cdk, app) {
  return new cdk.Stack(app, 'Docs');
}

function fn(cdk, s) {
  const lambda = cdk.aws_lambda;
  return new lambda.Function(s, 'Fn', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(event, context):\n    pass\n'),
  });
}

module.exports = {
  // "Alarms": new Alarm and metric.createAlarm.
  'docs-cw-alarm': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const f = fn(cdk, s);
    new cw.Alarm(s, 'Alarm', { metric: f.metricErrors(), threshold: 100, evaluationPeriods: 2 });
    f.metricErrors().createAlarm(s, 'Alarm2', { threshold: 100, evaluationPeriods: 2 });
  },

  // An alarm on a custom metric with every option of the classic format.
  'docs-cw-alarm-options': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const metric = new cw.Metric({
      namespace: 'MyNamespace',
      metricName: 'MyMetric',
      dimensionsMap: { ProcessingStep: 'Download' },
      statistic: cw.Stats.SAMPLE_COUNT,
      period: cdk.Duration.minutes(1),
      unit: cw.Unit.COUNT,
    });
    new cw.Alarm(s, 'Alarm', {
      metric,
      threshold: 10,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cw.TreatMissingData.BREACHING,
      alarmName: 'downloads-low',
      alarmDescription: 'Fewer than 10 downloads a minute',
      actionsEnabled: false,
    });
  },

  // "Available Aggregation Statistics": percentiles and trimmed sums.
  'docs-cw-alarm-stats': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const base = { namespace: 'AWS/Route53', metricName: 'DNSQueries', dimensionsMap: { HostedZoneId: 'Z123456789' } };
    new cw.Metric({ ...base, statistic: cw.Stats.p(99), period: cdk.Duration.minutes(5) }).createAlarm(s, 'P99', {
      threshold: 1000, evaluationPeriods: 1, evaluateLowSampleCountPercentile: 'ignore',
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    new cw.Metric({ ...base, statistic: 'TS(7.5%:90%)', period: cdk.Duration.minutes(5) }).createAlarm(s, 'Trimmed', {
      threshold: 50, evaluationPeriods: 3, comparisonOperator: cw.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });
    new cw.Metric({ ...base, statistic: 'Maximum', period: cdk.Duration.hours(1) }).createAlarm(s, 'Max', {
      threshold: 5, evaluationPeriods: 2, treatMissingData: cw.TreatMissingData.IGNORE,
    });
  },

  // "Alarm Actions": an SNS topic notified on alarm, OK and insufficient data.
  'docs-cw-alarm-sns': (cdk, app) => {
    const cw = cdk.aws_cloudwatch, actions = cdk.aws_cloudwatch_actions;
    const s = stack(cdk, app);
    const f = fn(cdk, s);
    const alarm = new cw.Alarm(s, 'Alarm', { metric: f.metricThrottles(), threshold: 1, evaluationPeriods: 1 });
    const topic = new cdk.aws_sns.Topic(s, 'Topic');
    alarm.addAlarmAction(new actions.SnsAction(topic));
    alarm.addOkAction(new actions.SnsAction(topic));
    alarm.addInsufficientDataAction(new actions.SnsAction(topic));
  },

  // "Aggregation" and "Labels": a metric with a statistic, a period and a
  // label; an alarm on a labelled metric uses the Metrics format.
  'docs-cw-metric-label': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const f = fn(cdk, s);
    const minuteErrorRate = f.metricErrors({
      statistic: cw.Stats.AVERAGE,
      period: cdk.Duration.minutes(1),
      label: 'Lambda failure rate',
    });
    minuteErrorRate.createAlarm(s, 'Rate', { threshold: 0.1, evaluationPeriods: 3 });
    const hourly = f.metricErrors({
      statistic: cw.Stats.SUM,
      period: cdk.Duration.hours(1),
      label: '[max: ${MAX}] Lambda failure rate',
    });
    new cw.Dashboard(s, 'Dash').addWidgets(new cw.GraphWidget({ left: [minuteErrorRate, hourly] }));
  },

  // "Graph widget": left and right axes, a metric changed with `with`,
  // annotations, the legend, live data.
  'docs-cw-graph': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const executionCountMetric = new cw.Metric({ namespace: 'MyApp', metricName: 'Executions', statistic: 'Sum' });
    const errorCountMetric = new cw.Metric({ namespace: 'MyApp', metricName: 'Errors', statistic: 'Sum' });
    const dashboard = new cw.Dashboard(s, 'Dash');
    dashboard.addWidgets(new cw.GraphWidget({
      title: 'Executions vs error rate',
      left: [executionCountMetric],
      right: [errorCountMetric.with({
        statistic: cw.Stats.AVERAGE,
        label: 'Error rate',
        color: cw.Color.GREEN,
      })],
      leftAnnotations: [
        { value: 1800, label: cdk.Duration.minutes(30).toHumanString(), color: cw.Color.RED },
        { value: 3600, label: '1 hour', color: '#2ca02c' },
      ],
      legendPosition: cw.LegendPosition.RIGHT,
      liveData: true,
    }));
  },

  // Graph views, axes and a widget's own time range.
  'docs-cw-graph-views': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const f = fn(cdk, s);
    const dashboard = new cw.Dashboard(s, 'Dash');
    dashboard.addWidgets(
      new cw.GraphWidget({ title: 'Bar', left: [f.metricInvocations()], view: cw.GraphWidgetView.BAR, setPeriodToTimeRange: true }),
      new cw.GraphWidget({ title: 'Pie', left: [f.metricErrors(), f.metricThrottles()], view: cw.GraphWidgetView.PIE }),
      new cw.GraphWidget({
        title: 'Ranged',
        left: [f.metricDuration()],
        right: [f.metricInvocations()],
        leftYAxis: { min: 0, label: 'ms', showUnits: false },
        rightYAxis: { min: 0, max: 1000 },
        start: '-P7D',
        end: '2018-12-17T06:00:00.000Z',
        stacked: true,
        width: 12,
        height: 8,
        period: cdk.Duration.minutes(15),
        statistic: 'p90',
      }),
    );
  },

  // "Single value widget".
  'docs-cw-single-value': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const visitorCount = new cw.Metric({ namespace: 'Shop', metricName: 'Visitors', statistic: 'Sum' });
    const purchaseCount = new cw.Metric({ namespace: 'Shop', metricName: 'Purchases', statistic: 'Sum' });
    const dashboard = new cw.Dashboard(s, 'Dash');
    dashboard.addWidgets(new cw.SingleValueWidget({ metrics: [visitorCount, purchaseCount] }));
    dashboard.addWidgets(new cw.SingleValueWidget({ metrics: [visitorCount], fullPrecision: true, title: 'Visitors' }));
    dashboard.addWidgets(new cw.SingleValueWidget({ metrics: [purchaseCount], sparkline: true, period: cdk.Duration.minutes(15) }));
    dashboard.addWidgets(new cw.SingleValueWidget({ metrics: [purchaseCount], setPeriodToTimeRange: true, width: 8, height: 4 }));
  },

  // "Text widget" and "Alarm widget".
  'docs-cw-text-alarm': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const f = fn(cdk, s);
    const errorAlarm = new cw.Alarm(s, 'Errors', { metric: f.metricErrors(), threshold: 1, evaluationPeriods: 1 });
    const dashboard = new cw.Dashboard(s, 'Dash');
    dashboard.addWidgets(new cw.TextWidget({ markdown: '# Key Performance Indicators' }));
    dashboard.addWidgets(new cw.TextWidget({
      markdown: '# Key Performance Indicators',
      background: cw.TextWidgetBackground.TRANSPARENT,
    }));
    dashboard.addWidgets(new cw.TextWidget({ markdown: 'solid', background: cw.TextWidgetBackground.SOLID, width: 24, height: 1 }));
    dashboard.addWidgets(new cw.AlarmWidget({ title: 'Errors', alarm: errorAlarm }));
    dashboard.addWidgets(new cw.AlarmWidget({ alarm: errorAlarm, leftYAxis: { min: 0 }, width: 12 }));
  },

  // "Dashboard Layout": Column, Row and Spacer, widgets wrapping at 24
  // columns.
  'docs-cw-layout': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const text = (md, width, height) => new cw.TextWidget({ markdown: md, width, height });
    const dashboard = new cw.Dashboard(s, 'Dash');
    dashboard.addWidgets(new cw.Column(text('a'), text('b', 6, 4)), new cw.Row(text('c', 12), new cw.Spacer({ width: 2 }), text('d')));
    const row = new cw.Row(text('e', 10), text('f', 10));
    row.addWidget(text('g', 10));
    const column = new cw.Column(text('h'));
    column.addWidget(text('i', 8, 3));
    dashboard.addWidgets(row, column);
    dashboard.addWidgets(text('j', 20), text('k', 8), new cw.Spacer(), text('l'));
  },

  // "Interval duration for dashboard", with a name and a period override,
  // and widgets given as rows.
  'docs-cw-dashboard-props': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    new cw.Dashboard(s, 'Dash', { defaultInterval: cdk.Duration.days(7) });
    new cw.Dashboard(s, 'Ranged', {
      dashboardName: 'ranged-dashboard',
      start: '-PT8H',
      end: '2024-01-01T00:00:00Z',
      periodOverride: cw.PeriodOverride.INHERIT,
      widgets: [
        [new cw.TextWidget({ markdown: 'one' }), new cw.TextWidget({ markdown: 'two' })],
        [new cw.TextWidget({ markdown: 'three', width: 24 })],
      ],
    });
  },

  // Metrics of several constructs on one dashboard, the same metric on both
  // axes (kept once, on the left).
  'docs-cw-shared-metrics': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const f = fn(cdk, s);
    const m = new cw.Metric({ namespace: 'MyNamespace', metricName: 'MyMetric', dimensionsMap: { ProcessingStep: 'Download', Stage: 'prod' } });
    const dashboard = new cw.Dashboard(s, 'Dash', { dashboardName: 'shared' });
    const g = new cw.GraphWidget({ left: [m, f.metricErrors()], right: [m, f.metricErrors({ statistic: 'Maximum' })] });
    g.addLeftMetric(f.metricInvocations());
    g.addRightMetric(f.metricDuration({ statistic: 'p99' }));
    dashboard.addWidgets(g);
  },

  // "Metric ID" and "Metric Visible": ids, a hidden metric and a color set
  // through a construct's metric options.
  'docs-cw-metric-id': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const f = fn(cdk, s);
    const metric = new cw.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'Invocations',
      dimensionsMap: { FunctionName: 'MyFunction' },
      id: 'invocations',
    });
    const hidden = f.metricErrors({ visible: false });
    const invocations = f.metricInvocations({ id: 'lambda_invocations' });
    const errors = f.metricErrors({ id: 'lambda_errors', color: cw.Color.RED, statistic: 'Maximum' });
    new cw.Dashboard(s, 'Dash').addWidgets(new cw.GraphWidget({ left: [metric, hidden, invocations], right: [errors] }));
  },

  // Vertical annotations, pie labels, live data and cross-account widgets.
  'docs-cw-widget-options': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const f = fn(cdk, s);
    const alarm = f.metricErrors().createAlarm(s, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    const dashboard = new cw.Dashboard(s, 'Dash');
    dashboard.addWidgets(new cw.GraphWidget({
      left: [f.metricInvocations()],
      verticalAnnotations: [
        { date: '2022-10-19T00:00:00Z', label: 'Deployment', color: cw.Color.RED },
        { date: '2022-10-20T00:00:00Z', fill: cw.VerticalShading.AFTER, visible: false },
      ],
      accountId: '123456789012',
    }));
    dashboard.addWidgets(new cw.GraphWidget({
      left: [f.metricErrors(), f.metricThrottles()],
      view: cw.GraphWidgetView.PIE,
      displayLabelsOnChart: true,
    }));
    dashboard.addWidgets(
      new cw.SingleValueWidget({ metrics: [f.metricInvocations()], liveData: true, accountId: '123456789012' }),
      new cw.AlarmWidget({ alarm, accountId: '123456789012' }),
    );
  },

  // Statistics in their short and long forms, in alarms and on a graph; an
  // alarm on a labelled metric with a unit; an imported alarm on a widget.
  'docs-cw-stat-forms': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = stack(cdk, app);
    const stats = ['avg', 'max', 'n', 'p99.9', 'tm99', 'IQM', 'PR(10:5000)', 'TC(10%:90%)', 'wm90'];
    const metrics = stats.map((statistic) => new cw.Metric({ namespace: 'MyNamespace', metricName: 'Latency', statistic }));
    metrics.forEach((m, i) => m.createAlarm(s, `Alarm${i}`, { threshold: i, evaluationPeriods: 1 }));
    new cw.Metric({ namespace: 'MyNamespace', metricName: 'Bytes', unit: cw.Unit.BYTES, label: 'bytes', statistic: 'p95', period: cdk.Duration.minutes(10) })
      .createAlarm(s, 'Labelled', { threshold: 1024, evaluationPeriods: 2, datapointsToAlarm: 1 });
    const imported = cw.Alarm.fromAlarmArn(s, 'Imported', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:my-alarm');
    new cw.Dashboard(s, 'Dash').addWidgets(
      new cw.GraphWidget({ left: metrics, region: 'eu-west-1' }),
      new cw.AlarmWidget({ alarm: imported, region: 'us-east-1' }),
    );
  },

  // Metrics of other accounts and regions: on a graph, and in alarms of a
  // stack with an environment (the same account: the classic form; another
  // account: the Metrics form).
  'docs-cw-cross-account': (cdk, app) => {
    const cw = cdk.aws_cloudwatch;
    const s = new cdk.Stack(app, 'Docs', { env: { account: '111111111111', region: 'us-east-1' } });
    const base = { namespace: 'AWS/Lambda', metricName: 'Errors', dimensionsMap: { FunctionName: 'api' }, statistic: 'Sum' };
    const local = new cw.Metric({ ...base, account: '111111111111' });
    const remote = new cw.Metric({ ...base, account: '222222222222' });
    const west = new cw.Metric({ ...base, region: 'us-west-2', account: '222222222222', label: 'west' });
    local.createAlarm(s, 'Local', { threshold: 1, evaluationPeriods: 1 });
    remote.createAlarm(s, 'Remote', { threshold: 1, evaluationPeriods: 1 });
    new cw.Dashboard(s, 'Dash').addWidgets(new cw.GraphWidget({ left: [local, remote], right: [west] }));
  },
};
