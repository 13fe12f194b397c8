package applicationautoscaling

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/applicationautoscaling/applicationautoscalingcfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/logicalid"
)

// Schedule is when a scheduled action runs: a cron, rate or at expression.
type Schedule struct {
	expression string
	problem    string
}

// ExpressionString returns the expression, e.g. "cron(0 22 * * ? *)".
func (s Schedule) ExpressionString() string { return s.expression }

// ScheduleExpression returns a schedule from a literal expression
// ("cron(...)", "rate(...)" or "at(...)").
func ScheduleExpression(expression string) Schedule { return Schedule{expression: expression} }

// CronOptions are the fields of a cron expression; an empty field is "*"
// (Day is "?" when WeekDay is set; WeekDay is "?" otherwise).
type CronOptions struct {
	Minute, Hour, Day, Month, WeekDay, Year string
}

// ScheduleCron returns a cron schedule as the AWS CDK's Schedule.cron
// writes it: cron(minute hour day month weekDay year).
func ScheduleCron(o CronOptions) Schedule {
	or := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	s := Schedule{}
	if o.Day != "" && o.WeekDay != "" {
		s.problem = "a cron schedule cannot set both Day and WeekDay; leave one of them empty"
	}
	day := or(o.Day, "*")
	if o.WeekDay != "" {
		day = or(o.Day, "?")
	}
	s.expression = fmt.Sprintf("cron(%s %s %s %s %s %s)", or(o.Minute, "*"), or(o.Hour, "*"), day, or(o.Month, "*"), or(o.WeekDay, "?"), or(o.Year, "*"))
	return s
}

// ScheduleRate returns a rate schedule in whole days, else whole hours, else
// minutes, as the AWS CDK's Schedule.rate: rate(12 hours), rate(1 day).
func ScheduleRate(d time.Duration) Schedule {
	if d < time.Minute {
		return Schedule{expression: "rate(0 minutes)", problem: fmt.Sprintf("a rate schedule of %v is too short; it must be at least one minute", d)}
	}
	rate := func(n int64, unit string) string {
		if n == 1 {
			return "rate(1 " + unit + ")"
		}
		return "rate(" + strconv.FormatInt(n, 10) + " " + unit + "s)"
	}
	switch {
	case d%(24*time.Hour) == 0:
		return Schedule{expression: rate(int64(d/(24*time.Hour)), "day")}
	case d%time.Hour == 0:
		return Schedule{expression: rate(int64(d/time.Hour), "hour")}
	default:
		return Schedule{expression: rate(int64(d/time.Minute), "minute")}
	}
}

// ScheduleAt returns a one-time schedule, at(yyyy-mm-ddThh:mm:ss) in UTC.
func ScheduleAt(t time.Time) Schedule {
	return Schedule{expression: "at(" + t.UTC().Format("2006-01-02T15:04:05") + ")"}
}

// ScalingSchedule is a scheduled change of capacity.
type ScalingSchedule struct {
	// Schedule is when the action runs (required).
	Schedule Schedule
	// MinCapacity and MaxCapacity are the new bounds; at least one is required.
	MinCapacity, MaxCapacity *int
	// StartTime and EndTime bound the period the action is active; default: none.
	StartTime, EndTime time.Time
	// TimeZone of the schedule (an IANA name such as "Europe/Paris"); default UTC.
	TimeZone string
}

// ScalableTargetProps configures NewScalableTarget.
type ScalableTargetProps struct {
	// ServiceNamespace is the scaled service ("ecs", "dynamodb", ...) (required).
	ServiceNamespace string
	// ResourceID identifies the scaled resource ("service/cluster/name") (required).
	ResourceID string
	// ScalableDimension is the scaled property ("ecs:service:DesiredCount") (required).
	ScalableDimension string
	// MinCapacity and MaxCapacity bound the capacity; MaxCapacity is required.
	MinCapacity, MaxCapacity int
	// RoleARN is the role Application Auto Scaling uses; default: a new role
	// "Role" that application-autoscaling.amazonaws.com can assume.
	RoleARN string
}

// ScalableTarget is an AWS::ApplicationAutoScaling::ScalableTarget, the AWS
// CDK's ScalableTarget: scheduled actions are its ScheduledActions, scaling
// policies are children of it.
type ScalableTarget struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *applicationautoscalingcfn.CfnScalableTarget

	problems []string
}

