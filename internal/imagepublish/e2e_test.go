package imagepublish

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/forma-iac/forma/internal/ociimage"
)

// TestGoImageOnRegistryBase builds a Go image on a base pulled from a
// loopback registry, stages it as synthesis does, publishes it to the same
// registry, and reads back the digest it was built with.
func TestGoImageOnRegistryBase(t *testing.T) {
	_, host := newRegistry(t)
	base, _ := random.Image(256, 1)
	cf, _ := base.ConfigFile()
	cf.OS, cf.Architecture = "linux", "amd64"
	base, _ = mutate.ConfigFile(base, cf)
	if err := remote.Write(mustRef(t, host+"/distroless:nonroot"), base); err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	os.MkdirAll(filepath.Join(mod, "cmd/web"), 0o755)
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/web\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(mod, "cmd/web/main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
	img, err := ociimage.BuildGo(context.Background(), ociimage.GoSpec{Package: "./cmd/web", Dir: mod, Base: host + "/distroless:nonroot", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	asm := t.TempDir()
	archive := "asset." + img.Digest.Hex + ".tar"
	b, err := os.ReadFile(img.Tarball)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(asm, archive), b, 0o644)
	dest := host + "/cdk-hnb659fds-container-assets-123456789012-us-east-1:" + img.Digest.Hex
	r := Publish(context.Background(), Job{ID: "web", AssemblyDir: asm, Source: Source{Executable: ociimage.Executable(archive, img.Digest)}, Image: dest}, Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	desc, err := remote.Head(mustRef(t, dest))
	if err != nil {
		t.Fatal(err)
	}
	if desc.Digest != img.Digest {
		t.Errorf("pushed %s, built %s", desc.Digest, img.Digest)
	}
}
