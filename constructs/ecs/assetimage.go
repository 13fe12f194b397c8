package ecs

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/internal/assetfs"
	"github.com/forma-iac/forma/internal/ociimage"
)

// GoImageOptions configures ImageFromGoPackage.
type GoImageOptions struct {
	// Base is the base image reference; default a small distroless image
	// (gcr.io/distroless/static-debian12:nonroot: CA certificates, time
	// zones, a non-root user), pulled at synthesis and cached by digest.
	// "scratch" builds on nothing and needs no registry. Pin a base by
	// digest (name@sha256:…) for the same image on every machine.
	Base string
	// Arch is "amd64" or "arm64"; default: the task definition's runtime
	// platform (ARM64 → arm64), else amd64.
	Arch string
	// Entrypoint is the image's entrypoint; default the binary,
	// /app/<last element of the package path>.
	Entrypoint []string
	// Cmd is the image's command; default none.
	Cmd []string
	// Env holds KEY=VALUE entries added to the base's environment.
	Env []string
	// Dir is a directory of the module the package belongs to; default the
	// working directory.
	Dir string
}

// ImageFromGoPackage is an image built from a main package of your module
// ("./cmd/web", or its import path) without Docker: forma compiles the
// package for Linux (CGO off, -trimpath, no build ID) and lays the binary,
// as one layer with fixed times and modes, on opts.Base. The same source
// gives the same image digest, and the build is cached by content, so an
// unchanged image is neither rebuilt nor pushed again.
//
// The image is an asset of the stack, as the AWS CDK's ContainerImage.
// fromAsset: pushed to the bootstrap ECR repository, tagged by its digest,
// by forma's deploy or publish (or by the AWS CDK CLI, through Docker; see
// the README), and the task's execution role may pull it. A package that
// does not compile is a synthesis error on the container, with the
// compiler's output.
func ImageFromGoPackage(pkg string, opts GoImageOptions) ContainerImage {
	return goImage{pkg: pkg, opts: opts}
}

type goImage struct {
	pkg  string
	opts GoImageOptions
}

func (g goImage) Bind(c *ContainerDefinition) ImageConfig {
	arch := g.opts.Arch
	if arch == "" {
		arch = "amd64"
		if rp := c.TaskDefinition.Resource.Props.RuntimePlatform; rp != nil && rp.CpuArchitecture != nil && *rp.CpuArchitecture == string(CPUArchitectureARM64) {
			arch = "arm64"
		}
	}
	img, err := ociimage.BuildGo(context.Background(), ociimage.GoSpec{
		Package: g.pkg, Dir: g.opts.Dir, Arch: arch, Base: g.opts.Base,
		Entrypoint: g.opts.Entrypoint, Cmd: g.opts.Cmd, Env: g.opts.Env,
	})
	if err != nil {
		c.Errorf("ImageFromGoPackage(%q): %v", g.pkg, err)
		return ImageConfig{}
	}
	hash := img.Digest.Hex
	return bindAsset(c, assets.DockerImageAsset{
		SourceHash: hash,
		Executable: ociimage.Executable("asset."+hash+".tar", img.Digest),
		Archive:    img.Tarball,
	})
}

// bindAsset adds the image asset to c's stack, as the AWS CDK's AssetImage
// (a DockerImageAsset "AssetImage" below the container), and grants the
// task's execution role pull access to the bootstrap repository.
func bindAsset(c *ContainerDefinition, a assets.DockerImageAsset) ImageConfig {
	scope := constructs.New(c, "AssetImage")
	a.DisplayName = assets.DisplayNameOf(scope)
	loc := assets.AddDockerImageAsset(constructs.StackOf(c), a)
	ecr.RepositoryFromName(scope, "Repository", loc.RepositoryName).GrantPull(c.TaskDefinition.ObtainExecutionRole())
	return ImageConfig{ImageName: loc.ImageURI}
}

