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

func TestAlarmRendering(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	m := cloudwatch.Metric{Namespace: "Custom", MetricName: "Latency", DimensionsMap: map[string]string{"B": "2", "A": "1"}, Statistic: "p99", Period: time.Minute}
	m.CreateAlarm(stack, "Slow", cloudwatch.CreateAlarmOptions{Threshold: 0.5, EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: cloudwatch.MissingBreaching})
	m.WithStatistic("max").CreateAlarm(stack, "Max", cloudwatch.CreateAlarmOptions{EvaluationPeriods: 1, ComparisonOperator: cloudwatch.LessThanThreshold})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl struct {
		Resources map[string]struct{ Properties map[string]any }
	}
	if err := json.Unmarshal(files["S.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"ComparisonOperator": "GreaterThanOrEqualToThreshold", "DatapointsToAlarm": 2.0, "EvaluationPeriods": 3.0,
		"Dimensions":        []any{map[string]any{"Name": "A", "Value": "1"}, map[string]any{"Name": "B", "Value": "2"}},
		"ExtendedStatistic": "p99", "MetricName": "Latency", "Namespace": "Custom", "Period": 60.0, "Threshold": 0.5,
		"TreatMissingData": "breaching",
	}
	var slow, max map[string]any
	for id, r := range tpl.Resources {
		switch {
		case strings.HasPrefix(id, "Slow"):
			slow = r.Properties
		case strings.HasPrefix(id, "Max"):
			max = r.Properties
		}
	}
	if d := cmp.Diff(want, slow); d != "" {
		t.Errorf("p99 alarm (-want +got):\n%s", d)
	}
	if max["Statistic"] != "Maximum" || max["Threshold"] != 0.0 || max["Period"] != 60.0 || max["ComparisonOperator"] != "LessThanThreshold" {
		t.Errorf("max alarm = %v", max)
	}
}

func TestAlarmErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	cloudwatch.NewAlarm(stack, "A", cloudwatch.AlarmProps{Metric: cloudwatch.Metric{Namespace: "N", MetricName: "M", Statistic: "median", Period: 90 * time.Second}})
	m := cloudwatch.Metric{Namespace: "N", MetricName: "M"}
	m.CreateAlarm(stack, "Band", cloudwatch.CreateAlarmOptions{EvaluationPeriods: 1, ComparisonOperator: cloudwatch.LessThanLowerOrGreaterThanUpperThreshold})
	m.CreateAlarm(stack, "Words", cloudwatch.CreateAlarmOptions{EvaluationPeriods: 1, ComparisonOperator: ">=", TreatMissingData: "zero"})
	east := constructs.NewStack(app, "East", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
	west := m
	west.Region = "us-west-2"
	west.CreateAlarm(east, "West", cloudwatch.CreateAlarmOptions{EvaluationPeriods: 1})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{"S/A", `statistic "median"`, "must be 1, 5, 10, 30 seconds or a multiple of 60", "EvaluationPeriods is 0",
		"S/Band: ComparisonOperator LessThanLowerOrGreaterThanUpperThreshold compares with an anomaly detection band",
		`S/Words: ComparisonOperator ">=" is not a comparison operator`, `S/Words: TreatMissingData "zero" is not a way`,
		"East/West: the alarm is in region us-east-1 and its metric M in us-west-2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestAlarmFromARN(t *testing.T) {
	if a := cloudwatch.AlarmFromAlarmARN("arn:aws:cloudwatch:us-east-1:1:alarm:high-5xx"); a.AlarmName() != "high-5xx" {
		t.Errorf("AlarmName = %q", a.AlarmName())
	}
}
