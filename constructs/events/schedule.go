package events

import (
	"fmt"
	"time"

	"github.com/forma-iac/forma/constructs/token"
)

// Schedule is when a scheduled rule runs: a cron or rate expression.
type Schedule struct {
	expr     string
	problem  string
	noMinute bool
}

// ExpressionString returns the schedule expression ("cron(0 3 * * ? *)").
func (s Schedule) ExpressionString() string { return s.expr }

// ScheduleExpression is a schedule given as an EventBridge expression
// ("rate(1 minute)", "cron(0 18 ? * MON-FRI *)"), written as given.
func ScheduleExpression(expr string) Schedule { return Schedule{expr: expr} }

// CronOptions are the fields of a cron expression, each an EventBridge cron
// field ("0", "*/5", "MON-FRI", "L"). An empty field is "*", except that Day
// is "?" when WeekDay is set and WeekDay is "?" otherwise, as in the AWS CDK.
type CronOptions struct {
	Minute  string
	Hour    string
	Day     string
	Month   string
	WeekDay string
	Year    string
}

// ScheduleCron returns cron(Minute Hour Day Month WeekDay Year), as the
// AWS CDK's Schedule.cron renders it. Day and WeekDay may not both be set.
func ScheduleCron(o CronOptions) Schedule {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	s := Schedule{noMinute: o.Minute == ""}
	if o.Day != "" && o.WeekDay != "" {
		s.problem = "ScheduleCron: Day and WeekDay cannot both be set; use at most one"
	}
	dayDef := "*"
	if o.WeekDay != "" {
		dayDef = "?"
	}
	s.expr = fmt.Sprintf("cron(%s %s %s %s %s %s)", or(o.Minute, "*"), or(o.Hour, "*"), or(o.Day, dayDef), or(o.Month, "*"), or(o.WeekDay, "?"), or(o.Year, "*"))
	return s
}

// ScheduleRate returns rate(N unit) with the largest whole unit of days,
// hours and minutes, as the AWS CDK's Schedule.rate renders it: 24 hours is
// "rate(1 day)", 90 minutes "rate(90 minutes)". The duration must be a
// positive whole number of minutes.
func ScheduleRate(d time.Duration) Schedule {
	if token.IsUnresolved(int64(d)) {
		return Schedule{problem: "ScheduleRate: the duration is a token; use ScheduleExpression with the rate written out"}
	}
	if d <= 0 || d%time.Minute != 0 {
		return Schedule{problem: fmt.Sprintf("ScheduleRate(%v): the rate must be a positive whole number of minutes", d)}
	}
	unit := func(n int64, singular string) string {
		if n == 1 {
			return fmt.Sprintf("rate(1 %s)", singular)
		}
		return fmt.Sprintf("rate(%d %ss)", n, singular)
	}
	switch {
	case d%(24*time.Hour) == 0:
		return Schedule{expr: unit(int64(d/(24*time.Hour)), "day")}
	case d%time.Hour == 0:
		return Schedule{expr: unit(int64(d/time.Hour), "hour")}
	}
	return Schedule{expr: unit(int64(d/time.Minute), "minute")}
}
