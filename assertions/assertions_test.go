package assertions_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/forma-iac/forma/assertions"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	panic(r)
}

// expectFailure runs f with a recorder and returns its one failure,
// failing t when f passes.
func expectFailure(t *testing.T, f func(tb testing.TB)) string {
	t.Helper()
	r := &recorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil && p != r {
				panic(p)
			}
		}()
		f(r)
	}()
	if len(r.errors) == 0 {
		t.Fatal("the assertion passed; want a failure")
	}
	return strings.Join(r.errors, "\n")
}

func testStack() *constructs.Stack {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	st := constructs.NewStack(app, "S", constructs.StackProps{})
	dlq := sqscfn.NewCfnQueue(st, "Dead", sqscfn.CfnQueueProps{MessageRetentionPeriod: new(1209600)})
	sqscfn.NewCfnQueue(st, "Queue", sqscfn.CfnQueueProps{
		VisibilityTimeout: new(300),
		RedrivePolicy:     map[string]any{"deadLetterTargetArn": dlq.AttrArn(), "maxReceiveCount": 5},
		Tags:              []cfn.Tag{{Key: "team", Value: "core"}, {Key: "env", Value: "dev"}},
	})
	cfn.NewResource(st, "Param", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": `{"a":1,"b":["x"]}`}).AddDependency(dlq.CfnResource())
	cfn.NewOutput(st, "QueueURL", cfn.OutputProps{Value: dlq.Ref(), ExportName: "dead-url"})
	cfn.NewParameter(st, "Stage", cfn.ParameterProps{Type: "String", Default: "dev"})
	cfn.NewMapping(st, "Regions", map[string]map[string]any{"us-east-1": {"AMI": "ami-1"}})
	return st
}

func TestHasResourceProperties(t *testing.T) {
	tpl := assertions.FromStack(t, testStack())
	tpl.HasResourceProperties("AWS::SQS::Queue", map[string]any{"VisibilityTimeout": 300})
	tpl.HasResourceProperties("AWS::SQS::Queue", map[string]any{"RedrivePolicy": map[string]any{"maxReceiveCount": 5}})
	msg := expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).HasResourceProperties("AWS::SQS::Queue", map[string]any{"VisibilityTimeout": 301, "RedrivePolicy": map[string]any{"maxReceiveCount": 5}})
	})
	for _, want := range []string{
		"none of 2 matches; the closest is Queue:",
		"/Properties/VisibilityTimeout: expected 301, got 300",
		"diff of the named parts (-want +got)",
		"-",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure lacks %q:\n%s", want, msg)
		}
	}
}

func TestHasResource(t *testing.T) {
	tpl := assertions.FromStack(t, testStack())
	tpl.HasResource("AWS::SSM::Parameter", map[string]any{"DependsOn": assertions.ArrayWith([]any{assertions.StringLikeRegexp("^Dead")})})
	msg := expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).HasResource("AWS::SSM::Parameter", map[string]any{"DeletionPolicy": "Retain"})
	})
	if !strings.Contains(msg, "/DeletionPolicy: missing key") {
		t.Errorf("failure: %s", msg)
	}
	msg = expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).HasResource("AWS::SNS::Topic", map[string]any{})
	})
	if !strings.Contains(msg, "there is none of that kind") {
		t.Errorf("failure: %s", msg)
	}
}

func TestCounts(t *testing.T) {
	tpl := assertions.FromStack(t, testStack())
	tpl.ResourceCountIs("AWS::SQS::Queue", 2)
	tpl.ResourceCountIs("AWS::SNS::Topic", 0)
	tpl.ResourcePropertiesCountIs("AWS::SQS::Queue", map[string]any{"VisibilityTimeout": assertions.AnyValue()}, 1)
	msg := expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).ResourceCountIs("AWS::SQS::Queue", 3)
	})
	if !strings.Contains(msg, "expected 3 resources of type AWS::SQS::Queue, found 2: Dead") {
		t.Errorf("failure: %s", msg)
	}
	msg = expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).ResourcePropertiesCountIs("AWS::SQS::Queue", map[string]any{}, 1)
	})
	if !strings.Contains(msg, "found 2") {
		t.Errorf("failure: %s", msg)
	}
}

