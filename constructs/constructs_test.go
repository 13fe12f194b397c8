package constructs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
)

func newApp() *constructs.App {
	return constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Fatalf("no panic; want one mentioning %q", want)
		}
		if !strings.Contains(r.(string), want) {
			t.Fatalf("panic %q; want one mentioning %q", r, want)
		}
	}()
	f()
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

func TestTreeBuildingBugsPanic(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	constructs.New(s, "A")
	mustPanic(t, `already a construct with id "A"`, func() { constructs.New(s, "A") })
	mustPanic(t, "must not contain '/'", func() { constructs.New(s, "x/y") })
	mustPanic(t, "must not be empty", func() { constructs.New(s, "") })
	app.Node().Lock()
	mustPanic(t, "locked", func() { constructs.New(s, "B") })
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
	if !constructs.ApplyAspects(app) {
		t.Fatal("aspects did not settle")
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
	if constructs.ApplyAspects(app) {
		t.Fatal("an aspect adding aspects forever must be reported")
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
