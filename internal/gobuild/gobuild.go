package gobuild

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/forma-iac/forma/internal/assetfs"
	"github.com/forma-iac/forma/internal/stamp"
)

// Options configure a build.
type Options struct {
	// Entry is the main package: a directory relative to Dir ("./cmd/fn")
	// or an import path in the main module.
	Entry string
	// Dir is the directory the go command runs in; default the working
	// directory.
	Dir string
	// GOARCH is "arm64" (the default) or "amd64".
	GOARCH string
	// Tags are build tags.
	Tags []string
	// CacheDir holds the builds; default $FORMA_CACHE_DIR/go-build, or
	// forma/go-build in the user's cache directory.
	CacheDir string
}

// Result is a build.
type Result struct {
	// Dir is the directory that holds bootstrap (in the cache: do not
	// change it).
	Dir string
	// Hash is the fingerprint of Dir, the asset hash.
	Hash string
	// Cached reports that no build ran.
	Cached bool
}

// Flags are the go build flags forma uses, besides -tags and -o.
var Flags = []string{"-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid="}

var (
	memoMu sync.Mutex
	memo   = map[string]*memoEntry{}
	builds atomic.Int64
	lists  atomic.Int64
)

// Builds is the number of go build commands this process ran.
func Builds() int { return int(builds.Load()) }

// Forget drops the builds this process remembers, so that the next Build
// of a package reads the cache on disk again, as a new process would.
func Forget() {
	memoMu.Lock()
	defer memoMu.Unlock()
	memo = map[string]*memoEntry{}
}

type memoEntry struct {
	once sync.Once
	res  Result
	err  error
}

// Build builds opts.Entry for linux/GOARCH with CGO off and returns the
// directory holding bootstrap. Within one process, a package is built (or
// fails) once.
func Build(opts Options) (Result, error) {
	if opts.GOARCH == "" {
		opts.GOARCH = "arm64"
	}
	if opts.GOARCH != "arm64" && opts.GOARCH != "amd64" {
		return Result{}, fmt.Errorf("GOARCH %q: Lambda runs arm64 or amd64", opts.GOARCH)
	}
	if opts.Dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return Result{}, err
		}
		opts.Dir = wd
	}
	k := opts.Dir + "\x00" + opts.Entry + "\x00" + opts.GOARCH + "\x00" + strings.Join(opts.Tags, ",")
	memoMu.Lock()
	e := memo[k]
	if e == nil {
		e = &memoEntry{}
		memo[k] = e
	}
	memoMu.Unlock()
	e.once.Do(func() { e.res, e.err = build(opts) })
	return e.res, e.err
}

func (o Options) env() []string {
	return append(os.Environ(), "GOOS=linux", "GOARCH="+o.GOARCH, "CGO_ENABLED=0", "GOFLAGS=")
}

type listed struct {
	ImportPath string
	Name       string
	Dir        string
	Standard   bool
	GoFiles    []string
	EmbedFiles []string
	Module     *struct {
		Path    string
		Version string
		Main    bool
		GoMod   string
		Sum     string
	}
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
}

// key lists the entry's packages and returns the cache key.
func key(opts Options) (string, error) {
	k, _, err := keyAndInputs(opts)
	return k, err
}

