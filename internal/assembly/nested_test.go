package assembly

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeAssembly writes files (relative "/"-separated path → content) under
// dir.
func writeAssembly(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadNestedAssemblies(t *testing.T) {
	dir := t.TempDir()
	writeAssembly(t, dir, map[string]string{
		"manifest.json": `{"version":"55.0.0","artifacts":{
			"assembly-Test":{"type":"cdk:cloud-assembly","properties":{"directoryName":"assembly-Test","displayName":"Test"}},
			"assembly-Prod":{"type":"cdk:cloud-assembly","properties":{"directoryName":"assembly-Prod","displayName":"Prod"}},
			"Top":{"type":"aws:cloudformation:stack","environment":"aws://unknown-account/unknown-region","properties":{"templateFile":"Top.template.json"},"displayName":"Top"}}}`,
		"Top.template.json": `{}`,
		"assembly-Test/manifest.json": `{"version":"55.0.0","artifacts":{
			"assembly-Test-Inner":{"type":"cdk:cloud-assembly","properties":{"directoryName":"assembly-Test-Inner","displayName":"Test/Inner"}},
			"TestWeb23347330":{"type":"aws:cloudformation:stack","environment":"aws://111111111111/eu-west-1","properties":{"templateFile":"TestWeb23347330.template.json","stackName":"Test-Web"},"dependencies":["TestDbFE02DE21"],"displayName":"Test/Web"},
			"TestDbFE02DE21":{"type":"aws:cloudformation:stack","environment":"aws://111111111111/eu-west-1","properties":{"templateFile":"TestDbFE02DE21.template.json","stackName":"custom-db"},"displayName":"Test/Db"}}}`,
		"assembly-Test/TestWeb23347330.template.json": `{}`,
		"assembly-Test/TestDbFE02DE21.template.json":  `{}`,
		"assembly-Test/assembly-Test-Inner/manifest.json": `{"version":"55.0.0","artifacts":{
			"TestInnerDeep573D2313":{"type":"aws:cloudformation:stack","environment":"aws://111111111111/eu-west-1","properties":{"templateFile":"TestInnerDeep573D2313.template.json","stackName":"Test-Inner-Deep"},"displayName":"Test/Inner/Deep"}}}`,
		"assembly-Test/assembly-Test-Inner/TestInnerDeep573D2313.template.json": `{}`,
		"assembly-Prod/manifest.json": `{"version":"55.0.0","artifacts":{
			"ProdWebF45B1510":{"type":"aws:cloudformation:stack","environment":"aws://222222222222/us-east-1","properties":{"templateFile":"ProdWebF45B1510.template.json","stackName":"production-Web"},"displayName":"Prod/Web"}}}`,
		"assembly-Prod/ProdWebF45B1510.template.json": `{}`,
	})
	a, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range a.Stacks {
		got = append(got, s.DisplayName+"@"+s.Nested)
	}
	want := []string{"Top@", "Test/Db@assembly-Test", "Test/Web@assembly-Test", "Test/Inner/Deep@assembly-Test/assembly-Test-Inner", "Prod/Web@assembly-Prod"}
	if !slices.Equal(got, want) {
		t.Errorf("stacks = %v, want %v", got, want)
	}
	var nested []string
	for _, n := range a.Nested {
		nested = append(nested, n.DisplayName+"@"+n.Dir)
	}
	if want := []string{"Test@assembly-Test", "Test/Inner@assembly-Test/assembly-Test-Inner", "Prod@assembly-Prod"}; !slices.Equal(nested, want) {
		t.Errorf("nested = %v, want %v", nested, want)
	}
	deep := a.Stack("Test/Inner/Deep")
	if deep == nil || deep.TemplateFile != filepath.Join(dir, "assembly-Test", "assembly-Test-Inner", "TestInnerDeep573D2313.template.json") || deep.StackName != "Test-Inner-Deep" || deep.Account != "111111111111" {
		t.Errorf("Test/Inner/Deep = %+v", deep)
	}
	if top := a.TopLevel(); len(top) != 1 || top[0].ID != "Top" {
		t.Errorf("TopLevel() = %v", top)
	}
}

func TestReadNestedAssemblyErrors(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"missing directory": {
			"manifest.json": `{"version":"55.0.0","artifacts":{"assembly-X":{"type":"cdk:cloud-assembly","properties":{"directoryName":"assembly-X"}}}}`,
		},
		"outside the assembly": {
			"manifest.json": `{"version":"55.0.0","artifacts":{"assembly-X":{"type":"cdk:cloud-assembly","properties":{"directoryName":"../elsewhere"}}}}`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeAssembly(t, dir, files)
			_, err := Read(dir)
			if err == nil || !strings.Contains(err.Error(), "nested") {
				t.Fatalf("Read: %v", err)
			}
		})
	}
}
