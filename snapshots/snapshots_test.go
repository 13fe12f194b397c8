package snapshots

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/internal/golden"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

type fatalStop struct{}

func (r *recorder) Helper()                   {}
func (r *recorder) Name() string              { return "TestFake" }
func (r *recorder) Logf(string, ...any)       {}
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatalf(f string, a ...any) {
	r.Errorf(f, a...)
	r.fatal = true
	panic(fatalStop{})
}
func (r *recorder) Fatal(a ...any) { r.Fatalf("%s", fmt.Sprint(a...)) }

// run runs f against a recorder and returns the failures.
func run(t *testing.T, f func(tb testing.TB)) []string {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if v := recover(); v != nil {
				if _, ok := v.(fatalStop); !ok {
					panic(v)
				}
			}
		}()
		f(r)
	}()
	return r.errors
}

// testApp is two stacks of untyped resources with a cross-stack reference.
func testApp(queueName string) func() *constructs.App {
	return func() *constructs.App {
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
		a := constructs.NewStack(app, "Producer", constructs.StackProps{})
		q := cfn.NewResource(a, "Queue", "AWS::SQS::Queue", map[string]any{"QueueName": queueName})
		b := constructs.NewStack(app, "Consumer", constructs.StackProps{})
		cfn.NewResource(b, "Param", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.GetAtt("Arn").String()})
		return app
	}
}

func TestSnapshotUpdateThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "app")
	if errs := run(t, func(tb testing.TB) { checkDir(tb, dir, testApp("q"), true) }); len(errs) > 0 {
		t.Fatalf("update failed: %v", errs)
	}
	for _, f := range []string{"manifest.json", "Producer.template.json", "Consumer.template.json", "tree.json", "cdk.out"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("update did not write %s: %v", f, err)
		}
	}
	if errs := run(t, func(tb testing.TB) { checkDir(tb, dir, testApp("q"), false) }); len(errs) > 0 {
		t.Errorf("check right after update failed: %v", errs)
	}
}

func TestSnapshotDetectsDifferences(t *testing.T) {
	fresh := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "app")
		if errs := run(t, func(tb testing.TB) { checkDir(tb, dir, testApp("q"), true) }); len(errs) > 0 {
			t.Fatalf("update failed: %v", errs)
		}
		return dir
	}
	tests := []struct {
		name  string
		edit  func(dir string) error
		build func() *constructs.App
		want  []string // substrings of the single failure
	}{
		{"changed property", nil, testApp("other"),
			[]string{"(-want +got)", "Producer.template.json", `-`, `"q"`, `+`, `"other"`}},
		{"missing file", func(dir string) error { return os.Remove(filepath.Join(dir, "tree.json")) }, testApp("q"),
			[]string{"tree.json: extra file in the output"}},
		{"extra file", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "Old.template.json"), []byte("{}"), 0o644)
		}, testApp("q"),
			[]string{"Old.template.json: missing from the output"}},
		{"formatting only", func(dir string) error {
			p := filepath.Join(dir, "Producer.template.json")
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, []byte(strings.ReplaceAll(string(data), "\n ", "\n  ")), 0o644)
		}, testApp("q"), []string{"same JSON, different formatting"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := fresh(t)
			if tc.edit != nil {
				if err := tc.edit(dir); err != nil {
					t.Fatal(err)
				}
			}
			errs := run(t, func(tb testing.TB) { checkDir(tb, dir, tc.build, false) })
			if len(errs) != 1 {
				t.Fatalf("got %d failures, want 1: %q", len(errs), errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs[0], w) {
					t.Errorf("failure does not mention %q:\n%s", w, errs[0])
				}
			}
		})
	}
}

func TestSnapshotMissingDirectoryFails(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	errs := run(t, func(tb testing.TB) { checkDir(tb, dir, testApp("q"), false) })
	if len(errs) != 1 || !strings.Contains(errs[0], "-update") {
		t.Fatalf("want one failure that says how to create the snapshot, got %q", errs)
	}
}

func TestSnapshotNondeterminismFails(t *testing.T) {
	n := 0
	build := func() *constructs.App {
		n++
		return testApp(fmt.Sprint("q", n))()
	}
	errs := run(t, func(tb testing.TB) { checkDir(tb, filepath.Join(t.TempDir(), "app"), build, true) })
	if len(errs) != 1 || !strings.Contains(errs[0], "deterministic") {
		t.Fatalf("want one failure about determinism, got %q", errs)
	}
}

// TestSnapshotSameBytesTwice synthesizes the test app twice and compares
// the bytes of every file.
func TestSnapshotSameBytesTwice(t *testing.T) {
	a, b := Files(t, testApp("q")()), Files(t, testApp("q")())
	if d := golden.DiffFiles(a, b); d != "" {
		t.Fatalf("two syntheses differ:\n%s", d)
	}
	if len(a) < 5 {
		t.Fatalf("assembly has %d files, want at least 5: %v", len(a), a.Names())
	}
}
