package synth_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/synth"
)

// nestedApp builds top-level stacks with nested stacks, two levels deep,
// that reference their parents, their siblings and each other's stacks.
func nestedApp() *constructs.App {
	app := newApp()
	var prevDeep *sqscfn.CfnQueue
	for i := range 4 {
		top := constructs.NewStack(app, fmt.Sprintf("Top%d", i), constructs.StackProps{})
		tq := sqscfn.NewCfnQueue(top, "Queue", sqscfn.CfnQueueProps{})
		a := constructs.NewNestedStack(top, "A", constructs.NestedStackProps{})
		aq := sqscfn.NewCfnQueue(a, "Queue", sqscfn.CfnQueueProps{QueueName: new(tq.AttrQueueUrl() + "-a")})
		b := constructs.NewNestedStack(top, "B", constructs.NestedStackProps{})
		bq := sqscfn.NewCfnQueue(b, "Queue", sqscfn.CfnQueueProps{QueueName: new(aq.AttrQueueUrl() + "-b")})
		deep := constructs.NewNestedStack(b, "Deep", constructs.NestedStackProps{})
		props := sqscfn.CfnQueueProps{RedrivePolicy: map[string]any{"deadLetterTargetArn": aq.AttrArn(), "maxReceiveCount": 3}}
		if prevDeep != nil {
			props.QueueName = new(prevDeep.AttrQueueUrl() + "-next")
		}
		dq := sqscfn.NewCfnQueue(deep, "Queue", props)
		cfn.NewOutput(deep, "Up", cfn.OutputProps{Value: bq.Ref() + "/" + tq.Ref()})
		cfn.NewOutput(top, "Deep", cfn.OutputProps{Value: dq.AttrArn()})
		prevDeep = dq
	}
	return app
}

// TestNestedSameBytes synthesizes nestedApp sequentially in memory and in
// parallel, streamed, and compares every file, nested templates included.
func TestNestedSameBytes(t *testing.T) {
	restore := synth.SetWorkers(1)
	seq, err := synth.Synthesize(nestedApp())
	restore()
	if err != nil {
		t.Fatal(err)
	}
	want, err := seq.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	nested := 0
	for name := range want {
		if strings.HasSuffix(name, ".nested.template.json") {
			nested++
		}
	}
	if nested != 12 {
		t.Errorf("%d nested templates, want 12: %v", nested, want.Names())
	}
	for _, c := range []struct{ workers, keep int }{{2, 0}, {4, 0}, {3, 1 << 20}, {1, 1 << 20}} {
		restore := synth.SetWorkers(c.workers)
		restoreKeep := synth.SetKeepBodies(c.keep)
		dir := filepath.Join(t.TempDir(), "out")
		_, err := synth.SynthesizeTo(nestedApp(), dir, synth.Options{})
		restore()
		restoreKeep()
		if err != nil {
			t.Fatal(err)
		}
		got := readDir(t, dir)
		if len(got) != len(want) {
			t.Errorf("%d workers: %d files, want %d", c.workers, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%d workers: %s differs from the sequential synthesis", c.workers, name)
			}
		}
	}
}

