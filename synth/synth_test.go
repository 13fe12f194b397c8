package synth_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/synth"
)

func newApp() *constructs.App {
	return constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
}

// synthErrors synthesizes and returns the error lines, failing when
// synthesis succeeds.
func synthErrors(t *testing.T, app *constructs.App) []string {
	t.Helper()
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded; want errors")
	}
	var errs constructs.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v is not constructs.Errors", err)
	}
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func wantError(t *testing.T, errs []string, path, fragment string) {
	t.Helper()
	for _, e := range errs {
		if strings.HasPrefix(e, path+": ") && strings.Contains(e, fragment) {
			return
		}
	}
	t.Errorf("no error for %s mentioning %q in:\n  %s", path, fragment, strings.Join(errs, "\n  "))
}

func TestCrossStackReference(t *testing.T) {
	app := newApp()
	a := constructs.NewStack(app, "Producer", constructs.StackProps{})
	q := cfn.NewResource(a, "Queue", "AWS::SQS::Queue", nil)
	b := constructs.NewStack(app, "Consumer", constructs.StackProps{})
	cfn.NewResource(b, "Param", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.GetAtt("Arn").String()})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	prod := string(asm.Stack("Producer").TemplateJSON)
	// The AWS CDK's naming for the same reference.
	if !strings.Contains(prod, `"ExportsOutputFnGetAttQueueArn042C0F02"`) || !strings.Contains(prod, `"Name": "Producer:ExportsOutputFnGetAttQueueArn042C0F02"`) {
		t.Errorf("producer template lacks the export:\n%s", prod)
	}
	cons := string(asm.Stack("Consumer").TemplateJSON)
	if !strings.Contains(cons, `"Fn::ImportValue": "Producer:ExportsOutputFnGetAttQueueArn042C0F02"`) {
		t.Errorf("consumer template lacks the import:\n%s", cons)
	}
	if d := asm.Stack("Consumer").Dependencies; len(d) != 1 || d[0] != "Producer" {
		t.Errorf("consumer dependencies = %v", d)
	}
}

func TestConstructDependencies(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	g1 := constructs.New(s, "G1")
	a := cfn.NewResource(g1, "A", "AWS::SQS::Queue", nil)
	cfn.NewResource(g1, "B", "AWS::SQS::Queue", nil)
	g2 := constructs.New(s, "G2")
	cfn.NewResource(g2, "C", "AWS::SQS::Queue", nil)
	g2.Node().AddDependency(g1)
	other := constructs.NewStack(app, "T", constructs.StackProps{})
	x := cfn.NewResource(other, "X", "AWS::SQS::Queue", nil)
	x.Node().AddDependency(a)
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	st := asm.Stack("S")
	c := st.Template.Plain()["Resources"].(map[string]any)[st.LogicalIDs["S/G2/C"]].(map[string]any)
	if got, want := fmt.Sprint(c["DependsOn"]), fmt.Sprint([]string{st.LogicalIDs["S/G1/A"], st.LogicalIDs["S/G1/B"]}); got != want {
		t.Errorf("DependsOn = %s, want %s", got, want)
	}
	if d := asm.Stack("T").Dependencies; len(d) != 1 || d[0] != "S" {
		t.Errorf("a dependency across stacks must become a stack dependency; got %v", d)
	}
}

func TestDeterministic(t *testing.T) {
	build := func() []byte {
		app := newApp()
		s := constructs.NewStack(app, "S", constructs.StackProps{})
		for i := 0; i < 50; i++ {
			cfn.NewResource(s, fmt.Sprintf("R%d", i), "AWS::SQS::Queue", map[string]any{"Tags": []any{map[string]any{"Key": "z", "Value": "1"}, map[string]any{"Key": "a", "Value": "2"}}, "B": 1, "A": map[string]any{"y": 1, "x": 2}})
		}
		asm, err := synth.SynthesizeWith(app, synth.Options{NoValidation: true}) // unknown properties on purpose
		if err != nil {
			t.Fatal(err)
		}
		files, _ := asm.Files(false)
		var b bytes.Buffer
		for _, n := range files.Names() {
			b.WriteString(n)
			b.Write(files[n])
		}
		return b.Bytes()
	}
	first := build()
	for i := 0; i < 5; i++ {
		if !bytes.Equal(first, build()) {
			t.Fatal("two syntheses of the same program differ")
		}
	}
}

func TestInvalidLogicalIDOverride(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	r := cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
	r.OverrideLogicalID("my-queue")
	wantError(t, synthErrors(t, app), "S/Q", `logical ID override "my-queue" is invalid`)
}

func TestDuplicateLogicalID(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	cfn.NewResource(s, "My-Queue", "AWS::SQS::Queue", nil)
	cfn.NewResource(s, "MyQueue", "AWS::SQS::Queue", nil)
	wantError(t, synthErrors(t, app), "S/MyQueue", "logical ID MyQueue is already used by S/My-Queue")
}

