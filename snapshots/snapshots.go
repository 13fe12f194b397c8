package snapshots

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/synth"
)

var update = flag.Bool("update", false, "rewrite the snapshots under snapshots/ with the current output")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

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
	checkDir(t, dir, build, *update)
}

func checkDir(t testing.TB, dir string, build func() *constructs.App, update bool) {
	t.Helper()
	name := filepath.Base(dir)
	got := Files(t, build())
	again := Files(t, build())
	if d := diffFiles(got, again); d != "" {
		t.Errorf("synthesizing %s twice gave different assemblies; synthesis must be deterministic (-first +second):\n%s", name, d)
	}
	if update {
		if err := assembly.Write(dir, got); err != nil {
			t.Fatalf("writing snapshot %s: %v", dir, err)
		}
		t.Logf("wrote snapshot %s (%d files)", dir, len(got))
		return
	}
	want, err := readDir(dir)
	if err != nil {
		t.Fatalf("reading snapshot %s: %v; create it with: go test -run %s -update", dir, err, t.Name())
	}
	if d := diffFiles(want, got); d != "" {
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

// readDir reads every file below dir, by slash-separated relative name.
func readDir(dir string) (assembly.Files, error) {
	files := assembly.Files{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	return files, err
}

// diffFiles describes how got differs from want: files missing or extra,
// JSON files compared decoded, then byte for byte; "" when they are equal.
func diffFiles(want, got assembly.Files) string {
	var b strings.Builder
	names := map[string]bool{}
	for n := range want {
		names[n] = true
	}
	for n := range got {
		names[n] = true
	}
	all := assembly.Files{}
	for n := range names {
		all[n] = nil
	}
	for _, n := range all.Names() {
		w, inWant := want[n]
		g, inGot := got[n]
		switch {
		case !inGot:
			fmt.Fprintf(&b, "--- %s: missing from the output (the snapshot has it)\n", n)
		case !inWant:
			fmt.Fprintf(&b, "+++ %s: extra file in the output (the snapshot lacks it)\n", n)
		case bytes.Equal(w, g):
		default:
			if d := diffContent(n, w, g); d != "" {
				fmt.Fprintf(&b, "%s:\n%s\n", n, d)
			}
		}
	}
	return b.String()
}

func diffContent(name string, want, got []byte) string {
	if strings.HasSuffix(name, ".json") || name == "cdk.out" {
		var w, g any
		errW, errG := json.Unmarshal(want, &w), json.Unmarshal(got, &g)
		if errW == nil && errG == nil {
			if d := cmp.Diff(w, g); d != "" {
				return d
			}
			return "same JSON, different formatting:\n" + cmp.Diff(lines(want), lines(got))
		}
	}
	return cmp.Diff(lines(want), lines(got))
}

func lines(b []byte) []string { return strings.Split(string(b), "\n") }
