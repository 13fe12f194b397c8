package sns_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/sns"
	"github.com/forma-iac/forma/synth"
)

func TestFIFOTopicAndImports(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	topic := sns.NewTopic(stack, "T", sns.TopicProps{TopicName: "orders", FIFO: true, ContentBasedDeduplication: true})
	if got := *topic.Resource.Props.TopicName; got != "orders.fifo" {
		t.Errorf("TopicName = %q, want orders.fifo", got)
	}
	imp := sns.TopicFromTopicARN(stack, "I", "arn:aws:sns:us-east-1:111122223333:alerts")
	if imp.TopicName() != "alerts" || imp.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{})) {
		t.Errorf("imported topic: name %q, or its policy accepted a statement", imp.TopicName())
	}
	role := iam.NewRole(stack, "R", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	if g := imp.GrantPublish(role); g.PrincipalStatement == nil {
		t.Error("GrantPublish on an imported topic to a role added no principal statement")
	}
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
}

func TestTopicErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	sns.NewTopic(stack, "Dedup", sns.TopicProps{ContentBasedDeduplication: true})
	sns.TopicFromTopicARN(stack, "I", "arn:aws:sns:us-east-1:1:x").GrantPublish(iam.NewServicePrincipal("events.amazonaws.com"))
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{"S/Dedup", "only for FIFO topics", "S/I", "GrantPublish to the service principal events.amazonaws.com added no statement"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestSubscribingTwiceIsAnError(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	topic := sns.NewTopic(stack, "T", sns.TopicProps{})
	if topic.AddSubscription(sns.EmailSubscription{Address: "a@example.com"}) == nil {
		t.Fatal("the first subscription was refused")
	}
	if topic.AddSubscription(sns.EmailSubscription{Address: "a@example.com"}) != nil {
		t.Error("the same subscriber was subscribed twice")
	}
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "S/T") || !strings.Contains(err.Error(), `"a@example.com" already exists`) {
		t.Errorf("error = %v", err)
	}
}
