package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/deploy"
	"github.com/forma-iac/forma/internal/diff"
	"github.com/forma-iac/forma/synth"
	"github.com/forma-iac/forma/synth/template"
)

// fakeNestedReader serves deployed templates by stack name or physical id,
// and the physical ids of nested stack resources by "stack/logicalID".
type fakeNestedReader struct {
	templates map[string]map[string]any
	physical  map[string]string
	calls     []string
}

func (f *fakeNestedReader) DescribeStackResource(_ context.Context, in *cloudformation.DescribeStackResourceInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourceOutput, error) {
	key := aws.ToString(in.StackName) + "/" + aws.ToString(in.LogicalResourceId)
	f.calls = append(f.calls, "DescribeStackResource "+key)
	id, ok := f.physical[key]
	if !ok {
		return nil, &smithy.GenericAPIError{Code: "ValidationError", Message: "Resource " + key + " does not exist"}
	}
	return &cloudformation.DescribeStackResourceOutput{StackResourceDetail: &cfntypes.StackResourceDetail{PhysicalResourceId: aws.String(id)}}, nil
}

func (f *fakeNestedReader) GetTemplate(_ context.Context, in *cloudformation.GetTemplateInput, _ ...func(*cloudformation.Options)) (*cloudformation.GetTemplateOutput, error) {
	name := aws.ToString(in.StackName)
	f.calls = append(f.calls, "GetTemplate "+name)
	t, ok := f.templates[name]
	if !ok {
		return nil, fmt.Errorf("no stack %s", name)
	}
	data, _ := json.Marshal(t)
	return &cloudformation.GetTemplateOutput{TemplateBody: aws.String(string(data))}, nil
}

// nestedDiffApp is a parent with a nested stack holding a nested stack;
// queues gives the deepest stack's queue count.
func nestedDiffApp(queues int) *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	parent := constructs.NewStack(app, "Parent", constructs.StackProps{})
	pq := sqscfn.NewCfnQueue(parent, "Queue", sqscfn.CfnQueueProps{})
	mid := constructs.NewNestedStack(parent, "Mid", constructs.NestedStackProps{})
	sqscfn.NewCfnQueue(mid, "Queue", sqscfn.CfnQueueProps{})
	inner := constructs.NewNestedStack(mid, "Inner", constructs.NestedStackProps{})
	for i := range queues {
		sqscfn.NewCfnQueue(inner, fmt.Sprintf("Q%d", i), sqscfn.CfnQueueProps{QueueName: new(pq.AttrQueueUrl() + fmt.Sprint(i))})
	}
	return app
}

// synthNested synthesizes app to a directory and returns the parent stack
// as deploy reads it, with its template and nested templates parsed by
// file name.
func synthNested(t *testing.T, app *constructs.App) (*deploy.Stack, map[string]map[string]any) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	asm, err := synth.SynthesizeTo(app, dir, synth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := assembly.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	stacks, err := deploy.FromAssembly(a.Stacks)
	if err != nil {
		t.Fatal(err)
	}
	tpls := map[string]map[string]any{}
	var walk func(s *synth.Stack)
	walk = func(s *synth.Stack) {
		data, err := os.ReadFile(filepath.Join(dir, s.TemplateFile()))
		if err != nil {
			t.Fatal(err)
		}
		tpl, err := template.Parse(s.TemplateFile(), data)
		if err != nil {
			t.Fatal(err)
		}
		tpls[s.Path()] = tpl
		for _, n := range s.Nested {
			walk(n)
		}
	}
	walk(asm.Stacks[0])
	return stacks[0], tpls
}

// TestDiffNestedStacks checks that diff shows a change inside a nested
// stack two levels down after its parent's, reading the deployed nested
// templates from the parents' resources' physical ids, and that the
// TemplateURL (a hash) is not shown as a change of the parents.
func TestDiffNestedStacks(t *testing.T) {
	_, deployed := synthNested(t, nestedDiffApp(2))
	st, _ := synthNested(t, nestedDiffApp(3))
	rd := &fakeNestedReader{
		templates: map[string]map[string]any{"Parent": deployed["Parent"], "arn:mid": deployed["Parent/Mid"], "arn:inner": deployed["Parent/Mid/Inner"]},
		physical: map[string]string{
			"Parent/MidNestedStackMidNestedStackResourceBD703753":      "arn:mid",
			"arn:mid/InnerNestedStackInnerNestedStackResource745E041B": "arn:inner",
		},
	}
	newT, err := template.Parse(st.TemplateFile, st.Template)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, a := range st.Assets {
		files[a.ID] = a.Path
	}
	old := deployed["Parent"]
	nested, err := nestedStacks(context.Background(), newT, old, files, st.DisplayName, st.Name, rd, st.LogicalIDPaths)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	// The parent differs only in its nested stack's TemplateURL, masked.
	if sd := diff.Compare(old, newT, diff.Options{}); !sd.IsEmpty() {
		var pb strings.Builder
		_ = sd.Format(&pb, diff.FormatOptions{})
		t.Errorf("the parent shows changes; its nested stacks' TemplateURLs should be masked:\n%s", pb.String())
	}
	n, err := formatNested(&b, nested, false, false)
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n != 1 {
		t.Errorf("%d nested stacks differ, want only Inner (Mid's resource for it changes only its masked URL):\n%s", n, out)
	}
	for _, want := range []string{"Stack Parent/Mid\n", "Stack Parent/Mid/Inner\n", "[+] AWS::SQS::Queue Q2"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "TemplateURL") {
		t.Errorf("the output shows a TemplateURL change:\n%s", out)
	}

	// Not deployed: the nested stacks' resources are all added, and no
	// deployed nested template is read.
	rd.calls = nil
	nested, err = nestedStacks(context.Background(), newT, nil, files, st.DisplayName, st.Name, rd, st.LogicalIDPaths)
	if err != nil {
		t.Fatal(err)
	}
	if len(rd.calls) != 0 || len(nested) != 1 || len(nested[0].nested) != 1 || nested[0].old != nil {
		t.Errorf("a new parent: calls %v, nested %+v", rd.calls, nested)
	}
}

// TestRulesCheckNestedTemplates checks that the rule pack reads nested
// templates, naming their files.
func TestRulesCheckNestedTemplates(t *testing.T) {
	app := nestedDiffApp(1)
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RulesReport(app, asm)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Rule == "SQS.SSL" {
			found[f.Stack+" "+f.Path] = true
		}
	}
	for _, want := range []string{"Parent Parent/Queue", "ParentMid38195BC1.nested Parent/Mid/Queue", "ParentMidInner55DC198F.nested Parent/Mid/Inner/Q0"} {
		if !found[want] {
			t.Errorf("no SQS.SSL finding %q; found %v", want, found)
		}
	}
}
