package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

type fatalStop struct{}

func (r *recorder) Helper()                   {}
func (r *recorder) Name() string              { return "TestFake" }
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatalf(f string, a ...any) { r.Errorf(f, a...); panic(fatalStop{}) }
func (r *recorder) Fatal(a ...any)            { r.Fatalf("%s", fmt.Sprint(a...)) }

// run runs check against a recorder and returns the failures, joined.
func run(t *testing.T, path, got string, update bool) string {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if v := recover(); v != nil {
				if _, ok := v.(fatalStop); !ok {
					panic(v)
				}
			}
		}()
		check(r, path, []byte(got), update)
	}()
	return strings.Join(r.errors, "\n")
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "testdata", "out.txt")
	if got := run(t, txt, "a\nb\n", false); !strings.Contains(got, "create it with: go test -run 'TestFake' -update") {
		t.Errorf("missing golden file: %q, want how to create it", got)
	}
	if got := run(t, txt, "a\nb\n", true); got != "" {
		t.Fatalf("update failed: %s", got)
	}
	if b, err := os.ReadFile(txt); err != nil || string(b) != "a\nb\n" {
		t.Fatalf("update wrote %q, %v", b, err)
	}
	if got := run(t, txt, "a\nb\n", false); got != "" {
		t.Errorf("check right after update failed: %s", got)
	}
	got := run(t, txt, "a\nc\n", false)
	for _, want := range []string{"(-want +got)", `"b"`, `"c"`, "-update"} {
		if !strings.Contains(got, want) {
			t.Errorf("changed text: %q lacks %q", got, want)
		}
	}

	js := filepath.Join(dir, "testdata", "t.json")
	run(t, js, `{"A": 1, "B": [1, 2]}`, true)
	got = run(t, js, `{"A": 1, "B": [1, 3]}`, false)
	if !strings.Contains(got, "-") || !strings.Contains(got, "float64(2)") || !strings.Contains(got, "float64(3)") {
		t.Errorf("changed JSON: %q, want the decoded values that differ", got)
	}
	if got := run(t, js, `{"A":1,"B":[1,2]}`, false); !strings.Contains(got, "same JSON, different formatting") {
		t.Errorf("reformatted JSON: %q, want a formatting difference", got)
	}
}

func TestDiffFiles(t *testing.T) {
	want := map[string][]byte{"a.txt": []byte("x"), "gone.txt": []byte("y"), "same.json": []byte(`{}`)}
	got := map[string][]byte{"a.txt": []byte("z"), "new.txt": []byte("w"), "same.json": []byte(`{}`)}
	d := DiffFiles(want, got)
	for _, w := range []string{"--- gone.txt: missing from the output", "+++ new.txt: extra file in the output", "a.txt:\n"} {
		if !strings.Contains(d, w) {
			t.Errorf("DiffFiles = %q, lacks %q", d, w)
		}
	}
	if strings.Contains(d, "same.json") {
		t.Errorf("DiffFiles = %q, names an equal file", d)
	}
	if d := DiffFiles(want, want); d != "" {
		t.Errorf("DiffFiles of equal sets = %q", d)
	}
}
