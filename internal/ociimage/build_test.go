package ociimage

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// testModule writes a module with a main package cmd/hello (and a library
// package lib) and returns its directory.
func testModule(t *testing.T, mainSource string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":             "module example.com/app\n\ngo 1.22\n",
		"cmd/hello/main.go":  mainSource,
		"lib/lib.go":         "package lib\n\nfunc Greeting() string { return \"hello\" }\n",
		"cmd/broken/main.go": "package main\n\nfunc main() { undefinedThing() }\n",
	}
	for p, s := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	age(t, dir)
	return dir
}

const helloSource = "package main\n\nimport (\"fmt\"; \"example.com/app/lib\")\n\nfunc main() { fmt.Println(lib.Greeting()) }\n"

// forget drops this process's builds, so that a test sees the cache (or
// builds again).
func forget() { memo = sync.Map{} }

func TestSameSourceSameDigest(t *testing.T) {
	mod := testModule(t, helloSource)
	spec := GoSpec{Package: "./cmd/hello", Dir: mod, Base: Scratch, CacheDir: t.TempDir()}
	first, err := BuildGo(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	// A clean cache and a new process: built again, same digest.
	forget()
	spec.CacheDir = t.TempDir()
	second, err := BuildGo(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if first.Digest != second.Digest {
		t.Fatalf("same source, digests %s and %s", first.Digest, second.Digest)
	}
	// A change in a dependency of the module changes the digest.
	forget()
	if err := os.WriteFile(filepath.Join(mod, "lib/lib.go"), []byte("package lib\n\nfunc Greeting() string { return \"bonjour\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	third, err := BuildGo(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if third.Digest == first.Digest {
		t.Fatal("a changed source kept the digest")
	}

	mt, _ := first.Image.MediaType()
	if mt != types.DockerManifestSchema2 {
		t.Errorf("media type %s", mt)
	}
	cfg, err := first.Image.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.Config.Entrypoint, " "); got != "/app/hello" {
		t.Errorf("entrypoint %q", got)
	}
	if cfg.OS != "linux" || cfg.Architecture != "amd64" || !cfg.Created.Time.Equal(epoch) {
		t.Errorf("config %s/%s created %v", cfg.OS, cfg.Architecture, cfg.Created)
	}
	layers, _ := first.Image.Layers()
	if len(layers) != 1 {
		t.Fatalf("%d layers on scratch", len(layers))
	}
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if h.Mode != 0o755 || h.Uid != 0 || !h.ModTime.Equal(epoch) {
			t.Errorf("%s: mode %o uid %d time %v", h.Name, h.Mode, h.Uid, h.ModTime)
		}
	}
	if strings.Join(names, ",") != "app/,app/hello" {
		t.Errorf("layer holds %v", names)
	}
}

// age sets the times of dir's files and directories a minute back, as the
// sources of a build that nothing touched since.
func age(t *testing.T, dir string) {
	old := time.Now().Add(-time.Minute)
	filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
}

func TestCacheHitNeedsNoBuild(t *testing.T) {
	mod := testModule(t, helloSource)
	spec := GoSpec{Package: "./cmd/hello", Dir: mod, Base: Scratch, CacheDir: t.TempDir()}
	first, err := BuildGo(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	// A new process, nothing touched: neither go list nor go build runs.
	forget()
	before := listed.Load()
	second, err := BuildGo(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if second.Tarball != first.Tarball || second.Digest != first.Digest || listed.Load() != before {
		t.Fatalf("cache miss: %s %s, go list ran %d times", first.Tarball, second.Tarball, listed.Load()-before)
	}
	// A file added to a package of the build: listed and hashed again.
	forget()
	if err := os.WriteFile(filepath.Join(mod, "lib/more.go"), []byte("package lib\n\nfunc More() string { return \"more\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildGo(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	if listed.Load() != before+1 {
		t.Error("an added file did not invalidate the stamp")
	}
	// An edited file of the same size: listed again too.
	forget()
	age(t, mod)
	if _, err := BuildGo(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	forget()
	n := listed.Load()
	os.WriteFile(filepath.Join(mod, "lib/lib.go"), []byte("package lib\n\nfunc Greeting() string { return \"HELLO\" }\n"), 0o644)
	third, err := BuildGo(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if listed.Load() != n+1 || third.Digest == first.Digest {
		t.Error("an edited file kept the image")
	}
}

func TestArm64(t *testing.T) {
	mod := testModule(t, helloSource)
	img, err := BuildGo(context.Background(), GoSpec{Package: "example.com/app/cmd/hello", Dir: mod, Base: "empty", Arch: "arm64", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := img.Image.ConfigFile()
	if cfg.Architecture != "arm64" || cfg.Variant != "v8" {
		t.Errorf("platform %s/%s", cfg.Architecture, cfg.Variant)
	}
}

func TestBaseFromRegistry(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	base, err := random.Image(512, 2)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := base.ConfigFile()
	cf.OS, cf.Architecture = "linux", "amd64"
	cf.Config.Env = []string{"PATH=/usr/bin", "HOME=/"}
	cf.Config.Cmd = []string{"/bin/sh"}
	base, _ = mutate.ConfigFile(base, cf)
	base = mutate.MediaType(base, types.OCIManifestSchema1)
	ref, _ := name.ParseReference(host + "/base:v1")
	if err := remote.Write(ref, base); err != nil {
		t.Fatal(err)
	}
	mod := testModule(t, helloSource)
	cache := t.TempDir()
	spec := GoSpec{Package: "./cmd/hello", Dir: mod, Base: host + "/base:v1", CacheDir: cache, Env: []string{"HOME=/home/app", "MODE=prod"}}
	img, err := BuildGo(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	layers, _ := img.Image.Layers()
	if len(layers) != 3 {
		t.Fatalf("%d layers, want the base's 2 and the binary", len(layers))
	}
	cfg, _ := img.Image.ConfigFile()
	if got := strings.Join(cfg.Config.Env, " "); got != "PATH=/usr/bin HOME=/home/app MODE=prod" {
		t.Errorf("env %q", got)
	}
	if cfg.Config.Cmd != nil {
		t.Errorf("the base's command is kept: %v", cfg.Config.Cmd)
	}
	m, _ := img.Image.Manifest()
	for _, l := range m.Layers {
		if l.MediaType != types.DockerLayer {
			t.Errorf("layer media type %s", l.MediaType)
		}
	}
	// The base is cached by digest: a new build with the same base needs
	// the registry for the tag's digest only, and by digest not at all.
	entries, _ := os.ReadDir(filepath.Join(cache, "base"))
	if len(entries) != 1 {
		t.Fatalf("base cache holds %d files", len(entries))
	}
	d, _ := remote.Head(ref)
	srv.Close()
	forget()
	spec.Base = host + "/base@" + d.Digest.String()
	if err := os.WriteFile(filepath.Join(mod, "lib/lib.go"), []byte("package lib\n\nfunc Greeting() string { return \"hi\" }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildGo(context.Background(), spec); err != nil {
		t.Fatalf("a base by digest in the cache needs no registry: %v", err)
	}
}

func TestBaseThatCannotBePulled(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	mod := testModule(t, helloSource)
	_, err := BuildGo(context.Background(), GoSpec{Package: "./cmd/hello", Dir: mod, Base: host + "/nothing:here", CacheDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "cannot pull base image "+host+"/nothing:here") || !strings.Contains(err.Error(), `Base: "scratch"`) {
		t.Fatalf("error %v", err)
	}
}

func TestBadPackages(t *testing.T) {
	mod := testModule(t, helloSource)
	for _, tc := range []struct{ pkg, want string }{
		{"./cmd/broken", "undefined: undefinedThing"},
		{"./lib", "not a main package"},
		{"fmt", "is not in your module"},
		{"./cmd/missing", "directory not found"},
	} {
		_, err := BuildGo(context.Background(), GoSpec{Package: tc.pkg, Dir: mod, Base: Scratch, CacheDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.pkg, err, tc.want)
			continue
		}
		if strings.Count(err.Error(), tc.want) != 1 {
			t.Errorf("%s: the message repeats itself: %v", tc.pkg, err)
		}
	}
	var be *BuildError
	_, err := BuildGo(context.Background(), GoSpec{Package: "./cmd/broken", Dir: mod, Base: Scratch, CacheDir: t.TempDir()})
	if !errors.As(err, &be) {
		t.Errorf("a compiler error is %T, not a BuildError", err)
	}
}