// keyAndInputs is key and the stamp of its inputs: the files hashed and
// the directories of the module's packages, with their sizes and times
// taken before they were read.
func keyAndInputs(opts Options) (string, []stamp.File, error) {
	lists.Add(1)
	args := []string{"list", "-deps", "-e", "-json=ImportPath,Name,Dir,Standard,GoFiles,EmbedFiles,Module,Error,DepsErrors"}
	if len(opts.Tags) > 0 {
		args = append(args, "-tags", strings.Join(opts.Tags, ","))
	}
	args = append(args, "--", opts.Entry)
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = opts.Dir, opts.env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", nil, fmt.Errorf("building Go package %s needs the Go toolchain (the go command), which is not on PATH", opts.Entry)
		}
		return "", nil, fmt.Errorf("go list %s: %s", opts.Entry, strings.TrimSpace(stderr.String()))
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return "", nil, fmt.Errorf("go list %s: %v", opts.Entry, err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		return "", nil, fmt.Errorf("go list %s listed no package", opts.Entry)
	}
	target := pkgs[len(pkgs)-1]
	if target.Error != nil {
		return "", nil, fmt.Errorf("package %s: %s", opts.Entry, target.Error.Err)
	}
	if target.Module == nil || !target.Module.Main {
		mod := "the standard library"
		if target.Module != nil {
			mod = "module " + target.Module.Path
		}
		return "", nil, fmt.Errorf("package %s (%s) is in %s, outside the main module of %s; give a package of your own module, e.g. \"./cmd/handler\"", opts.Entry, target.ImportPath, mod, opts.Dir)
	}
	if target.Name != "main" {
		return "", nil, fmt.Errorf("package %s is package %s, not a main package; a Lambda function's entry is a package main that calls lambda.Start", opts.Entry, target.Name)
	}
	var inputs []stamp.File
	stat := func(p string) { inputs = append(inputs, stamp.Stat(p)) }
	h := sha256.New()
	// The toolchain that builds the function is the one that built this
	// program (go run, go build): its version is part of the key.
	fmt.Fprintf(h, "go %s\nGOOS=linux GOARCH=%s CGO_ENABLED=0 tags=%s flags=%q\n", runtime.Version(), opts.GOARCH, strings.Join(opts.Tags, ","), Flags)
	modFiles := map[string]bool{}
	for _, p := range pkgs {
		if p.Standard {
			continue
		}
		if p.Module == nil || !p.Module.Main {
			if p.Module != nil {
				fmt.Fprintf(h, "dep %s %s %s\n", p.ImportPath, p.Module.Path, p.Module.Version)
			}
			continue
		}
		if p.Module.GoMod != "" {
			modFiles[p.Module.GoMod] = true
			modFiles[strings.TrimSuffix(p.Module.GoMod, ".mod")+".sum"] = true
		}
		// A file added to or removed from the package changes its time.
		stat(p.Dir)
		files := append(append([]string(nil), p.GoFiles...), p.EmbedFiles...)
		sort.Strings(files)
		for _, f := range files {
			stat(filepath.Join(p.Dir, f))
			if err := hashFile(h, p.ImportPath+"/"+f, filepath.Join(p.Dir, f)); err != nil {
				return "", nil, err
			}
		}
	}
	var mods []string
	for m := range modFiles {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		stat(m)
		if err := hashFile(h, filepath.Base(m), m); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", nil, err
		}
	}
	fmt.Fprintf(h, "entry %s\n", target.ImportPath)
	return hex.EncodeToString(h.Sum(nil)), inputs, nil
}

func hashFile(h io.Writer, name, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := sha256.Sum256(data)
	fmt.Fprintf(h, "file %s %x\n", name, s)
	return nil
}

// CacheDir is the default cache directory.
func CacheDir() (string, error) {
	if d := os.Getenv("FORMA_CACHE_DIR"); d != "" {
		return filepath.Join(d, "go-build"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for Go builds (%v); set FORMA_CACHE_DIR", err)
	}
	return filepath.Join(d, "forma", "go-build"), nil
}

func build(opts Options) (Result, error) {
	cache := opts.CacheDir
	if cache == "" {
		var err error
		if cache, err = CacheDir(); err != nil {
			return Result{}, err
		}
	}
	stampFile := stamp.PathFor(filepath.Join(cache, "stamps"), runtime.Version(), opts.Dir, opts.Entry, opts.GOARCH, strings.Join(opts.Tags, ","))
	if st, ok := stamp.Read(stampFile); ok {
		if r, ok := cached(filepath.Join(cache, st.Key)); ok {
			return r, nil
		}
	}
	k, inputs, err := keyAndInputs(opts)
	if err != nil {
		return Result{}, err
	}
	dir := filepath.Join(cache, k)
	if r, ok := cached(dir); ok {
		stamp.Write(stampFile, stamp.Stamp{Key: k, Inputs: inputs})
		return r, nil
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return Result{}, err
	}
	tmp, err := os.MkdirTemp(cache, ".build-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		return Result{}, err
	}
	args := append([]string{"build"}, Flags...)
	if len(opts.Tags) > 0 {
		args = append(args, "-tags", strings.Join(opts.Tags, ","))
	}
	args = append(args, "-o", filepath.Join(out, "bootstrap"), "--", opts.Entry)
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = opts.Dir, opts.env()
	builds.Add(1)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("go build %s (GOOS=linux GOARCH=%s) failed:\n%s", opts.Entry, opts.GOARCH, strings.TrimRight(output.String(), "\n"))
	}
	hash, err := assetfs.Fingerprint(out, nil)
	if err != nil {
		return Result{}, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "hash"), []byte(hash), 0o644); err != nil {
		return Result{}, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process stored the same build first: use it.
		if _, serr := os.Stat(filepath.Join(dir, "hash")); serr != nil {
			return Result{}, err
		}
		h, _ := os.ReadFile(filepath.Join(dir, "hash"))
		hash = string(h)
	}
	stamp.Write(stampFile, stamp.Stamp{Key: k, Inputs: inputs})
	return Result{Dir: filepath.Join(dir, "out"), Hash: hash}, nil
}

// cached returns the build stored in dir, if it is complete.
func cached(dir string) (Result, bool) {
	hash, err := os.ReadFile(filepath.Join(dir, "hash"))
	if err != nil || len(hash) != 64 {
		return Result{}, false
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "bootstrap")); err != nil {
		return Result{}, false
	}
	return Result{Dir: filepath.Join(dir, "out"), Hash: string(hash), Cached: true}, true
}
