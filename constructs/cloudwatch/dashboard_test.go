package cloudwatch_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/synth"
)

// dashboardBody synthesizes app and returns the dashboard's body, decoded
// when it is a plain string.
func dashboardBody(t *testing.T, app *constructs.App) any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(files["S.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	for _, r := range tpl.Resources {
		if r.Type == "AWS::CloudWatch::Dashboard" {
			return r.Properties["DashboardBody"]
		}
	}
	t.Fatal("no dashboard")
	return nil
}

type position struct{ X, Y, W, H int }

func TestDashboardLayout(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	text := func(w, h int) cloudwatch.IWidget {
		return cloudwatch.NewTextWidget(cloudwatch.TextWidgetProps{Markdown: "x", Width: w, Height: h})
	}
	d := cloudwatch.NewDashboard(stack, "D", cloudwatch.DashboardProps{
		Widgets: [][]cloudwatch.IWidget{{text(10, 2), text(10, 4), text(10, 3)}}, // wraps: 10+10, then 10 under
		Start:   "-PT8H", PeriodOverride: cloudwatch.PeriodInherit,
	})
	d.AddWidgets(text(24, 1))
	d.AddWidgets(cloudwatch.NewColumn(text(4, 1), text(6, 2)), cloudwatch.NewSpacer(2, 0), text(3, 3))
	body, ok := dashboardBody(t, app).(string)
	if !ok {
		t.Fatal("the body of a dashboard without tokens is not a plain string")
	}
	var got struct {
		Start, PeriodOverride string
		Widgets               []struct {
			X, Y, Width, Height int
		}
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	var pos []position
	for _, w := range got.Widgets {
		pos = append(pos, position{w.X, w.Y, w.Width, w.Height})
	}
	want := []position{
		{0, 0, 10, 2}, {10, 0, 10, 4}, {0, 4, 10, 3}, // row 1: height 7
		{0, 7, 24, 1},
		{0, 8, 4, 1}, {0, 9, 6, 2}, {8, 8, 3, 3}, // column (width 6), spacer (2), text
	}
	if d := cmp.Diff(want, pos); d != "" {
		t.Errorf("positions (-want +got):\n%s", d)
	}
	if got.Start != "-PT8H" || got.PeriodOverride != "inherit" {
		t.Errorf("start %q, periodOverride %q", got.Start, got.PeriodOverride)
	}
	if !strings.HasPrefix(body, `{"start":"-PT8H","periodOverride":"inherit","widgets":[{"type":"text","width":10,"height":2,"x":0,"y":0,"properties":{"markdown":"x","background":"transparent"}}`) {
		t.Errorf("body does not start as the AWS CDK writes it: %s", body)
	}
}

func TestGraphMetricsOnceWithNonDefaultOptions(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	m := cloudwatch.Metric{Namespace: "App", MetricName: "Latency", DimensionsMap: map[string]string{"B": "2", "A": "1"}}
	g := cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{
		Left:  []cloudwatch.Metric{m, m.WithStatistic("p99"), m},
		Right: []cloudwatch.Metric{m, {Namespace: "App", MetricName: "Count", Statistic: "sum", Period: time.Minute, Color: "#d62728", Label: "count"}},
	})
	cloudwatch.NewDashboard(stack, "D", cloudwatch.DashboardProps{Widgets: [][]cloudwatch.IWidget{{g}}, DefaultInterval: 36 * time.Hour, DashboardName: "ops"})
	body := dashboardBody(t, app)
	b, _ := json.Marshal(body)
	for _, want := range []string{
		`\"start\":\"-P1DT12H\"`,
		`\"metrics\":[[\"App\",\"Latency\",\"A\",\"1\",\"B\",\"2\"],[\"App\",\"Latency\",\"A\",\"1\",\"B\",\"2\",{\"stat\":\"p99\"}],[\"App\",\"Count\",{\"color\":\"#d62728\",\"label\":\"count\",\"period\":60,\"stat\":\"Sum\",\"yAxis\":\"right\"}]]`,
		`\"region\":\"",{"Ref":"AWS::Region"}`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("body lacks %s:\n%s", want, b)
		}
	}
}

func TestDashboardErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	cloudwatch.NewDashboard(stack, "Name", cloudwatch.DashboardProps{DashboardName: "my dashboard"})
	cloudwatch.NewDashboard(stack, "Range", cloudwatch.DashboardProps{DefaultInterval: time.Hour, Start: "-PT1H", End: "2026-01-01T00:00:00Z"})
	cloudwatch.NewDashboard(stack, "EndOnly", cloudwatch.DashboardProps{End: "2026-01-01T00:00:00Z"})
	d := cloudwatch.NewDashboard(stack, "Widgets", cloudwatch.DashboardProps{})
	d.AddWidgets(
		cloudwatch.NewSingleValueWidget(cloudwatch.SingleValueWidgetProps{Sparkline: true, SetPeriodToTimeRange: true, Metrics: []cloudwatch.Metric{{Namespace: "A", MetricName: "B", Statistic: "median"}}}),
		cloudwatch.NewAlarmWidget(cloudwatch.AlarmWidgetProps{}),
		nil,
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{Left: []cloudwatch.Metric{{Namespace: "A", MetricName: "B", ID: "Errors"}}}),
		cloudwatch.NewGraphWidget(cloudwatch.GraphWidgetProps{VerticalAnnotations: []cloudwatch.VerticalAnnotation{{Label: "deploy"}}}),
	)
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{
		`S/Name: DashboardName "my dashboard" may hold only letters, digits, '-' and '_'`,
		"S/Range: DashboardProps sets both DefaultInterval and Start",
		"S/EndOnly: DashboardProps.End needs Start",
		"S/Widgets: SingleValueWidget: SetPeriodToTimeRange and Sparkline cannot be used together",
		`S/Widgets: a dashboard widget's statistic "median" is not one CloudWatch knows`,
		"S/Widgets: AlarmWidgetProps.Alarm is required",
		"S/Widgets: AddWidgets was given a nil widget",
		`S/Widgets: a dashboard widget's metric ID "Errors" must start with a lowercase letter`,
		"S/Widgets: GraphWidget: VerticalAnnotations[0] has no Date",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestContainerInsightsMetric(t *testing.T) {
	m := cloudwatch.ContainerInsightsMetric("platform", "node_cpu_utilization", cloudwatch.MetricOptions{Statistic: "Maximum"})
	want := cloudwatch.Metric{Namespace: "ContainerInsights", MetricName: "node_cpu_utilization", DimensionsMap: map[string]string{"ClusterName": "platform"}, Statistic: "Maximum"}
	if d := cmp.Diff(want, m); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
