package schemacheck

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func issues(typeName string, props map[string]any, tpl *Template) []string {
	var out []string
	for _, is := range Check(typeName, props, tpl) {
		out = append(out, is.Kind+" "+is.String())
	}
	return out
}

func TestCheck(t *testing.T) {
	tpl := &Template{
		Parameters: map[string]string{"Subnets": "List<AWS::EC2::Subnet::Id>", "Name": "String", "Count": "Number"},
		Resources:  map[string]string{"Vpc": "AWS::EC2::VPC", "Queue": "AWS::SQS::Queue"},
	}
	cases := []struct {
		name  string
		typ   string
		props map[string]any
		want  []string // substrings of the issues, in order; none: no issue
	}{
		{"valid", "AWS::SQS::Queue", map[string]any{"VisibilityTimeout": 30, "QueueName": "q"}, nil},
		{"integer as string", "AWS::SQS::Queue", map[string]any{"VisibilityTimeout": "30"}, nil},
		{"range", "AWS::SQS::Queue", map[string]any{"VisibilityTimeout": 50000}, []string{"range property VisibilityTimeout: wanted a number from 0 to 43200, given 50000"}},
		{"not a number", "AWS::SQS::Queue", map[string]any{"DelaySeconds": "soon"}, []string{`type property DelaySeconds: wanted an integer, given a string "soon"`}},
		{"fraction", "AWS::SQS::Queue", map[string]any{"DelaySeconds": 1.5}, []string{"type property DelaySeconds: wanted an integer"}},
		{"boolean", "AWS::SQS::Queue", map[string]any{"FifoQueue": "yes"}, []string{"type property FifoQueue: wanted a boolean"}},
		{"boolean string", "AWS::SQS::Queue", map[string]any{"FifoQueue": "true"}, nil},
		{"unknown", "AWS::SQS::Queue", map[string]any{"VisibilityTimeOut": 3}, []string{"unknown property VisibilityTimeOut: wanted VisibilityTimeout (the closest known property)"}},
		{"read-only", "AWS::SQS::Queue", map[string]any{"Arn": "x"}, []string{"readonly property Arn: wanted no value"}}, // a warning
		{"required", "AWS::SQS::QueuePolicy", map[string]any{"Queues": []any{"a"}}, []string{"required properties: wanted the required property PolicyDocument"}},
		{"nested required", "AWS::SQS::Queue", map[string]any{"Tags": []any{map[string]any{"Key": "k"}}}, []string{"required property Tags[0]: wanted the required property Value"}},
		{"string where list", "AWS::SQS::QueuePolicy", map[string]any{"PolicyDocument": map[string]any{}, "Queues": "q"}, []string{`type property Queues: wanted a list, given a string "q"`}},
		{"Ref resource where list", "AWS::SQS::QueuePolicy", map[string]any{"PolicyDocument": map[string]any{}, "Queues": map[string]any{"Ref": "Queue"}}, []string{"type property Queues: wanted a list (a Ref to a resource"}},
		{"Ref list parameter", "AWS::SQS::QueuePolicy", map[string]any{"PolicyDocument": map[string]any{}, "Queues": map[string]any{"Ref": "Subnets"}}, nil},
		{"Ref list where string", "AWS::SQS::Queue", map[string]any{"QueueName": map[string]any{"Ref": "Subnets"}}, []string{"type property QueueName: wanted a string (this intrinsic gives a list"}},
		{"Join where string", "AWS::SQS::Queue", map[string]any{"QueueName": map[string]any{"Fn::Join": []any{"", []any{"a", map[string]any{"Ref": "AWS::Region"}}}}}, nil},
		{"GetAtt list where list", "AWS::EC2::SecurityGroup", map[string]any{"GroupDescription": "d", "VpcId": map[string]any{"Ref": "Vpc"}, "SecurityGroupIngress": map[string]any{"Fn::GetAtt": []any{"Vpc", "CidrBlockAssociations"}}}, nil},
		{"GetAtt string where list", "AWS::SQS::QueuePolicy", map[string]any{"PolicyDocument": map[string]any{}, "Queues": map[string]any{"Fn::GetAtt": []any{"Queue", "Arn"}}}, []string{"type property Queues: wanted a list"}},
		{"NoValue", "AWS::SQS::Queue", map[string]any{"VisibilityTimeout": map[string]any{"Ref": "AWS::NoValue"}}, nil},
		{"If branches", "AWS::SQS::Queue", map[string]any{"VisibilityTimeout": map[string]any{"Fn::If": []any{"C", 5, 99999}}}, []string{"range property VisibilityTimeout"}},
		{"enum", "AWS::EC2::VPC", map[string]any{"CidrBlock": "10.0.0.0/16", "InstanceTenancy": "shared"}, []string{"enum property InstanceTenancy: wanted one of dedicated, default, host"}},
		{"length", "AWS::Logs::LogGroup", map[string]any{"LogGroupName": strings.Repeat("a", 513)}, []string{"length property LogGroupName: wanted a string of 1 to 512 characters, given 513 characters", "pattern property LogGroupName"}},
		{"pattern", "AWS::Logs::LogGroup", map[string]any{"LogGroupName": "bad name!"}, []string{"pattern property LogGroupName: wanted a string matching"}},
		{"object where string", "AWS::SQS::Queue", map[string]any{"QueueName": map[string]any{"a": 1}}, []string{"type property QueueName: wanted a string, given an object"}},
		{"list where object", "AWS::SQS::Queue", map[string]any{"RedrivePolicy": []any{1}}, []string{"type property RedrivePolicy: wanted an object or a string, given a list"}},
		{"unknown type", "AWS::Nope::Nope", map[string]any{"X": 1}, nil},
		{"open object", "AWS::S3::Bucket", map[string]any{"LoggingConfiguration": map[string]any{"TargetObjectKeyFormat": map[string]any{"SimplePrefix": map[string]any{}, "Other": 1}}}, nil},
		{"closed object", "AWS::S3::Bucket", map[string]any{"LoggingConfiguration": map[string]any{"Other": 1}}, []string{"unknown property LoggingConfiguration.Other"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := issues(c.typ, c.props, tpl)
			if len(got) != len(c.want) {
				t.Fatalf("got %d issues, want %d:\n%s", len(got), len(c.want), strings.Join(got, "\n"))
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("issue %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestChoiceAndDependencies(t *testing.T) {
	// AWS::EC2::VPC needs CidrBlock or Ipv4IpamPoolId.
	got := issues("AWS::EC2::VPC", map[string]any{}, nil)
	if len(got) != 1 || !strings.Contains(got[0], "choice") || !strings.Contains(got[0], "CidrBlock") {
		t.Errorf("VPC without CIDR: %q", got)
	}
	if got := issues("AWS::EC2::VPC", map[string]any{"CidrBlock": "10.0.0.0/16"}, nil); len(got) != 0 {
		t.Errorf("VPC with CIDR: %q", got)
	}
}

func TestDeterministicOrder(t *testing.T) {
	props := map[string]any{"A": 1, "B": 2, "C": 3, "VisibilityTimeout": -1, "DelaySeconds": 9999}
	first := strings.Join(issues("AWS::SQS::Queue", props, nil), "\n")
	for range 20 {
		if got := strings.Join(issues("AWS::SQS::Queue", props, nil), "\n"); got != first {
			t.Fatalf("order changed:\n%s\n---\n%s", first, got)
		}
	}
}

func readTemplate(tb testing.TB, path string) map[string]any {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var tpl map[string]any
	if err := json.Unmarshal(b, &tpl); err != nil {
		tb.Fatal(err)
	}
	return tpl
}

func TestSnapshotsAreValid(t *testing.T) {
	for _, f := range []string{"../../snapshots/bonjour/Bonjour.template.json", "../../snapshots/hello/HelloStorage.template.json", "../../snapshots/hello/HelloConsumer.template.json"} {
		for _, is := range CheckTemplate(readTemplate(t, f)) {
			t.Errorf("%s: %s", f, is)
		}
	}
}

// BenchmarkBonjour checks the flagship's 37 resources (at most 1 ms).
func BenchmarkBonjour(b *testing.B) {
	tpl := readTemplate(b, "../../snapshots/bonjour/Bonjour.template.json")
	CheckTemplate(tpl) // load the data set
	b.ReportAllocs()
	for b.Loop() {
		if is := CheckTemplate(tpl); len(is) != 0 {
			b.Fatal(is)
		}
	}
}

// BenchmarkCheck10k checks 10,000 queues shaped like those of synth's
// 10,000-resource benchmark app (name, timeout, tags, a redrive policy
// referring to the previous queue): the schema check's share of that
// app's synthesis (at most 200 ms).
func BenchmarkCheck10k(b *testing.B) {
	tpl := &Template{Resources: map[string]string{}}
	bodies := make([]map[string]any, 10000)
	for i := range bodies {
		id := fmt.Sprintf("Queue%d", i)
		tpl.Resources[id] = "AWS::SQS::Queue"
		bodies[i] = map[string]any{
			"QueueName":         fmt.Sprintf("q-%d", i),
			"VisibilityTimeout": 30,
			"Tags":              []any{map[string]any{"Key": "n", "Value": fmt.Sprint(i)}},
			"RedrivePolicy":     map[string]any{"deadLetterTargetArn": map[string]any{"Fn::GetAtt": []any{fmt.Sprintf("Queue%d", max(i-1, 0)), "Arn"}}, "maxReceiveCount": 5},
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range bodies {
			if is := Check("AWS::SQS::Queue", p, tpl); len(is) != 0 {
				b.Fatal(is)
			}
		}
	}
}
