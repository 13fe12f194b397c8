package codestarnotifications

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codestarnotifications/codestarnotificationscfn"
)

// DetailType is how much of the event a notification carries.
type DetailType string

// Detail types.
const (
	// DetailFull is the event and the service's details (the default).
	DetailFull DetailType = "FULL"
	// DetailBasic is the event only.
	DetailBasic DetailType = "BASIC"
)

// NotificationRuleSourceConfig is what a source contributes to a rule.
type NotificationRuleSourceConfig struct {
	// SourceARN is the ARN of the resource whose events are notified.
	SourceARN string
}

// INotificationRuleSource is a resource whose events a notification rule
// sends: a CodeBuild project, a CodePipeline pipeline, a CodeCommit
// repository, as the AWS CDK's INotificationRuleSource.
type INotificationRuleSource interface {
	// BindAsNotificationRuleSource is called once by the rule.
	BindAsNotificationRuleSource(scope constructs.Construct) NotificationRuleSourceConfig
}

// NotificationRuleTargetConfig is what a target contributes to a rule.
type NotificationRuleTargetConfig struct {
	// TargetType is "SNS", "AWSChatbotSlack" or "AWSChatbotMicrosoftTeams".
	TargetType string
	// TargetAddress is the topic's or the chat channel configuration's ARN.
	TargetAddress string
}

// INotificationRuleTarget is where a notification rule sends notifications:
// an SNS topic (sns.Topic implements it and allows CodeStar Notifications
// to publish) or a chat channel (SlackChannelTarget), as the AWS CDK's
// INotificationRuleTarget.
type INotificationRuleTarget interface {
	// BindAsNotificationRuleTarget is called once per rule the target is
	// added to.
	BindAsNotificationRuleTarget(scope constructs.Construct) NotificationRuleTargetConfig
}

type chatTarget NotificationRuleTargetConfig

func (c chatTarget) BindAsNotificationRuleTarget(constructs.Construct) NotificationRuleTargetConfig {
	return NotificationRuleTargetConfig(c)
}

// SlackChannelTarget is an AWS Chatbot Slack channel configuration, by ARN
// (arn:aws:chatbot::ACCOUNT:chat-configuration/slack-channel/NAME).
func SlackChannelTarget(configurationARN string) INotificationRuleTarget {
	return chatTarget{TargetType: "AWSChatbotSlack", TargetAddress: configurationARN}
}

// TeamsChannelTarget is an AWS Chatbot Microsoft Teams channel
// configuration, by ARN.
func TeamsChannelTarget(configurationARN string) INotificationRuleTarget {
	return chatTarget{TargetType: "AWSChatbotMicrosoftTeams", TargetAddress: configurationARN}
}

// NotificationRuleOptions are the options every NotifyOn… helper takes.
type NotificationRuleOptions struct {
	// NotificationRuleName is the rule's name; default: the last 64
	// characters of the construct's unique id, as the AWS CDK.
	NotificationRuleName string
	// DetailType default DetailFull.
	DetailType DetailType
	// Enabled writes Status ENABLED or DISABLED; default: left out (enabled).
	Enabled *bool
	// CreatedBy is the name or email of the rule's creator.
	CreatedBy string
}

// NotifyOnOptions are NotificationRuleOptions with the events notified.
type NotifyOnOptions struct {
	// Events are the event type ids notified (required), such as
	// "codebuild-project-build-state-failed".
	Events []string
	// NotificationRuleName, DetailType, Enabled and CreatedBy are as in
	// NotificationRuleOptions.
	NotificationRuleName string
	DetailType           DetailType
	Enabled              *bool
	CreatedBy            string
}

// WithEvents returns the options of a rule notifying events.
func (o NotificationRuleOptions) WithEvents(events ...string) NotifyOnOptions {
	return NotifyOnOptions{Events: events, NotificationRuleName: o.NotificationRuleName, DetailType: o.DetailType, Enabled: o.Enabled, CreatedBy: o.CreatedBy}
}

// NotificationRuleProps configures NewNotificationRule.
type NotificationRuleProps struct {
	// Source is the resource whose events are notified (required).
	Source INotificationRuleSource
	// Events are the event type ids notified (required).
	Events []string
	// Targets receive the notifications; more can be added with AddTarget.
	Targets []INotificationRuleTarget
	// NotificationRuleName, DetailType, Enabled and CreatedBy are as in
	// NotificationRuleOptions.
	NotificationRuleName string
	DetailType           DetailType
	Enabled              *bool
	CreatedBy            string
}

