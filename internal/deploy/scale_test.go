package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/forma-iac/forma/internal/cfnfake"
)

// Deploying many independent stacks at once, against a double that answers
// every call after 50 ms and takes 2 s to create a stack (issue 13).
const (
	manyStacks      = 100
	manyConcurrency = 10
	callLatency     = 50 * time.Millisecond
	createTime      = 2 * time.Second
	// maxCallsPerStack bounds the CloudFormation calls one new stack
	// takes: CreateChangeSet, DescribeChangeSet (once or twice),
	// ExecuteChangeSet, then a DescribeStacks and a DescribeStackEvents a
	// poll. Polls come after 25 ms, doubling up to 2 s (DefaultPoll): an
	// operation of T seconds takes about 7 + (T - 3.2 s)/2 s polls, 8 for
	// 2 s, so 4 + 2×8 = 20 calls; 24 leaves room for a late poll.
	maxCallsPerStack = 24
)

// deployMany deploys manyStacks stacks of one topic each with
// Concurrency manyConcurrency against a double with faults, through the
// SDK's standard retryer (as the CLI's clients have it), and returns the
// wall time, the double and the results.
func deployMany(t *testing.T, faults cfnfake.Faults) (time.Duration, *cfnfake.Fake, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("deploys 100 stacks in about 25 s of wall time")
	}
	f := cfnfake.New()
	t.Cleanup(f.Close)
	f.SetFaults(faults)
	cfg := aws.Config{
		Region:       cfnfake.Region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(f.URL),
		HTTPClient:   HTTPClient(&http.Client{}),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 10 })
		},
	}
	throttles := CountThrottles(&cfg)
	out := &syncBuffer{}
	d := &Deployer{CFN: cloudformation.NewFromConfig(cfg), Region: cfnfake.Region, Out: out, Throttles: throttles}
	d.Renderer = NewRenderer(ProgressEvents, out, time.Now, time.UTC)
	var stacks []*Stack
	for i := range manyStacks {
		name := fmt.Sprintf("Many%03d", i)
		stacks = append(stacks, stackOf(name, tmpl(t, map[string]any{"Resources": map[string]any{"Topic": res("AWS::SNS::Topic", nil)}})))
	}
	start := time.Now()
	results, err := d.Deploy(context.Background(), stacks, Options{Concurrency: manyConcurrency})
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, r := range results {
		if r.Status != "CREATE_COMPLETE" {
			t.Errorf("%s: %s", r.Stack.Name, r.Status)
		}
	}
	summary := fmt.Sprintf("%d stacks in ", manyStacks)
	if !strings.Contains(out.String(), summary) || !strings.Contains(out.String(), fmt.Sprintf(": %d created", manyStacks)) {
		t.Errorf("no summary line %q...: %d created in the output", summary, manyStacks)
	}
	return wall, f, out.String()
}

// TestManyStacksNearCriticalPath: with 10 at once, 100 independent stacks
// of 2 s each take 10 rounds, 20 s; the deployment finishes within 1.5× of
// that, in a bounded number of calls a stack.
func TestManyStacksNearCriticalPath(t *testing.T) {
	wall, f, _ := deployMany(t, cfnfake.Faults{Latency: callLatency, OperationTime: createTime})
	ideal := time.Duration((manyStacks+manyConcurrency-1)/manyConcurrency) * createTime
	calls := len(f.Calls())
	byAction := map[string]int{}
	for _, c := range f.Calls() {
		byAction[c]++
	}
	t.Logf("calls by action: %v", byAction)
	t.Logf("%d stacks, %d at once: %v (ideal %v, %.2f×); %d calls, %.1f a stack; %d at once at most",
		manyStacks, manyConcurrency, wall.Round(time.Millisecond), ideal, float64(wall)/float64(ideal), calls, float64(calls)/manyStacks, f.MaxConcurrent())
	if wall > ideal*3/2 {
		t.Errorf("the deployment took %v, over 1.5× the critical path (%v)", wall, ideal)
	}
	if calls > maxCallsPerStack*manyStacks {
		t.Errorf("%d calls for %d stacks, over %d a stack", calls, manyStacks, maxCallsPerStack)
	}
	if f.MaxConcurrent() > manyConcurrency {
		t.Errorf("%d operations at once, over the concurrency of %d", f.MaxConcurrent(), manyConcurrency)
	}
}

