package gobuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func module(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"go.mod":         "module example.com/app\n\ngo 1.22\n",
		"cmd/fn/main.go": "package main\n\nimport \"example.com/app/lib\"\n\nfunc main() { println(lib.Hello()) }\n",
		"lib/lib.go":     "package lib\n\nfunc Hello() string { return \"hello\" }\n",
		"other/o.go":     "package other\n",
		"README.md":      "x\n",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The cache key follows the entry's packages in the module, go.mod and
// the architecture, and nothing else; a cached build runs no go build and
// gives the same hash.
func TestCacheKeyAndReuse(t *testing.T) {
	dir := module(t)
	cache := t.TempDir()
	opts := Options{Entry: "./cmd/fn", Dir: dir, CacheDir: cache, GOARCH: "arm64"}
	k1, err := key(opts)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(name, body string) string {
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
		k, err := key(opts)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	if k := edit("other/o.go", "package other\n\nvar X = 1\n"); k != k1 {
		t.Error("a package the entry does not import changed the key")
	}
	if k := edit("README.md", "y\n"); k != k1 {
		t.Error("a file that is not Go source changed the key")
	}
	if k := edit("lib/lib.go", "package lib\n\nfunc Hello() string { return \"bonjour\" }\n"); k == k1 {
		t.Error("an imported package's change kept the key")
	}
	edit("lib/lib.go", "package lib\n\nfunc Hello() string { return \"hello\" }\n")
	if k := edit("go.mod", "module example.com/app\n\ngo 1.23\n"); k == k1 {
		t.Error("a go.mod change kept the key")
	}
	edit("go.mod", "module example.com/app\n\ngo 1.22\n")
	amd := opts
	amd.GOARCH = "amd64"
	if k, _ := key(amd); k == k1 {
		t.Error("the architecture does not change the key")
	}

	first, err := build(opts)
	if err != nil {
		t.Fatal(err)
	}
	n := Builds()
	again, err := build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Cached || Builds() != n || again.Hash != first.Hash {
		t.Errorf("second build: %+v (builds %d → %d), first %+v", again, n, Builds(), first)
	}
	// A clean cache rebuilds the same bytes.
	opts.CacheDir = t.TempDir()
	fresh, err := build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Hash != first.Hash {
		t.Errorf("a rebuild gave another hash: %s vs %s", fresh.Hash, first.Hash)
	}
}

func TestBadArchitecture(t *testing.T) {
	_, err := Build(Options{Entry: "./x", GOARCH: "386"})
	if err == nil || !strings.Contains(err.Error(), "arm64 or amd64") {
		t.Errorf("err %v", err)
	}
}

// A build whose inputs nothing touched is found through its stamp without
// go list; an edited file, or a file added to a package, lists again.
func TestStampSkipsGoList(t *testing.T) {
	dir := module(t)
	old := time.Now().Add(-time.Hour)
	filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Chtimes(p, old, old) })
	opts := Options{Entry: "./cmd/fn", Dir: dir, CacheDir: t.TempDir(), GOARCH: "arm64"}
	first, err := build(opts)
	if err != nil {
		t.Fatal(err)
	}
	n := lists.Load()
	again, err := build(opts)
	if err != nil || !again.Cached || again.Hash != first.Hash || lists.Load() != n {
		t.Fatalf("second build: %+v %v, go list ran %d times", again, err, lists.Load()-n)
	}
	// A file added to an imported package (its directory's time
	// changes): listed again.
	os.WriteFile(filepath.Join(dir, "lib", "more.go"), []byte("package lib\n"), 0o644)
	os.Chtimes(filepath.Join(dir, "lib", "more.go"), old, old)
	if _, err := build(opts); err != nil || lists.Load() != n+1 {
		t.Errorf("after adding a file: %v, go list ran %d times, want 1", err, lists.Load()-n)
	}
	// An edited source, its time in the past (only its size differs):
	// listed and built again.
	filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Chtimes(p, old, old) })
	build(opts)
	n, builds := lists.Load(), Builds()
	p := filepath.Join(dir, "lib", "lib.go")
	os.WriteFile(p, []byte("package lib\n\nfunc Hello() string { return \"hi!\" }\n"), 0o644)
	os.Chtimes(p, old, old)
	if r, err := build(opts); err != nil || r.Cached || lists.Load() != n+1 || Builds() != builds+1 || r.Hash == first.Hash {
		t.Errorf("after an edit: %+v %v", r, err)
	}
}
