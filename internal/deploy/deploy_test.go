package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/internal/cfnfake"
	"github.com/forma-iac/forma/internal/golden"
)

func storage(t *testing.T, queueProps map[string]any) []byte {
	return tmpl(t, map[string]any{
		"Resources": map[string]any{
			"Bucket":          res("AWS::S3::Bucket", nil),
			"DeadLetterQueue": res("AWS::SQS::Queue", nil),
			"Queue":           res("AWS::SQS::Queue", queueProps),
		},
		"Outputs": map[string]any{
			"QueueUrl": map[string]any{"Value": map[string]any{"Ref": "Queue"}},
			"QueueArn": map[string]any{"Value": map[string]any{"Fn::GetAtt": []any{"Queue", "Arn"}}, "Export": map[string]any{"Name": "Storage:QueueArn"}},
		},
	})
}

func consumer(t *testing.T) []byte {
	return tmpl(t, map[string]any{
		"Resources": map[string]any{
			"Param": res("AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": map[string]any{"Fn::ImportValue": "Storage:QueueArn"}}),
		},
	})
}

// Scenario create: a change set of type CREATE puts the new stack in
// REVIEW_IN_PROGRESS; executing it goes CREATE_IN_PROGRESS → CREATE_COMPLETE
// with per-resource events
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets-execute.html).
// Scenario no-op: a second deploy of the same template makes no change set.
func TestCreateThenNoOp(t *testing.T) {
	f, d, out := newFake(t)
	st := stackOf("Storage", storage(t, nil))
	st.LogicalIDPaths = map[string]string{"Queue": "/Storage/Queue/Resource"}
	results, err := d.Deploy(context.Background(), []*Stack{st}, Options{})
	if err != nil {
		t.Fatalf("Deploy: %v\n%s", err, out)
	}
	if got := results[0].Status; got != "CREATE_COMPLETE" {
		t.Errorf("status = %s, want CREATE_COMPLETE", got)
	}
	s, _ := f.Stack("Storage")
	if got := results[0].Outputs["QueueUrl"]; got == "" || got != s.Resources["Queue"] {
		t.Errorf("QueueUrl output = %q, want the queue's physical id %q", got, s.Resources["Queue"])
	}
	golden.Check(t, "testdata/create.events.txt", out.String())

	f.ResetCalls()
	out.b.Reset()
	results, err = d.Deploy(context.Background(), []*Stack{st}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !results[0].NoOp {
		t.Errorf("second deploy: NoOp = false, want true")
	}
	if diff := cmp.Diff([]string{"DescribeStacks", "GetTemplate"}, f.Calls()); diff != "" {
		t.Errorf("calls of a no-change deploy (-want +got):\n%s", diff)
	}
	if !strings.Contains(out.String(), "Storage (no changes)") {
		t.Errorf("output %q does not say no changes", out)
	}
	if results[0].Outputs["QueueUrl"] == "" {
		t.Errorf("skipped stack has no outputs: %v", results[0].Outputs)
	}
}

// With --force, an unchanged stack gets a change set, which CloudFormation
// fails with "The submitted information didn't contain changes"; that is a
// success and the change set is deleted
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets-create.html).
func TestForceEmptyChangeSet(t *testing.T) {
	f, d, out := newFake(t)
	st := stackOf("Storage", storage(t, nil))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Fatal(err)
	}
	f.ResetCalls()
	results, err := d.Deploy(context.Background(), []*Stack{st}, Options{Force: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !results[0].NoOp {
		t.Error("NoOp = false")
	}
	calls := f.Calls()
	if !slices.Contains(calls, "CreateChangeSet") || !slices.Contains(calls, "DeleteChangeSet") || slices.Contains(calls, "ExecuteChangeSet") {
		t.Errorf("calls = %v, want a change set created and deleted, not executed", calls)
	}
}

// Scenario update: UPDATE_IN_PROGRESS → UPDATE_COMPLETE_CLEANUP_IN_PROGRESS →
// UPDATE_COMPLETE; a change to a create-only property (QueueName of
// AWS::SQS::Queue) replaces the resource
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
func TestUpdateWithReplacement(t *testing.T) {
	f, d, out := newFake(t)
	st := stackOf("Storage", storage(t, nil))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Fatal(err)
	}
	before, _ := f.Stack("Storage")
	out.b.Reset()
	var seen *cloudformation.DescribeChangeSetOutput
	st2 := stackOf("Storage", storage(t, map[string]any{"QueueName": "renamed", "VisibilityTimeout": 60}))
	results, err := d.Deploy(context.Background(), []*Stack{st2}, Options{Approve: func(_ context.Context, p *Proposal) (bool, error) {
		seen = p.ChangeSet
		return true, nil
	}})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if results[0].Status != "UPDATE_COMPLETE" {
		t.Errorf("status = %s", results[0].Status)
	}
	if seen == nil || len(seen.Changes) != 1 || string(seen.Changes[0].ResourceChange.Replacement) != "True" {
		t.Fatalf("change set changes = %+v, want one replacement", seen)
	}
	after, _ := f.Stack("Storage")
	if after.Resources["Queue"] != "renamed" || before.Resources["Queue"] == "renamed" {
		t.Errorf("queue physical id %q → %q, want replaced by \"renamed\"", before.Resources["Queue"], after.Resources["Queue"])
	}
	golden.Check(t, "testdata/update.events.txt", out.String())
}

