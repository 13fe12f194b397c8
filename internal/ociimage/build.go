package ociimage

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/forma-iac/forma/internal/stamp"
)

// DefaultBase is the base image of a Go image when GoSpec.Base is empty: a
// distroless image with CA certificates, time zone data and a non-root user,
// and nothing else.
const DefaultBase = "gcr.io/distroless/static-debian12:nonroot"

// Scratch is the GoSpec.Base that means no base at all: the image holds the
// binary only, and building it needs no registry. "empty" means the same.
const Scratch = "scratch"

// builderVersion changes whenever a change to this package changes the
// images it builds, so that older cached builds are not reused.
const builderVersion = "forma-ociimage-1"

// epoch is the time of every file and of the image config.
var epoch = time.Unix(0, 0).UTC()

// GoSpec describes an image built from a Go package.
type GoSpec struct {
	// Package is the main package: a path relative to Dir ("./cmd/web") or an
	// import path of the module that holds Dir.
	Package string
	// Dir is a directory of the user's module (default: the working directory).
	Dir string
	// Arch is "amd64" (default) or "arm64".
	Arch string
	// Base is the base image reference (default DefaultBase); Scratch or
	// "empty" for none.
	Base string
	// Entrypoint is the image's entrypoint (default: the binary, /app/NAME).
	Entrypoint []string
	// Cmd is the image's command (default none: the base's is dropped).
	Cmd []string
	// Env holds KEY=VALUE entries set over the base's environment.
	Env []string
	// CacheDir holds cached builds and base images (default:
	// $FORMA_CACHE_DIR/images, or forma/images in the user cache directory).
	CacheDir string
	// Remote holds options for pulling the base image (authentication, a
	// transport).
	Remote []remote.Option
}

// Image is a built image, stored as a docker-archive tarball in the cache.
type Image struct {
	// Image is the image, read back from Tarball.
	Image v1.Image
	// Digest is the image manifest's digest.
	Digest v1.Hash
	// Tarball is the docker-archive file in the cache that holds the image.
	Tarball string
	// Binary is the base name of the built binary.
	Binary string
}

// BuildError is a Go package that does not build: Output is the toolchain's
// message, once.
type BuildError struct {
	Package string
	Output  string
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("go build %s failed:\n%s", e.Package, strings.TrimRight(e.Output, "\n"))
}

// BinaryPath is where the binary named name lives in an image.
func BinaryPath(name string) string { return "/app/" + name }

// IsScratch reports whether base names no base image.
func IsScratch(base string) bool { return base == Scratch || base == "empty" }

// memo holds the builds of this process by cache key, so that an image used
// twice is built (and its errors reported) once.
var memo sync.Map // key → *memoEntry

type memoEntry struct {
	once sync.Once
	img  *Image
	err  error
}

// BuildGo builds (or finds in the cache) the image that spec describes.
func BuildGo(ctx context.Context, spec GoSpec) (*Image, error) {
	spec, err := normalize(spec)
	if err != nil {
		return nil, err
	}
	stampFile := stamp.PathFor(filepath.Join(spec.CacheDir, "stamps"), builderVersion, spec.Dir, spec.Package, spec.Arch, spec.Base,
		fmt.Sprintf("%q", spec.Entrypoint), fmt.Sprintf("%q", spec.Cmd), fmt.Sprintf("%q", spec.Env))
	if st, ok := stamp.Read(stampFile); ok {
		if img, err := readTarball(filepath.Join(spec.CacheDir, "build", st.Key+".tar"), st.Value); err == nil {
			return img, nil
		}
	}
	src, err := listSources(ctx, spec)
	if err != nil {
		return nil, err
	}
	key, inputs := cacheKey(spec, src)
	e, _ := memo.LoadOrStore(key, &memoEntry{})
	entry := e.(*memoEntry)
	entry.once.Do(func() { entry.img, entry.err = build(ctx, spec, src, key) })
	if entry.err != nil && ctx.Err() != nil {
		memo.Delete(key) // an interrupted build is not a result
	}
	if entry.err == nil {
		stamp.Write(stampFile, stamp.Stamp{Key: key, Value: entry.img.Binary, Inputs: inputs})
	}
	return entry.img, entry.err
}