// TestNestedAssembly checks what the assembly says of nested stacks: no
// artifact of their own, each template a file asset of its top-level
// stack, named in its parent's TemplateURL by the hash of its bytes.
func TestNestedAssembly(t *testing.T) {
	asm, err := synth.Synthesize(nestedApp())
	if err != nil {
		t.Fatal(err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	for id, art := range asm.Manifest.Artifacts {
		if strings.Contains(id, "A") && art.Properties != nil && strings.Contains(art.Properties.TemplateFile, "nested") {
			t.Errorf("nested stack artifact %s in manifest.json", id)
		}
	}
	if n := len(asm.Stacks); n != 4 {
		t.Fatalf("%d stacks, want the 4 top-level ones", n)
	}
	top := asm.Stack("Top1")
	if len(top.Nested) != 2 || len(top.Nested[1].Nested) != 1 {
		t.Fatalf("Top1 nests %d stacks, want A and B, B nesting Deep", len(top.Nested))
	}
	deep := top.Nested[1].Nested[0]
	if f := deep.TemplateFile(); !strings.HasPrefix(f, "Top1BDeep") || !strings.HasSuffix(f, ".nested.template.json") {
		t.Errorf("Deep's template file is %s", f)
	}
	sum := sha256.Sum256(files[deep.TemplateFile()])
	hash := hex.EncodeToString(sum[:])
	if deep.TemplateHash != hash {
		t.Errorf("TemplateHash %s, want the SHA-256 of the file %s", deep.TemplateHash, hash)
	}
	// B's template holds Deep's resource, whose TemplateURL ends in the hash.
	var b map[string]any
	if err := json.Unmarshal(files[top.Nested[1].TemplateFile()], &b); err != nil {
		t.Fatal(err)
	}
	res := b["Resources"].(map[string]any)[deep.LogicalID].(map[string]any)
	url, _ := json.Marshal(res["Properties"].(map[string]any)["TemplateURL"])
	if !strings.Contains(string(url), "/"+hash+".json") {
		t.Errorf("TemplateURL %s does not name %s.json", url, hash)
	}
	params := res["Properties"].(map[string]any)["Parameters"].(map[string]any)
	if len(params) == 0 {
		t.Errorf("Deep's resource passes no parameters")
	}
	var am struct {
		Files map[string]struct {
			Source struct{ Path, Packaging string }
		}
	}
	if err := json.Unmarshal(files["Top1.assets.json"], &am); err != nil {
		t.Fatal(err)
	}
	if f := am.Files[hash]; f.Source.Path != deep.TemplateFile() || f.Source.Packaging != "file" {
		t.Errorf("Top1.assets.json lists %+v for Deep's template", f)
	}
	if len(asm.Assets) != 0 {
		t.Errorf("nested templates are staged as %v; they are in the assembly already", asm.Assets)
	}
	// Top2's deep queue is named after Top1's: an import through Top1.
	if deps := asm.Stack("Top2").Dependencies; len(deps) != 1 || deps[0] != "Top1" {
		t.Errorf("Top2 depends on %v, want Top1", deps)
	}
	if deps := asm.Manifest.Artifacts["Top2"].Dependencies; len(deps) != 2 || deps[0] != "Top2.assets" {
		t.Errorf("the Top2 artifact depends on %v, want its assets and Top1", deps)
	}
}

// TestNestedDependencies checks construct dependencies between stacks of
// one top-level stack: DependsOn between the resources standing for each
// side in the deepest stack holding both; a nested stack waiting for its
// parent is an error.
func TestNestedDependencies(t *testing.T) {
	app := newApp()
	top := constructs.NewStack(app, "Top", constructs.StackProps{})
	a := constructs.NewNestedStack(top, "A", constructs.NestedStackProps{})
	b := constructs.NewNestedStack(top, "B", constructs.NestedStackProps{})
	aq := sqscfn.NewCfnQueue(a, "Queue", sqscfn.CfnQueueProps{})
	bq := sqscfn.NewCfnQueue(b, "Queue", sqscfn.CfnQueueProps{})
	tq := sqscfn.NewCfnQueue(top, "Queue", sqscfn.CfnQueueProps{})
	bq.Node().AddDependency(aq)
	tq.Node().AddDependency(b)
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	tpl := asm.Stack("Top").Template
	aID, bID := asm.Stack("Top").Nested[0].LogicalID, asm.Stack("Top").Nested[1].LogicalID
	dependsOn := func(id string) string {
		body, _ := tpl.Get("Resources", id)
		data, _ := json.Marshal(body.(map[string]any)["DependsOn"])
		return string(data)
	}
	if got := dependsOn(bID); got != `["`+aID+`"]` {
		t.Errorf("B's resource DependsOn %s, want A's", got)
	}
	if got := dependsOn(tq.LogicalID()); got != `["`+bID+`"]` {
		t.Errorf("the parent's queue DependsOn %s, want B's resource", got)
	}

	app = newApp()
	top = constructs.NewStack(app, "Top", constructs.StackProps{})
	a = constructs.NewNestedStack(top, "A", constructs.NestedStackProps{})
	tq = sqscfn.NewCfnQueue(top, "Queue", sqscfn.CfnQueueProps{})
	aq = sqscfn.NewCfnQueue(a, "Queue", sqscfn.CfnQueueProps{})
	aq.Node().AddDependency(tq)
	_, err = synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "Top/A/Queue: depends on Top/Queue of a stack it is nested in") {
		t.Errorf("a nested stack waiting for its parent: %v", err)
	}
}

// TestTooManyResourcesSuggestsNested checks that a stack over
// CloudFormation's 500 resources fails with a message naming nested
// stacks, and that moving some of its resources into one fixes it.
func TestTooManyResourcesSuggestsNested(t *testing.T) {
	app := newApp()
	top := constructs.NewStack(app, "Big", constructs.StackProps{})
	for i := range 501 {
		sqscfn.NewCfnQueue(top, fmt.Sprintf("Q%d", i), sqscfn.CfnQueueProps{})
	}
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "the stack has 501 resources") || !strings.Contains(err.Error(), "constructs.NewNestedStack") {
		t.Fatalf("501 resources: %v", err)
	}
	app = newApp()
	top = constructs.NewStack(app, "Big", constructs.StackProps{})
	n := constructs.NewNestedStack(top, "More", constructs.NestedStackProps{})
	for i := range 501 {
		scope := constructs.Construct(top)
		if i >= 400 {
			scope = n
		}
		sqscfn.NewCfnQueue(scope, fmt.Sprintf("Q%d", i), sqscfn.CfnQueueProps{})
	}
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatalf("400 resources and a nested stack of 101: %v", err)
	}
}