// Scenario failed create: a resource fails, the others of its wave are
// cancelled ("Resource creation cancelled"), the stack rolls back to
// ROLLBACK_COMPLETE; the root cause is the first failure, not the cascade
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html#troubleshooting-errors-update-rollback-failed).
// Then ROLLBACK_COMPLETE recreate: the next deploy says so, deletes the stack
// and creates it (a stack in ROLLBACK_COMPLETE can only be deleted:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html).
func TestFailedCreateThenRecreate(t *testing.T) {
	f, d, out := newFake(t)
	f.FailResource("Storage", "DeadLetterQueue", "Resource handler returned message: \"Access Denied\" (HandlerErrorCode: AccessDenied)")
	st := stackOf("Storage", storage(t, nil))
	_, err := d.Deploy(context.Background(), []*Stack{st}, Options{})
	if err == nil {
		t.Fatal("Deploy succeeded, want failure")
	}
	if !strings.Contains(err.Error(), "DeadLetterQueue CREATE_FAILED: Resource handler returned message") {
		t.Errorf("error %q does not name the root cause", err)
	}
	if s, _ := f.Stack("Storage"); s.Status != "ROLLBACK_COMPLETE" {
		t.Errorf("stack status = %s, want ROLLBACK_COMPLETE", s.Status)
	}
	golden.Check(t, "testdata/failed-create.events.txt", out.String())

	out.b.Reset()
	results, err := d.Deploy(context.Background(), []*Stack{st}, Options{})
	if err != nil {
		t.Fatalf("redeploy: %v\n%s", err, out)
	}
	if results[0].Status != "CREATE_COMPLETE" {
		t.Errorf("status = %s", results[0].Status)
	}
	if !strings.Contains(out.String(), "ROLLBACK_COMPLETE: its creation failed and was rolled back") {
		t.Errorf("output does not explain the recreation:\n%s", out)
	}
}

// Scenario failed update: UPDATE_ROLLBACK_IN_PROGRESS →
// UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS → UPDATE_ROLLBACK_COMPLETE;
// the stack keeps its previous template and the next deploy updates it
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-monitor-stack.html).
func TestFailedUpdate(t *testing.T) {
	f, d, out := newFake(t)
	st := stackOf("Storage", storage(t, nil))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Fatal(err)
	}
	before, _ := f.Stack("Storage")
	out.b.Reset()
	f.FailResource("Storage", "Queue", "Invalid value for the parameter VisibilityTimeout.")
	st2 := stackOf("Storage", storage(t, map[string]any{"VisibilityTimeout": 99999}))
	_, err := d.Deploy(context.Background(), []*Stack{st2}, Options{})
	if err == nil || !strings.Contains(err.Error(), "UPDATE_ROLLBACK_COMPLETE") || !strings.Contains(err.Error(), "VisibilityTimeout") {
		t.Fatalf("err = %v, want UPDATE_ROLLBACK_COMPLETE naming the reason", err)
	}
	after, _ := f.Stack("Storage")
	if after.Status != "UPDATE_ROLLBACK_COMPLETE" || after.Template != before.Template {
		t.Errorf("after rollback: status %s, template restored %v", after.Status, after.Template == before.Template)
	}
	golden.Check(t, "testdata/failed-update.events.txt", out.String())
	if _, err := d.Deploy(context.Background(), []*Stack{st2}, Options{}); err != nil {
		t.Errorf("deploy after rollback: %v", err)
	}
}

