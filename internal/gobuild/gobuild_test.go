package gobuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