// TestNestedStackOutsideStack checks that a nested stack created outside
// every stack is reported with its path.
func TestNestedStackOutsideStack(t *testing.T) {
	app := newApp()
	n := constructs.NewNestedStack(app, "Lost", constructs.NestedStackProps{})
	sqscfn.NewCfnQueue(n, "Queue", sqscfn.CfnQueueProps{})
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "Lost: a nested stack must be created inside a stack") {
		t.Errorf("got %v", err)
	}
}

// TestNestedSiblingCycle checks that sibling nested stacks reading each
// other's values, which CloudFormation cannot order, are reported.
func TestNestedSiblingCycle(t *testing.T) {
	app := newApp()
	top := constructs.NewStack(app, "Top", constructs.StackProps{})
	a := constructs.NewNestedStack(top, "A", constructs.NestedStackProps{})
	b := constructs.NewNestedStack(top, "B", constructs.NestedStackProps{})
	aq := sqscfn.NewCfnQueue(a, "Queue", sqscfn.CfnQueueProps{})
	bq := sqscfn.NewCfnQueue(b, "Queue", sqscfn.CfnQueueProps{})
	cfn.NewOutput(a, "FromB", cfn.OutputProps{Value: bq.AttrArn()})
	cfn.NewOutput(b, "FromA", cfn.OutputProps{Value: aq.AttrArn()})
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "ANestedStackANestedStackResource") || !strings.Contains(err.Error(), "BNestedStackBNestedStackResource") {
		t.Fatalf("siblings reading each other: %v", err)
	}

	// One way is fine.
	app = newApp()
	top = constructs.NewStack(app, "Top", constructs.StackProps{})
	a = constructs.NewNestedStack(top, "A", constructs.NestedStackProps{})
	b = constructs.NewNestedStack(top, "B", constructs.NestedStackProps{})
	aq = sqscfn.NewCfnQueue(a, "Queue", sqscfn.CfnQueueProps{})
	sqscfn.NewCfnQueue(b, "Queue", sqscfn.CfnQueueProps{})
	cfn.NewOutput(b, "FromA", cfn.OutputProps{Value: aq.AttrArn()})
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkSynthNested synthesizes a stack past CloudFormation's limit
// split into 10 nested stacks of 400 queues, each reading the parent.
func BenchmarkSynthNested(b *testing.B) {
	build := func() *constructs.App {
		app := newApp()
		top := constructs.NewStack(app, "Big", constructs.StackProps{})
		shared := sqscfn.NewCfnQueue(top, "Shared", sqscfn.CfnQueueProps{})
		for i := range 10 {
			n := constructs.NewNestedStack(top, fmt.Sprintf("Part%d", i), constructs.NestedStackProps{})
			for j := range 400 {
				sqscfn.NewCfnQueue(n, fmt.Sprintf("Q%d", j), sqscfn.CfnQueueProps{RedrivePolicy: map[string]any{"deadLetterTargetArn": shared.AttrArn(), "maxReceiveCount": 3}})
			}
		}
		return app
	}
	b.ReportAllocs()
	for b.Loop() {
		asm, err := synth.Synthesize(build())
		if err != nil {
			b.Fatal(err)
		}
		if len(asm.Stacks[0].Nested) != 10 {
			b.Fatal("want 10 nested stacks")
		}
	}
	b.ReportMetric(4001, "resources")
}

// TestNestedInStage checks that the template of a stack nested in a
// stage's stack is written into the stage's assembly, beside its parent's
// template and asset manifest, which name it relative to that directory,
// in memory and streamed alike.
func TestNestedInStage(t *testing.T) {
	build := func() *constructs.App {
		app := newApp()
		stage := constructs.NewStage(app, "Prod", constructs.StageProps{})
		st := constructs.NewStack(stage, "Svc", constructs.StackProps{})
		inner := constructs.NewNestedStack(st, "Inner", constructs.NestedStackProps{})
		q := sqscfn.NewCfnQueue(inner, "Q", sqscfn.CfnQueueProps{})
		cfn.NewOutput(st, "InnerArn", cfn.OutputProps{Value: q.AttrArn()})
		return app
	}
	asm, err := synth.Synthesize(build())
	if err != nil {
		t.Fatal(err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	const want = "assembly-Prod/ProdSvcInnerB2E4AFC8.nested.template.json"
	if files[want] == nil {
		t.Fatalf("no %s in %v", want, files.Names())
	}
	for _, name := range files.Names() {
		if strings.HasSuffix(name, ".nested.template.json") && name != want {
			t.Errorf("a nested template is written at %s", name)
		}
	}
	if !bytes.Contains(files["assembly-Prod/ProdSvc66695059.assets.json"], []byte(`"path": "ProdSvcInnerB2E4AFC8.nested.template.json"`)) {
		t.Errorf("the asset manifest does not name the nested template beside it:\n%s", files["assembly-Prod/ProdSvc66695059.assets.json"])
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := synth.SynthesizeTo(build(), dir, synth.Options{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(want)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, files[want]) {
		t.Error("the streamed nested template differs from the one in memory")
	}
}
