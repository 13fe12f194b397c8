package codepipeline

import (
	"github.com/forma-iac/forma/constructs"
	csn "github.com/forma-iac/forma/constructs/codestarnotifications"
)

// The CodeStar Notifications event type ids of pipelines.
const (
	ActionExecutionSucceeded    = "codepipeline-pipeline-action-execution-succeeded"
	ActionExecutionFailed       = "codepipeline-pipeline-action-execution-failed"
	ActionExecutionCanceled     = "codepipeline-pipeline-action-execution-canceled"
	ActionExecutionStarted      = "codepipeline-pipeline-action-execution-started"
	StageExecutionStarted       = "codepipeline-pipeline-stage-execution-started"
	StageExecutionSucceeded     = "codepipeline-pipeline-stage-execution-succeeded"
	StageExecutionResumed       = "codepipeline-pipeline-stage-execution-resumed"
	StageExecutionCanceled      = "codepipeline-pipeline-stage-execution-canceled"
	StageExecutionFailed        = "codepipeline-pipeline-stage-execution-failed"
	PipelineExecutionFailed     = "codepipeline-pipeline-pipeline-execution-failed"
	PipelineExecutionCanceled   = "codepipeline-pipeline-pipeline-execution-canceled"
	PipelineExecutionStarted    = "codepipeline-pipeline-pipeline-execution-started"
	PipelineExecutionResumed    = "codepipeline-pipeline-pipeline-execution-resumed"
	PipelineExecutionSucceeded  = "codepipeline-pipeline-pipeline-execution-succeeded"
	PipelineExecutionSuperseded = "codepipeline-pipeline-pipeline-execution-superseded"
	ManualApprovalFailed        = "codepipeline-pipeline-manual-approval-failed"
	ManualApprovalNeeded        = "codepipeline-pipeline-manual-approval-needed"
	ManualApprovalSucceeded     = "codepipeline-pipeline-manual-approval-succeeded"
)

// BindAsNotificationRuleSource makes the pipeline the source of a
// notification rule.
func (p *Pipeline) BindAsNotificationRuleSource(constructs.Construct) csn.NotificationRuleSourceConfig {
	return csn.NotificationRuleSourceConfig{SourceARN: p.PipelineARN()}
}

// NotifyOn creates a notification rule, as a child of the pipeline, sending
// the events in opts to target.
func (p *Pipeline) NotifyOn(id string, target csn.INotificationRuleTarget, opts csn.NotifyOnOptions) *csn.NotificationRule {
	return csn.NotifyOn(p, id, target, opts)
}

func (p *Pipeline) notifyOn(id string, target csn.INotificationRuleTarget, opts []csn.NotificationRuleOptions, events ...string) *csn.NotificationRule {
	var o csn.NotificationRuleOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	return p.NotifyOn(id, target, o.WithEvents(events...))
}

// NotifyOnExecutionStateChange notifies target when an execution fails, is
// canceled, starts, resumes, succeeds or is superseded.
func (p *Pipeline) NotifyOnExecutionStateChange(id string, target csn.INotificationRuleTarget, opts ...csn.NotificationRuleOptions) *csn.NotificationRule {
	return p.notifyOn(id, target, opts, PipelineExecutionFailed, PipelineExecutionCanceled, PipelineExecutionStarted,
		PipelineExecutionResumed, PipelineExecutionSucceeded, PipelineExecutionSuperseded)
}

// NotifyOnAnyStageStateChange notifies target of every stage state change.
func (p *Pipeline) NotifyOnAnyStageStateChange(id string, target csn.INotificationRuleTarget, opts ...csn.NotificationRuleOptions) *csn.NotificationRule {
	return p.notifyOn(id, target, opts, StageExecutionCanceled, StageExecutionFailed, StageExecutionResumed,
		StageExecutionStarted, StageExecutionSucceeded)
}

// NotifyOnAnyActionStateChange notifies target of every action state change.
func (p *Pipeline) NotifyOnAnyActionStateChange(id string, target csn.INotificationRuleTarget, opts ...csn.NotificationRuleOptions) *csn.NotificationRule {
	return p.notifyOn(id, target, opts, ActionExecutionCanceled, ActionExecutionFailed, ActionExecutionStarted, ActionExecutionSucceeded)
}

// NotifyOnAnyManualApprovalStateChange notifies target when an approval is
// needed, granted or rejected.
func (p *Pipeline) NotifyOnAnyManualApprovalStateChange(id string, target csn.INotificationRuleTarget, opts ...csn.NotificationRuleOptions) *csn.NotificationRule {
	return p.notifyOn(id, target, opts, ManualApprovalFailed, ManualApprovalNeeded, ManualApprovalSucceeded)
}
