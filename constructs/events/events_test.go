package events_test

import (
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/synth"
)

func TestScheduleRendering(t *testing.T) {
	for _, c := range []struct {
		s    events.Schedule
		want string
	}{
		{events.ScheduleCron(events.CronOptions{Minute: "0", Hour: "3"}), "cron(0 3 * * ? *)"},
		{events.ScheduleCron(events.CronOptions{Minute: "30", Hour: "8", WeekDay: "MON-FRI"}), "cron(30 8 ? * MON-FRI *)"},
		{events.ScheduleCron(events.CronOptions{Day: "1", Month: "JAN", Year: "2030"}), "cron(* * 1 JAN ? 2030)"},
		{events.ScheduleRate(time.Minute), "rate(1 minute)"},
		{events.ScheduleRate(90 * time.Minute), "rate(90 minutes)"},
		{events.ScheduleRate(2 * time.Hour), "rate(2 hours)"},
		{events.ScheduleRate(48 * time.Hour), "rate(2 days)"},
		{events.ScheduleRate(24 * time.Hour), "rate(1 day)"},
		{events.ScheduleExpression("rate(3 minutes)"), "rate(3 minutes)"},
	} {
		if got := c.s.ExpressionString(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestRuleErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	events.NewRule(stack, "Empty", events.RuleProps{})
	events.NewRule(stack, "Seconds", events.RuleProps{Schedule: new(events.ScheduleRate(90 * time.Second))})
	events.NewRule(stack, "Both", events.RuleProps{Schedule: new(events.ScheduleCron(events.CronOptions{Day: "1", WeekDay: "MON"}))})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{
		"S/Empty", "a rule needs a Schedule or an EventPattern",
		"S/Seconds", "ScheduleRate(1m30s): the rate must be a positive whole number of minutes",
		"S/Both", "Day and WeekDay cannot both be set",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestEventPatternMerge(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	r := events.NewRule(stack, "R", events.RuleProps{EventPattern: &events.EventPattern{Source: []string{"a"}, Detail: map[string]any{"x": []string{"1"}}}})
	r.AddEventPattern(events.EventPattern{Source: []string{"a", "b"}, Detail: map[string]any{"x": []string{"2"}, "y": []string{"3"}}})
	got := r.Resource.Props.EventPattern.(map[string]any)
	if s := got["source"].([]string); len(s) != 2 || s[1] != "b" {
		t.Errorf("source = %v, want [a b]", s)
	}
	d := got["detail"].(map[string]any)
	if x := d["x"].([]string); len(x) != 2 || d["y"] == nil {
		t.Errorf("detail = %v, want x [1 2] and y", d)
	}
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
}

func TestCronWithoutMinuteWarns(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	every := events.NewRule(stack, "Every", events.RuleProps{Schedule: new(events.ScheduleCron(events.CronOptions{Hour: "3"}))})
	once := events.NewRule(stack, "Once", events.RuleProps{Schedule: new(events.ScheduleCron(events.CronOptions{Minute: "0", Hour: "3"}))})
	warned := func(r *events.Rule) bool {
		for _, m := range r.Node().Metadata() {
			if m.Type == constructs.MetadataWarning && strings.Contains(m.Data.(string), "runs every minute") {
				return true
			}
		}
		return false
	}
	if !warned(every) || warned(once) {
		t.Errorf("warnings: without minute %v, with minute %v; want true, false", warned(every), warned(once))
	}
}

func TestInputWithAToken(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	other := events.NewRule(stack, "Other", events.RuleProps{Schedule: new(events.ScheduleExpression("rate(1 hour)"))})
	r := events.NewRule(stack, "R", events.RuleProps{Schedule: new(events.ScheduleExpression("rate(1 hour)"))})
	r.AddTarget(fixedTarget{arn: other.RuleARN(), input: events.InputFromObject(map[string]string{"rule": other.RuleName()})})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	tpl := string(files["S.template.json"])
	if !strings.Contains(tpl, `"{\"rule\":\""`) || !strings.Contains(tpl, `"Ref": "Other`) {
		t.Errorf("the input is not a join around the rule's Ref:\n%s", tpl)
	}
}

type fixedTarget struct {
	arn   string
	input *events.RuleTargetInput
}

func (f fixedTarget) Bind(events.IRule, string) events.RuleTargetConfig {
	return events.RuleTargetConfig{ARN: f.arn, Input: f.input}
}

func TestRuleFromARN(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	if n := events.RuleFromEventRuleARN(stack, "R", "arn:aws:events:us-east-1:111122223333:rule/nightly").RuleName(); n != "nightly" {
		t.Errorf("RuleName = %q, want nightly", n)
	}
}
