package parity

import (
	"fmt"
	"time"

	"github.com/forma-iac/forma/constructs"
	cw "github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/constructs/sns"
)

// The examples of aws-cdk-lib's aws-cloudwatch README and API docs
// (oracle/docs-cloudwatch.js).

func docsFn(s *constructs.Stack) *lambda.Function {
	return lambda.NewFunction(s, "Fn", lambda.FunctionProps{
		Runtime: lambda.Python312, Handler: "index.handler",
		Code: lambda.CodeFromInline("def handler(event, context):\n    pass\n"),
	})
}

func init() {
	register(
		Case{Name: "docs-cw-alarm", Build: func(app *constructs.App) {
			s := docsStack(app)
			f := docsFn(s)
			cw.NewAlarm(s, "Alarm", cw.AlarmProps{Metric: f.MetricErrors(), CreateAlarmOptions: cw.CreateAlarmOptions{Threshold: 100, EvaluationPeriods: 2}})
			f.MetricErrors().CreateAlarm(s, "Alarm2", cw.CreateAlarmOptions{Threshold: 100, EvaluationPeriods: 2})
		}},
		Case{Name: "docs-cw-alarm-options", Build: func(app *constructs.App) {
			s := docsStack(app)
			metric := cw.Metric{
				Namespace: "MyNamespace", MetricName: "MyMetric",
				DimensionsMap: map[string]string{"ProcessingStep": "Download"},
				Statistic:     "SampleCount", Period: time.Minute, Unit: "Count",
			}
			cw.NewAlarm(s, "Alarm", cw.AlarmProps{Metric: metric, CreateAlarmOptions: cw.CreateAlarmOptions{
				Threshold: 10, EvaluationPeriods: 5, DatapointsToAlarm: 3,
				ComparisonOperator: cw.LessThanThreshold,
				TreatMissingData:   cw.MissingBreaching,
				AlarmName:          "downloads-low",
				AlarmDescription:   "Fewer than 10 downloads a minute",
				ActionsDisabled:    true,
			}})
		}},
		Case{Name: "docs-cw-alarm-stats", Build: func(app *constructs.App) {
			s := docsStack(app)
			base := cw.Metric{Namespace: "AWS/Route53", MetricName: "DNSQueries", DimensionsMap: map[string]string{"HostedZoneId": "Z123456789"}}
			base.WithStatistic("p99").WithPeriod(5*time.Minute).CreateAlarm(s, "P99", cw.CreateAlarmOptions{
				Threshold: 1000, EvaluationPeriods: 1, EvaluateLowSampleCountPercentile: "ignore",
				ComparisonOperator: cw.GreaterThanThreshold,
			})
			base.WithStatistic("TS(7.5%:90%)").WithPeriod(5*time.Minute).CreateAlarm(s, "Trimmed", cw.CreateAlarmOptions{
				Threshold: 50, EvaluationPeriods: 3, ComparisonOperator: cw.LessThanOrEqualToThreshold,
				TreatMissingData: cw.MissingNotBreaching,
			})
			base.WithStatistic("Maximum").WithPeriod(time.Hour).CreateAlarm(s, "Max", cw.CreateAlarmOptions{
				Threshold: 5, EvaluationPeriods: 2, TreatMissingData: cw.MissingIgnore,
			})
		}},
		Case{Name: "docs-cw-alarm-sns", Build: func(app *constructs.App) {
			s := docsStack(app)
			f := docsFn(s)
			alarm := cw.NewAlarm(s, "Alarm", cw.AlarmProps{Metric: f.MetricThrottles(), CreateAlarmOptions: cw.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1}})
			topic := sns.NewTopic(s, "Topic", sns.TopicProps{})
			alarm.AddAlarmActions(topic.TopicARN())
			alarm.AddOKActions(topic.TopicARN())
			alarm.AddInsufficientDataActions(topic.TopicARN())
		}},
		Case{Name: "docs-cw-metric-label", Build: func(app *constructs.App) {
			s := docsStack(app)
			f := docsFn(s)
			minuteErrorRate := f.MetricErrors(cw.MetricOptions{Statistic: "Average", Period: time.Minute, Label: "Lambda failure rate"})
			minuteErrorRate.CreateAlarm(s, "Rate", cw.CreateAlarmOptions{Threshold: 0.1, EvaluationPeriods: 3})
			hourly := f.MetricErrors(cw.MetricOptions{Statistic: "Sum", Period: time.Hour, Label: "[max: ${MAX}] Lambda failure rate"})
			cw.NewDashboard(s, "Dash", cw.DashboardProps{}).AddWidgets(cw.NewGraphWidget(cw.GraphWidgetProps{Left: []cw.Metric{minuteErrorRate, hourly}}))
		}},
		Case{Name: "docs-cw-graph", Build: func(app *constructs.App) {
			s := docsStack(app)
			executions := cw.Metric{Namespace: "MyApp", MetricName: "Executions", Statistic: "Sum"}
			errors := cw.Metric{Namespace: "MyApp", MetricName: "Errors", Statistic: "Sum"}
			errorRate := errors
			errorRate.Statistic, errorRate.Label, errorRate.Color = "Average", "Error rate", "#2ca02c"
			dashboard := cw.NewDashboard(s, "Dash", cw.DashboardProps{})
			dashboard.AddWidgets(cw.NewGraphWidget(cw.GraphWidgetProps{
				Title: "Executions vs error rate",
				Left:  []cw.Metric{executions},
				Right: []cw.Metric{errorRate},
				LeftAnnotations: []cw.HorizontalAnnotation{
					{Value: 1800, Label: "30 minutes", Color: "#d62728"},
					{Value: 3600, Label: "1 hour", Color: "#2ca02c"},
				},
				LegendPosition: cw.LegendRight,
				LiveData:       true,
			}))
		}},
		Case{Name: "docs-cw-graph-views", Build: func(app *constructs.App) {
			s := docsStack(app)
			f := docsFn(s)
			dashboard := cw.NewDashboard(s, "Dash", cw.DashboardProps{})
			dashboard.AddWidgets(
				cw.NewGraphWidget(cw.GraphWidgetProps{Title: "Bar", Left: []cw.Metric{f.MetricInvocations()}, View: cw.ViewBar, SetPeriodToTimeRange: true}),
				cw.NewGraphWidget(cw.GraphWidgetProps{Title: "Pie", Left: []cw.Metric{f.MetricErrors(), f.MetricThrottles()}, View: cw.ViewPie}),
				cw.NewGraphWidget(cw.GraphWidgetProps{
					Title:      "Ranged",
					Left:       []cw.Metric{f.MetricDuration()},
					Right:      []cw.Metric{f.MetricInvocations()},
					LeftYAxis:  &cw.YAxisProps{Min: new(0.0), Label: "ms", ShowUnits: new(false)},
					RightYAxis: &cw.YAxisProps{Min: new(0.0), Max: new(1000.0)},
					Start:      "-P7D",
					End:        "2018-12-17T06:00:00.000Z",
					Stacked:    true,
					Width:      12,
					Height:     8,
					Period:     15 * time.Minute,
					Statistic:  "p90",
				}),
			)
		}},
		Case{Name: "docs-cw-single-value", Build: func(app *constructs.App) {
			s := docsStack(app)
			visitors := cw.Metric{Namespace: "Shop", MetricName: "Visitors", Statistic: "Sum"}
			purchases := cw.Metric{Namespace: "Shop", MetricName: "Purchases", Statistic: "Sum"}
			dashboard := cw.NewDashboard(s, "Dash", cw.DashboardProps{})
			dashboard.AddWidgets(cw.NewSingleValueWidget(cw.SingleValueWidgetProps{Metrics: []cw.Metric{visitors, purchases}}))
			dashboard.AddWidgets(cw.NewSingleValueWidget(cw.SingleValueWidgetProps{Metrics: []cw.Metric{visitors}, FullPrecision: true, Title: "Visitors"}))
			dashboard.AddWidgets(cw.NewSingleValueWidget(cw.SingleValueWidgetProps{Metrics: []cw.Metric{purchases}, Sparkline: true, Period: 15 * time.Minute}))
			dashboard.AddWidgets(cw.NewSingleValueWidget(cw.SingleValueWidgetProps{Metrics: []cw.Metric{purchases}, SetPeriodToTimeRange: true, Width: 8, Height: 4}))
		}},
		Case{Name: "docs-cw-text-alarm", Build: func(app *constructs.App) {
			s := docsStack(app)
			f := docsFn(s)
			errorAlarm := cw.NewAlarm(s, "Errors", cw.AlarmProps{Metric: f.MetricErrors(), CreateAlarmOptions: cw.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1}})
			dashboard := cw.NewDashboard(s, "Dash", cw.DashboardProps{})
			dashboard.AddWidgets(cw.NewTextWidget(cw.TextWidgetProps{Markdown: "# Key Performance Indicators"}))
			dashboard.AddWidgets(cw.NewTextWidget(cw.TextWidgetProps{Markdown: "# Key Performance Indicators", Background: cw.TextBackgroundTransparent}))
			dashboard.AddWidgets(cw.NewTextWidget(cw.TextWidgetProps{Markdown: "solid", Background: cw.TextBackgroundSolid, Width: 24, Height: 1}))
			dashboard.AddWidgets(cw.NewAlarmWidget(cw.AlarmWidgetProps{Title: "Errors", Alarm: errorAlarm}))
			dashboard.AddWidgets(cw.NewAlarmWidget(cw.AlarmWidgetProps{Alarm: errorAlarm, LeftYAxis: &cw.YAxisProps{Min: new(0.0)}, Width: 12}))
		}},
		Case{Name: "docs-cw-layout", Build: func(app *constructs.App) {
			s := docsStack(app)
			text := func(md string, wh ...int) *cw.TextWidget {
				p := cw.TextWidgetProps{Markdown: md}
				if len(wh) > 0 {
					p.Width = wh[0]
				}
				if len(wh) > 1 {
					p.Height = wh[1]
				}
				return cw.NewTextWidget(p)
			}
			dashboard := cw.NewDashboard(s, "Dash", cw.DashboardProps{})
			dashboard.AddWidgets(cw.NewColumn(text("a"), text("b", 6, 4)), cw.NewRow(text("c", 12), cw.NewSpacer(2, 0), text("d")))
			row := cw.NewRow(text("e", 10), text("f", 10))
			row.AddWidget(text("g", 10))
			column := cw.NewColumn(text("h"))
			column.AddWidget(text("i", 8, 3))
			dashboard.AddWidgets(row, column)
			dashboard.AddWidgets(text("j", 20), text("k", 8), cw.NewSpacer(0, 0), text("l"))
		}},
		Case{Name: "docs-cw-dashboard-props", Build: func(app *constructs.App) {
			s := docsStack(app)
			cw.NewDashboard(s, "Dash", cw.DashboardProps{DefaultInterval: 7 * 24 * time.Hour})
			cw.NewDashboard(s, "Ranged", cw.DashboardProps{
				DashboardName:  "ranged-dashboard",
				Start:          "-PT8H",
				End:            "2024-01-01T00:00:00Z",
				PeriodOverride: cw.PeriodInherit,
				Widgets: [][]cw.IWidget{
					{cw.NewTextWidget(cw.TextWidgetProps{Markdown: "one"}), cw.NewTextWidget(cw.TextWidgetProps{Markdown: "two"})},
					{cw.NewTextWidget(cw.TextWidgetProps{Markdown: "three", Width: 24})},
				},
			})
		}},
		Case{Name: "docs-cw-shared-metrics", Build: func(app *constructs.App) {
			s := docsStack(app)
			f := docsFn(s)
			m := cw.Metric{Namespace: "MyNamespace", MetricName: "MyMetric", DimensionsMap: map[string]string{"ProcessingStep": "Download", "Stage": "prod"}}
			dashboard := cw.NewDashboard(s, "Dash", cw.DashboardProps{DashboardName: "shared"})
			g := cw.NewGraphWidget(cw.GraphWidgetProps{Left: []cw.Metric{m, f.MetricErrors()}, Right: []cw.Metric{m, f.MetricErrors(cw.MetricOptions{Statistic: "Maximum"})}})
			g.AddLeftMetric(f.MetricInvocations())
			g.AddRightMetric(f.MetricDuration(cw.MetricOptions{Statistic: "p99"}))
			dashboard.AddWidgets(g)
		}},
		Case{Name: "docs-cw-metric-id", Build: func(app *constructs.App) {
			s := docsStack(app)
			f := docsFn(s)
			metric := cw.Metric{Namespace: "AWS/Lambda", MetricName: "Invocations", DimensionsMap: map[string]string{"FunctionName": "MyFunction"}, ID: "invocations"}
			hidden := f.MetricErrors(cw.MetricOptions{Visible: new(false)})
			invocations := f.MetricInvocations(cw.MetricOptions{ID: "lambda_invocations"})
			errors := f.MetricErrors(cw.MetricOptions{ID: "lambda_errors", Color: "#d62728", Statistic: "Maximum"})
			cw.NewDashboard(s, "Dash", cw.DashboardProps{}).AddWidgets(cw.NewGraphWidget(cw.GraphWidgetProps{Left: []cw.Metric{metric, hidden, invocations}, Right: []cw.Metric{errors}}))
		}},
		Case{Name: "docs-cw-widget-options", Build: func(app *constructs.App) {
			s := docsStack(app)
			f := docsFn(s)
			alarm := f.MetricErrors().CreateAlarm(s, "Errors", cw.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1})
			dashboard := cw.NewDashboard(s, "Dash", cw.DashboardProps{})
			dashboard.AddWidgets(cw.NewGraphWidget(cw.GraphWidgetProps{
				Left: []cw.Metric{f.MetricInvocations()},
				VerticalAnnotations: []cw.VerticalAnnotation{
					{Date: "2022-10-19T00:00:00Z", Label: "Deployment", Color: "#d62728"},
					{Date: "2022-10-20T00:00:00Z", Fill: cw.VerticalShadingAfter, Visible: new(false)},
				},
				AccountID: "123456789012",
			}))
			dashboard.AddWidgets(cw.NewGraphWidget(cw.GraphWidgetProps{
				Left: []cw.Metric{f.MetricErrors(), f.MetricThrottles()},
				View: cw.ViewPie, DisplayLabelsOnChart: true,
			}))
			dashboard.AddWidgets(
				cw.NewSingleValueWidget(cw.SingleValueWidgetProps{Metrics: []cw.Metric{f.MetricInvocations()}, LiveData: true, AccountID: "123456789012"}),
				cw.NewAlarmWidget(cw.AlarmWidgetProps{Alarm: alarm, AccountID: "123456789012"}),
			)
		}},
		Case{Name: "docs-cw-stat-forms", Build: func(app *constructs.App) {
			s := docsStack(app)
			var metrics []cw.Metric
			for i, stat := range []string{"avg", "max", "n", "p99.9", "tm99", "IQM", "PR(10:5000)", "TC(10%:90%)", "wm90"} {
				m := cw.Metric{Namespace: "MyNamespace", MetricName: "Latency", Statistic: stat}
				m.CreateAlarm(s, fmt.Sprintf("Alarm%d", i), cw.CreateAlarmOptions{Threshold: float64(i), EvaluationPeriods: 1})
				metrics = append(metrics, m)
			}
			cw.Metric{Namespace: "MyNamespace", MetricName: "Bytes", Unit: "Bytes", Label: "bytes", Statistic: "p95", Period: 10 * time.Minute}.
				CreateAlarm(s, "Labelled", cw.CreateAlarmOptions{Threshold: 1024, EvaluationPeriods: 2, DatapointsToAlarm: 1})
			imported := cw.AlarmFromAlarmARN("arn:aws:cloudwatch:us-east-1:123456789012:alarm:my-alarm")
			cw.NewDashboard(s, "Dash", cw.DashboardProps{}).AddWidgets(
				cw.NewGraphWidget(cw.GraphWidgetProps{Left: metrics, Region: "eu-west-1"}),
				cw.NewAlarmWidget(cw.AlarmWidgetProps{Alarm: imported, Region: "us-east-1"}),
			)
		}},
		Case{Name: "docs-cw-cross-account", Build: func(app *constructs.App) {
			s := constructs.NewStack(app, "Docs", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
			base := cw.Metric{Namespace: "AWS/Lambda", MetricName: "Errors", DimensionsMap: map[string]string{"FunctionName": "api"}, Statistic: "Sum"}
			local, remote, west := base, base, base
			local.Account = "111111111111"
			remote.Account = "222222222222"
			west.Region, west.Account, west.Label = "us-west-2", "222222222222", "west"
			local.CreateAlarm(s, "Local", cw.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1})
			remote.CreateAlarm(s, "Remote", cw.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1})
			cw.NewDashboard(s, "Dash", cw.DashboardProps{}).AddWidgets(cw.NewGraphWidget(cw.GraphWidgetProps{Left: []cw.Metric{local, remote}, Right: []cw.Metric{west}}))
		}},
	)
}
