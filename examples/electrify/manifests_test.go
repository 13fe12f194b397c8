package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// manifest is one Kubernetes object of k8s/, decoded as plain data.
type manifest struct {
	file string
	obj  map[string]any
}

// readManifests parses every YAML document of k8s/*.yaml.
func readManifests(t *testing.T) []manifest {
	t.Helper()
	files, err := filepath.Glob("k8s/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in k8s/ (%v)", err)
	}
	var out []manifest
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var obj map[string]any
			if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: not valid YAML: %v", f, err)
			}
			if obj == nil {
				continue
			}
			out = append(out, manifest{file: f, obj: obj})
		}
	}
	return out
}

// get walks a path of map keys and list indexes.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func byKind(t *testing.T, ms []manifest, kind string) manifest {
	t.Helper()
	var found []manifest
	for _, m := range ms {
		if m.obj["kind"] == kind {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d objects of kind %s in k8s/, want 1", len(found), kind)
	}
	return found[0]
}

// Every document is a Kubernetes object with an apiVersion, a kind and a
// name, in the application's namespace.
func TestManifestsAreKubernetesObjects(t *testing.T) {
	ms := readManifests(t)
	for _, m := range ms {
		if m.obj["apiVersion"] == nil || m.obj["kind"] == nil || get(m.obj, "metadata", "name") == nil {
			t.Errorf("%s: an object needs apiVersion, kind and metadata.name: %v", m.file, m.obj)
		}
		if m.obj["kind"] == "Namespace" {
			if get(m.obj, "metadata", "name") != appNamespace {
				t.Errorf("%s: namespace %v, want %s", m.file, get(m.obj, "metadata", "name"), appNamespace)
			}
		} else if ns := get(m.obj, "metadata", "namespace"); ns != appNamespace {
			t.Errorf("%s: %s in namespace %v, want %s", m.file, m.obj["kind"], ns, appNamespace)
		}
	}
	var kinds []string
	for _, m := range ms {
		kinds = append(kinds, m.obj["kind"].(string))
	}
	sort.Strings(kinds)
	if want := []string{"Deployment", "Namespace", "Service", "ServiceAccount"}; !slices.Equal(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
}

// The pods run as the service account the Pod Identity association names,
// and the service selects them on their http port.
func TestManifestsMatchTheStacks(t *testing.T) {
	ms := readManifests(t)
	sa, dep, svc := byKind(t, ms, "ServiceAccount"), byKind(t, ms, "Deployment"), byKind(t, ms, "Service")
	if got := get(sa.obj, "metadata", "name"); got != appServiceAccount {
		t.Errorf("service account %v, want %s (the Pod Identity association's)", got, appServiceAccount)
	}
	pod := get(dep.obj, "spec", "template")
	if got := get(pod, "spec", "serviceAccountName"); got != appServiceAccount {
		t.Errorf("the pods run as %v, want %s", got, appServiceAccount)
	}
	labels, _ := get(pod, "metadata", "labels").(map[string]any)
	for k, v := range get(dep.obj, "spec", "selector", "matchLabels").(map[string]any) {
		if labels[k] != v {
			t.Errorf("the deployment's selector %s=%v does not match the pod labels %v", k, v, labels)
		}
	}
	sel, _ := get(svc.obj, "spec", "selector").(map[string]any)
	if len(sel) == 0 {
		t.Fatal("the service selects nothing")
	}
	for k, v := range sel {
		if labels[k] != v {
			t.Errorf("the service's selector %s=%v does not match the pod labels %v", k, v, labels)
		}
	}
	target := get(svc.obj, "spec", "ports", 0, "targetPort")
	found := false
	for _, p := range get(pod, "spec", "containers", 0, "ports").([]any) {
		if get(p, "name") == target || get(p, "containerPort") == target {
			found = true
		}
	}
	if !found {
		t.Errorf("the service's targetPort %v is not a port of the container", target)
	}
}

var placeholder = regexp.MustCompile(`\$\{([A-Z_]+)\}`)

// No secret value is in the manifests: no Secret object, no environment
// variable from a Kubernetes secret, and the only values filled in at
// deployment are the image and the secret's ARN (the pod reads the value
// with its Pod Identity role).
func TestManifestsHoldNoSecret(t *testing.T) {
	ms := readManifests(t)
	var vars []string
	for _, m := range ms {
		if m.obj["kind"] == "Secret" {
			t.Errorf("%s: a Secret object; the configuration belongs in Secrets Manager", m.file)
		}
		data, _ := yaml.Marshal(m.obj)
		for _, sub := range placeholder.FindAllStringSubmatch(string(data), -1) {
			if !slices.Contains(vars, sub[1]) {
				vars = append(vars, sub[1])
			}
		}
	}
	sort.Strings(vars)
	if want := []string{"CONFIG_SECRET_ARN", "IMAGE_URI"}; !slices.Equal(vars, want) {
		t.Errorf("placeholders %v, want %v", vars, want)
	}
	dep := byKind(t, ms, "Deployment")
	for _, c := range get(dep.obj, "spec", "template", "spec", "containers").([]any) {
		for _, e := range get(c, "env").([]any) {
			if get(e, "valueFrom") != nil {
				t.Errorf("env %v: the configuration comes from Secrets Manager, not from the cluster", get(e, "name"))
			}
			if v, _ := get(e, "value").(string); !placeholder.MatchString(v) {
				t.Errorf("env %v=%q: a literal value in the manifest", get(e, "name"), v)
			}
		}
	}
}

// The build's post_build commands, run by sh as CodeBuild runs them, write
// the manifests with the image and the secret's ARN in place of the
// placeholders, into the directory the build's artifact is made of.
func TestBuildWritesTheManifests(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "k8s"), os.DirFS("k8s")); err != nil {
		t.Fatal(err)
	}
	const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/images:0123456789abcdef"
	const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AppConfig-AbCdEf"
	script := strings.Join(imageBuild.Phases.PostBuild.Commands, "\n")
	cmd := exec.Command(sh, "-e", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "IMAGE_URI="+image, "CONFIG_SECRET_ARN="+arn)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("post_build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, imageBuild.Artifacts.BaseDirectory)
	for _, f := range manifestFiles {
		data, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatalf("the build wrote no %s: %v", f, err)
		}
		if placeholder.Match(data) {
			t.Errorf("%s keeps a placeholder:\n%s", f, data)
		}
		if f != "deployment.yaml" {
			continue
		}
		var dep map[string]any
		if err := yaml.Unmarshal(data, &dep); err != nil {
			t.Fatalf("the written %s is not YAML: %v", f, err)
		}
		c := get(dep, "spec", "template", "spec", "containers", 0)
		if got := get(c, "image"); got != image {
			t.Errorf("image %v, want %s", got, image)
		}
		if got := get(c, "env", 0, "value"); got != arn {
			t.Errorf("CONFIG_SECRET_ARN %v, want %s", got, arn)
		}
	}
}
