package ecs

import (
	"math"
	"time"

	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// DeploymentStrategy is how the ECS deployment controller replaces a
// service's tasks: rolling (the default), or natively blue/green with all
// traffic at once, linear steps or a canary.
type DeploymentStrategy string

// Deployment strategies of the ECS deployment controller.
const (
	DeploymentStrategyRolling   DeploymentStrategy = "ROLLING"
	DeploymentStrategyBlueGreen DeploymentStrategy = "BLUE_GREEN"
	DeploymentStrategyLinear    DeploymentStrategy = "LINEAR"
	DeploymentStrategyCanary    DeploymentStrategy = "CANARY"
)

// TrafficShiftConfig is the step of a LINEAR or CANARY deployment.
type TrafficShiftConfig struct {
	// StepPercent is the share of traffic shifted at each step (LINEAR,
	// 3–100) or first (CANARY, 0.1–100), a multiple of 0.1; default: ECS's.
	StepPercent float64
	// StepBakeTime is how long each step is watched, whole minutes up to
	// 1440; default: ECS's.
	StepBakeTime time.Duration
}

// DeploymentLifecycleStage is a stage of a native blue/green deployment
// that a lifecycle hook runs at.
type DeploymentLifecycleStage string

// Lifecycle stages.
const (
	StageReconcileService           DeploymentLifecycleStage = "RECONCILE_SERVICE"
	StagePreScaleUp                 DeploymentLifecycleStage = "PRE_SCALE_UP"
	StagePostScaleUp                DeploymentLifecycleStage = "POST_SCALE_UP"
	StageTestTrafficShift           DeploymentLifecycleStage = "TEST_TRAFFIC_SHIFT"
	StagePostTestTrafficShift       DeploymentLifecycleStage = "POST_TEST_TRAFFIC_SHIFT"
	StageProductionTrafficShift     DeploymentLifecycleStage = "PRODUCTION_TRAFFIC_SHIFT"
	StagePostProductionTrafficShift DeploymentLifecycleStage = "POST_PRODUCTION_TRAFFIC_SHIFT"
)

// DeploymentLifecycleHookTargetConfig is what a lifecycle hook target
// renders: the function ECS invokes, the role it uses, the stages.
type DeploymentLifecycleHookTargetConfig struct {
	TargetARN       string
	Role            iam.IRole
	LifecycleStages []DeploymentLifecycleStage
}

// IDeploymentLifecycleHookTarget is a lifecycle hook of a service's
// deployments (DeploymentLifecycleLambdaTarget).
type IDeploymentLifecycleHookTarget interface {
	// BindLifecycleHook creates what the hook needs under s.
	BindLifecycleHook(s *FargateService) DeploymentLifecycleHookTargetConfig
}

// LifecycleHookFunction is a Lambda function (lambda.Function, Alias or
// Version) a lifecycle hook invokes.
type LifecycleHookFunction interface {
	FunctionARN() string
	GrantInvoke(grantee iam.IGrantable) *iam.Grant
}

// DeploymentLifecycleLambdaTargetProps configures NewDeploymentLifecycleLambdaTarget.
type DeploymentLifecycleLambdaTargetProps struct {
	// LifecycleStages the function runs at (required).
	LifecycleStages []DeploymentLifecycleStage
	// Role ECS assumes to invoke the function; default: a new role
	// "<id>Role" under the service that ecs.amazonaws.com may assume,
	// granted lambda:InvokeFunction on the function.
	Role iam.IRole
}

// DeploymentLifecycleLambdaTarget is a Lambda function run at lifecycle
// stages of a native blue/green deployment, the AWS CDK's
// DeploymentLifecycleLambdaTarget.
type DeploymentLifecycleLambdaTarget struct {
	handler LifecycleHookFunction
	id      string
	props   DeploymentLifecycleLambdaTargetProps
}

// NewDeploymentLifecycleLambdaTarget returns a lifecycle hook invoking handler.
func NewDeploymentLifecycleLambdaTarget(handler LifecycleHookFunction, id string, props DeploymentLifecycleLambdaTargetProps) *DeploymentLifecycleLambdaTarget {
	return &DeploymentLifecycleLambdaTarget{handler: handler, id: id, props: props}
}

// BindLifecycleHook creates the invoke role under s unless one was given.
func (t *DeploymentLifecycleLambdaTarget) BindLifecycleHook(s *FargateService) DeploymentLifecycleHookTargetConfig {
	var role iam.IRole
	if r := t.props.Role; r != nil {
		role = r
	} else {
		nr := iam.NewRole(s, t.id+"Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs.amazonaws.com")})
		t.handler.GrantInvoke(nr)
		role = nr
		// The AWS CDK creates the role when it renders the hooks, after
		// the service's dependencies are in place, so neither the role nor
		// its policy depends on what the service depends on.
		nr.Resource.AddDeletionOverride("DependsOn")
		if nr.DefaultPolicy != nil {
			nr.DefaultPolicy.Resource.AddDeletionOverride("DependsOn")
		}
	}
	return DeploymentLifecycleHookTargetConfig{TargetARN: t.handler.FunctionARN(), Role: role, LifecycleStages: t.props.LifecycleStages}
}