func normalize(spec GoSpec) (GoSpec, error) {
	if spec.Package == "" {
		return spec, errors.New("no Go package given: name a main package of your module, such as \"./cmd/web\"")
	}
	switch spec.Arch {
	case "":
		spec.Arch = "amd64"
	case "amd64", "arm64":
	default:
		return spec, fmt.Errorf("architecture %q is not supported: use \"amd64\" or \"arm64\"", spec.Arch)
	}
	if spec.Base == "" {
		spec.Base = DefaultBase
	}
	if IsScratch(spec.Base) {
		spec.Base = Scratch
	} else if _, err := name.ParseReference(spec.Base); err != nil {
		return spec, fmt.Errorf("base image %q is not an image reference: %v", spec.Base, err)
	}
	if spec.Dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return spec, err
		}
		spec.Dir = wd
	}
	if spec.CacheDir == "" && os.Getenv("FORMA_CACHE_DIR") != "" {
		spec.CacheDir = filepath.Join(os.Getenv("FORMA_CACHE_DIR"), "images")
	}
	if spec.CacheDir == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return spec, fmt.Errorf("no cache directory for image builds: %v (set HOME or XDG_CACHE_HOME)", err)
		}
		spec.CacheDir = filepath.Join(dir, "forma", "images")
	}
	return spec, nil
}

// goPackage is the part of `go list -json` read here.
type goPackage struct {
	ImportPath string
	Name       string
	Dir        string
	Standard   bool
	GoFiles    []string
	SFiles     []string
	HFiles     []string
	SysoFiles  []string
	EmbedFiles []string
	Module     *struct {
		Path    string
		Version string
		Main    bool
		Dir     string
		GoMod   string
		Replace *struct {
			Path    string
			Version string
		}
	}
}

// sources is what goes into a binary: the packages of its build, in `go list
// -deps` order (the main package last), and the toolchain.
type sources struct {
	main      *goPackage
	packages  []*goPackage
	goVersion string
}

func goEnv(spec GoSpec) []string {
	return append(os.Environ(), "GOOS=linux", "GOARCH="+spec.Arch, "CGO_ENABLED=0")
}

// listed counts the calls of `go list`, for tests.
var listed atomic.Int64

func listSources(ctx context.Context, spec GoSpec) (*sources, error) {
	listed.Add(1)
	cmd := exec.CommandContext(ctx, "go", "list", "-deps",
		"-json=ImportPath,Name,Dir,Standard,GoFiles,SFiles,HFiles,SysoFiles,EmbedFiles,Module", spec.Package)
	cmd.Dir = spec.Dir
	cmd.Env = goEnv(spec)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, errors.New("the Go toolchain (go) is not on PATH: forma builds images with it")
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &BuildError{Package: spec.Package, Output: stderr.String()}
	}
	src := &sources{}
	dec := json.NewDecoder(&stdout)
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading go list output: %v", err)
		}
		src.packages = append(src.packages, &p)
	}
	if len(src.packages) == 0 {
		return nil, fmt.Errorf("go list %s found no package", spec.Package)
	}
	src.main = src.packages[len(src.packages)-1]
	if m := src.main.Module; m == nil || !m.Main {
		return nil, fmt.Errorf("package %s is not in your module: build an image from a main package of the module in %s", src.main.ImportPath, spec.Dir)
	}
	if src.main.Name != "main" {
		return nil, fmt.Errorf("package %s is package %s, not a main package: an image needs a program (package main with func main)", src.main.ImportPath, src.main.Name)
	}
	out, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOVERSION: %v", err)
	}
	src.goVersion = strings.TrimSpace(string(out))
	return src, nil
}

