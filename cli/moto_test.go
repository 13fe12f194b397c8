package cli

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
)

// motoURL returns $FORMA_TEST_MOTO_URL (set by .ci/run, which starts
// moto_server); without it the test is skipped loudly, or fails under CI.
func motoURL(t *testing.T) string {
	u := os.Getenv("FORMA_TEST_MOTO_URL")
	if u != "" {
		return strings.TrimRight(u, "/")
	}
	const msg = "FORMA_TEST_MOTO_URL is not set: the integration test against moto_server did NOT run. " +
		"Run bash .ci/run, or start moto_server -H 127.0.0.1 -p PORT and set FORMA_TEST_MOTO_URL=http://127.0.0.1:PORT"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Log("\n" + strings.Repeat("*", 78) + "\n*** SKIP: " + msg + "\n" + strings.Repeat("*", 78))
	t.Skip(msg)
	return ""
}

// motoApp is examples/hello's shape — HelloStorage with an encrypted,
// versioned bucket, a queue and its dead-letter queue, exporting the queue's
// ARN; HelloConsumer importing it into an SSM parameter and an SNS
// subscription — with the parameter named: moto 5.2.1 crashes (HTTP 500) on
// an AWS::SSM::Parameter without Name, which examples/hello has. extra adds
// a topic to HelloStorage.
func motoApp(extra bool) *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	storage := constructs.NewStack(app, "HelloStorage", constructs.StackProps{})
	cfn.NewResource(storage, "Bucket", "AWS::S3::Bucket", map[string]any{
		"BucketEncryption":        map[string]any{"ServerSideEncryptionConfiguration": []any{map[string]any{"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "AES256"}}}},
		"VersioningConfiguration": map[string]any{"Status": "Enabled"},
	})
	dlq := cfn.NewResource(storage, "DeadLetterQueue", "AWS::SQS::Queue", nil)
	queue := cfn.NewResource(storage, "Queue", "AWS::SQS::Queue", map[string]any{
		"RedrivePolicy": map[string]any{"deadLetterTargetArn": dlq.GetAtt("Arn").String(), "maxReceiveCount": 5},
	})
	cfn.NewOutput(storage, "QueueUrl", cfn.OutputProps{Value: queue.Ref()})
	if extra {
		cfn.NewResource(storage, "Extra", "AWS::SNS::Topic", nil)
	}
	consumer := constructs.NewStack(app, "HelloConsumer", constructs.StackProps{})
	cfn.NewResource(consumer, "QueueArnParam", "AWS::SSM::Parameter", map[string]any{"Name": "/hello/queue-arn", "Type": "String", "Value": queue.GetAtt("Arn").String()})
	topic := cfn.NewResource(consumer, "Topic", "AWS::SNS::Topic", nil)
	cfn.NewResource(consumer, "Sub", "AWS::SNS::Subscription", map[string]any{"Protocol": "sqs", "TopicArn": topic.Ref(), "Endpoint": queue.GetAtt("Arn").String()})
	return app
}

// An app of examples/hello's shape against moto_server: moto proves that the
// commands speak the real AWS APIs (signing, query protocol, change sets,
// waiters, errors); CloudFormation's behaviour is tested against
// internal/cfnfake. Moto has no stack events and no outputs after change
// sets, so neither is asserted here.
func TestHelloAgainstMoto(t *testing.T) {
	url := motoURL(t)
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()

	awsEnv(t, url, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("FORMA_POLL_INTERVAL", "100ms")
	must := func(app *constructs.App, args ...string) string {
		t.Helper()
		return run(app, args...).ok(t).stdout
	}

	cfn := cloudformation.NewFromConfig(aws.Config{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(url), RetryMaxAttempts: 1,
	})
	status := func(name string) string {
		out, err := cfn.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil || len(out.Stacks) == 0 {
			return "absent"
		}
		return string(out.Stacks[0].StackStatus)
	}

	// --method direct: moto sets no outputs, hence no exports, after a
	// change set is executed (../shared/PEERS.md), so HelloConsumer's
	// Fn::ImportValue would find nothing; CreateStack sets them. Change sets
	// are tested against moto below and against internal/cfnfake.
	out := must(motoApp(false), "deploy", "--all", "--require-approval", "never", "--progress", "events", "--method", "direct")
	for _, name := range []string{"HelloStorage", "HelloConsumer"} {
		if s := status(name); s != "CREATE_COMPLETE" {
			t.Errorf("%s: %s, want CREATE_COMPLETE\n%s", name, s, out)
		}
	}

	calls := &apiCalls{}
	calls.install(t)
	out = must(motoApp(false), "deploy", "--all", "--require-approval", "never", "--progress", "events")
	if strings.Count(out, "(no changes)") != 2 {
		t.Errorf("second deploy changed something:\n%s", out)
	}

	want := []string{"CloudFormation.DescribeStacks", "CloudFormation.GetTemplate", "CloudFormation.DescribeStacks", "CloudFormation.GetTemplate"}
	got := calls.take()
	t.Logf("API calls of a no-change deploy: %v", got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("API calls of a no-change deploy (-want +got):\n%s\n%s", diff, out)
	}

	out = must(motoApp(false), "diff", "--all", "--fail")
	if !strings.Contains(out, "Number of stacks with differences: 0") {
		t.Errorf("diff of the deployed app:\n%s", out)
	}

	// An edit: one more resource in HelloStorage.
	r := run(motoApp(true), "diff", "--all", "--fail")
	if r.code != 1 || !strings.Contains(r.stdout, "[+] AWS::SNS::Topic Extra") {
		t.Errorf("diff after an edit: exit %d, want 1 showing the new topic:\n%s%s", r.code, r.stdout, r.stderr)
	}

	out = must(motoApp(false), "destroy", "--all", "--force", "--progress", "events")
	for _, name := range []string{"HelloStorage", "HelloConsumer"} {
		if s := status(name); s != "absent" && s != "DELETE_COMPLETE" {
			t.Errorf("%s after destroy: %s\n%s", name, s, out)
		}
	}
}
