package applicationautoscaling_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	appscaling "github.com/forma-iac/forma/constructs/applicationautoscaling"
	"github.com/forma-iac/forma/synth"
)

func TestScheduleExpressions(t *testing.T) {
	for _, c := range []struct {
		s    appscaling.Schedule
		want string
	}{
		{appscaling.ScheduleCron(appscaling.CronOptions{Hour: "22", Minute: "0"}), "cron(0 22 * * ? *)"},
		{appscaling.ScheduleCron(appscaling.CronOptions{Minute: "30", Hour: "8", WeekDay: "MON-FRI"}), "cron(30 8 ? * MON-FRI *)"},
		{appscaling.ScheduleCron(appscaling.CronOptions{Day: "1", Month: "JAN"}), "cron(* * 1 JAN ? *)"},
		{appscaling.ScheduleRate(12 * time.Hour), "rate(12 hours)"},
		{appscaling.ScheduleRate(24 * time.Hour), "rate(1 day)"},
		{appscaling.ScheduleRate(72 * time.Hour), "rate(3 days)"},
		{appscaling.ScheduleRate(time.Minute), "rate(1 minute)"},
		{appscaling.ScheduleRate(90 * time.Minute), "rate(90 minutes)"},
		{appscaling.ScheduleAt(time.Date(2027, 3, 4, 5, 6, 7, 0, time.UTC)), "at(2027-03-04T05:06:07)"},
		{appscaling.ScheduleExpression("rate(5 minutes)"), "rate(5 minutes)"},
	} {
		if got := c.s.ExpressionString(); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}

func TestScalableTargetDefaultRoleAndErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	tgt := appscaling.NewScalableTarget(stack, "Target", appscaling.ScalableTargetProps{
		ServiceNamespace: "dynamodb", ResourceID: "table/t", ScalableDimension: "dynamodb:table:ReadCapacityUnits",
		MinCapacity: 1, MaxCapacity: 5,
	})
	appscaling.NewTargetTrackingScalingPolicy(tgt, "Track", appscaling.TargetTrackingScalingPolicyProps{
		ScalingTarget: tgt, TargetValue: 70, PredefinedMetric: "DynamoDBReadCapacityUtilization",
	})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl map[string]any
	if err := json.Unmarshal(files["S.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	res := tpl["Resources"].(map[string]any)
	if r, ok := res["TargetRole12E3474B"].(map[string]any); !ok || r["Type"] != "AWS::IAM::Role" {
		t.Errorf("no default role TargetRole…: %v", keys(res))
	}
	p := res["TargetTrack15E7F595"].(map[string]any)["Properties"].(map[string]any)
	if p["PolicyName"] != "STargetTrack31D8A6CA" || p["PolicyType"] != "TargetTrackingScaling" {
		t.Errorf("policy %v", p)
	}

	app = constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack = constructs.NewStack(app, "S", constructs.StackProps{})
	tgt = appscaling.NewScalableTarget(stack, "Target", appscaling.ScalableTargetProps{MinCapacity: 3, MaxCapacity: 2, RoleARN: "arn:aws:iam::1:role/r"})
	tgt.ScaleOnSchedule("Never", appscaling.ScalingSchedule{MinCapacity: new(1)})
	appscaling.NewTargetTrackingScalingPolicy(tgt, "Bad", appscaling.TargetTrackingScalingPolicyProps{
		ScalingTarget: tgt, PredefinedMetric: "ECSServiceAverageCPUUtilization",
		BaseTargetTrackingProps: appscaling.BaseTargetTrackingProps{ScaleInCooldown: 4 * 24 * time.Hour},
	})
	_, err = synth.Synthesize(app)
	for _, w := range []string{"S/Target: MinCapacity (3) must not be above MaxCapacity (2)", `scheduled action "Never" has no Schedule`, "S/Target/Bad: the target value is 0", "ScaleInCooldown is 96h0m0s"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not contain %q", err, w)
		}
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
