package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/internal/golden"
	"github.com/forma-iac/forma/synth/template"
	"github.com/google/go-cmp/cmp"
)

// caseOptions is the optional options.json of a golden case.
type caseOptions struct {
	StackName    string `json:"stackName"`
	SecurityOnly bool   `json:"securityOnly"`
	Width        int    `json:"width"`
}

// TestGolden compares each testdata/*.txtar case: old and new templates
// (old.json / new.json, or .yaml; absent means no template), optional
// paths.json (logical ID → construct path) and options.json, against the
// rendered diff (want.txt) and the engine's verdicts (summary.txt); -update
// rewrites those two sections in place.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases in testdata: %v", err)
	}
	for _, name := range files {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(string(data))
			old := templateFile(t, a, "old")
			new := templateFile(t, a, "new")
			opts := caseOptions{StackName: "MyStack"}
			if s, ok := a.get("options.json"); ok {
				if err := json.Unmarshal([]byte(s), &opts); err != nil {
					t.Fatalf("options.json: %v", err)
				}
			}
			var paths map[string]string
			if s, ok := a.get("paths.json"); ok {
				if err := json.Unmarshal([]byte(s), &paths); err != nil {
					t.Fatalf("paths.json: %v", err)
				}
			}

			d := Compare(old, new, Options{})
			var out bytes.Buffer
			if err := d.Format(&out, FormatOptions{StackName: opts.StackName, SecurityOnly: opts.SecurityOnly, Paths: paths, Width: opts.Width}); err != nil {
				t.Fatal(err)
			}
			summary := fmt.Sprintf("empty: %v\nbroadening: %v\nreplacements: %v\n", d.IsEmpty(), d.PermissionsBroadening(), d.Replacements())

			a.set("want.txt", out.String())
			a.set("summary.txt", summary)
			golden.Check(t, name, a.format())
		})
	}
}

func templateFile(t *testing.T, a *archive, base string) map[string]any {
	t.Helper()
	for _, ext := range []string{".json", ".yaml"} {
		if s, ok := a.get(base + ext); ok {
			m, err := template.Parse(base+ext, []byte(s))
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
	return nil
}

func TestEqualCanonical(t *testing.T) {
	for _, tc := range []struct {
		a, b any
		want bool
	}{
		{map[string]any{"Fn::GetAtt": "A.Arn"}, map[string]any{"Fn::GetAtt": []any{"A", "Arn"}}, true},
		{80, "80", true},
		{80.5, "80.5", true},
		{true, "true", true},
		{false, "true", false},
		{[]string{"a"}, []any{"a"}, true},
		{[]any{"a", "b"}, []any{"b", "a"}, false},
		{map[string]any{"Ref": "A"}, map[string]any{"Ref": "B"}, false},
		{nil, nil, true},
		{nil, "", false},
	} {
		if got := equal(normalize(tc.a), normalize(tc.b)); got != tc.want {
			t.Errorf("equal(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestEditScript(t *testing.T) {
	old := []any{"a", "b", "c", "d"}
	new := []any{"a", "c", "x", "d", "e"}
	var got []string
	for _, e := range editScript(old, new) {
		got = append(got, e.Op.String()+":"+e.Value.(string))
	}
	want := []string{"same:a", "removed:b", "same:c", "added:x", "same:d", "added:e"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("edit script (-want +got):\n%s", d)
	}
}

// fakeSchema makes every property named in it create-only.
type fakeSchema map[string]bool

func (f fakeSchema) IsCreateOnly(_, path string) bool { return f[path] }
func (f fakeSchema) HasCreateOnlyBelow(_, path string) bool {
	for p := range f {
		if strings.HasPrefix(p, path+"/") || p == path {
			return true
		}
	}
	return false
}

func TestImpactWithSchema(t *testing.T) {
	res := func(props map[string]any) map[string]any {
		return map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "X::Y::Z", "Properties": props}}}
	}
	schema := fakeSchema{"Name": true, "Config/*/Key": true}
	for _, tc := range []struct {
		name     string
		old, new map[string]any
		want     Impact
	}{
		{"literal", map[string]any{"Name": "a"}, map[string]any{"Name": "b"}, Replace},
		{"token", map[string]any{"Name": "a"}, map[string]any{"Name": map[string]any{"Ref": "P"}}, MayReplace},
		{"inside join", map[string]any{"Name": map[string]any{"Fn::Join": []any{"", []any{"a", map[string]any{"Ref": "P"}}}}},
			map[string]any{"Name": map[string]any{"Fn::Join": []any{"", []any{"b", map[string]any{"Ref": "P"}}}}}, MayReplace},
		{"added", map[string]any{}, map[string]any{"Name": "a"}, Replace},
		{"other", map[string]any{"Other": "a"}, map[string]any{"Other": "b"}, Update},
		{"nested key", map[string]any{"Config": []any{map[string]any{"Key": "a", "V": 1}}},
			map[string]any{"Config": []any{map[string]any{"Key": "b", "V": 1}}}, Replace},
		{"nested value", map[string]any{"Config": []any{map[string]any{"Key": "a", "V": 1}}},
			map[string]any{"Config": []any{map[string]any{"Key": "a", "V": 2}}}, Update},
		{"element added", map[string]any{"Config": []any{}},
			map[string]any{"Config": []any{map[string]any{"Key": "a"}}}, Replace},
	} {
		d := Compare(res(tc.old), res(tc.new), Options{Schema: schema})
		if len(d.Resources) != 1 || d.Resources[0].Impact != tc.want {
			t.Errorf("%s: impact %v, want %v", tc.name, d.Resources, tc.want)
		}
	}
}

func TestColor(t *testing.T) {
	old := map[string]any{"Resources": map[string]any{"B": map[string]any{"Type": "AWS::S3::Bucket", "Properties": map[string]any{"BucketName": "a"}}}}
	new := map[string]any{"Resources": map[string]any{"B": map[string]any{"Type": "AWS::S3::Bucket", "Properties": map[string]any{"BucketName": "b"}}}}
	var plain, color bytes.Buffer
	d := Compare(old, new, Options{})
	_ = d.Format(&plain, FormatOptions{})
	_ = d.Format(&color, FormatOptions{Color: true})
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("colour written without being asked for:\n%q", plain.String())
	}
	if !strings.Contains(color.String(), "\x1b[33m[~]\x1b[0m") || !strings.Contains(color.String(), "\x1b[3m\x1b[1m\x1b[31mreplace\x1b[0m") {
		t.Errorf("colour missing:\n%q", color.String())
	}
}

func TestArchiveRoundTrip(t *testing.T) {
	src := "comment\n-- a.json --\n{}\n-- b --\nx\ny\n"
	a := parseArchive(src)
	if got := string(a.format()); got != src {
		t.Errorf("round trip:\n%q\nwant\n%q", got, src)
	}
	if s, _ := a.get("b"); s != "x\ny\n" {
		t.Errorf("get(b) = %q", s)
	}
}

// bigTemplates returns two templates of n resources each (queues, roles,
// security groups) where every resource changed.
func bigTemplates(n int) (old, new map[string]any) {
	build := func(v int) map[string]any {
		res := map[string]any{}
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("R%04d", i)
			switch i % 3 {
			case 0:
				res[id] = map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{
					"QueueName": fmt.Sprintf("q-%d-%d", i, v), "DelaySeconds": v,
					"Tags": []any{map[string]any{"Key": "a", "Value": "1"}, map[string]any{"Key": "v", "Value": fmt.Sprint(v)}}}}
			case 1:
				res[id] = map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
					"AssumeRolePolicyDocument": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": map[string]any{"Service": "lambda.amazonaws.com"}}}},
					"Policies": []any{map[string]any{"PolicyName": "p", "PolicyDocument": map[string]any{"Statement": []any{
						map[string]any{"Effect": "Allow", "Action": fmt.Sprintf("sqs:Action%d", v), "Resource": map[string]any{"Fn::GetAtt": []any{fmt.Sprintf("R%04d", i-1), "Arn"}}}}}}}}}
			default:
				res[id] = map[string]any{"Type": "AWS::EC2::SecurityGroup", "Properties": map[string]any{
					"GroupDescription": "g", "SecurityGroupIngress": []any{map[string]any{"IpProtocol": "tcp", "FromPort": 80 + v, "ToPort": 80 + v, "CidrIp": "0.0.0.0/0"}}}}
			}
		}
		return map[string]any{"Resources": res}
	}
	return build(1), build(2)
}

