package synth_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/synth"
)

// crossApp builds stacks that reference each other: each stack's queues
// use the previous stack's queue and the first stack's, so that exports
// are created in several producers during the same pass, and ids need
// JSON escaping in tree.json.
func crossApp() *constructs.App {
	app := newApp()
	var first, prev *sqscfn.CfnQueue
	for i := range 12 {
		s := constructs.NewStack(app, fmt.Sprintf("Stack%02d", i), constructs.StackProps{})
		for j := range 5 {
			props := sqscfn.CfnQueueProps{VisibilityTimeout: new(30 + j)}
			if prev != nil {
				props.RedrivePolicy = map[string]any{"deadLetterTargetArn": prev.AttrArn(), "maxReceiveCount": 5}
			}
			if first != nil && j == 4 {
				props.QueueName = new(first.Ref() + "-" + fmt.Sprint(i))
			}
			q := sqscfn.NewCfnQueue(s, fmt.Sprintf("Queue \"%d\" <é>", j), props)
			if first == nil {
				first = q
			}
			prev = q
		}
		cfn.NewOutput(s, "Last", cfn.OutputProps{Value: prev.Ref()})
	}
	return app
}

// readDir returns every file of dir by name.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

// TestParallelSameBytes synthesizes an app with cross-stack references
// sequentially (one worker, in memory, every stack rendered after prepare)
// and in parallel (streamed to disk, with the bodies resolved once or
// twice, stacks finished in prepare's first pass or not), and compares
// every file byte for byte.
func TestParallelSameBytes(t *testing.T) {
	restore := synth.SetWorkers(1)
	restoreEarly := synth.SetFinishEarly(false)
	seq, err := synth.Synthesize(crossApp())
	restore()
	restoreEarly()
	if err != nil {
		t.Fatal(err)
	}
	want, err := seq.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		workers, keep int
		early         bool
	}{{1, 0, true}, {2, 0, true}, {4, 0, true}, {16, 0, true}, {2, 0, false}, {2, 1 << 20, false}} {
		w := c.workers
		restore := synth.SetWorkers(w)
		restoreKeep := synth.SetKeepBodies(c.keep)
		restoreEarly := synth.SetFinishEarly(c.early)
		dir := filepath.Join(t.TempDir(), "out")
		_, err := synth.SynthesizeTo(crossApp(), dir, synth.Options{})
		restore()
		restoreKeep()
		restoreEarly()
		if err != nil {
			t.Fatal(err)
		}
		got := readDir(t, dir)
		if len(got) != len(want) {
			t.Errorf("%d workers: %d files, want %d", w, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%d workers: %s differs from the sequential synthesis", w, name)
			}
		}
	}
	var m map[string]any
	if err := json.Unmarshal(want["Stack00.template.json"], &m); err != nil {
		t.Fatal(err)
	}
	if outs, _ := m["Outputs"].(map[string]any); len(outs) < 2 {
		t.Errorf("Stack00 has outputs %v; want its exports and Last", outs)
	}
}

// TestTreeJSONAsEncodingJSON checks that tree.json, written directly, is
// the bytes encoding/json writes for the same document.
func TestTreeJSONAsEncodingJSON(t *testing.T) {
	asm, err := synth.Synthesize(crossApp())
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(asm.Tree, &doc); err != nil {
		t.Fatalf("tree.json is not JSON: %v", err)
	}
	want, err := assembly.MarshalJSON(doc, "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(asm.Tree, want) {
		t.Errorf("tree.json differs from encoding/json's rendering:\n%s\nwant\n%s", asm.Tree[:min(400, len(asm.Tree))], want[:min(400, len(want))])
	}
}

// TestRenderedLastHasExports checks that a stack finished early and given
// an export afterwards is rendered again, and that the last template
// Options.Rendered sees of it is the one written, with the export.
func TestRenderedLastHasExports(t *testing.T) {
	restoreKeep := synth.SetKeepBodies(0)
	defer restoreKeep()
	var mu sync.Mutex
	last := map[string][]byte{}
	dir := filepath.Join(t.TempDir(), "out")
	_, err := synth.SynthesizeTo(crossApp(), dir, synth.Options{Rendered: func(st *synth.Stack) {
		mu.Lock()
		defer mu.Unlock()
		last[st.ID] = append([]byte(nil), st.TemplateJSON...)
	}})
	if err != nil {
		t.Fatal(err)
	}
	written := readDir(t, dir)
	for id, data := range last {
		if !bytes.Equal(written[id+".template.json"], data) {
			t.Errorf("the last template Rendered saw of %s is not the one written", id)
		}
	}
	if !bytes.Contains(written["Stack00.template.json"], []byte(`"Export"`)) {
		t.Error("Stack00, whose queues later stacks reference, was written without its exports")
	}
}

// dependencyApp has construct dependencies within stacks, across stacks,
// on groups of constructs and from a stage's stacks: what
// constructDependencies applies stack by stack.
func dependencyApp() *constructs.App {
	app := newApp()
	var stacks []*constructs.Stack
	for i := range 6 {
		s := constructs.NewStack(app, fmt.Sprintf("Dep%d", i), constructs.StackProps{})
		a := constructs.New(s, "A")
		b := constructs.New(s, "B")
		for j := range 3 {
			sqscfn.NewCfnQueue(a, fmt.Sprint("Q", j), sqscfn.CfnQueueProps{})
			sqscfn.NewCfnQueue(b, fmt.Sprint("Q", j), sqscfn.CfnQueueProps{})
		}
		a.Node().AddDependency(b)
		if len(stacks) > 0 {
			b.Node().AddDependency(constructs.New(stacks[len(stacks)-1], fmt.Sprint("For", i)))
			s.Node().AddDependency(stacks[0])
		}
		stacks = append(stacks, s)
	}
	stage := constructs.NewStage(app, "Stage", constructs.StageProps{})
	t := constructs.NewStack(stage, "Inner", constructs.StackProps{})
	sqscfn.NewCfnQueue(t, "Q", sqscfn.CfnQueueProps{}).Node().AddDependency(constructs.New(t, "Empty"))
	return app
}

// TestDependenciesSameBytes applies the construct dependencies on one
// goroutine and on several and compares the assemblies byte for byte.
func TestDependenciesSameBytes(t *testing.T) {
	restore := synth.SetWorkers(1)
	seq, err := synth.Synthesize(dependencyApp())
	restore()
	if err != nil {
		t.Fatal(err)
	}
	want, err := seq.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(want["Dep1.template.json"], []byte(`"DependsOn"`)) {
		t.Fatalf("Dep1's template has no DependsOn:\n%s", want["Dep1.template.json"])
	}
	for _, w := range []int{2, 4} {
		restore := synth.SetWorkers(w)
		par, err := synth.Synthesize(dependencyApp())
		restore()
		if err != nil {
			t.Fatal(err)
		}
		got, err := par.Files(false)
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%d workers: %s differs:\n%s\nwant:\n%s", w, name, got[name], data)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%d workers: %d files, want %d", w, len(got), len(want))
		}
	}
}
