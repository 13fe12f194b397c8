package constructs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
)

func newApp() *constructs.App {
	return constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
}

func TestTree(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	a := constructs.New(s, "A")
	b := constructs.New(a, "B")
	constructs.New(s, "C")
	if got := b.Node().Path(); got != "S/A/B" {
		t.Errorf("path = %q", got)
	}
	if app.Node().FindByPath("S/A/B") != b {
		t.Error("FindByPath")
	}
	var ids []string
	for _, c := range s.Node().Children() {
		ids = append(ids, c.Node().ID())
	}
	if strings.Join(ids, ",") != "A,C" {
		t.Errorf("children = %v, want insertion order", ids)
	}
	if constructs.StackOf(b) != s {
		t.Error("StackOf")
	}
}

func errorLines(app *constructs.App) []string {
	var out []string
	for _, e := range app.Errors() {
		out = append(out, e.Error())
	}
	return out
}

func TestTreeBuildingMistakesAreRecorded(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	a := constructs.New(s, "A")
	dup := constructs.New(s, "A")
	constructs.New(dup, "Below") // the program goes on
	constructs.New(s, "x/y")
	constructs.New(s, "")
	var nilStack *constructs.Stack
	constructs.New(nilStack, "Orphan")
	constructs.New(nil, "Orphan2")
	s.Node().SetContext("late", 1)
	constructs.New(a, "Fine")
	app.Node().Lock()
	constructs.New(s, "B")
	want := []string{
		`S/A: there is already a construct with id "A" in S; ids must be unique among siblings: rename one of them`,
		`S: construct id "x/y" must not contain '/'; nest constructs (constructs.New) to build a path`,
		`S: a construct was given an empty id; give every construct an id that is unique among its siblings`,
		`Orphan: construct "Orphan" has a nil scope; every construct except the App needs one: pass the stack, or a construct inside it, as the first argument`,
		`Orphan2: construct "Orphan2" has a nil scope; every construct except the App needs one: pass the stack, or a construct inside it, as the first argument`,
		`S: context "late" is set after children were added to S; set context before adding children (or in AppProps.Context)`,
		`S/B: the construct was added after synthesis started, when the tree is locked; create constructs before synthesis (an aspect or a validation cannot add them)`,
	}
	got := errorLines(app)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(s.Node().Children()); n != 1 {
		t.Errorf("S has %d children, want 1: the mistaken constructs stay outside the tree", n)
	}
	if p := dup.Node().Path(); p != "S/A" {
		t.Errorf("the duplicate's path = %q", p)
	}
}

func TestStackOfOutsideAStack(t *testing.T) {
	app := newApp()
	g := constructs.New(app, "Group")
	inner := constructs.New(g, "Inner")
	st := constructs.StackOf(inner)
	if st == nil || constructs.StackOf(g) != st {
		t.Fatal("StackOf outside a stack must return one stand-in stack")
	}
	if len(app.Stacks()) != 0 {
		t.Error("the stand-in stack is part of the app")
	}
	want := "Group: " + constructs.MsgOutsideStack
	if got := errorLines(app); len(got) != 1 || got[0] != want {
		t.Errorf("errors = %q, want one %q", got, want)
	}
}

func TestIsNil(t *testing.T) {
	var st *constructs.Stack
	var c constructs.Construct = st
	for _, v := range []any{nil, st, c, []string(nil), map[string]int(nil)} {
		if !constructs.IsNil(v) {
			t.Errorf("IsNil(%#v) = false", v)
		}
	}
	for _, v := range []any{0, "", constructs.New(newApp(), "X")} {
		if constructs.IsNil(v) {
			t.Errorf("IsNil(%#v) = true", v)
		}
	}
	if constructs.NormalizeNil(c) != nil {
		t.Error("NormalizeNil of a typed nil is not nil")
	}
}

