package assembly

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestWriteReplacesAtomically(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cdk.out")
	if err := Write(dir, Files{"a.json": []byte("1"), "old.json": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, Files{"a.json": []byte("2")}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "a.json"))
	if string(got) != "2" {
		t.Errorf("a.json = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "old.json")); !os.IsNotExist(err) {
		t.Error("a file the new assembly does not name is left behind")
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("temporary directories left: %v", entries)
	}
}

func TestReadOrdersByDependency(t *testing.T) {
	dir := t.TempDir()
	m := &Manifest{Version: Version, Artifacts: map[string]*Artifact{
		"A": {Type: TypeStack, Environment: "aws://111111111111/eu-west-1", Properties: &Properties{TemplateFile: "A.template.json"}, Dependencies: []string{"B", "A.assets"},
			Metadata: map[string][]MetadataEntry{"/A/Q/Resource": {{Type: "aws:cdk:logicalId", Data: "Q1234"}}}},
		"B":        {Type: TypeStack, Environment: "aws://unknown-account/unknown-region", Properties: &Properties{TemplateFile: "B.template.json", StackName: "bee"}},
		"A.assets": {Type: TypeAsset, Properties: &Properties{File: "A.assets.json"}},
	}}
	data, err := MarshalManifest(m)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644)
	// The asset manifest lists the template itself, which is not an asset
	// to publish, a file and a Docker image.
	os.WriteFile(filepath.Join(dir, "A.assets.json"), []byte(`{"version": "55.0.0",
	  "files": {
	    "t1": {"displayName": "A Template", "source": {"path": "A.template.json", "packaging": "file"}},
	    "c2": {"displayName": "A/Handler/Code", "source": {"path": "asset.c2", "packaging": "zip"}}},
	  "dockerImages": {"d3": {"source": {"directory": "asset.d3"}}}}`), 0o644)
	a, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Asset{{ID: "c2", DisplayName: "A/Handler/Code", Kind: "file", Path: filepath.Join(dir, "asset.c2"), Packaging: "zip"}, {ID: "d3", DisplayName: "d3", Kind: "Docker image"}}
	if got := a.Stack("A").Assets; !reflect.DeepEqual(got, want) {
		t.Errorf("assets = %+v, want %+v", got, want)
	}
	if len(a.Stacks) != 2 || a.Stacks[0].ID != "B" || a.Stacks[1].ID != "A" {
		t.Fatalf("order = %v", a.Stacks)
	}
	s := a.Stack("A")
	if s.Account != "111111111111" || s.Region != "eu-west-1" || s.LogicalIDPaths["Q1234"] != "/A/Q/Resource" || len(s.Dependencies) != 1 {
		t.Errorf("stack A = %+v", s)
	}
	if a.Stack("bee") == nil || a.Stacks[0].Account != "" {
		t.Error("stack B by name, env-agnostic")
	}
	// Open, from the manifest in memory, reads the same.
	o, err := Open(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(o.Stacks, a.Stacks) {
		t.Errorf("Open:\n%+v\nRead:\n%+v", o.Stacks, a.Stacks)
	}
}

func TestReadReportsCycles(t *testing.T) {
	dir := t.TempDir()
	m := &Manifest{Version: Version, Artifacts: map[string]*Artifact{
		"A": {Type: TypeStack, Environment: "aws://unknown-account/unknown-region", Properties: &Properties{TemplateFile: "A.json"}, Dependencies: []string{"B"}},
		"B": {Type: TypeStack, Environment: "aws://unknown-account/unknown-region", Properties: &Properties{TemplateFile: "B.json"}, Dependencies: []string{"A"}},
	}}
	data, _ := MarshalManifest(m)
	os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644)
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "cycle: A -> B -> A") {
		t.Errorf("err = %v", err)
	}
	if _, err := Read(t.TempDir()); err == nil || !strings.Contains(err.Error(), "synth -o") {
		t.Errorf("missing manifest: err = %v", err)
	}
}

// An asset manifest that cannot be read is an error naming the stack and
// the manifest.
func TestReadMissingAssetManifest(t *testing.T) {
	dir := t.TempDir()
	m := &Manifest{Version: Version, Artifacts: map[string]*Artifact{
		"A":        {Type: TypeStack, Environment: "aws://unknown-account/unknown-region", Properties: &Properties{TemplateFile: "A.json"}, Dependencies: []string{"A.assets"}},
		"A.assets": {Type: TypeAsset, Properties: &Properties{File: "A.assets.json"}},
	}}
	data, _ := MarshalManifest(m)
	os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644)
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), `stack "A": reading its asset manifest "A.assets"`) {
		t.Errorf("err = %v", err)
	}
}

// An error while writing names the assembly folder as given, never the
// temporary folder the assembly is written to first.
func TestWriteErrorNamesTheFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cdk.out")
	// "a" is written as a file, so the folder "a" cannot be made.
	err := Write(dir, Files{"a": []byte("x"), "a/b": []byte("y")})
	if err == nil || !strings.Contains(err.Error(), "writing "+filepath.Join(dir, "a", "b")+": not a directory") || strings.Contains(err.Error(), ".new-") {
		t.Errorf("err = %v, want one naming %s and not the temporary folder", err, dir)
	}
}

// TestReadManyStacks reads an assembly of more stacks than are read on one
// goroutine: the stacks, their logical IDs and the first error found are
// those of a reading in order.
func TestReadManyStacks(t *testing.T) {
	dir := t.TempDir()
	m := &Manifest{Version: Version, Artifacts: map[string]*Artifact{}}
	for i := range 2 * parallelArtifacts {
		id := fmt.Sprintf("S%03d", i)
		art := &Artifact{Type: TypeStack, Properties: &Properties{TemplateFile: id + ".template.json"},
			Metadata: map[string][]MetadataEntry{"/" + id + "/Q/Resource": {{Type: "aws:cdk:logicalId", Data: "Q" + id}}}}
		if i > 0 {
			art.Dependencies = []string{fmt.Sprintf("S%03d", i-1)}
		}
		m.Artifacts[id] = art
	}
	a, err := Open(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Stacks) != 2*parallelArtifacts {
		t.Fatalf("%d stacks", len(a.Stacks))
	}
	for i, s := range a.Stacks {
		id := fmt.Sprintf("S%03d", i)
		if s.ID != id || s.LogicalIDPaths["Q"+id] != "/"+id+"/Q/Resource" || s.TemplateFile != filepath.Join(dir, id+".template.json") {
			t.Fatalf("stack %d = %+v", i, s)
		}
	}
	m.Artifacts["S100"].Properties = nil
	m.Artifacts["S070"].Properties = &Properties{}
	if _, err := Open(dir, m); err == nil || !strings.Contains(err.Error(), `stack artifact "S070" has no templateFile`) {
		t.Errorf("err = %v, want the first stack without a template named", err)
	}
}