// AssetImageOptions configures ImageFromAsset.
type AssetImageOptions struct {
	// File is the Dockerfile's path in the directory; default "Dockerfile".
	File string
	// BuildArgs are passed to docker build as --build-arg.
	BuildArgs map[string]string
	// Target is the build stage; default the last one.
	Target string
	// Platform is passed to docker build, e.g. "linux/arm64".
	Platform string
	// Exclude lists glob patterns of files left out of the build context
	// (and of its hash).
	Exclude []string
}

// ImageFromAsset is an image built with Docker from a directory with a
// Dockerfile, as the AWS CDK's ContainerImage.fromAsset: the directory is
// hashed and staged into the assembly, and the image is built and pushed
// with the docker CLI when the assets are published. It needs the docker
// CLI and a Docker daemon that answers when the stack is synthesized; when
// there is none, it is a synthesis error that names ImageFromGoPackage,
// which builds an image from a Go package without Docker.
func ImageFromAsset(dir string, opts AssetImageOptions) ContainerImage {
	return dockerImage{dir: dir, opts: opts}
}

type dockerImage struct {
	dir  string
	opts AssetImageOptions
}

func (d dockerImage) Bind(c *ContainerDefinition) ImageConfig {
	dir, err := filepath.Abs(d.dir)
	if err != nil {
		c.Errorf("ImageFromAsset(%q): %v", d.dir, err)
		return ImageConfig{}
	}
	file := d.opts.File
	if file == "" {
		file = "Dockerfile"
	}
	if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
		c.Errorf("ImageFromAsset(%q): no %s in %s: give a directory with a Dockerfile (or AssetImageOptions.File)", d.dir, file, dir)
		return ImageConfig{}
	}
	if err := dockerAnswers(); err != nil {
		c.Errorf("ImageFromAsset(%q) builds with Docker, and %v; build the image from a Go package without Docker with ecs.ImageFromGoPackage(\"./cmd/NAME\", ecs.GoImageOptions{}), or install and start Docker", d.dir, err)
		return ImageConfig{}
	}
	// As the AWS CDK: .dockerignore's patterns are excluded too, but never
	// the Dockerfile nor .dockerignore.
	exclude := slices.Clone(d.opts.Exclude)
	if b, err := os.ReadFile(filepath.Join(dir, ".dockerignore")); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				exclude = append(exclude, l)
			}
		}
	}
	exclude = append(exclude, "!.dockerignore", "!"+filepath.Base(file))
	hash, err := assetfs.FingerprintDocker(dir, exclude, d.extraHash())
	if err != nil {
		c.Errorf("ImageFromAsset(%q): %v", d.dir, err)
		return ImageConfig{}
	}
	file = d.opts.File
	return bindAsset(c, assets.DockerImageAsset{
		SourceHash: hash, Directory: dir, DockerFile: file,
		DockerBuildArgs: d.opts.BuildArgs, DockerBuildTarget: d.opts.Target, Platform: d.opts.Platform,
	})
}

// extraHash is the AWS CDK's DockerImageAsset extra hash: the build
// options that change the image, in the CDK's order, and its version salt.
func (d dockerImage) extraHash() string {
	type platform struct {
		Platform string `json:"platform"`
	}
	var p *platform
	if d.opts.Platform != "" {
		p = &platform{d.opts.Platform}
	}
	b, _ := json.Marshal(struct {
		BuildArgs map[string]string `json:"buildArgs,omitempty"`
		Target    string            `json:"target,omitempty"`
		File      string            `json:"file,omitempty"`
		Platform  *platform         `json:"platform,omitempty"`
		Version   string            `json:"version"`
	}{d.opts.BuildArgs, d.opts.Target, d.opts.File, p, "1.21.0"})
	return string(b)
}

// dockerAnswers checks that the docker CLI is installed and its daemon
// answers. Tests replace it.
var dockerAnswers = func() error {
	if _, err := exec.LookPath("docker"); err != nil {
		return fmt.Errorf("the docker CLI is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		return fmt.Errorf("no Docker daemon answers (docker version: %s)", firstLine(string(out), err))
	}
	return nil
}

func firstLine(s string, err error) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	if s == "" {
		return err.Error()
	}
	return s
}