func TestContext(t *testing.T) {
	t.Setenv(constructs.ContextEnv, `{"fromEnv": "e", "both": "env"}`)
	app := constructs.NewApp(constructs.AppProps{Context: map[string]any{"both": "props"}})
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	if got := s.Node().TryGetContext("fromEnv"); got != "e" {
		t.Errorf("fromEnv = %v", got)
	}
	if got := s.Node().TryGetContext("both"); got != "props" {
		t.Errorf("both = %v, want props to win", got)
	}
	t.Setenv(constructs.ContextEnv, `not json`)
	if app := constructs.NewApp(); len(app.ContextErrors) == 0 {
		t.Error("bad CDK_CONTEXT_JSON not reported")
	}
}

type counter struct{ seen map[string]int }

func (c *counter) Visit(x constructs.Construct) { c.seen[x.Node().Path()]++ }

func TestAspectsVisitEachNodeOnceInherited(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	a := constructs.New(s, "A")
	constructs.New(a, "B")
	c := &counter{seen: map[string]int{}}
	constructs.AspectsOf(s).Add(c)
	// An aspect that adds a construct: the new one is visited in a later pass.
	added := false
	constructs.AspectsOf(a).Add(constructs.AspectFunc(func(x constructs.Construct) {
		if x == a && !added {
			added = true
			constructs.New(a, "Late")
		}
	}))
	if err := constructs.ApplyAspects(app); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"S", "S/A", "S/A/B", "S/A/Late"} {
		if c.seen[p] != 1 {
			t.Errorf("%s visited %d times, want 1", p, c.seen[p])
		}
	}
	if _, ok := c.seen[""]; ok {
		t.Error("aspect visited a node above its scope")
	}
}

func TestAspectsAreBounded(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	var grow constructs.AspectFunc
	grow = func(x constructs.Construct) {
		if x == s {
			constructs.AspectsOf(s).Add(grow)
		}
	}
	constructs.AspectsOf(s).Add(grow)
	err := constructs.ApplyAspects(app)
	if err == nil || !strings.Contains(err.Error(), "(app): aspects were still adding constructs or aspects after 10 passes") {
		t.Fatalf("an aspect adding aspects forever: %v", err)
	}
}

type growing struct{ n int }

func (g *growing) Visit(c constructs.Construct) {
	g.n++
	constructs.New(c, fmt.Sprintf("Child%d", g.n))
}

func TestAspectGrowthIsBounded(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	g := &growing{}
	constructs.AspectsOf(s).Add(g)
	err := constructs.ApplyAspects(app)
	want := fmt.Sprintf("S: aspect *constructs_test.growing added more than %d constructs in one pass", constructs.MaxAspectAdditions)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v; want %q...", err, want)
	}
	if g.n > constructs.MaxAspectAdditions+1 {
		t.Errorf("the aspect ran %d times", g.n)
	}
}

func TestAspectPanicIsAnError(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	constructs.New(s, "A")
	constructs.AspectsOf(s).Add(constructs.AspectFunc(func(c constructs.Construct) {
		if c.Node().ID() == "A" {
			var counts []int
			counts[len(c.Node().ID())]++
		}
	}))
	err := constructs.ApplyAspects(app)
	if err == nil || !strings.HasPrefix(err.Error(), "S/A: aspect github.com/forma-iac/forma/constructs_test.TestAspectPanicIsAnError.func1 (added to S) panicked visiting this construct: runtime error: index out of range [1] with length 0") {
		t.Fatalf("err = %v", err)
	}
}

func TestContextFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv(constructs.ContextEnv, `{"env": "e"}`)
	os.WriteFile(filepath.Join(dir, "cdk.json"), []byte(`{"app": "go run .", "context": {"fromCdk": 1, "shared": "cdk", "env": "cdk"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "forma.json"), []byte(`{"context": {"shared": "forma"}}`), 0o644)
	app := constructs.NewApp()
	for key, want := range map[string]any{"fromCdk": 1.0, "shared": "forma", "env": "e"} {
		if got := app.Node().TryGetContext(key); got != want {
			t.Errorf("context %s = %v, want %v", key, got, want)
		}
	}
	os.WriteFile(filepath.Join(dir, "forma.json"), []byte(`{"context": `), 0o644)
	if app := constructs.NewApp(); len(app.ContextErrors) != 1 || !strings.Contains(app.ContextErrors[0], "forma.json is not valid JSON") {
		t.Errorf("a broken forma.json: %v", app.ContextErrors)
	}
}