// NewScalableTarget creates a scalable target.
func NewScalableTarget(scope constructs.Construct, id string, props ScalableTargetProps) *ScalableTarget {
	t := &ScalableTarget{}
	t.Base = constructs.NewBase(t, scope, id)
	if !token.IsUnresolved(props.MinCapacity) && !token.IsUnresolved(props.MaxCapacity) {
		switch {
		case props.MaxCapacity < 0 || props.MinCapacity < 0:
			t.problems = append(t.problems, fmt.Sprintf("MinCapacity (%d) and MaxCapacity (%d) must be 0 or more", props.MinCapacity, props.MaxCapacity))
		case props.MaxCapacity < props.MinCapacity:
			t.problems = append(t.problems, fmt.Sprintf("MinCapacity (%d) must not be above MaxCapacity (%d)", props.MinCapacity, props.MaxCapacity))
		case props.MaxCapacity == 0:
			t.problems = append(t.problems, "MaxCapacity is 0; it is required and must be at least 1 (and at least MinCapacity)")
		}
	}
	role := props.RoleARN
	if role == "" {
		role = iam.NewRole(t, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("application-autoscaling.amazonaws.com")}).RoleARN()
	}
	t.Resource = applicationautoscalingcfn.NewCfnScalableTarget(t, "Resource", applicationautoscalingcfn.CfnScalableTargetProps{
		MinCapacity:       props.MinCapacity,
		MaxCapacity:       props.MaxCapacity,
		ResourceId:        props.ResourceID,
		ScalableDimension: props.ScalableDimension,
		ServiceNamespace:  props.ServiceNamespace,
		RoleARN:           new(role),
	})
	return t
}

// ScalableTargetID returns the target's Ref.
func (t *ScalableTarget) ScalableTargetID() string { return t.Resource.Ref() }

// ScaleOnSchedule adds a scheduled action named id.
func (t *ScalableTarget) ScaleOnSchedule(id string, s ScalingSchedule) {
	if s.MinCapacity == nil && s.MaxCapacity == nil {
		t.problems = append(t.problems, fmt.Sprintf("scheduled action %q sets neither MinCapacity nor MaxCapacity; set at least one", id))
	}
	if s.Schedule.expression == "" {
		t.problems = append(t.problems, fmt.Sprintf("scheduled action %q has no Schedule; use applicationautoscaling.ScheduleCron, ScheduleRate or ScheduleAt", id))
	}
	if s.Schedule.problem != "" {
		t.problems = append(t.problems, fmt.Sprintf("scheduled action %q: %s", id, s.Schedule.problem))
	}
	a := applicationautoscalingcfn.CfnScalableTarget_ScheduledActionProperty{
		ScheduledActionName:  id,
		Schedule:             s.Schedule.expression,
		ScalableTargetAction: &applicationautoscalingcfn.CfnScalableTarget_ScalableTargetActionProperty{MinCapacity: s.MinCapacity, MaxCapacity: s.MaxCapacity},
	}
	if !s.StartTime.IsZero() {
		a.StartTime = new(s.StartTime.UTC().Format(time.RFC3339))
	}
	if !s.EndTime.IsZero() {
		a.EndTime = new(s.EndTime.UTC().Format(time.RFC3339))
	}
	if s.TimeZone != "" {
		a.Timezone = new(s.TimeZone)
	}
	t.Resource.Props.ScheduledActions = append(t.Resource.Props.ScheduledActions, a)
}

// Validate reports bad props.
func (t *ScalableTarget) Validate() []string { return t.problems }

// PredefinedMetric is a metric Application Auto Scaling knows.
type PredefinedMetric string

// Predefined metrics (a selection; any PredefinedMetricType value may be used).
const (
	MetricECSServiceAverageCPUUtilization    PredefinedMetric = "ECSServiceAverageCPUUtilization"
	MetricECSServiceAverageMemoryUtilization PredefinedMetric = "ECSServiceAverageMemoryUtilization"
	MetricALBRequestCountPerTarget           PredefinedMetric = "ALBRequestCountPerTarget"
)

// BaseTargetTrackingProps are the options common to target tracking policies.
type BaseTargetTrackingProps struct {
	// PolicyName default: the policy's unique id (stack and path, with a hash).
	PolicyName string
	// DisableScaleIn stops the policy from removing capacity; default false.
	DisableScaleIn bool
	// ScaleInCooldown and ScaleOutCooldown default: the service's defaults.
	ScaleInCooldown, ScaleOutCooldown time.Duration
}