// ListenerRuleConfiguration is the listener rule (ALB) or listener (NLB) a
// native blue/green deployment switches between target groups.
type ListenerRuleConfiguration struct{ arn string }

// ApplicationListenerRuleConfiguration is an ALB listener rule.
func ApplicationListenerRuleConfiguration(rule interface{ ListenerRuleARN() string }) ListenerRuleConfiguration {
	return ListenerRuleConfiguration{arn: rule.ListenerRuleARN()}
}

// NetworkListenerConfiguration is an NLB listener.
func NetworkListenerConfiguration(listener interface{ ListenerARN() string }) ListenerRuleConfiguration {
	return ListenerRuleConfiguration{arn: listener.ListenerARN()}
}

// AlternateTargetProps configures NewAlternateTarget.
type AlternateTargetProps struct {
	// AlternateTargetGroup takes the new tasks during a deployment (required).
	AlternateTargetGroup interface{ TargetGroupARN() string }
	// ProductionListener is switched to the new tasks (required).
	ProductionListener ListenerRuleConfiguration
	// TestListener takes test traffic to the new tasks; default: none.
	TestListener *ListenerRuleConfiguration
	// Role ECS uses to change the listeners; default: a new role
	// "<id>Role" under the service with AmazonECSInfrastructureRolePolicyForLoadBalancers.
	Role iam.IRole
}

// AlternateTarget is the second target group of a native blue/green
// deployment (LoadBalancerTargetOptions.AlternateTarget), the AWS CDK's
// AlternateTarget.
type AlternateTarget struct {
	id    string
	props AlternateTargetProps
}

// NewAlternateTarget returns an alternate target.
func NewAlternateTarget(id string, props AlternateTargetProps) *AlternateTarget {
	return &AlternateTarget{id: id, props: props}
}

func (a *AlternateTarget) bind(s *FargateService) *ecscfn.CfnService_AdvancedConfigurationProperty {
	role := a.props.Role
	if role == nil {
		role = iam.NewRole(s, a.id+"Role", iam.RoleProps{
			AssumedBy:       iam.NewServicePrincipal("ecs.amazonaws.com"),
			ManagedPolicies: []iam.IManagedPolicy{iam.ManagedPolicyFromAWSManagedPolicyName("AmazonECSInfrastructureRolePolicyForLoadBalancers")},
		})
	}
	c := &ecscfn.CfnService_AdvancedConfigurationProperty{RoleArn: new(role.RoleARN())}
	if a.props.AlternateTargetGroup == nil {
		s.Errorf("AlternateTarget %q has no AlternateTargetGroup; give the target group that takes the new tasks", a.id)
	} else {
		c.AlternateTargetGroupArn = a.props.AlternateTargetGroup.TargetGroupARN()
	}
	if a.props.ProductionListener.arn == "" {
		s.Errorf("AlternateTarget %q has no ProductionListener; use ecs.ApplicationListenerRuleConfiguration(rule)", a.id)
	} else {
		c.ProductionListenerRule = new(a.props.ProductionListener.arn)
	}
	if t := a.props.TestListener; t != nil && t.arn != "" {
		c.TestListenerRule = new(t.arn)
	}
	return c
}