func TestOutputsParametersMappings(t *testing.T) {
	tpl := assertions.FromStack(t, testStack())
	tpl.HasOutput("QueueURL", map[string]any{"Export": map[string]any{"Name": "dead-url"}})
	tpl.HasOutput("*", map[string]any{"Value": map[string]any{"Ref": assertions.StringLikeRegexp("^Dead")}})
	tpl.HasParameter("Stage", map[string]any{"Type": "String", "Default": "dev"})
	tpl.HasMapping("Regions", map[string]any{"us-east-1": map[string]any{"AMI": "ami-1"}})
	msg := expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).HasOutput("Nope", map[string]any{})
	})
	if !strings.Contains(msg, "expected output Nope, found none; the outputs are: QueueURL") {
		t.Errorf("failure: %s", msg)
	}
	msg = expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).HasParameter("Stage", map[string]any{"Default": "prod"})
	})
	if !strings.Contains(msg, "/Default: expected \"prod\", got \"dev\"") {
		t.Errorf("failure: %s", msg)
	}
	expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).HasMapping("*", map[string]any{"eu-west-1": assertions.AnyValue()})
	})
}

func TestFindAndAllResources(t *testing.T) {
	tpl := assertions.FromStack(t, testStack())
	found := tpl.FindResources("AWS::SQS::Queue", map[string]any{"Properties": map[string]any{"Tags": assertions.AnyValue()}})
	if len(found) != 1 {
		t.Fatalf("FindResources = %v", found)
	}
	for id := range found {
		if !strings.HasPrefix(id, "Queue") {
			t.Errorf("found %s", id)
		}
	}
	if all := tpl.FindResources("AWS::SQS::Queue", nil); len(all) != 2 {
		t.Errorf("FindResources(nil) found %d", len(all))
	}
	tpl.AllResources("AWS::SQS::Queue", map[string]any{"Type": "AWS::SQS::Queue", "Properties": assertions.AnyValue()})
	msg := expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).AllResources("AWS::SQS::Queue", map[string]any{"Properties": map[string]any{"Tags": assertions.AnyValue()}})
	})
	if !strings.Contains(msg, "Dead") || !strings.Contains(msg, "/Properties/Tags: missing key") {
		t.Errorf("failure: %s", msg)
	}
}

func TestTemplateMatches(t *testing.T) {
	tpl := assertions.FromStack(t, testStack())
	tpl.TemplateMatches(map[string]any{"Parameters": map[string]any{"Stage": map[string]any{"Type": "String"}}})
	msg := expectFailure(t, func(tb testing.TB) {
		assertions.FromStack(tb, testStack()).TemplateMatches(map[string]any{"Conditions": assertions.AnyValue()})
	})
	if !strings.Contains(msg, "/Conditions: missing key") {
		t.Errorf("failure: %s", msg)
	}
}

func TestCapture(t *testing.T) {
	tpl := assertions.FromStack(t, testStack())
	key := assertions.NewCapture()
	tpl.HasResourceProperties("AWS::SQS::Queue", map[string]any{"Tags": []any{map[string]any{"Key": key}, map[string]any{"Key": key}}})
	if key.Len() != 2 || key.AsString() != "team" {
		t.Fatalf("capture: %d values, first %q", key.Len(), key.AsString())
	}
	if !key.Next() || key.AsString() != "env" || key.Next() {
		t.Errorf("Next: %q", key.AsString())
	}
	n := assertions.NewCapture(assertions.Not("x"))
	tpl.HasResourceProperties("AWS::SQS::Queue", map[string]any{"VisibilityTimeout": n})
	if n.AsNumber() != 300 {
		t.Errorf("AsNumber = %v", n.AsNumber())
	}
	obj := assertions.NewCapture()
	tpl.HasResourceProperties("AWS::SQS::Queue", map[string]any{"RedrivePolicy": obj})
	if obj.AsObject()["maxReceiveCount"] != float64(5) {
		t.Errorf("AsObject = %v", obj.AsObject())
	}
}