// TargetTrackingScalingPolicyProps configures NewTargetTrackingScalingPolicy.
type TargetTrackingScalingPolicyProps struct {
	BaseTargetTrackingProps
	// ScalingTarget is the target the policy scales (required).
	ScalingTarget *ScalableTarget
	// TargetValue is the value the policy keeps the metric at (required).
	TargetValue float64
	// PredefinedMetric is the tracked metric (required).
	PredefinedMetric PredefinedMetric
	// ResourceLabel identifies the metric's resource (ALBRequestCountPerTarget).
	ResourceLabel string
}

// TargetTrackingScalingPolicy is an AWS::ApplicationAutoScaling::ScalingPolicy
// of type TargetTrackingScaling, the AWS CDK's TargetTrackingScalingPolicy.
type TargetTrackingScalingPolicy struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *applicationautoscalingcfn.CfnScalingPolicy

	problems []string
}

// NewTargetTrackingScalingPolicy creates a target tracking policy.
func NewTargetTrackingScalingPolicy(scope constructs.Construct, id string, props TargetTrackingScalingPolicyProps) *TargetTrackingScalingPolicy {
	p := &TargetTrackingScalingPolicy{}
	p.Base = constructs.NewBase(p, scope, id)
	if props.ScalingTarget == nil {
		p.problems = append(p.problems, "ScalingTarget is required")
		return p
	}
	if props.PredefinedMetric == "" {
		p.problems = append(p.problems, "PredefinedMetric is required")
	}
	if math.IsNaN(props.TargetValue) || props.TargetValue <= 0 {
		p.problems = append(p.problems, fmt.Sprintf("the target value is %v; it must be above 0", props.TargetValue))
	}
	name := props.PolicyName
	if name == "" {
		name = uniqueID(p)
	}
	cfg := &applicationautoscalingcfn.CfnScalingPolicy_TargetTrackingScalingPolicyConfigurationProperty{
		TargetValue:                   props.TargetValue,
		PredefinedMetricSpecification: &applicationautoscalingcfn.CfnScalingPolicy_PredefinedMetricSpecificationProperty{PredefinedMetricType: string(props.PredefinedMetric)},
	}
	if props.ResourceLabel != "" {
		cfg.PredefinedMetricSpecification.ResourceLabel = new(props.ResourceLabel)
	}
	if props.DisableScaleIn {
		cfg.DisableScaleIn = new(true)
	}
	for _, c := range []struct {
		d   time.Duration
		dst **int
		n   string
	}{{props.ScaleInCooldown, &cfg.ScaleInCooldown, "ScaleInCooldown"}, {props.ScaleOutCooldown, &cfg.ScaleOutCooldown, "ScaleOutCooldown"}} {
		if c.d == 0 {
			continue
		}
		if c.d < 0 || c.d > 3*24*time.Hour {
			p.problems = append(p.problems, fmt.Sprintf("%s is %v; it must be 0 to 3 days", c.n, c.d))
		}
		*c.dst = new(int(c.d / time.Second))
	}
	p.Resource = applicationautoscalingcfn.NewCfnScalingPolicy(p, "Resource", applicationautoscalingcfn.CfnScalingPolicyProps{
		PolicyName:                               name,
		PolicyType:                               "TargetTrackingScaling",
		ScalingTargetId:                          new(props.ScalingTarget.ScalableTargetID()),
		TargetTrackingScalingPolicyConfiguration: cfg,
	})
	return p
}

// ScalingPolicyARN returns the policy's Ref (its ARN).
func (p *TargetTrackingScalingPolicy) ScalingPolicyARN() string { return p.Resource.Ref() }

// Validate reports bad props.
func (p *TargetTrackingScalingPolicy) Validate() []string { return p.problems }

// uniqueID is the AWS CDK's Names.uniqueId: the logical-ID algorithm applied
// to the path below the app, stack included.
func uniqueID(c constructs.Construct) string {
	var ids []string
	for _, s := range c.Node().Scopes() {
		if s.Node().Scope() == nil {
			continue
		}
		ids = append(ids, s.Node().ID())
	}
	return logicalid.FromPath(ids)
}
