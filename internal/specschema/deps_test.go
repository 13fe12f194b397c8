package specschema_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestProgramsDoNotLinkTheReflector checks that forma programs get the
// spec schemas from the embedded files: neither the reflector that
// generates them nor the Go parser it imports is linked into the forma
// binary or the flagship example.
func TestProgramsDoNotLinkTheReflector(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "list", "-deps",
		"github.com/forma-iac/forma/cli/forma", "github.com/forma-iac/forma/examples/bonjour").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	banned := []string{"github.com/invopop/jsonschema", "go.yaml.in/yaml/v4", "github.com/pb33f/ordered-map/v2",
		"github.com/buger/jsonparser", "go/ast", "go/parser", "go/doc"}
	for _, pkg := range strings.Fields(string(out)) {
		for _, b := range banned {
			if pkg == b {
				t.Errorf("%s is linked into forma programs; only internal/specschema/specgen may import it", pkg)
			}
		}
	}
}