func TestMatchers(t *testing.T) {
	cases := []struct {
		name    string
		pattern any
		actual  any
		ok      bool
	}{
		{"ObjectLike extra keys", assertions.ObjectLike(map[string]any{"a": 1}), map[string]any{"a": float64(1), "b": 2}, true},
		{"ObjectLike missing key", assertions.ObjectLike(map[string]any{"c": 1}), map[string]any{"a": 1}, false},
		{"ObjectLike nested partial", map[string]any{"a": map[string]any{"x": 1}}, map[string]any{"a": map[string]any{"x": 1, "y": 2}}, true},
		{"ObjectEquals extra key", assertions.ObjectEquals(map[string]any{"a": 1}), map[string]any{"a": 1, "b": 2}, false},
		{"ObjectEquals exact", assertions.ObjectEquals(map[string]any{"a": 1}), map[string]any{"a": 1}, true},
		{"ObjectEquals nested exact", assertions.ObjectEquals(map[string]any{"a": map[string]any{"x": 1}}), map[string]any{"a": map[string]any{"x": 1, "y": 2}}, false},
		{"ArrayWith in order", assertions.ArrayWith([]any{1, 3}), []any{1, 2, 3}, true},
		{"ArrayWith out of order", assertions.ArrayWith([]any{3, 1}), []any{1, 2, 3}, false},
		{"ArrayWith objects", assertions.ArrayWith([]any{map[string]any{"k": "b"}}), []any{map[string]any{"k": "a", "v": 1}, map[string]any{"k": "b", "v": 2}}, true},
		{"ArrayEquals", assertions.ArrayEquals([]any{1, 2}), []any{1, 2}, true},
		{"ArrayEquals length", assertions.ArrayEquals([]any{1, 2}), []any{1, 2, 3}, false},
		{"literal slice is ArrayEquals", []string{"a"}, []any{"a", "b"}, false},
		{"Exact", assertions.Exact(map[string]any{"a": 1}), map[string]any{"a": 1, "b": 1}, false},
		{"Exact equal", assertions.Exact([]any{"a"}), []any{"a"}, true},
		{"Absent", map[string]any{"a": assertions.Absent()}, map[string]any{"b": 1}, true},
		{"Absent present", map[string]any{"a": assertions.Absent()}, map[string]any{"a": 1}, false},
		{"AnyValue", map[string]any{"a": assertions.AnyValue()}, map[string]any{"a": false}, true},
		{"AnyValue missing", map[string]any{"a": assertions.AnyValue()}, map[string]any{}, false},
		{"Not", assertions.Not("a"), "b", true},
		{"Not matched", assertions.Not(assertions.StringLikeRegexp("^a")), "abc", false},
		{"StringLikeRegexp", assertions.StringLikeRegexp(`^arn:aws:.*:queue$`), "arn:aws:sqs:queue", true},
		{"StringLikeRegexp not a string", assertions.StringLikeRegexp(`x`), 1, false},
		{"SerializedJSON", assertions.SerializedJSON(map[string]any{"b": []any{"x"}}), `{"a":1,"b":["x"]}`, true},
		{"SerializedJSON mismatch", assertions.SerializedJSON(map[string]any{"a": 2}), `{"a":1}`, false},
		{"SerializedJSON not JSON", assertions.SerializedJSON(map[string]any{}), `{`, false},
		{"numbers of any type", int64(5), float64(5), true},
		{"string vs number", "5", float64(5), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := assertions.Test(c.pattern, c.actual)
			if r.OK() != c.ok {
				t.Errorf("OK = %v, want %v; mismatches: %v", r.OK(), c.ok, r.Mismatches)
			}
		})
	}
}

func TestMismatchPaths(t *testing.T) {
	r := assertions.Test(map[string]any{"a": []any{map[string]any{"b": "x"}}}, map[string]any{"a": []any{map[string]any{"b": "y"}}})
	if len(r.Mismatches) != 1 || r.Mismatches[0].String() != `/a/0/b: expected "x", got "y"` {
		t.Errorf("mismatches = %v", r.Mismatches)
	}
}

func TestFromStackSynthesisError(t *testing.T) {
	msg := expectFailure(t, func(tb testing.TB) {
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
		st := constructs.NewStack(app, "S", constructs.StackProps{})
		sqscfn.NewCfnQueue(st, "Q", sqscfn.CfnQueueProps{VisibilityTimeout: new(-1)})
		assertions.FromStack(tb, st)
	})
	if !strings.Contains(msg, "S/Q: AWS::SQS::Queue property VisibilityTimeout") {
		t.Errorf("failure: %s", msg)
	}
}

func TestTwoStacksOneSynthesis(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	a := constructs.NewStack(app, "A", constructs.StackProps{})
	b := constructs.NewStack(app, "B", constructs.StackProps{})
	q := sqscfn.NewCfnQueue(a, "Q", sqscfn.CfnQueueProps{})
	cfn.NewResource(b, "P", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.AttrArn()})
	assertions.FromStack(t, a).HasOutput("*", map[string]any{"Export": assertions.AnyValue()})
	assertions.FromStack(t, b).HasResourceProperties("AWS::SSM::Parameter", map[string]any{"Value": map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^A:")}})
}