func TestUnresolvedTokenMarker(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	q := cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
	cut := q.GetAtt("Arn").String()
	cut = cut[:len(cut)-2] // a string operation that breaks the marker
	cfn.NewResource(s, "P", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": cut})
	wantError(t, synthErrors(t, app), "S/P", "a token was left unresolved at Properties.Value")
}

func TestCrossStackCycle(t *testing.T) {
	app := newApp()
	a := constructs.NewStack(app, "A", constructs.StackProps{})
	b := constructs.NewStack(app, "B", constructs.StackProps{})
	qa := cfn.NewResource(a, "Q", "AWS::SQS::Queue", nil)
	qb := cfn.NewResource(b, "Q", "AWS::SQS::Queue", nil)
	cfn.NewResource(a, "P", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": qb.GetAtt("Arn").String()})
	cfn.NewResource(b, "P", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": qa.GetAtt("Arn").String()})
	wantError(t, synthErrors(t, app), "A", "stack dependency cycle: A -> B -> A")
}

func TestTooManyResources(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "Big", constructs.StackProps{})
	for i := 0; i < synth.MaxResources+1; i++ {
		cfn.NewResource(s, fmt.Sprintf("Q%d", i), "AWS::SQS::Queue", nil)
	}
	wantError(t, synthErrors(t, app), "Big", "the stack has 501 resources; CloudFormation allows at most 500")
}

func TestTemplateTooLarge(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "Huge", constructs.StackProps{})
	big := strings.Repeat("x", 4096)
	for i := 0; i < 300; i++ {
		cfn.NewResource(s, fmt.Sprintf("P%d", i), "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": big})
	}
	wantError(t, synthErrors(t, app), "Huge", "CloudFormation accepts at most 1048576 (1 MiB)")
}

func TestAllErrorsCollectedAndSorted(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	cfn.NewResource(s, "Z", "AWS::SQS::Queue", nil).OverrideLogicalID("z-1")
	cfn.NewResource(s, "A", "AWS::SQS::Queue", nil).OverrideLogicalID("a-1")
	constructs.AnnotationsOf(s).AddError("stack-level problem")
	errs := synthErrors(t, app)
	if len(errs) != 3 || !strings.HasPrefix(errs[0], "S: ") || !strings.HasPrefix(errs[1], "S/A: ") || !strings.HasPrefix(errs[2], "S/Z: ") {
		t.Errorf("errors not collected and sorted by path:\n%s", strings.Join(errs, "\n"))
	}
}

func TestEnvironmentsMustMatchForReferences(t *testing.T) {
	app := newApp()
	a := constructs.NewStack(app, "A", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
	b := constructs.NewStack(app, "B", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
	q := cfn.NewResource(a, "Q", "AWS::SQS::Queue", nil)
	cfn.NewResource(b, "P", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.GetAtt("Arn").String()})
	wantError(t, synthErrors(t, app), "B/P", "another environment")
}

func TestOverrides(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	r := cfn.NewResource(s, "B", "AWS::S3::Bucket", map[string]any{"BucketName": "x", "Drop": map[string]any{"Me": 1, "Keep": 2}})
	r.AddPropertyOverride("VersioningConfiguration.Status", "Enabled")
	r.AddPropertyDeletionOverride("Drop.Me")
	r.AddOverride("Metadata.Key\\.With\\.Dots", "v")
	r.ApplyRemovalPolicy(cfn.PolicyRetain)
	asm, err := synth.SynthesizeWith(app, synth.Options{NoValidation: true}) // an unknown property on purpose
	if err != nil {
		t.Fatal(err)
	}
	got := string(asm.Stack("S").TemplateJSON)
	want := `{
 "Resources": {
  "B": {
   "Type": "AWS::S3::Bucket",
   "Properties": {
    "BucketName": "x",
    "Drop": {
     "Keep": 2
    },
    "VersioningConfiguration": {
     "Status": "Enabled"
    }
   },
   "UpdateReplacePolicy": "Retain",
   "DeletionPolicy": "Retain",
   "Metadata": {
    "Key.With.Dots": "v"
   }
  }
 }
}`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestOverrideIntoReference overrides inside one resource's Ref of a queue:
// the other resources that reference the queue keep theirs.
func TestOverrideIntoReference(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	q := cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
	cfn.NewResource(s, "Other", "AWS::SQS::Queue", nil)
	a := cfn.NewResource(s, "A", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.Ref()})
	cfn.NewResource(s, "B", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.Ref()})
	a.AddPropertyOverride("Value.Ref", "Other")
	a.AddPropertyDeletionOverride("Value.Gone")
	asm, err := synth.SynthesizeWith(app, synth.Options{NoValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	res := asm.Stack("S").Template.Section("Resources").Values
	value := func(id string) any { return res[id].(map[string]any)["Properties"].(map[string]any)["Value"] }
	if got := value("A"); !reflect.DeepEqual(got, map[string]any{"Ref": "Other"}) {
		t.Errorf("A's Value = %v, want the override", got)
	}
	if got := value("B"); !reflect.DeepEqual(got, map[string]any{"Ref": "Q"}) {
		t.Errorf("B's Value = %v, want the queue's Ref: the override of A changed it", got)
	}
}

func TestMissingRequiredProperty(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	// AWS::SSM::Parameter requires Type and Value.
	cfn.NewResource(s, "P", "AWS::SSM::Parameter", map[string]any{"Value": "x"})
	wantError(t, synthErrors(t, app), "S/P", "AWS::SSM::Parameter requires the property Type; set Type in its props")
}

// TestDuplicateExportName finds two outputs of one environment that export
// the same name, in two stacks, and names the first in the error on the
// second; another environment may use the name.
func TestDuplicateExportName(t *testing.T) {
	app := newApp()
	env := constructs.Environment{Account: "111111111111", Region: "eu-west-1"}
	a := constructs.NewStack(app, "A", constructs.StackProps{Env: env})
	b := constructs.NewStack(app, "B", constructs.StackProps{Env: env})
	c := constructs.NewStack(app, "C", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
	for _, st := range []*constructs.Stack{a, b, c} {
		cfn.NewResource(st, "Q", "AWS::SQS::Queue", nil)
		cfn.NewOutput(st, "Out", cfn.OutputProps{Value: "v", ExportName: "Shared"})
	}
	errs := synthErrors(t, app)
	wantError(t, errs, "B/Out", `the export name "Shared" is already exported by A/Out in the same environment`)
	if len(errs) != 1 {
		t.Errorf("errors = %v, want only B's", errs)
	}
}
