package specgen

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/forma-iac/forma/internal/specschema"
)

var update = flag.Bool("update", false, "rewrite the embedded schema files from a fresh generation")

// root is the module root, from this package's directory.
const root = "../../.."

// TestFiles fails when an embedded schema file differs from a fresh
// generation; -update rewrites them.
func TestFiles(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if !bytes.Equal(f.Data, again[i].Data) {
			t.Errorf("%s: two generations differ", f.Path)
		}
		path := filepath.Join(root, filepath.FromSlash(f.Path))
		if *update {
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v; run `go generate ./internal/specschema/specgen`", err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from a fresh generation from the Go types; run `go generate ./internal/specschema/specgen` and review the diff", f.Path)
		}
	}
}

// ignored are the keywords of the generated schemas that the checker does
// not read: annotations, and maxItems, which the checker has never
// enforced.
var ignored = []string{"$schema", "maxItems"}

// TestFilesDecode checks that every generated schema decodes into
// specschema.Schema and uses only keywords it reads (or ignores on
// purpose), so that no part of a schema is silently dropped at run time.
func TestFilesDecode(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, err := specschema.Load(f.Data); err != nil {
			t.Errorf("%s: %v", f.Path, err)
		}
		var v any
		if err := json.Unmarshal(f.Data, &v); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		walk(t, f.Path, "", v)
	}
}

func walk(t *testing.T, file, path string, v any) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		if _, isBool := v.(bool); !isBool {
			t.Errorf("%s: %s: a schema is an object or a boolean, got %T", file, path, v)
		}
		return
	}
	for k, sub := range m {
		p := path + "/" + k
		switch k {
		case "properties", "patternProperties":
			for name, s := range sub.(map[string]any) {
				walk(t, file, p+"/"+name, s)
			}
		case "additionalProperties", "items":
			walk(t, file, p, sub)
		case "anyOf", "oneOf":
			for _, s := range sub.([]any) {
				walk(t, file, p, s)
			}
		default:
			if !slices.Contains(specschema.Keywords, k) && !slices.Contains(ignored, k) {
				t.Errorf("%s: %s: keyword %q is neither read by specschema.Schema nor ignored on purpose", file, p, k)
			}
		}
	}
}
