package codebuild

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
)

// EventTarget starts a build of Project when an EventBridge rule matches,
// as the AWS CDK's targets.CodeBuildProject: the rule assumes EventRole
// (default: the project's singleton "EventsRole", assumed by
// events.amazonaws.com), which is allowed codebuild:StartBuild on the
// project.
type EventTarget struct {
	// Project is built (required).
	Project IProject
	// EventRole is the role EventBridge assumes; default: the singleton.
	EventRole iam.IRole
	// Event replaces the matched event as the build's input.
	Event *events.RuleTargetInput
}

// Bind implements events.IRuleTarget.
func (e EventTarget) Bind(rule events.IRule, id string) events.RuleTargetConfig {
	if constructs.IsNil(e.Project) {
		return events.RuleTargetConfig{}
	}
	role := e.EventRole
	if constructs.IsNil(role) {
		role = events.SingletonEventRole(e.Project)
	}
	role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:   []string{"codebuild:StartBuild"},
		Resources: []string{e.Project.ProjectARN()},
	}))
	return events.RuleTargetConfig{ARN: e.Project.ProjectARN(), Role: role, Input: e.Event}
}
