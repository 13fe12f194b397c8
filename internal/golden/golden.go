package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

// Check compares got with the golden file at path (relative to the test's
// package directory, e.g. "testdata/create.events.txt"); with -update it
// writes got there instead, creating the directory.
func Check[T ~string | ~[]byte](t testing.TB, path string, got T) {
	t.Helper()
	check(t, path, []byte(got), *update)
}

func check(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file: %v; create it with: go test -run '%s' -update", err, t.Name())
	}
	if d := Diff(path, want, got); d != "" {
		t.Errorf("%s differs (-want +got):\n%s\nIf the change is intended, rewrite it with: go test -run '%s' -update, and review the diff.", path, d, t.Name())
	}
}

// Diff describes how got differs from want, the contents of a file named
// name: decoded first when the name ends in ".json" (or is "cdk.out"), then
// line by line; "" when they are equal.
func Diff(name string, want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	if strings.HasSuffix(name, ".json") || filepath.Base(name) == "cdk.out" {
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

// DiffFiles describes how the files got (by slash-separated name) differ
// from want: files missing or extra, then each differing file as Diff
// describes it; "" when they are equal.
func DiffFiles(want, got map[string][]byte) string {
	var b strings.Builder
	names := slices.Sorted(maps.Keys(want))
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		w, inWant := want[n]
		g, inGot := got[n]
		switch {
		case !inGot:
			fmt.Fprintf(&b, "--- %s: missing from the output (the golden files have it)\n", n)
		case !inWant:
			fmt.Fprintf(&b, "+++ %s: extra file in the output (the golden files lack it)\n", n)
		default:
			if d := Diff(n, w, g); d != "" {
				fmt.Fprintf(&b, "%s:\n%s\n", n, d)
			}
		}
	}
	return b.String()
}

// ReadDir reads every file below dir, by slash-separated relative name.
func ReadDir(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
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