// NotificationRule is a CodeStar Notifications rule
// (AWS::CodeStarNotifications::NotificationRule), the counterpart of the AWS
// CDK's NotificationRule: full details, named after its construct path.
type NotificationRule struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *codestarnotificationscfn.CfnNotificationRule
}

// NewNotificationRule creates a notification rule.
func NewNotificationRule(scope constructs.Construct, id string, props NotificationRuleProps) *NotificationRule {
	r := &NotificationRule{}
	r.Base = constructs.NewBase(r, scope, id)
	cp := codestarnotificationscfn.CfnNotificationRuleProps{DetailType: string(DetailFull)}
	if props.Source == nil || constructs.IsNil(props.Source) {
		r.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"a notification rule needs a Source (a CodeBuild project, a pipeline, …)"}
		}))
	} else {
		cp.Resource = props.Source.BindAsNotificationRuleSource(r).SourceARN
	}
	cp.Name = props.NotificationRuleName
	if cp.Name == "" {
		u := constructs.UniqueID(r)
		if len(u) > 64 {
			u = u[len(u)-64:]
		}
		cp.Name = u
	}
	if props.DetailType != "" {
		cp.DetailType = string(props.DetailType)
	}
	if props.Enabled != nil {
		s := "DISABLED"
		if *props.Enabled {
			s = "ENABLED"
		}
		cp.Status = new(s)
	}
	if props.CreatedBy != "" {
		cp.CreatedBy = new(props.CreatedBy)
	}
	r.Resource = codestarnotificationscfn.NewCfnNotificationRule(r, "Resource", cp)
	r.AddEvents(props.Events...)
	for _, t := range props.Targets {
		r.AddTarget(t)
	}
	r.Node().AddValidation(constructs.ValidationFunc(r.validate))
	return r
}

func (r *NotificationRule) validate() []string {
	var out []string
	if len(r.Resource.Props.EventTypeIds) == 0 {
		out = append(out, "a notification rule needs at least one event type id in Events")
	}
	if len(r.Resource.Props.Targets) == 0 {
		out = append(out, "a notification rule needs at least one target (an SNS topic or a chat channel); add one with AddTarget")
	}
	if d := r.Resource.Props.DetailType; d != string(DetailFull) && d != string(DetailBasic) {
		out = append(out, "DetailType "+d+" is not FULL or BASIC")
	}
	return out
}

// AddEvents adds event type ids the rule notifies; duplicates are ignored.
func (r *NotificationRule) AddEvents(events ...string) {
	for _, e := range events {
		dup := false
		for _, x := range r.Resource.Props.EventTypeIds {
			if x == e {
				dup = true
				break
			}
		}
		if !dup {
			r.Resource.Props.EventTypeIds = append(r.Resource.Props.EventTypeIds, e)
		}
	}
}

// AddTarget adds a target that receives the notifications.
func (r *NotificationRule) AddTarget(t INotificationRuleTarget) {
	if t == nil || constructs.IsNil(t) {
		r.Node().AddValidation(constructs.ValidationFunc(func() []string { return []string{"AddTarget was given a nil target"} }))
		return
	}
	c := t.BindAsNotificationRuleTarget(r)
	r.Resource.Props.Targets = append(r.Resource.Props.Targets, codestarnotificationscfn.CfnNotificationRule_TargetProperty{TargetType: c.TargetType, TargetAddress: c.TargetAddress})
}

// NotificationRuleARN returns the rule's ARN (Ref).
func (r *NotificationRule) NotificationRuleARN() string { return r.Resource.Ref() }

// NotifyOn creates, in source's scope, a rule sending source's events to
// target: the helper behind the NotifyOn… methods of projects, pipelines
// and repositories.
func NotifyOn(source interface {
	constructs.Construct
	INotificationRuleSource
}, id string, target INotificationRuleTarget, opts NotifyOnOptions) *NotificationRule {
	return NewNotificationRule(source, id, NotificationRuleProps{
		Source:               source,
		Events:               opts.Events,
		Targets:              []INotificationRuleTarget{target},
		NotificationRuleName: opts.NotificationRuleName,
		DetailType:           opts.DetailType,
		Enabled:              opts.Enabled,
		CreatedBy:            opts.CreatedBy,
	})
}