// TestManyStacksThrottled: with ThrottlingException on 20 % of the calls,
// the deployment still completes: the SDK's retryer backs off with jitter.
func TestManyStacksThrottled(t *testing.T) {
	wall, f, out := deployMany(t, cfnfake.Faults{Latency: callLatency, OperationTime: createTime, ThrottleRate: 0.2, Seed: 13})
	t.Logf("throttled %d times of %d calls; %v", f.Throttled(), len(f.Calls())+f.Throttled(), wall.Round(time.Millisecond))
	if f.Throttled() == 0 {
		t.Error("no call was throttled")
	}
	if want := fmt.Sprintf("; throttled %d times (retried with backoff)", f.Throttled()); !strings.Contains(out, want) {
		t.Errorf("the summary does not say %q:\n%s", want, lastLines(out, 3))
	}
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestSummaryLine: the summary names the counts that are not zero.
func TestSummaryLine(t *testing.T) {
	results := []Result{{Status: "CREATE_COMPLETE"}, {Status: "UPDATE_COMPLETE"}, {Status: "UPDATE_COMPLETE", NoOp: true}, {}, {}}
	errs := []*StackError{nil, nil, nil, {Stack: "D", Err: errors.New("boom")}, {Stack: "E", Err: &SkipError{Because: "D failed"}}}
	got := summarize(results, errs, 1500*time.Millisecond, 2).String()
	want := "5 stacks in 1.5s: 1 created, 1 updated, 1 unchanged, 1 failed, 1 skipped; throttled 2 times (retried with backoff)"
	if got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

// TestLiveViewOneLinePerStack: with more stacks in progress than
// compactAbove, the live table shows one line per stack.
func TestLiveViewOneLinePerStack(t *testing.T) {
	var out bytes.Buffer
	now := cfnfake.Epoch.Add(90 * time.Second)
	r := NewRenderer(ProgressBar, &out, func() time.Time { return now }, time.UTC).(*tableRenderer)
	ev := func(st *Stack, id, typ, status, reason string) {
		r.Event(st, cfnEvent{LogicalResourceId: aws.String(id), ResourceType: aws.String(typ), ResourceStatus: types.ResourceStatus(status),
			ResourceStatusReason: aws.String(reason), Timestamp: aws.Time(cfnfake.Epoch)})
	}
	var stacks []*Stack
	for i := range compactAbove + 2 {
		st := stackOf(fmt.Sprintf("Stack%d", i), nil)
		stacks = append(stacks, st)
		ev(st, st.Name, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated")
		ev(st, "Topic", "AWS::SNS::Topic", "CREATE_COMPLETE", "")
		ev(st, "Queue", "AWS::SQS::Queue", "CREATE_IN_PROGRESS", "")
	}
	ev(stacks[1], "Queue", "AWS::SQS::Queue", "CREATE_FAILED", "Rate exceeded")
	lines := r.table()
	if len(lines) != len(stacks) {
		t.Fatalf("%d lines for %d stacks:\n%s", len(lines), len(stacks), strings.Join(lines, "\n"))
	}
	if want := "Stack0  CREATE_IN_PROGRESS            1m30s  1/2 resources"; lines[0] != want {
		t.Errorf("line %q, want %q", lines[0], want)
	}
	if !strings.HasSuffix(lines[1], "1/2 resources  Queue: Rate exceeded") {
		t.Errorf("line %q does not end with the failure", lines[1])
	}
	// A stack done in compact mode leaves its one line.
	out.Reset()
	r.Done(stacks[0])
	if !strings.Contains(out.String(), "Stack0  CREATE_IN_PROGRESS") || strings.Contains(out.String(), "RESOURCE") {
		t.Errorf("after Done:\n%s", out.String())
	}
}
