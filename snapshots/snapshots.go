package snapshots

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/golden"
	"github.com/forma-iac/forma/synth"
)

// Update reports whether the test binary runs with -update (see
// internal/golden).
func Update() bool { return golden.Update() }

// Check synthesizes the app that build returns and compares every file of
// its cloud assembly with snapshots/<name>/; with -update it rewrites that
// directory instead. build is called twice: the two assemblies must be
// identical to the byte, so that synthesis is shown to be deterministic.
func Check(t testing.TB, name string, build func() *constructs.App) {
	t.Helper()
	CheckDir(t, Dir(t, name), build)
}

// CheckDir is Check with the snapshot directory given.
func CheckDir(t testing.TB, dir string, build func() *constructs.App) {
	t.Helper()
	checkDir(t, dir, build, golden.Update())
}

func checkDir(t testing.TB, dir string, build func() *constructs.App, update bool) {
	t.Helper()
	name := filepath.Base(dir)
	got := Files(t, build())
	again := Files(t, build())
	if d := golden.DiffFiles(got, again); d != "" {
		t.Errorf("synthesizing %s twice gave different assemblies; synthesis must be deterministic (-first +second):\n%s", name, d)
	}
	if update {
		if err := assembly.Write(dir, got); err != nil {
			t.Fatalf("writing snapshot %s: %v", dir, err)
		}
		t.Logf("wrote snapshot %s (%d files)", dir, len(got))
		return
	}
	want, err := golden.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading snapshot %s: %v; create it with: go test -run %s -update", dir, err, t.Name())
	}
	if d := golden.DiffFiles(want, got); d != "" {
		t.Errorf("assembly of %s differs from snapshot %s (-want +got):\n%s\nIf the change is intended, rewrite the snapshot with: go test -run '%s' -update (or make snapshots), and review the diff.", name, dir, d, t.Name())
	}
}

// Files synthesizes app and returns its assembly's files, as WriteTo would
// write them; synthesis errors fail the test.
func Files(t testing.TB, app *constructs.App) assembly.Files {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatalf("synthesis failed:\n%v", err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatalf("rendering the assembly: %v", err)
	}
	return files
}

// Dir returns snapshots/<name> in the module that holds the test.
func Dir(t testing.TB, name string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "snapshots", name)
}

// moduleRoot finds the directory of go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run the test inside the forma module")
		}
		dir = parent
	}
}
