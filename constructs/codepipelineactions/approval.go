package codepipelineactions

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/sns"
	"github.com/forma-iac/forma/constructs/sns/snscfn"
)

// ManualApprovalActionProps configures NewManualApprovalAction.
type ManualApprovalActionProps struct {
	Common
	// NotificationTopic is told when the approval waits; the action role
	// may publish to it.
	NotificationTopic sns.ITopic
	// NotifyEmails creates a topic "TopicResource" under the action with an
	// email subscription per address.
	NotifyEmails []string
	// AdditionalInformation is shown to the approver (CustomData).
	AdditionalInformation string
	// ExternalEntityLink is a URL for the approver to review.
	ExternalEntityLink string
	// Timeout default 7 days (not written); 5 minutes to 60 days.
	Timeout time.Duration
}

// ManualApprovalAction is the AWS CDK's ManualApprovalAction.
type ManualApprovalAction struct {
	props ManualApprovalActionProps
	stage *codepipeline.Stage
	topic sns.ITopic
}

// NewManualApprovalAction returns a manual approval action.
func NewManualApprovalAction(props ManualApprovalActionProps) *ManualApprovalAction {
	props.NotificationTopic = constructs.NormalizeNil(props.NotificationTopic)
	return &ManualApprovalAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *ManualApprovalAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryApproval, "Manual", codepipeline.ArtifactBounds{})
	p.Timeout = a.props.Timeout
	return p
}

// NotificationTopic returns the topic told of the approval, nil without one.
func (a *ManualApprovalAction) NotificationTopic() sns.ITopic { return a.topic }

// Bind implements codepipeline.IAction.
func (a *ManualApprovalAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	a.stage = stage
	if t := p.Timeout; t != 0 && (t < 5*time.Minute || t > 86400*time.Minute) {
		stage.Pipeline().Errorf("action %q: Timeout must be between 5 minutes and 60 days, got %s", p.ActionName, t)
	}
	a.topic = p.NotificationTopic
	if a.topic == nil && len(p.NotifyEmails) > 0 {
		t := sns.NewTopic(scope, "TopicResource", sns.TopicProps{})
		for _, email := range p.NotifyEmails {
			// The AWS CDK's EmailSubscription: a Subscription construct
			// named after the address, its L1 the child "Resource".
			sub := constructs.New(t, email)
			snscfn.NewCfnSubscription(sub, "Resource", snscfn.CfnSubscriptionProps{Protocol: "email", Endpoint: new(email), TopicArn: t.TopicARN()})
		}
		a.topic = t
	}
	cfg := map[string]any{}
	if a.topic != nil {
		a.topic.GrantPublish(opts.Role)
		cfg["NotificationArn"] = a.topic.TopicARN()
	}
	if p.AdditionalInformation != "" {
		cfg["CustomData"] = p.AdditionalInformation
	}
	if p.ExternalEntityLink != "" {
		cfg["ExternalEntityLink"] = p.ExternalEntityLink
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// GrantManualApproval lets grantee see the pipeline and approve or reject
// this action; call it after the action is added to a stage.
func (a *ManualApprovalAction) GrantManualApproval(grantee iam.IGrantable) {
	if a.stage == nil {
		return
	}
	pr := grantee.GrantPrincipal()
	arn := a.stage.Pipeline().PipelineARN()
	pr.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"codepipeline:ListPipelines"}, Resources: []string{"*"}}))
	pr.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"codepipeline:GetPipeline", "codepipeline:GetPipelineState", "codepipeline:GetPipelineExecution"}, Resources: []string{arn}}))
	pr.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"codepipeline:PutApprovalResult"}, Resources: []string{arn + "/" + a.stage.StageName() + "/" + a.props.ActionName}}))
}
