package imagepublish

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/internal/ociimage"
)

// TestReadManifest reads the docker entries that ecs's image assets write
// (constructs/ecs/testdata/image-assets.assets.json) and recognizes the Go
// image's staged archive.
func TestReadManifest(t *testing.T) {
	src, err := os.ReadFile("../../constructs/ecs/testdata/image-assets.assets.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "Bonjour.assets.json")
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	imgs, err := ReadManifest(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != 2 {
		t.Fatalf("%d images", len(imgs))
	}
	var goImg, dockerImg ManifestImage
	for _, img := range imgs {
		if len(img.Source.Executable) > 0 {
			goImg = img
		} else {
			dockerImg = img
		}
	}
	if archive, ok := ociimage.ArchiveOf(goImg.Source.Executable); !ok || archive != "asset.GO_IMAGE.tar" {
		t.Errorf("Go image archive %q %v", archive, ok)
	}
	if dockerImg.Source.Directory != "asset."+dockerImg.ID || dockerImg.AssemblyDir != dir {
		t.Errorf("Dockerfile image %+v", dockerImg)
	}
	want := []ImageDestination{{
		ID:             "GO_DESTINATION",
		RepositoryName: "cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}",
		ImageTag:       "GO_IMAGE",
		AssumeRoleARN:  "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-image-publishing-role-${AWS::AccountId}-${AWS::Region}",
	}}
	if d := cmp.Diff(want, goImg.Destinations); d != "" {
		t.Errorf("destinations (-want +got):\n%s", d)
	}
}

// The build options of a Dockerfile entry (the AWS CDK's and forma's
// field names) reach the source that docker build is run with.
func TestReadManifestBuildOptions(t *testing.T) {
	p := filepath.Join(t.TempDir(), "S.assets.json")
	const m = `{"version":"55.0.0","files":{},"dockerImages":{"abc":{"source":{"directory":"asset.abc","dockerFile":"web.Dockerfile",` +
		`"dockerBuildArgs":{"A":"1"},"dockerBuildTarget":"final","platform":"linux/arm64"},"destinations":{}}}}`
	if err := os.WriteFile(p, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	imgs, err := ReadManifest(p)
	if err != nil || len(imgs) != 1 {
		t.Fatalf("%v %v", imgs, err)
	}
	want := Source{Directory: "asset.abc", DockerFile: "web.Dockerfile", BuildArgs: map[string]string{"A": "1"}, Target: "final", Platform: "linux/arm64"}
	if d := cmp.Diff(want, imgs[0].Source); d != "" {
		t.Errorf("source (-want +got):\n%s", d)
	}
}
