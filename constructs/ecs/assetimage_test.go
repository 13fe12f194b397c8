package ecs_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/internal/golden"
	"github.com/forma-iac/forma/synth"
)

// goModule writes a module with main packages cmd/web and cmd/broken.
func goModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for p, s := range map[string]string{
		"go.mod":             "module example.com/shop\n\ngo 1.22\n",
		"cmd/web/main.go":    "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
		"cmd/broken/main.go": "package main\n\nfunc main() { return 1 }\n",
		"docker/Dockerfile":  "FROM scratch\n",
	} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("FORMA_CACHE_DIR", t.TempDir())
	return dir
}

var hexDigest = regexp.MustCompile(`[0-9a-f]{64}`)

// TestImageAssetsSnapshot checks a Go image and a Dockerfile image as the
// AWS CDK's ContainerImage.fromAsset writes them: the template's image URI
// in the bootstrap repository, the execution role's pull grant, and the
// docker entries of the asset manifest (golden, with the Go image's digest,
// which the Go toolchain's version decides, replaced by GO_IMAGE).
func TestImageAssetsSnapshot(t *testing.T) {
	mod := goModule(t)
	defer ecs.SetDockerCheck(func() error { return nil })()
	app, stack := newStack()
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromGoPackage("./cmd/web", ecs.GoImageOptions{Dir: mod, Base: "scratch"})})
	td.AddContainer("proxy", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromAsset(filepath.Join(mod, "docker"), ecs.AssetImageOptions{})})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatalf("synthesis failed:\n%v", err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	manifest := string(files["Bonjour.assets.json"])
	digests := hexDigest.FindAllString(manifest, -1)
	const dockerHash = "250c4bd2c110b496b4d693329276cbdcdc3b7eb6452e29254178f70ee40cd0f0" // the AWS CDK's hash of FROM scratch
	var goHash string
	for _, d := range digests {
		if d != dockerHash {
			goHash = d
		}
	}
	if goHash == "" || !strings.Contains(manifest, dockerHash) {
		t.Fatalf("manifest lacks the images' hashes:\n%s", manifest)
	}
	// The Go image's destination ID hashes its tag: GO_DESTINATION.
	var parsed struct {
		DockerImages map[string]struct{ Destinations map[string]any }
	}
	if err := json.Unmarshal([]byte(manifest), &parsed); err != nil {
		t.Fatal(err)
	}
	normalized := strings.ReplaceAll(manifest, goHash, "GO_IMAGE")
	for id := range parsed.DockerImages[goHash].Destinations {
		normalized = strings.ReplaceAll(normalized, id, "GO_DESTINATION")
	}
	golden.Check(t, "testdata/image-assets.assets.json", normalized)

	tpl := template(t, app)
	defs := resource(t, tpl, "TaskDef54694570")["Properties"].(map[string]any)["ContainerDefinitions"].([]any)
	want := decode(t, `{"Fn::Sub":"${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}:`+goHash+`"}`)
	if d := cmp.Diff(want, defs[0].(map[string]any)["Image"]); d != "" {
		t.Errorf("image (-want +got):\n%s", d)
	}
	policy := resource(t, tpl, "TaskDefExecutionRoleDefaultPolicy0DBB737A")["Properties"].(map[string]any)["PolicyDocument"]
	wantPolicy := decode(t, `{"Statement":[{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Resource":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":ecr:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":repository/",{"Fn::Sub":"cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}"}]]}},{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`)
	if d := cmp.Diff(wantPolicy, policy); d != "" {
		t.Errorf("execution role policy (-want +got):\n%s", d)
	}

	// The same source synthesizes the same manifest again.
	app2, stack2 := newStack()
	td2 := ecs.NewFargateTaskDefinition(stack2, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td2.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromGoPackage("./cmd/web", ecs.GoImageOptions{Dir: mod, Base: "scratch"})})
	td2.AddContainer("proxy", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromAsset(filepath.Join(mod, "docker"), ecs.AssetImageOptions{})})
	asm2, err := synth.Synthesize(app2)
	if err != nil {
		t.Fatal(err)
	}
	files2, _ := asm2.Files(false)
	if string(files2["Bonjour.assets.json"]) != manifest {
		t.Error("a second synthesis wrote another asset manifest")
	}

	// Written out, the Go image is staged as a docker-archive tarball.
	out := t.TempDir()
	if err := asm.WriteTo(out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "asset."+goHash+".tar")); err != nil {
		t.Errorf("the Go image is not staged: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "asset."+dockerHash, "Dockerfile")); err != nil {
		t.Errorf("the Docker build context is not staged: %v", err)
	}
}

func TestImageFromGoPackageArchFromRuntimePlatform(t *testing.T) {
	mod := goModule(t)
	app, stack := newStack()
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{RuntimePlatform: ecs.RuntimePlatform{CPUArchitecture: ecs.CPUArchitectureARM64}})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromGoPackage("./cmd/web", ecs.GoImageOptions{Dir: mod, Base: "scratch"})})
	amd := ecs.NewFargateTaskDefinition(stack, "Amd", ecs.FargateTaskDefinitionProps{})
	amd.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromGoPackage("./cmd/web", ecs.GoImageOptions{Dir: mod, Base: "scratch"})})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	if n := len(hexDigestSet(string(files["Bonjour.assets.json"]))); n != 2 {
		t.Errorf("arm64 and amd64 images: %d hashes, want 2", n)
	}
}

func hexDigestSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, d := range hexDigest.FindAllString(s, -1) {
		out[d] = true
	}
	return out
}

func TestImageMistakes(t *testing.T) {
	mod := goModule(t)
	defer ecs.SetDockerCheck(func() error { return errors.New("the docker CLI is not installed") })()
	app, stack := newStack()
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("broken", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromGoPackage("./cmd/broken", ecs.GoImageOptions{Dir: mod, Base: "scratch"})})
	td.AddContainer("outside", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromGoPackage("fmt", ecs.GoImageOptions{Dir: mod, Base: "scratch"})})
	td.AddContainer("docker", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromAsset(filepath.Join(mod, "docker"), ecs.AssetImageOptions{})})
	td.AddContainer("nodockerfile", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromAsset(filepath.Join(mod, "cmd"), ecs.AssetImageOptions{})})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	msg := err.Error()
	for _, want := range []string{
		"Bonjour/TaskDef/broken",
		"too many return values",
		"Bonjour/TaskDef/outside",
		"package fmt is not in your module",
		"Bonjour/TaskDef/docker",
		"the docker CLI is not installed; build the image from a Go package without Docker with ecs.ImageFromGoPackage",
		"Bonjour/TaskDef/nodockerfile",
		"no Dockerfile in",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "too many return values"); n != 1 {
		t.Errorf("the compiler's message appears %d times:\n%s", n, msg)
	}
}