// --no-rollback: a failed create stays CREATE_FAILED with its resources
// (DisableRollback, https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html).
func TestNoRollback(t *testing.T) {
	f, d, _ := newFake(t)
	f.FailResource("Storage", "Queue", "boom")
	st := stackOf("Storage", storage(t, nil))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{NoRollback: true}); err == nil {
		t.Fatal("want failure")
	}
	s, _ := f.Stack("Storage")
	if s.Status != "CREATE_FAILED" || s.Resources["Bucket"] == "" {
		t.Errorf("status %s resources %v, want CREATE_FAILED with the bucket kept", s.Status, s.Resources)
	}
}

// Scenario operation in progress: a stack being created by someone else is
// waited for, then updated (CloudFormation refuses updates of a stack in an
// *_IN_PROGRESS state: "is in CREATE_IN_PROGRESS state and can not be updated").
func TestWaitsForOperationInProgress(t *testing.T) {
	_, d, out := newFake(t)
	body := string(storage(t, nil))
	if _, err := d.CFN.CreateStack(context.Background(), &cloudformation.CreateStackInput{StackName: new("Storage"), TemplateBody: &body}); err != nil {
		t.Fatal(err)
	}
	st := stackOf("Storage", storage(t, map[string]any{"VisibilityTimeout": 60}))
	results, err := d.Deploy(context.Background(), []*Stack{st}, Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out.String(), "Storage: CREATE_IN_PROGRESS is in progress; waiting for it to finish") {
		t.Errorf("output does not say it waits:\n%s", out)
	}
	if results[0].Status != "UPDATE_COMPLETE" {
		t.Errorf("status = %s, want UPDATE_COMPLETE", results[0].Status)
	}
}

