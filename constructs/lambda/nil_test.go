package lambda_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/sns"
	"github.com/forma-iac/forma/synth"
)

// TestL2BaseNilArgumentsAreErrors checks that nil grantees and targets of
// the S3, KMS, SNS, Lambda, CodeCommit and EventBridge L2s are synthesis
// errors naming the construct, not panics.
func TestL2BaseNilArgumentsAreErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	var role *iam.Role // a typed nil, as a program may pass by mistake
	s3.NewBucket(stack, "Bucket", s3.BucketProps{}).GrantRead(role)
	kms.NewKey(stack, "Key", kms.KeyProps{}).GrantDecrypt(role)
	kms.KeyFromKeyARN("arn:aws:kms:us-east-1:1:key/x").GrantDecrypt(nil)
	sns.NewTopic(stack, "Topic", sns.TopicProps{}).GrantPublish(nil)
	codecommit.NewRepository(stack, "Repo", codecommit.RepositoryProps{RepositoryName: "r"}).GrantPull(role)
	fn := lambda.NewFunction(stack, "Fn", lambda.FunctionProps{Runtime: lambda.NodeJS22X, Handler: "index.handler", Code: lambda.CodeFromInline("x")})
	fn.GrantInvoke(nil)
	rule := events.NewRule(stack, "Rule", events.RuleProps{Schedule: new(events.ScheduleExpression("rate(1 hour)"))})
	rule.AddTarget(lambda.EventTarget{})
	rule.AddTarget(sns.EventTarget{})
	rule.AddTarget(nil)
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{
		"S/Bucket", "GrantRead was given a nil grantee",
		"S/Key", "a grant on the key was given a nil grantee",
		"S/Topic", "GrantPublish was given a nil grantee",
		"S/Repo", "GrantPull was given a nil grantee",
		"S/Fn", "GrantInvoke was given a nil grantee",
		"S/Rule", "target Target0 (lambda.EventTarget) has no ARN", "target Target1 (sns.EventTarget) has no ARN",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}
