package codebuild

import (
	"github.com/forma-iac/forma/constructs"
	csn "github.com/forma-iac/forma/constructs/codestarnotifications"
)

// The CodeStar Notifications event type ids of projects.
const (
	ProjectBuildFailed         = "codebuild-project-build-state-failed"
	ProjectBuildSucceeded      = "codebuild-project-build-state-succeeded"
	ProjectBuildInProgress     = "codebuild-project-build-state-in-progress"
	ProjectBuildStopped        = "codebuild-project-build-state-stopped"
	ProjectBuildPhaseFailed    = "codebuild-project-build-phase-failure"
	ProjectBuildPhaseSucceeded = "codebuild-project-build-phase-success"
)

// BindAsNotificationRuleSource makes the project the source of a
// notification rule.
func (p *Project) BindAsNotificationRuleSource(constructs.Construct) csn.NotificationRuleSourceConfig {
	return csn.NotificationRuleSourceConfig{SourceARN: p.ProjectARN()}
}

// NotifyOn creates a notification rule, as a child of the project, sending
// the events in opts to target.
func (p *Project) NotifyOn(id string, target csn.INotificationRuleTarget, opts csn.NotifyOnOptions) *csn.NotificationRule {
	return csn.NotifyOn(p, id, target, opts)
}

func (p *Project) notifyOn(id string, target csn.INotificationRuleTarget, opts []csn.NotificationRuleOptions, events ...string) *csn.NotificationRule {
	var o csn.NotificationRuleOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	return p.NotifyOn(id, target, o.WithEvents(events...))
}

// NotifyOnBuildSucceeded notifies target of the project's successful builds.
func (p *Project) NotifyOnBuildSucceeded(id string, target csn.INotificationRuleTarget, opts ...csn.NotificationRuleOptions) *csn.NotificationRule {
	return p.notifyOn(id, target, opts, ProjectBuildSucceeded)
}

// NotifyOnBuildFailed notifies target of the project's failed builds.
func (p *Project) NotifyOnBuildFailed(id string, target csn.INotificationRuleTarget, opts ...csn.NotificationRuleOptions) *csn.NotificationRule {
	return p.notifyOn(id, target, opts, ProjectBuildFailed)
}