// strategyProps are the FargateServiceProps fields of a deployment strategy.
type strategyProps struct {
	strategy       DeploymentStrategy
	bakeTime       time.Duration
	linear, canary *TrafficShiftConfig
	hooks          []IDeploymentLifecycleHookTarget
}

// applyDeploymentStrategy writes the strategy, bake time, step
// configurations and lifecycle hooks, checked as the AWS CDK checks them.
func (s *FargateService) applyDeploymentStrategy(p strategyProps) {
	dc := s.Resource.Props.DeploymentConfiguration
	switch p.strategy {
	case "":
	case DeploymentStrategyRolling, DeploymentStrategyBlueGreen, DeploymentStrategyLinear, DeploymentStrategyCanary:
		dc.Strategy = new(string(p.strategy))
	default:
		s.Errorf("DeploymentStrategy %q is not a strategy; use ecs.DeploymentStrategyRolling, BlueGreen, Linear or Canary", p.strategy)
	}
	if p.bakeTime != 0 {
		if p.bakeTime < 0 || p.bakeTime%time.Minute != 0 || p.bakeTime > 1440*time.Minute {
			s.Errorf("BakeTime is %v; it must be a whole number of minutes between 0 and 1440", p.bakeTime)
		}
		dc.BakeTimeInMinutes = new(int(p.bakeTime / time.Minute))
	}
	if c := p.linear; c != nil {
		if p.strategy != DeploymentStrategyLinear {
			s.Errorf("LinearConfiguration requires DeploymentStrategy ecs.DeploymentStrategyLinear")
		}
		pct, bake := s.trafficShift("Linear", *c, 3)
		dc.LinearConfiguration = &ecscfn.CfnService_LinearConfigurationProperty{StepPercent: pct, StepBakeTimeInMinutes: bake}
	}
	if c := p.canary; c != nil {
		if p.strategy != DeploymentStrategyCanary {
			s.Errorf("CanaryConfiguration requires DeploymentStrategy ecs.DeploymentStrategyCanary")
		}
		pct, bake := s.trafficShift("Canary", *c, 0.1)
		dc.CanaryConfiguration = &ecscfn.CfnService_CanaryConfigurationProperty{CanaryPercent: pct, CanaryBakeTimeInMinutes: bake}
	}
	for _, h := range p.hooks {
		s.AddLifecycleHook(h)
	}
}

func (s *FargateService) trafficShift(kind string, c TrafficShiftConfig, minPct float64) (*float64, *int) {
	var pct *float64
	var bake *int
	if c.StepPercent != 0 {
		pct = new(c.StepPercent)
		if !token.IsUnresolved(c.StepPercent) {
			if c.StepPercent < minPct || c.StepPercent > 100 {
				s.Errorf("%sConfiguration.StepPercent is %v; it must be between %v and 100", kind, c.StepPercent, minPct)
			} else if x := c.StepPercent * 10; math.Abs(x-math.Round(x)) > 1e-9 {
				s.Errorf("%sConfiguration.StepPercent is %v; it must be a multiple of 0.1", kind, c.StepPercent)
			}
		}
	}
	if c.StepBakeTime != 0 {
		if c.StepBakeTime < 0 || c.StepBakeTime%time.Minute != 0 || c.StepBakeTime > 1440*time.Minute {
			s.Errorf("%sConfiguration.StepBakeTime is %v; it must be a whole number of minutes between 0 and 1440", kind, c.StepBakeTime)
		}
		bake = new(int(c.StepBakeTime / time.Minute))
	}
	return pct, bake
}

