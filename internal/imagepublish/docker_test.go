package imagepublish

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// dockerContext writes a Docker build context into an assembly directory,
// as synthesis stages a Dockerfile image, and returns the assembly.
func dockerContext(t *testing.T) string {
	t.Helper()
	asm := t.TempDir()
	ctx := filepath.Join(asm, "asset.ctx")
	if err := os.MkdirAll(ctx, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"Dockerfile":     "FROM scratch AS base\nARG GREETING\nCOPY hello.txt /\n\nFROM base AS final\n",
		"web.Dockerfile": "FROM scratch\nCOPY hello.txt /web.txt\n",
		"hello.txt":      "hello\n",
	} {
		if err := os.WriteFile(filepath.Join(ctx, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return asm
}

// fakeDocker puts on PATH a docker command that records its arguments and,
// for `docker save --output FILE`, writes a prepared image tarball there;
// with daemonDown it fails as the docker CLI does without a daemon.
func fakeDocker(t *testing.T, daemonDown bool) (argsFile string) {
	t.Helper()
	bin := t.TempDir()
	argsFile = filepath.Join(bin, "args")
	img, err := random.Image(512, 1)
	if err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(bin, "image.tar")
	tag, _ := name.NewTag("forma-build:job")
	if err := tarball.WriteToFile(saved, tag, img); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho \"$@\" >> " + argsFile + "\n"
	if daemonDown {
		script += "echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2\nexit 1\n"
	} else {
		script += "if [ \"$1\" = save ]; then cp " + saved + " \"$3\"; fi\n"
	}
	if err := os.WriteFile(filepath.Join(bin, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return argsFile
}

// A Dockerfile source is built with the docker CLI with the manifest's
// build arguments (sorted), target, platform and Dockerfile, saved, and
// pushed by forma; a second publish checks the tag and builds nothing.
func TestDockerfileSourceArguments(t *testing.T) {
	reg, host := newRegistry(t)
	asm := dockerContext(t)
	argsFile := fakeDocker(t, false)
	job := Job{ID: "job", AssemblyDir: asm, Image: host + "/repo:abc", Source: Source{
		Directory: "asset.ctx", DockerFile: "web.Dockerfile", BuildArgs: map[string]string{"B": "2", "A": "1"},
		Target: "final", Platform: "linux/arm64",
	}}
	if r := Publish(context.Background(), job, Options{}); r.Err != nil || r.Skipped {
		t.Fatalf("publish: %+v", r)
	}
	b, _ := os.ReadFile(argsFile)
	ctx := filepath.Join(asm, "asset.ctx")
	want := "build --tag forma-build:job --build-arg A=1 --build-arg B=2 --target final --platform linux/arm64 --file " + filepath.Join(ctx, "web.Dockerfile") + " " + ctx + "\n"
	if lines := strings.SplitAfter(string(b), "\n"); len(lines) < 2 || lines[0] != want || !strings.HasPrefix(lines[1], "save --output ") {
		t.Errorf("docker was run with:\n%s\nwant first:\n%s", b, want)
	}
	if got := reg.reset(); got["PUT"] == 0 {
		t.Errorf("nothing pushed: %v", got)
	}
	os.Remove(argsFile)
	if r := Publish(context.Background(), job, Options{}); r.Err != nil || !r.Skipped {
		t.Errorf("second publish: %+v", r)
	}
	if _, err := os.Stat(argsFile); err == nil {
		t.Error("docker ran for an image already published")
	}
}

// Without the docker CLI, or without a daemon, a Dockerfile source is an
// error that names ecs.ImageFromGoPackage.
func TestDockerfileSourceWithoutDocker(t *testing.T) {
	_, host := newRegistry(t)
	asm := dockerContext(t)
	job := Job{ID: "job", AssemblyDir: asm, Image: host + "/repo:abc", Source: Source{Directory: "asset.ctx"}}

	t.Setenv("PATH", t.TempDir())
	r := Publish(context.Background(), job, Options{})
	if r.Err == nil || !strings.Contains(r.Err.Error(), "the docker CLI is not installed; build images without Docker with ecs.ImageFromGoPackage") {
		t.Errorf("without docker: %v", r.Err)
	}

	fakeDocker(t, true)
	r = Publish(context.Background(), job, Options{})
	if r.Err == nil || !strings.Contains(r.Err.Error(), "no Docker daemon answers") || !strings.Contains(r.Err.Error(), "ecs.ImageFromGoPackage") {
		t.Errorf("without a daemon: %v", r.Err)
	}
}

// With a Docker daemon (skipped loudly without one), a Dockerfile image
// is built by docker and pushed to the in-memory registry, where its
// single layer holds the copied file.
func TestDockerfileSourceWithDocker(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		msg := "no Docker daemon answers (docker version: " + strings.TrimSpace(string(out)) + "): building and pushing a Dockerfile image with the docker CLI did NOT run"
		t.Log("\n" + strings.Repeat("*", 78) + "\n*** SKIP: " + msg + "\n" + strings.Repeat("*", 78))
		t.Skip(msg)
	}
	_, host := newRegistry(t)
	job := Job{ID: "dockertest" + time.Now().Format("150405"), AssemblyDir: dockerContext(t), Image: host + "/repo:abc",
		Source: Source{Directory: "asset.ctx", BuildArgs: map[string]string{"GREETING": "hi"}, Target: "final"}}
	if r := Publish(context.Background(), job, Options{}); r.Err != nil {
		t.Fatalf("publish: %v", r.Err)
	}
	ref, _ := name.ParseReference(job.Image)
	img, err := remote.Image(ref)
	if err != nil {
		t.Fatal(err)
	}
	if layers, err := img.Layers(); err != nil || len(layers) != 1 {
		t.Errorf("layers %d %v, want the one of COPY", len(layers), err)
	}
	exec.Command("docker", "image", "rm", "forma-build:"+job.ID).Run()
}
