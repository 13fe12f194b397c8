package lambda

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
)

// EventTarget sends a rule's events to a function, as the AWS CDK's
// targets.LambdaFunction: the rule gets a child permission
// "AllowEventRule<function's unique id>" letting events.amazonaws.com
// invoke the function from that rule (one per rule and function).
type EventTarget struct {
	// Function is invoked (required).
	Function IFunction
	// Input replaces the event; default the matched event.
	Input *events.RuleTargetInput
}

// Bind implements events.IRuleTarget.
func (t EventTarget) Bind(rule events.IRule, id string) events.RuleTargetConfig {
	fn := constructs.NormalizeNil(t.Function)
	if fn == nil {
		return events.RuleTargetConfig{} // the rule reports a target without an ARN
	}
	pid := "AllowEventRule" + constructs.UniqueID(fn)
	if rule.Node().TryFindChild(pid) == nil {
		fn.AddPermission(pid, Permission{
			Scope:     rule,
			Principal: iam.NewServicePrincipal("events.amazonaws.com"),
			SourceARN: rule.RuleARN(),
		})
	}
	return events.RuleTargetConfig{ARN: fn.FunctionARN(), Input: t.Input}
}
