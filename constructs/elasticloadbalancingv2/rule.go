package elasticloadbalancingv2

import (
	"fmt"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/elasticloadbalancingv2/elasticloadbalancingv2cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// MaxRulePriority is the largest priority of a listener rule.
const MaxRulePriority = 50000

// ApplicationListenerRuleProps configures NewApplicationListenerRule.
type ApplicationListenerRuleProps struct {
	// Listener the rule belongs to (required).
	Listener IApplicationListener
	// Priority orders the rules of a listener, the lowest first: 1 to
	// 50000, unique in the listener (required).
	Priority int
	// Conditions the request must all match (at least one).
	Conditions []ListenerCondition
	// Action is what the rule does; set exactly one of Action and TargetGroups.
	Action *ListenerAction
	// TargetGroups forward to these groups (ForwardAction).
	TargetGroups []IApplicationTargetGroup
}

// ApplicationListenerRule is a rule of an application listener
// (AWS::ElasticLoadBalancingV2::ListenerRule), the counterpart of the AWS
// CDK's ApplicationListenerRule: a priority, conditions and one action.
// Target groups it forwards to count it as their associating construct, so
// their targets (an ECS service) depend on the rule.
//
// Differences from the AWS CDK: a priority above 50000 and two rules of one
// listener with the same priority are synthesis errors (ELB rejects them at
// deployment); the deprecated hostHeader, pathPattern(s), fixedResponse and
// redirectResponse props are not offered (use Conditions and Action).
type ApplicationListenerRule struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *elasticloadbalancingv2cfn.CfnListenerRule
	listener IApplicationListener
	priority int
	action   *ListenerAction
	conds    []ListenerCondition
	problems []string
}

// NewApplicationListenerRule creates a rule on props.Listener.
func NewApplicationListenerRule(scope constructs.Construct, id string, props ApplicationListenerRuleProps) *ApplicationListenerRule {
	r := &ApplicationListenerRule{listener: props.Listener, priority: props.Priority}
	r.Base = constructs.NewBase(r, scope, id)
	r.Node().AddValidation(constructs.ValidationFunc(r.validate))
	if constructs.IsNil(props.Listener) {
		props.Listener = nil
		r.listener = nil
	}
	cp := elasticloadbalancingv2cfn.CfnListenerRuleProps{Priority: props.Priority}
	if props.Listener == nil {
		r.problems = append(r.problems, "ApplicationListenerRuleProps.Listener is required; use ApplicationListener.AddAction or set the listener")
	} else {
		cp.ListenerArn = new(props.Listener.ListenerARN())
	}
	if !token.IsUnresolved(props.Priority) && (props.Priority < 1 || props.Priority > MaxRulePriority) {
		r.problems = append(r.problems, fmt.Sprintf("Priority %d must be from 1 to %d; set a priority unique in the listener", props.Priority, MaxRulePriority))
	}
	if props.Action != nil && len(props.TargetGroups) > 0 {
		r.problems = append(r.problems, "Action and TargetGroups are both set; set only one")
	}
	r.Resource = elasticloadbalancingv2cfn.NewCfnListenerRule(r, "Resource", cp)
	for _, c := range props.Conditions {
		r.AddCondition(c)
	}
	if props.Action != nil {
		r.ConfigureAction(props.Action)
	}
	if len(props.TargetGroups) > 0 {
		r.ConfigureAction(ForwardAction(props.TargetGroups))
	}
	if l, ok := props.Listener.(*ApplicationListener); ok && l != nil {
		l.rules = append(l.rules, r)
	}
	return r
}

func (r *ApplicationListenerRule) validate() []string {
	msgs := append([]string(nil), r.problems...)
	if len(r.conds) == 0 {
		msgs = append(msgs, "a listener rule needs at least one condition (a Priority goes with Conditions); set Conditions (HostHeadersCondition, PathPatternsCondition, …) or call AddCondition")
	}
	for _, c := range r.conds {
		msgs = append(msgs, c.problems...)
	}
	if r.action == nil {
		msgs = append(msgs, "the listener rule has no action; set Action or TargetGroups, or call ConfigureAction")
	} else {
		msgs = append(msgs, r.action.problems...)
	}
	return msgs
}

// ListenerRuleARN returns the rule's ARN (Ref).
func (r *ApplicationListenerRule) ListenerRuleARN() string { return r.Resource.Ref() }

// Priority returns the rule's priority.
func (r *ApplicationListenerRule) Priority() int { return r.priority }

// AddCondition adds a condition to the rule.
func (r *ApplicationListenerRule) AddCondition(c ListenerCondition) {
	r.conds = append(r.conds, c)
	r.Resource.Props.Conditions = append(r.Resource.Props.Conditions, c.json)
}

// ConfigureAction sets the rule's action, replacing one set before (with a
// warning, as the AWS CDK).
func (r *ApplicationListenerRule) ConfigureAction(a *ListenerAction) {
	if a == nil {
		r.problems = append(r.problems, "ConfigureAction: the action is nil")
		return
	}
	if r.action != nil {
		constructs.AnnotationsOf(r).AddWarning("an action already existed on this listener rule and was replaced; configure exactly one action")
	}
	if r.listener != nil {
		a.bind(r.listener, r)
	}
	r.action = a
	r.Resource.Props.Actions = a.renderRule()
}

// duplicatePriorities reports rules of one listener that share a priority.
func duplicatePriorities(rules []*ApplicationListenerRule) []string {
	byPrio := map[int][]string{}
	var order []int
	for _, r := range rules {
		if token.IsUnresolved(r.priority) {
			continue
		}
		if _, ok := byPrio[r.priority]; !ok {
			order = append(order, r.priority)
		}
		byPrio[r.priority] = append(byPrio[r.priority], r.Node().Path())
	}
	var msgs []string
	for _, p := range order {
		if paths := byPrio[p]; len(paths) > 1 {
			msgs = append(msgs, fmt.Sprintf("rules %s have the same priority %d; priorities must be unique in a listener", strings.Join(paths, ", "), p))
		}
	}
	return msgs
}