// AddLifecycleHook runs a hook at lifecycle stages of the service's
// deployments; it requires the ECS deployment controller.
func (s *FargateService) AddLifecycleHook(h IDeploymentLifecycleHookTarget) {
	if s.Resource == nil {
		return
	}
	if !s.isECSController {
		s.Errorf("deployment lifecycle hooks require the ECS deployment controller; leave DeploymentController unset or use ecs.DeploymentControllerECS")
		return
	}
	c := h.BindLifecycleHook(s)
	stages := make([]string, len(c.LifecycleStages))
	for i, st := range c.LifecycleStages {
		stages[i] = string(st)
	}
	if len(stages) == 0 {
		s.Errorf("a lifecycle hook has no LifecycleStages; name the stages it runs at")
	}
	hook := ecscfn.CfnService_DeploymentLifecycleHookProperty{HookTargetArn: c.TargetARN, LifecycleStages: stages}
	if c.Role != nil {
		hook.RoleArn = c.Role.RoleARN()
	}
	dc := s.Resource.Props.DeploymentConfiguration
	dc.LifecycleHooks = append(dc.LifecycleHooks, hook)
}

// AlarmBehavior is what a deployment alarm does when it fires.
type AlarmBehavior string

// Alarm behaviors.
const (
	// RollbackOnAlarm fails the deployment and rolls back (the default).
	RollbackOnAlarm AlarmBehavior = "ROLLBACK_ON_ALARM"
	// FailOnAlarm fails the deployment without rolling back.
	FailOnAlarm AlarmBehavior = "FAIL_ON_ALARM"
)

// DeploymentAlarmConfig names the CloudWatch alarms that stop a
// deployment of the ECS controller.
type DeploymentAlarmConfig struct {
	// AlarmNames (at least one).
	AlarmNames []string
	// Behavior default: RollbackOnAlarm.
	Behavior AlarmBehavior
}

func (s *FargateService) setDeploymentAlarms(c *DeploymentAlarmConfig) {
	if c == nil {
		return
	}
	if !s.isECSController {
		s.Errorf("DeploymentAlarms require the ECS deployment controller; leave DeploymentController unset or use ecs.DeploymentControllerECS")
		return
	}
	if len(c.AlarmNames) == 0 {
		s.Errorf("DeploymentAlarms has no AlarmNames; name at least one alarm")
		return
	}
	s.Resource.Props.DeploymentConfiguration.Alarms = &ecscfn.CfnService_DeploymentAlarmsProperty{
		AlarmNames: append([]string(nil), c.AlarmNames...), Enable: true, Rollback: c.Behavior != FailOnAlarm,
	}
}

// EnableDeploymentAlarms makes the alarms stop the service's deployments
// (ECS controller only), as the AWS CDK's enableDeploymentAlarms; every
// alarm of a service has the same behavior. Deliberate difference: alarms
// added to a service that already has some are appended (the AWS CDK
// keeps only the first ones).
func (s *FargateService) EnableDeploymentAlarms(alarmNames []string, behavior AlarmBehavior) {
	if s.Resource == nil {
		return
	}
	if len(alarmNames) == 0 {
		s.Errorf("EnableDeploymentAlarms needs at least one alarm name")
		return
	}
	cur := s.Resource.Props.DeploymentConfiguration.Alarms
	if cur == nil || !cur.Enable {
		s.setDeploymentAlarms(&DeploymentAlarmConfig{AlarmNames: alarmNames, Behavior: behavior})
		return
	}
	if (behavior == RollbackOnAlarm && !cur.Rollback) || (behavior == FailOnAlarm && cur.Rollback) {
		s.Errorf("every deployment alarm of a service has the same AlarmBehavior; alarms were enabled with the other one before %s", behavior)
		return
	}
	cur.AlarmNames = append(cur.AlarmNames, alarmNames...)
}
