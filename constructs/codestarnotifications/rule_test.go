package codestarnotifications_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	csn "github.com/forma-iac/forma/constructs/codestarnotifications"
	"github.com/forma-iac/forma/synth"
)

type source struct{ arn string }

func (s source) BindAsNotificationRuleSource(constructs.Construct) csn.NotificationRuleSourceConfig {
	return csn.NotificationRuleSourceConfig{SourceARN: s.arn}
}

func TestRuleDefaults(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Stack", constructs.StackProps{})
	long := strings.Repeat("VeryLongConstructName", 4)
	r := csn.NewNotificationRule(stack, long, csn.NotificationRuleProps{
		Source:  source{"arn:aws:codebuild:eu-west-1:123456789012:project/p"},
		Events:  []string{"a", "b", "a"},
		Targets: []csn.INotificationRuleTarget{csn.SlackChannelTarget("arn:aws:chatbot::1:chat-configuration/slack-channel/c")},
	})
	r.AddEvents("b", "c")
	p := r.Resource.Props
	if got := strings.Join(p.EventTypeIds, ","); got != "a,b,c" {
		t.Errorf("EventTypeIds = %s; want a,b,c", got)
	}
	if len(p.Name) != 64 || !strings.HasSuffix(p.Name, constructs.UniqueID(r)[len(constructs.UniqueID(r))-8:]) {
		t.Errorf("Name = %q; want the last 64 characters of the unique id %q", p.Name, constructs.UniqueID(r))
	}
	if p.DetailType != "FULL" || p.Status != nil || p.Targets[0].TargetType != "AWSChatbotSlack" {
		t.Errorf("props %+v; want FULL details, no Status, a Slack target", p)
	}
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
}

func TestRuleErrors(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Stack", constructs.StackProps{})
	csn.NewNotificationRule(stack, "Empty", csn.NotificationRuleProps{})
	csn.NewNotificationRule(stack, "Detail", csn.NotificationRuleProps{
		Source: source{"arn"}, Events: []string{"e"}, DetailType: "ALL",
		Targets: []csn.INotificationRuleTarget{csn.TeamsChannelTarget("arn:t")},
	})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{"Stack/Empty", "needs a Source", "at least one event type id", "at least one target", "Stack/Detail", "DetailType ALL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