// UPDATE_ROLLBACK_FAILED stops with how to continue (ContinueUpdateRollback,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ContinueUpdateRollback.html).
func TestUpdateRollbackFailed(t *testing.T) {
	f, d, _ := newFake(t)
	st := stackOf("Storage", storage(t, nil))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Fatal(err)
	}
	f.SetStatus("Storage", "UPDATE_ROLLBACK_FAILED")
	f.ResetCalls()
	_, err := d.Deploy(context.Background(), []*Stack{stackOf("Storage", storage(t, map[string]any{"DelaySeconds": 5}))}, Options{})
	if err == nil || !strings.Contains(err.Error(), "continue-update-rollback --stack-name Storage") {
		t.Fatalf("err = %v, want instructions for continue-update-rollback", err)
	}
	if diff := cmp.Diff([]string{"DescribeStacks"}, f.Calls()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// A stack in REVIEW_IN_PROGRESS (a CREATE change set never executed) is
// treated as new.
func TestReviewInProgressIsNew(t *testing.T) {
	f, d, out := newFake(t)
	st := stackOf("Storage", storage(t, nil))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{NoExecute: true}); err != nil {
		t.Fatal(err)
	}
	if s, _ := f.Stack("Storage"); s.Status != "REVIEW_IN_PROGRESS" {
		t.Fatalf("after --no-execute: %s, want REVIEW_IN_PROGRESS", s.Status)
	}
	results, err := d.Deploy(context.Background(), []*Stack{st}, Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if results[0].Status != "CREATE_COMPLETE" {
		t.Errorf("status = %s", results[0].Status)
	}
}

// Scenario concurrent independent stacks: with --concurrency 2 both are in
// progress at once; a dependent stack waits for its dependency.
func TestConcurrentStacks(t *testing.T) {
	f, d, out := newFake(t)
	a := stackOf("A", storage(t, nil))
	b := stackOf("B", tmpl(t, map[string]any{"Resources": map[string]any{"Topic": res("AWS::SNS::Topic", nil)}}))
	// Both stacks are held once they have begun: only stacks deployed at
	// once can then both be in progress. Deployed one after the other, B
	// would wait for A until the deadline, and the count would stay 1.
	f.Hold("A")
	f.Hold("B")
	go func() {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && f.MaxConcurrent() < 2; time.Sleep(time.Millisecond) {
		}
		f.Release("A")
		f.Release("B")
	}()
	results, err := d.Deploy(context.Background(), []*Stack{a, b}, Options{Concurrency: 2})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if f.MaxConcurrent() != 2 {
		t.Errorf("max concurrent operations = %d, want 2", f.MaxConcurrent())
	}
	for _, r := range results {
		if r.Status != "CREATE_COMPLETE" {
			t.Errorf("%s: %s", r.Stack.Name, r.Status)
		}
	}
	// A consumer of A's export depends on it: never concurrent with it.
	f2, d2, _ := newFake(t)
	s := stackOf("Storage", storage(t, nil))
	c := stackOf("Consumer", consumer(t), "Storage")
	if _, err := d2.Deploy(context.Background(), []*Stack{s, c}, Options{Concurrency: 4}); err != nil {
		t.Fatal(err)
	}
	if f2.MaxConcurrent() != 1 {
		t.Errorf("dependent stacks: max concurrent = %d, want 1", f2.MaxConcurrent())
	}
}

// A failed stack stops its dependents.
func TestDependentSkippedAfterFailure(t *testing.T) {
	f, d, _ := newFake(t)
	f.FailResource("Storage", "Queue", "boom")
	s := stackOf("Storage", storage(t, nil))
	c := stackOf("Consumer", consumer(t), "Storage")
	_, err := d.Deploy(context.Background(), []*Stack{s, c}, Options{})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 || !strings.Contains(errs[1].Error(), "Consumer: skipped because Storage failed (Consumer depends on it)") {
		t.Fatalf("err = %v", err)
	}
	if _, ok := f.Stack("Consumer"); ok {
		t.Error("Consumer was created")
	}
}

// Scenario large template: over 51,200 bytes it is uploaded to the
// bootstrap bucket and passed as TemplateURL; over 1 MB it is refused before
// any call (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
func TestLargeTemplateThroughS3(t *testing.T) {
	f, d, out := newFake(t)
	big := stackOf("Big", bigTemplate(t, MaxBodyBytes))
	_, err := d.Deploy(context.Background(), []*Stack{big}, Options{})
	if err == nil || !strings.Contains(err.Error(), "run 'bootstrap'") {
		t.Fatalf("without bootstrap: err = %v, want to run bootstrap", err)
	}
	toolkit := stackOf(ToolkitStackName, tmpl(t, map[string]any{
		"Resources": map[string]any{"StagingBucket": res("AWS::S3::Bucket", map[string]any{"BucketName": map[string]any{"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}})},
		"Outputs":   map[string]any{"BucketName": map[string]any{"Value": map[string]any{"Ref": "StagingBucket"}}, "BootstrapVersion": map[string]any{"Value": "30"}},
	}))
	d2 := clone(d)
	if _, err := d2.Deploy(context.Background(), []*Stack{toolkit}, Options{}); err != nil {
		t.Fatal(err)
	}
	f.ResetCalls()
	d3 := clone(d)
	results, err := d3.Deploy(context.Background(), []*Stack{big}, Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if results[0].Status != "CREATE_COMPLETE" {
		t.Errorf("status %s", results[0].Status)
	}
	if !slices.Contains(f.Calls(), "S3:PUT") {
		t.Errorf("calls %v: no upload", f.Calls())
	}
	bucket := "cdk-hnb659fds-assets-" + cfnfake.Account + "-" + cfnfake.Region
	if _, ok := f.Object(bucket, "cdk/Big/"+sha(big.Template)+".json"); !ok {
		t.Errorf("template not in s3://%s", bucket)
	}

	f.ResetCalls()
	huge := stackOf("Huge", bigTemplate(t, MaxTemplateBytes))
	_, err = d3.Deploy(context.Background(), []*Stack{huge}, Options{})
	if err == nil || !strings.Contains(err.Error(), "over CloudFormation's limit of 1048576 bytes") {
		t.Errorf("err = %v", err)
	}
	if len(f.Calls()) != 0 {
		t.Errorf("calls before refusing a 1 MB template: %v", f.Calls())
	}
}

// Scenario destroy: reverse dependency order, DELETE_IN_PROGRESS →
// DELETE_COMPLETE, retained resources listed and DELETE_SKIPPED; deleting a
// stack whose export is imported fails with "Export … cannot be deleted as
// it is in use by …"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html).
func TestDestroy(t *testing.T) {
	f, d, out := newFake(t)
	body := storage(t, nil)
	body = []byte(strings.Replace(string(body), `"Type": "AWS::S3::Bucket"`, `"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"`, 1))
	s := stackOf("Storage", body)
	s.LogicalIDPaths = map[string]string{"Bucket": "/Storage/Bucket/Resource"}
	c := stackOf("Consumer", consumer(t), "Storage")
	if _, err := d.Deploy(context.Background(), []*Stack{s, c}, Options{}); err != nil {
		t.Fatal(err)
	}
	// Deleting only the producer fails: its export is in use.
	out.b.Reset()
	err := d.Destroy(context.Background(), []*Stack{s}, DestroyOptions{})
	if err == nil || !strings.Contains(err.Error(), "Export Storage:QueueArn cannot be deleted as it is in use by Consumer") {
		t.Fatalf("err = %v", err)
	}
	out.b.Reset()
	f.ResetCalls()
	if err := d.Destroy(context.Background(), []*Stack{s, c}, DestroyOptions{Concurrency: 2}); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if _, ok := f.Stack("Storage"); ok {
		t.Error("Storage still exists")
	}
	if !strings.Contains(out.String(), "Storage: retained resources, which deleting the stack leaves in place:\n    Bucket (Storage/Bucket/Resource)") {
		t.Errorf("retained resources not listed:\n%s", out)
	}
	calls := f.Calls()
	var deletes []int
	for i, c := range calls {
		if c == "DeleteStack" {
			deletes = append(deletes, i)
		}
	}
	if len(deletes) != 2 {
		t.Fatalf("calls %v", calls)
	}
	if i := strings.Index(out.String(), "Consumer: destroying"); i < 0 || i > strings.Index(out.String(), "Storage: destroying") {
		t.Errorf("Consumer not destroyed first:\n%s", out)
	}
	if !strings.Contains(out.String(), "DELETE_SKIPPED") {
		t.Errorf("no DELETE_SKIPPED event for the retained bucket:\n%s", out)
	}
	// Destroying again: nothing to do.
	if err := d.Destroy(context.Background(), []*Stack{s, c}, DestroyOptions{}); err != nil {
		t.Error(err)
	}
}

// Scenario Ctrl-C: cancelling the context stops following; CloudFormation
// carries on, and the stack's state is reported.
func TestInterrupt(t *testing.T) {
	f, d, out := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	d.Renderer = &cancelOn{Renderer: d.Renderer, status: "CREATE_IN_PROGRESS", logical: "Queue", cancel: cancel}
	f.Hold("never") // no-op hold: only the cancellation stops the follower
	st := stackOf("Storage", storage(t, nil))
	_, err := d.Deploy(ctx, []*Stack{st}, Options{})
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v, want ErrInterrupted", err)
	}
	if !strings.Contains(out.String(), "Storage: stopped following; CloudFormation goes on with the operation. The stack is CREATE_IN_PROGRESS") {
		t.Errorf("output does not report the state:\n%s", out)
	}
	s, _ := f.Stack("Storage")
	if s.Status != "CREATE_IN_PROGRESS" {
		t.Errorf("stack %s: the operation should still be running", s.Status)
	}
}

type cancelOn struct {
	Renderer
	status, logical string
	cancel          func()
}

func (c *cancelOn) Event(st *Stack, ev cfnEvent) {
	c.Renderer.Event(st, ev)
	if string(ev.ResourceStatus) == c.status && *ev.LogicalResourceId == c.logical {
		c.cancel()
	}
}

// Capabilities follow the template.
func TestCapabilities(t *testing.T) {
	for _, tc := range []struct {
		doc  map[string]any
		want []string
	}{
		{map[string]any{"Resources": map[string]any{"T": res("AWS::SNS::Topic", nil)}}, nil},
		{map[string]any{"Resources": map[string]any{"R": res("AWS::IAM::Role", nil)}}, []string{"CAPABILITY_IAM"}},
		{map[string]any{"Resources": map[string]any{"R": res("AWS::IAM::Role", map[string]any{"RoleName": "x"})}}, []string{"CAPABILITY_NAMED_IAM"}},
		{map[string]any{"Transform": "AWS::Serverless-2016-10-31", "Resources": map[string]any{"T": res("AWS::SNS::Topic", nil)}}, []string{"CAPABILITY_AUTO_EXPAND"}},
		{map[string]any{"Resources": map[string]any{"N": res("AWS::CloudFormation::Stack", nil), "U": res("AWS::IAM::User", map[string]any{"UserName": "u"})}}, []string{"CAPABILITY_AUTO_EXPAND", "CAPABILITY_NAMED_IAM"}},
	} {
		got, err := Capabilities(tmpl(t, tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tc.doc, diff)
		}
	}
	// The double enforces them: a deploy of a named role succeeds only
	// because forma asked for CAPABILITY_NAMED_IAM.
	_, d, _ := newFake(t)
	st := stackOf("Iam", tmpl(t, map[string]any{"Resources": map[string]any{"R": res("AWS::IAM::Role", map[string]any{"RoleName": "x"})}}))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{}); err != nil {
		t.Error(err)
	}
}

// Parameters and tags: --parameters and --tags reach CloudFormation; an
// unspecified parameter keeps its previous value on update; a change of a
// tag alone is deployed.
func TestParametersAndTags(t *testing.T) {
	f, d, out := newFake(t)
	body := tmpl(t, map[string]any{
		"Parameters": map[string]any{"Env": map[string]any{"Type": "String"}, "Size": map[string]any{"Type": "String", "Default": "1"}},
		"Resources":  map[string]any{"T": res("AWS::SNS::Topic", map[string]any{"DisplayName": map[string]any{"Ref": "Env"}})},
		"Outputs":    map[string]any{"Env": map[string]any{"Value": map[string]any{"Ref": "Env"}}},
	})
	st := stackOf("P", body)
	params, _ := ParseParameters([]string{"P:Env=prod", "Size=3"})
	r, err := d.Deploy(context.Background(), []*Stack{st}, Options{Parameters: params, Tags: map[string]string{"team": "a"}})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r[0].Outputs["Env"] != "prod" {
		t.Errorf("outputs %v", r[0].Outputs)
	}
	f.ResetCalls()
	r, err = d.Deploy(context.Background(), []*Stack{st}, Options{Tags: map[string]string{"team": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if r[0].NoOp || r[0].Outputs["Env"] != "prod" {
		t.Errorf("tag change: NoOp %v outputs %v, want deployed with Env kept", r[0].NoOp, r[0].Outputs)
	}
	s, _ := f.Stack("P")
	if s.Tags["team"] != "b" {
		t.Errorf("tags %v", s.Tags)
	}
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{Parameters: map[string]map[string]string{"P": {"Nope": "1"}}}); err == nil || !strings.Contains(err.Error(), "the template has no parameter Nope") {
		t.Errorf("err = %v", err)
	}
}

// --method direct uses CreateStack and UpdateStack; "No updates are to be
// performed." is a no-op.
func TestDirectMethod(t *testing.T) {
	f, d, out := newFake(t)
	st := stackOf("Storage", storage(t, nil))
	if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{Method: MethodDirect}); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	st2 := stackOf("Storage", storage(t, map[string]any{"DelaySeconds": 3}))
	r, err := d.Deploy(context.Background(), []*Stack{st2}, Options{Method: MethodDirect})
	if err != nil || r[0].Status != "UPDATE_COMPLETE" {
		t.Fatalf("%v %v", err, r)
	}
	r, err = d.Deploy(context.Background(), []*Stack{st2}, Options{Method: MethodDirect, Force: true})
	if err != nil || !r[0].NoOp {
		t.Fatalf("%v %+v", err, r)
	}
	for _, c := range f.Calls() {
		if strings.Contains(c, "ChangeSet") {
			t.Errorf("direct method made %s", c)
		}
	}
}

func TestOutputsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out", "outputs.json")
	err := WriteOutputs(path, []Result{
		{Stack: &Stack{DisplayName: "B"}, Outputs: map[string]string{"Z": "1", "A": "2"}},
		{Stack: &Stack{DisplayName: "A"}, Outputs: map[string]string{"K": "v"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := "{\n  \"A\": {\n    \"K\": \"v\"\n  },\n  \"B\": {\n    \"A\": \"2\",\n    \"Z\": \"1\"\n  }\n}\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Approval holds for every method: Approve sees the deployed template and,
// for change sets, the change set; refused, nothing is deployed — no
// ExecuteChangeSet, no CreateStack, no UpdateStack.
func TestApproveEveryMethod(t *testing.T) {
	for _, m := range Methods {
		t.Run(string(m), func(t *testing.T) {
			f, d, _ := newFake(t)
			var seen []*Proposal
			refuse := func(_ context.Context, p *Proposal) (bool, error) {
				seen = append(seen, p)
				return false, nil
			}
			st := stackOf("Storage", storage(t, nil))
			_, err := d.Deploy(context.Background(), []*Stack{st}, Options{Method: m, Approve: refuse})
			if err == nil || !strings.Contains(err.Error(), "not approved") {
				t.Fatalf("err = %v, want not approved", err)
			}
			if len(seen) != 1 || seen[0].Method != m || seen[0].Deployed != nil || !seen[0].Changes || (m == MethodChangeSet) != (seen[0].ChangeSet != nil) {
				t.Fatalf("proposals %+v, want one for a new stack by %s", seen, m)
			}
			for _, c := range f.Calls() {
				if c == "ExecuteChangeSet" || c == "CreateStack" || c == "UpdateStack" {
					t.Errorf("refused deployment made %s", c)
				}
			}
			if s, ok := f.Stack("Storage"); ok && s.Status != "REVIEW_IN_PROGRESS" {
				t.Errorf("refused deployment left the stack %s", s.Status)
			}

			approve := func(_ context.Context, p *Proposal) (bool, error) {
				seen = append(seen, p)
				return true, nil
			}
			if _, err := d.Deploy(context.Background(), []*Stack{st}, Options{Method: m, Approve: approve}); err != nil {
				t.Fatal(err)
			}
			seen = nil
			f.ResetCalls()
			st2 := stackOf("Storage", storage(t, map[string]any{"DelaySeconds": 5}))
			_, err = d.Deploy(context.Background(), []*Stack{st2}, Options{Method: m, Approve: refuse})
			if err == nil || len(seen) != 1 || !SameTemplate(seen[0].Deployed, st.Template) || !seen[0].Changes {
				t.Fatalf("update: err %v, proposals %+v, want one showing the deployed template", err, seen)
			}
			if slices.Contains(f.Calls(), "UpdateStack") || slices.Contains(f.Calls(), "ExecuteChangeSet") {
				t.Errorf("refused update made %v", f.Calls())
			}
			if n := strings.Count(strings.Join(f.Calls(), " "), "GetTemplate"); n != 1 {
				t.Errorf("the deployed template was read %d times, want once: %v", n, f.Calls())
			}
		})
	}
}

// Polling starts fast: CloudFormation (here its double, which finishes an
// operation within a few polls) is seen done at once, not a whole Poll
// interval later. With the default interval, two stacks are created, one
// after the other, well under half a second (a fixed 2 s interval took
// more than 2 s); the bound leaves room for a slow machine.
func TestAdaptivePolling(t *testing.T) {
	for _, m := range Methods {
		t.Run(string(m), func(t *testing.T) {
			// Up to three runs, the fastest counts: a loaded machine slows
			// a run, not the pace of polling.
			best := time.Hour
			for range 3 {
				_, d, out := newFake(t)
				d.Poll = 0 // DefaultPoll
				s := stackOf("Storage", storage(t, nil))
				c := stackOf("Consumer", consumer(t), "Storage")
				start := time.Now()
				if _, err := d.Deploy(context.Background(), []*Stack{s, c}, Options{Method: m}); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				best = min(best, time.Since(start))
				if best < 500*time.Millisecond {
					break
				}
			}
			t.Logf("creating two stacks by %s took %s", m, best.Round(time.Millisecond))
			if best > 500*time.Millisecond {
				t.Errorf("creating two stacks took %s, want under 0.5 s", best)
			}
		})
	}
	// The waits double from FirstPoll up to Poll.
	p := (&Deployer{Poll: 120 * time.Millisecond}).poller()
	var waits []time.Duration
	for range 4 {
		waits = append(waits, p.next)
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]time.Duration{FirstPoll, 2 * FirstPoll, 4 * FirstPoll, 120 * time.Millisecond}, waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

// Errors say the cause first and then what it caused: when deleting a
// dependent stack fails, the stack it depends on is skipped, and listed
// after it although destroy takes stacks in reverse.
func TestDestroyCauseFirst(t *testing.T) {
	_, d, out := newFake(t)
	base := stackOf("Base", tmpl(t, map[string]any{"Resources": map[string]any{"Topic": res("AWS::SNS::Topic", nil)}}))
	mid := stackOf("Mid", tmpl(t, map[string]any{
		"Resources": map[string]any{"Queue": res("AWS::SQS::Queue", nil)},
		"Outputs":   map[string]any{"Arn": map[string]any{"Value": map[string]any{"Fn::GetAtt": []any{"Queue", "Arn"}}, "Export": map[string]any{"Name": "Mid:Arn"}}},
	}), "Base")
	outsider := stackOf("Outsider", tmpl(t, map[string]any{
		"Resources": map[string]any{"Param": res("AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": map[string]any{"Fn::ImportValue": "Mid:Arn"}})},
	}), "Mid")
	if _, err := d.Deploy(context.Background(), []*Stack{base, mid, outsider}, Options{}); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	err := d.Destroy(context.Background(), []*Stack{base, mid}, DestroyOptions{})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("err = %v, want two stack errors", err)
	}
	if !strings.HasPrefix(errs[0].Error(), "Mid: DELETE_FAILED") {
		t.Errorf("first error %q, want the cause: Mid's failure", errs[0])
	}
	if got, want := errs[1].Error(), "Base: skipped because deleting Mid failed (Mid depends on Base)"; got != want {
		t.Errorf("second error %q, want %q", got, want)
	}
}

// Interrupted (Ctrl-C) as a stack's operation ends: the stack that
// completed is reported complete, not failed, and the stacks after it are
// skipped because of the interruption.
func TestInterruptAsStackCompletes(t *testing.T) {
	_, d, out := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	d.Renderer = &cancelOn{Renderer: d.Renderer, status: "CREATE_COMPLETE", logical: "Queue", cancel: cancel}
	s := stackOf("Storage", storage(t, nil))
	c := stackOf("Consumer", consumer(t), "Storage")
	results, err := d.Deploy(ctx, []*Stack{s, c}, Options{})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Error() != "Consumer: skipped because the deployment was interrupted" || !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v, want only Consumer skipped because of the interruption\n%s", err, out)
	}
	if results[0].Status != "CREATE_COMPLETE" || results[0].Outputs["QueueUrl"] == "" {
		t.Errorf("Storage: %+v, want CREATE_COMPLETE with its outputs", results[0])
	}
	if strings.Contains(out.String(), "failed") || !strings.Contains(out.String(), " ✅  Storage (CREATE_COMPLETE)") {
		t.Errorf("output:\n%s", out)
	}
}

// A stack without resources is skipped with a message and no API call:
// CloudFormation refuses such a template ("At least one Resources member
// must be defined"). The stacks after it are deployed.
func TestEmptyStackSkipped(t *testing.T) {
	for _, m := range Methods {
		t.Run(string(m), func(t *testing.T) {
			f, d, out := newFake(t)
			empty := stackOf("Empty", tmpl(t, map[string]any{"Resources": map[string]any{}}))
			other := stackOf("Other", tmpl(t, map[string]any{"Resources": map[string]any{"Topic": res("AWS::SNS::Topic", nil)}}), "Empty")
			results, err := d.Deploy(context.Background(), []*Stack{empty, other}, Options{Method: m})
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if !results[0].NoOp || results[1].Status != "CREATE_COMPLETE" {
				t.Errorf("results %+v", results)
			}
			if !strings.Contains(out.String(), "Empty: skipped: the stack has no resources, and CloudFormation refuses a template without any") {
				t.Errorf("output does not say why Empty is skipped:\n%s", out)
			}
			if _, ok := f.Stack("Empty"); ok {
				t.Error("Empty was created")
			}
			// The calls are those of deploying Other alone: none about Empty.
			f2, d2, _ := newFake(t)
			if _, err := d2.Deploy(context.Background(), []*Stack{stackOf("Other", other.Template)}, Options{Method: m}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(f2.Calls(), f.Calls()); diff != "" {
				t.Errorf("calls (-Other alone +with Empty):\n%s", diff)
			}
		})
	}
}

// Interrupted during a call (not a poll): the stack is interrupted, not
// failed, and the stacks after it are skipped because of the interruption.
func TestInterruptDuringCall(t *testing.T) {
	_, d, out := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	d.Renderer = &cancelOnLine{Renderer: d.Renderer, prefix: "Storage: deploying", cancel: cancel}
	s := stackOf("Storage", storage(t, nil))
	c := stackOf("Consumer", consumer(t), "Storage")
	_, err := d.Deploy(ctx, []*Stack{s, c}, Options{})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 || !errors.Is(errs[0], ErrInterrupted) || errs[1].Error() != "Consumer: skipped because the deployment was interrupted" {
		t.Fatalf("err = %v\n%s", err, out)
	}
	if !strings.HasPrefix(errs[0].Error(), "Storage: interrupted: ") {
		t.Errorf("Storage: %v, want interrupted", errs[0])
	}
}

// cancelOnLine cancels when a line with prefix is printed.
type cancelOnLine struct {
	Renderer
	prefix string
	cancel func()
}

func (c *cancelOnLine) Line(format string, args ...any) {
	c.Renderer.Line(format, args...)
	if strings.HasPrefix(fmt.Sprintf(format, args...), c.prefix) {
		c.cancel()
	}
}