func BenchmarkCompareAndFormat(b *testing.B) {
	old, new := bigTemplates(1000)
	for b.Loop() {
		d := Compare(old, new, Options{})
		var out bytes.Buffer
		if err := d.Format(&out, FormatOptions{StackName: "Big"}); err != nil {
			b.Fatal(err)
		}
		if len(d.Resources) != 1000 {
			b.Fatalf("%d resources changed, want 1000", len(d.Resources))
		}
	}
}

func TestPermissionsBroadening(t *testing.T) {
	role := func(stmts ...any) map[string]any {
		return map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
			"AssumeRolePolicyDocument": map[string]any{"Statement": []any{}},
			"Policies":                 []any{map[string]any{"PolicyName": "p", "PolicyDocument": map[string]any{"Statement": stmts}}}}}}}
	}
	allow := map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
	deny := map[string]any{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
	notAction := map[string]any{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
	for _, tc := range []struct {
		name     string
		old, new map[string]any
		want     bool
	}{
		{"allow added", role(), role(allow), true},
		{"allow removed", role(allow), role(), false},
		{"deny added", role(), role(deny), false},
		{"deny removed", role(deny), role(), true},
		{"NotAction allow added", role(), role(notAction), false},
		{"unchanged", role(allow, deny), role(deny, allow), false},
		{"lambda permission", nil, map[string]any{"Resources": map[string]any{"P": map[string]any{"Type": "AWS::Lambda::Permission",
			"Properties": map[string]any{"Action": "lambda:InvokeFunction", "FunctionName": "f", "Principal": "123456789012"}}}}, true},
	} {
		d := Compare(tc.old, tc.new, Options{})
		if got := d.PermissionsBroadening(); got != tc.want {
			t.Errorf("%s: PermissionsBroadening() = %v, want %v", tc.name, got, tc.want)
		}
	}
	d := Compare(nil, map[string]any{"Resources": map[string]any{"P": map[string]any{"Type": "AWS::Lambda::Permission",
		"Properties": map[string]any{"Action": "lambda:InvokeFunction", "FunctionName": "f", "Principal": "123456789012"}}}}, Options{})
	if st := d.Security.Statements.Additions; len(st) != 1 || st[0].Principals.Values[0] != "AWS:arn:aws:iam::123456789012:root" {
		t.Errorf("lambda permission from an account: %+v", st)
	}
}