// cacheKey hashes everything that decides the image: the builder, the
// toolchain and its settings, the options, and the sources — file contents
// for the packages of the main module and of local replacements, the module
// version for the others, whose content go.sum fixes.
func cacheKey(spec GoSpec, src *sources) (string, []stamp.File) {
	h := sha256.New()
	field := func(parts ...string) {
		for _, p := range parts {
			fmt.Fprintf(h, "%d:%s", len(p), p)
		}
		h.Write([]byte{'\n'})
	}
	field(builderVersion, src.goVersion, spec.Arch, spec.Base)
	for _, v := range []string{"GOFLAGS", "GOAMD64", "GOARM64", "GOEXPERIMENT", "GOTOOLCHAIN"} {
		field(v, os.Getenv(v))
	}
	field(append([]string{"entrypoint"}, spec.Entrypoint...)...)
	field(append([]string{"cmd"}, spec.Cmd...)...)
	field(append([]string{"env"}, spec.Env...)...)
	hashed := map[string]bool{}
	var inputs []stamp.File
	hashFile := func(p string) {
		if hashed[p] {
			return
		}
		hashed[p] = true
		inputs = append(inputs, stamp.Stat(p))
		b, err := os.ReadFile(p)
		if err != nil {
			field("missing", p)
			return
		}
		sum := sha256.Sum256(b)
		field(p, hex.EncodeToString(sum[:]))
	}
	for _, p := range src.packages {
		switch {
		case p.Standard:
			field("std", p.ImportPath)
			continue
		case p.Module != nil && !p.Module.Main && p.Module.Replace == nil:
			field("mod", p.ImportPath, p.Module.Path, p.Module.Version)
			continue
		}
		field("pkg", p.ImportPath, p.Name)
		// A file added to or removed from the package changes its time.
		inputs = append(inputs, stamp.Stat(p.Dir))
		if p.Module != nil && p.Module.GoMod != "" {
			hashFile(p.Module.GoMod)
			hashFile(strings.TrimSuffix(p.Module.GoMod, ".mod") + ".sum")
		}
		for _, list := range [][]string{p.GoFiles, p.SFiles, p.HFiles, p.SysoFiles, p.EmbedFiles} {
			for _, f := range list {
				hashFile(filepath.Join(p.Dir, f))
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), inputs
}

func build(ctx context.Context, spec GoSpec, src *sources, key string) (*Image, error) {
	binName := path.Base(src.main.ImportPath)
	cached := filepath.Join(spec.CacheDir, "build", key+".tar")
	if img, err := readTarball(cached, binName); err == nil {
		return img, nil
	}
	bin, err := goBuild(ctx, spec, src.main.ImportPath, binName)
	if err != nil {
		return nil, err
	}
	base := empty.Image
	if spec.Base != Scratch {
		base, err = pullBase(ctx, spec)
		if err != nil {
			return nil, err
		}
	}
	img, err := assemble(base, bin, binName, src.main.ImportPath, spec)
	if err != nil {
		return nil, err
	}
	if err := writeTarball(cached, img); err != nil {
		return nil, err
	}
	out, err := readTarball(cached, binName)
	if err != nil {
		return nil, err
	}
	if want, _ := img.Digest(); want != out.Digest {
		return nil, fmt.Errorf("image of %s changed digest in its tarball (%s, then %s): a bug in forma", src.main.ImportPath, want, out.Digest)
	}
	return out, nil
}

// goBuild compiles the main package for Linux and returns the binary.
func goBuild(ctx context.Context, spec GoSpec, importPath, binName string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "forma-gobuild-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, binName)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "-trimpath", "-buildvcs=false",
		"-ldflags=-s -w -buildid=", importPath)
	cmd.Dir = spec.Dir
	cmd.Env = goEnv(spec)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &BuildError{Package: importPath, Output: output.String()}
	}
	return os.ReadFile(out)
}

// binaryLayer is a gzip layer with /app/NAME: fixed times, root-owned, mode
// 0755.
func binaryLayer(bin []byte, binName string) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	entries := []*tar.Header{
		{Typeflag: tar.TypeDir, Name: "app/", Mode: 0o755, ModTime: epoch, Format: tar.FormatPAX},
		{Typeflag: tar.TypeReg, Name: "app/" + binName, Mode: 0o755, Size: int64(len(bin)), ModTime: epoch, Format: tar.FormatPAX},
	}
	for _, hdr := range entries {
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
	}
	if _, err := tw.Write(bin); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}, tarball.WithMediaType(types.DockerLayer))
}

