package synth_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/synth"
)

// stageApp builds stacks outside stages, in stages, in a stage nested in a
// stage and in a construct of a stage, with a reference inside a stage and
// an asset in a stage's stack. The AWS CDK writes the same layout, IDs and
// names for the same program (parity case stage-nested).
func stageApp(t *testing.T) *constructs.App {
	app := newApp()
	top := constructs.NewStack(app, "Top", constructs.StackProps{})
	sqscfn.NewCfnQueue(top, "Q", sqscfn.CfnQueueProps{})
	test := constructs.NewStage(app, "Test", constructs.StageProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
	web := constructs.NewStack(test, "Web", constructs.StackProps{})
	db := constructs.NewStack(test, "Db", constructs.StackProps{StackName: "custom-db"})
	q := sqscfn.NewCfnQueue(db, "Q", sqscfn.CfnQueueProps{})
	cfn.NewOutput(web, "QArn", cfn.OutputProps{Value: q.AttrArn()})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("bonjour"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := assets.NewAsset(web, "Site", assets.AssetProps{Path: dir})
	cfn.NewOutput(web, "SiteKey", cfn.OutputProps{Value: a.S3ObjectKey()})
	inner := constructs.NewStage(test, "Inner", constructs.StageProps{})
	deep := constructs.NewStack(inner, "Deep", constructs.StackProps{})
	cfn.NewOutput(deep, "Where", cfn.OutputProps{Value: deep.Account() + "/" + deep.Region() + "/" + deep.StackName()})
	grp := constructs.New(test, "Grp")
	g := constructs.NewStack(grp, "InGroup", constructs.StackProps{})
	sqscfn.NewCfnQueue(g, "Q", sqscfn.CfnQueueProps{})
	prod := constructs.NewStage(app, "Prod", constructs.StageProps{StageName: "production"})
	pw := constructs.NewStack(prod, "Web", constructs.StackProps{Env: constructs.Environment{Account: "222222222222", Region: "us-east-1"}})
	sqscfn.NewCfnQueue(pw, "Q", sqscfn.CfnQueueProps{})
	return app
}

// readTree returns every file below dir by "/"-separated relative path,
// the bytes of asset directories left out.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func manifestAt(t *testing.T, files map[string][]byte, name string) *assembly.Manifest {
	t.Helper()
	var m assembly.Manifest
	if err := json.Unmarshal(files[name], &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &m
}

func TestStageNestedAssemblies(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cdk.out")
	if _, err := synth.SynthesizeTo(stageApp(t), out, synth.Options{}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	var names []string
	for n := range files {
		if !strings.Contains(n, "/asset.") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	want := []string{
		"Top.template.json",
		"assembly-Prod/ProdWebF45B1510.template.json", "assembly-Prod/cdk.out", "assembly-Prod/manifest.json",
		"assembly-Test/TestDbFE02DE21.template.json", "assembly-Test/TestGrpInGroupA89DF043.template.json",
		"assembly-Test/TestWeb23347330.assets.json", "assembly-Test/TestWeb23347330.template.json",
		"assembly-Test/assembly-Test-Inner/TestInnerDeep573D2313.template.json",
		"assembly-Test/assembly-Test-Inner/cdk.out", "assembly-Test/assembly-Test-Inner/manifest.json",
		"assembly-Test/cdk.out", "assembly-Test/manifest.json",
		"cdk.out", "manifest.json", "tree.json",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("files:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	staged := false
	for n := range files {
		if strings.HasPrefix(n, "assembly-Test/asset.") && strings.HasSuffix(n, "/index.html") {
			staged = true
		}
	}
	if !staged {
		t.Errorf("the asset of Test/Web is not staged in its nested assembly")
	}

	top := manifestAt(t, files, "manifest.json")
	for id, dir := range map[string]string{"assembly-Test": "Test", "assembly-Prod": "Prod"} {
		a := top.Artifacts[id]
		if a == nil || a.Type != "cdk:cloud-assembly" || a.Properties.DirectoryName != id || a.Properties.DisplayName != dir {
			t.Errorf("top manifest artifact %s = %+v", id, a)
		}
	}
	if !bytes.HasPrefix(files["manifest.json"], []byte("{\n  \"version\": \"55.0.0\",\n  \"artifacts\": {\n    \"assembly-Test\": {")) {
		t.Errorf("the nested assemblies do not come first in the manifest:\n%s", files["manifest.json"])
	}
	if len(top.Artifacts) != 4 { // two stages, Top, Tree
		t.Errorf("top manifest has %d artifacts, want 4", len(top.Artifacts))
	}

	type stackWant struct{ manifest, id, name, display, env string }
	for _, w := range []stackWant{
		{"assembly-Test/manifest.json", "TestWeb23347330", "Test-Web", "Test/Web", "aws://111111111111/eu-west-1"},
		{"assembly-Test/manifest.json", "TestDbFE02DE21", "custom-db", "Test/Db", "aws://111111111111/eu-west-1"},
		{"assembly-Test/manifest.json", "TestGrpInGroupA89DF043", "Test-GrpInGroup3E7C4F2B", "Test/Grp/InGroup", "aws://111111111111/eu-west-1"},
		{"assembly-Test/assembly-Test-Inner/manifest.json", "TestInnerDeep573D2313", "Test-Inner-Deep", "Test/Inner/Deep", "aws://111111111111/eu-west-1"},
		{"assembly-Prod/manifest.json", "ProdWebF45B1510", "production-Web", "Prod/Web", "aws://222222222222/us-east-1"},
	} {
		m := manifestAt(t, files, w.manifest)
		a := m.Artifacts[w.id]
		if a == nil {
			t.Errorf("%s has no artifact %s", w.manifest, w.id)
			continue
		}
		if a.Type != assembly.TypeStack || a.DisplayName != w.display || a.Environment != w.env || a.Properties.StackName != w.name || a.Properties.TemplateFile != w.id+".template.json" {
			t.Errorf("%s: artifact %s = type %s display %s env %s stackName %s templateFile %s; want %+v", w.manifest, w.id, a.Type, a.DisplayName, a.Environment, a.Properties.StackName, a.Properties.TemplateFile, w)
		}
	}
	test := manifestAt(t, files, "assembly-Test/manifest.json")
	if a := test.Artifacts["assembly-Test-Inner"]; a == nil || a.Properties.DirectoryName != "assembly-Test-Inner" || a.Properties.DisplayName != "Test/Inner" {
		t.Errorf("assembly-Test/manifest.json: nested assembly artifact = %+v", a)
	}
	if deps := test.Artifacts["TestWeb23347330"].Dependencies; !slices.Equal(deps, []string{"TestWeb23347330.assets", "TestDbFE02DE21"}) {
		t.Errorf("Test/Web dependencies = %v", deps)
	}
	if _, ok := test.Artifacts["Tree"]; ok {
		t.Errorf("a nested assembly names the tree")
	}
	web := string(files["assembly-Test/TestWeb23347330.template.json"])
	if !strings.Contains(web, `"Fn::ImportValue":"custom-db:ExportsOutputFnGetAttQ7E1E5B9FArn`) && !strings.Contains(web, `"Fn::ImportValue": "custom-db:ExportsOutputFnGetAtt`) {
		t.Errorf("Test/Web does not import Test/Db's export by its stack name:\n%s", web)
	}
	deep := string(files["assembly-Test/assembly-Test-Inner/TestInnerDeep573D2313.template.json"])
	if !strings.Contains(deep, "111111111111/eu-west-1/Test-Inner-Deep") {
		t.Errorf("Test/Inner/Deep does not inherit its stages' environment:\n%s", deep)
	}
}

// TestStageStreamingMatchesWriteTo checks that the streaming path and the
// in-memory one write the same bytes for an app with stages, sequentially
// and in parallel.
func TestStageStreamingMatchesWriteTo(t *testing.T) {
	var ref map[string][]byte
	for _, w := range []int{1, 4} {
		restore := synth.SetWorkers(w)
		asm, err := synth.Synthesize(stageApp(t))
		if err != nil {
			restore()
			t.Fatal(err)
		}
		a := filepath.Join(t.TempDir(), "a")
		if err := asm.WriteTo(a); err != nil {
			t.Fatal(err)
		}
		b := filepath.Join(t.TempDir(), "b")
		if _, err := synth.SynthesizeTo(stageApp(t), b, synth.Options{}); err != nil {
			t.Fatal(err)
		}
		restore()
		fa, fb := readTree(t, a), readTree(t, b)
		// Asset names hold a hash of the (temporary) source's content:
		// equal across runs.
		if len(fa) != len(fb) {
			t.Fatalf("WriteTo writes %d files, SynthesizeTo %d", len(fa), len(fb))
		}
		for n, data := range fa {
			if !bytes.Equal(data, fb[n]) {
				t.Errorf("workers=%d: %s differs between WriteTo and SynthesizeTo", w, n)
			}
		}
		if ref == nil {
			ref = fa
			continue
		}
		for n, data := range ref {
			if !bytes.Equal(data, fa[n]) {
				t.Errorf("%s differs between 1 and %d workers", n, w)
			}
		}
	}
}

func TestStageErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(app *constructs.App)
		want  []string
	}{
		{"reference across stages", func(app *constructs.App) {
			a := constructs.NewStack(constructs.NewStage(app, "A", constructs.StageProps{}), "S", constructs.StackProps{})
			b := constructs.NewStack(constructs.NewStage(app, "B", constructs.StageProps{}), "S", constructs.StackProps{})
			q := sqscfn.NewCfnQueue(a, "Q", sqscfn.CfnQueueProps{})
			cfn.NewOutput(b, "O", cfn.OutputProps{Value: q.AttrArn()})
		}, []string{"B/S/O: Value: B/S references A/S/Q in stack A/S, in stage A (the consumer is in stage B): a reference cannot cross stage boundaries"}},
		{"reference from a stage to outside", func(app *constructs.App) {
			top := constructs.NewStack(app, "Top", constructs.StackProps{})
			s := constructs.NewStack(constructs.NewStage(app, "St", constructs.StageProps{}), "S", constructs.StackProps{})
			q := sqscfn.NewCfnQueue(top, "Q", sqscfn.CfnQueueProps{})
			cfn.NewOutput(s, "O", cfn.OutputProps{Value: q.Ref()})
		}, []string{"St/S/O: Value: St/S references Top/Q in stack Top, outside every stage (the consumer is in stage St)"}},
		{"dependency across stages", func(app *constructs.App) {
			a := constructs.NewStack(constructs.NewStage(app, "A", constructs.StageProps{}), "S", constructs.StackProps{})
			b := constructs.NewStack(constructs.NewStage(app, "B", constructs.StageProps{}), "S", constructs.StackProps{})
			sqscfn.NewCfnQueue(a, "Q", sqscfn.CfnQueueProps{})
			sqscfn.NewCfnQueue(b, "Q", sqscfn.CfnQueueProps{})
			b.AddDependency(a)
		}, []string{"B/S: the stack depends on stack A/S in stage A (this stack is in stage B): a dependency cannot cross stage boundaries"}},
		{"bad stage id", func(app *constructs.App) {
			s := constructs.NewStack(constructs.NewStage(app, "1st", constructs.StageProps{}), "S", constructs.StackProps{})
			sqscfn.NewCfnQueue(s, "Q", sqscfn.CfnQueueProps{})
		}, []string{`1st: invalid stage id "1st"`}},
		{"resource in a stage inside a stack, outside the stage's stacks", func(app *constructs.App) {
			top := constructs.NewStack(app, "Top", constructs.StackProps{})
			sqscfn.NewCfnQueue(top, "Q", sqscfn.CfnQueueProps{})
			st := constructs.NewStage(top, "Inside", constructs.StageProps{})
			sqscfn.NewCfnQueue(st, "Q", sqscfn.CfnQueueProps{})
		}, []string{"Top/Inside/Q: the construct is outside every stack"}},
		{"resource in a stage outside its stacks", func(app *constructs.App) {
			st := constructs.NewStage(app, "St", constructs.StageProps{})
			sqscfn.NewCfnQueue(st, "Q", sqscfn.CfnQueueProps{})
		}, []string{"St/Q: the construct is outside every stack"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp()
			tc.build(app)
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not hold %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestStageLists(t *testing.T) {
	app := stageApp(t)
	test := app.Node().FindChild("Test").(*constructs.Stage)
	var got []string
	for _, s := range test.Stacks() {
		got = append(got, s.DisplayName())
	}
	if want := []string{"Test/Web", "Test/Db", "Test/Grp/InGroup"}; !slices.Equal(got, want) {
		t.Errorf("Test.Stacks() = %v, want %v", got, want)
	}
	if st := test.Stages(); len(st) != 1 || st[0].Node().Path() != "Test/Inner" || st[0].StageName() != "Test-Inner" || st[0].AssemblyDir() != "assembly-Test/assembly-Test-Inner" {
		t.Errorf("Test.Stages() = %v", st)
	}
	got = nil
	for _, s := range constructs.StagesOf(app) {
		got = append(got, s.Node().Path())
	}
	if want := []string{"Test", "Prod"}; !slices.Equal(got, want) {
		t.Errorf("StagesOf(app) = %v, want %v", got, want)
	}
}

// A stage may be created inside a stack (a pipeline stack that builds the
// stages it deploys), as in the AWS CDK: its stacks are no part of the
// stack's template and go to the nested assembly "assembly-<Stack>-<Stage>".
func TestStageInsideStack(t *testing.T) {
	app := newApp()
	ps := constructs.NewStack(app, "PipelineStack", constructs.StackProps{})
	sqscfn.NewCfnQueue(ps, "Q", sqscfn.CfnQueueProps{})
	prod := constructs.NewStage(ps, "Prod", constructs.StageProps{Env: constructs.Environment{Account: "222222222222", Region: "eu-west-1"}})
	web := constructs.NewStack(prod, "WebService", constructs.StackProps{})
	q := sqscfn.NewCfnQueue(web, "Q", sqscfn.CfnQueueProps{})
	// A dependency inside the stage's stack stays there.
	sqscfn.NewCfnQueue(web, "After", sqscfn.CfnQueueProps{}).Node().AddDependency(q)
	constructs.AnnotationsOf(q).AddWarning("a warning of the stage's stack")
	out := filepath.Join(t.TempDir(), "cdk.out")
	if _, err := synth.SynthesizeTo(app, out, synth.Options{}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	if tpl := string(files["PipelineStack.template.json"]); strings.Count(tpl, "AWS::SQS::Queue") != 1 {
		t.Errorf("the pipeline stack's template holds the stage's resources:\n%s", tpl)
	}
	m := manifestAt(t, files, "assembly-PipelineStack-Prod/manifest.json")
	a := m.Artifacts["PipelineStackProdWebServiceFF6D621D"]
	if a == nil || a.DisplayName != "PipelineStack/Prod/WebService" || a.Properties.StackName != "Prod-WebService" || a.Environment != "aws://222222222222/eu-west-1" {
		t.Errorf("the stage's stack = %+v", a)
	}
	if len(a.Metadata["/PipelineStack/Prod/WebService/Q"]) != 2 {
		t.Errorf("the stage's stack's metadata = %v", a.Metadata)
	}
	top := manifestAt(t, files, "manifest.json")
	if md := top.Artifacts["PipelineStack"].Metadata; len(md) != 1 || len(top.Artifacts["PipelineStack"].Dependencies) != 0 {
		t.Errorf("the pipeline stack's artifact names the stage's constructs or stacks: %+v", top.Artifacts["PipelineStack"])
	}
	if a := top.Artifacts["assembly-PipelineStack-Prod"]; a == nil || a.Properties.DisplayName != "PipelineStack/Prod" {
		t.Errorf("top manifest's nested assembly = %+v", a)
	}
}