// assemble lays the binary on base. The result is rebuilt from the empty
// image so that every descriptor has a Docker media type, whatever the base
// uses, and the config is the base's with forma's settings.
func assemble(base v1.Image, bin []byte, binName, importPath string, spec GoSpec) (v1.Image, error) {
	baseCfg, err := base.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading base image %s: %v", spec.Base, err)
	}
	cfg := baseCfg.DeepCopy()
	baseLayers, err := base.Layers()
	if err != nil {
		return nil, fmt.Errorf("reading base image %s: %v", spec.Base, err)
	}
	var adds []mutate.Addendum
	for _, l := range baseLayers {
		mt, err := l.MediaType()
		if err != nil {
			return nil, fmt.Errorf("reading base image %s: %v", spec.Base, err)
		}
		if mt != types.DockerLayer && mt != types.OCILayer {
			return nil, fmt.Errorf("base image %s has a layer of media type %s: forma lays Go binaries on bases with gzip layers only", spec.Base, mt)
		}
		adds = append(adds, mutate.Addendum{Layer: l, MediaType: types.DockerLayer})
	}
	layer, err := binaryLayer(bin, binName)
	if err != nil {
		return nil, err
	}
	adds = append(adds, mutate.Addendum{Layer: layer, MediaType: types.DockerLayer})
	img, err := mutate.Append(mutate.ConfigMediaType(empty.Image, types.DockerConfigJSON), adds...)
	if err != nil {
		return nil, err
	}
	diffID, err := layer.DiffID()
	if err != nil {
		return nil, err
	}
	cfg.Architecture, cfg.OS, cfg.Variant = spec.Arch, "linux", ""
	if spec.Arch == "arm64" {
		cfg.Variant = "v8"
	}
	cfg.Created = v1.Time{Time: epoch}
	cfg.Author, cfg.Container = "", ""
	cfg.DockerVersion = "" //lint:ignore SA1019 cleared so that a base image's value does not reach the digest
	cfg.RootFS.Type = "layers"
	cfg.RootFS.DiffIDs = append(cfg.RootFS.DiffIDs, diffID)
	cfg.History = append(cfg.History, v1.History{
		Created:   v1.Time{Time: epoch},
		CreatedBy: "forma: go build " + importPath,
	})
	cfg.Config.Entrypoint = spec.Entrypoint
	if len(cfg.Config.Entrypoint) == 0 {
		cfg.Config.Entrypoint = []string{BinaryPath(binName)}
	}
	cfg.Config.Cmd = spec.Cmd
	cfg.Config.Env = mergeEnv(cfg.Config.Env, spec.Env)
	return mutate.ConfigFile(img, cfg)
}

// mergeEnv sets each KEY=VALUE of over in base, in place or appended.
func mergeEnv(base, over []string) []string {
	out := slices.Clone(base)
	for _, kv := range over {
		k, _, _ := strings.Cut(kv, "=")
		i := slices.IndexFunc(out, func(e string) bool { return strings.HasPrefix(e, k+"=") })
		if i >= 0 {
			out[i] = kv
		} else {
			out = append(out, kv)
		}
	}
	return out
}

// TarballTag is the name an image with digest d has inside the
// docker-archive tarballs forma writes, the name `docker load` gives it.
func TarballTag(d v1.Hash) string { return "forma-image:" + d.Hex }

// marker is the name ($0) of the shell script in Executable, by which forma
// knows its own image entries.
const marker = "forma-image"

// Executable is the asset manifest's executable source for an image staged
// as the docker-archive file archive (relative to the assembly): it loads
// the archive into Docker and prints the image's name, which is what the
// AWS CDK CLI expects of an executable before it tags and pushes the image
// with Docker. forma publishes the same entry from the archive without
// Docker (see ArchiveOf).
func Executable(archive string, d v1.Hash) []string {
	return []string{"sh", "-c", `docker load --quiet --input "$1" >&2 && echo "$2"`, marker, archive, TarballTag(d)}
}

// ArchiveOf returns the archive of an executable source made by Executable,
// relative to the assembly, and false for any other source.
func ArchiveOf(executable []string) (string, bool) {
	if len(executable) != 6 || executable[0] != "sh" || executable[1] != "-c" || executable[3] != marker {
		return "", false
	}
	return executable[4], true
}

// writeTarball writes img to p as a docker-archive tarball, atomically.
func writeTarball(p string, img v1.Image) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*.tar")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	d, err := img.Digest()
	if err != nil {
		f.Close()
		return err
	}
	tag, err := name.NewTag(TarballTag(d))
	if err != nil {
		f.Close()
		return err
	}
	if err := tarball.Write(tag, img, f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), p)
}

func readTarball(p, binName string) (*Image, error) {
	if _, err := os.Stat(p); err != nil {
		return nil, err
	}
	img, err := ReadTarball(p)
	if err != nil {
		return nil, err
	}
	d, err := img.Digest()
	if err != nil {
		return nil, err
	}
	return &Image{Image: img, Digest: d, Tarball: p, Binary: binName}, nil
}

// ReadTarball reads the image of a docker-archive tarball written by forma
// (one image).
func ReadTarball(p string) (v1.Image, error) {
	return tarball.ImageFromPath(p, nil)
}
