package alltypes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/cfnspec"
	"github.com/forma-iac/forma/synth"
)

// stackSize bounds the resources of a template (CloudFormation's limit is 500).
const stackSize = 500

// suppressed are cfn-lint rules that cannot hold for synthetic values; each
// with its reason. The test fails on any other error.
var suppressed = map[string]string{
	"E3710": "the type belongs to a service AWS has shut down; the type is still in the registry, so forma keeps its L1",
}

// TestRegistry checks that the registry and the data set list the same types.
func TestRegistry(t *testing.T) {
	var reg []string
	for _, e := range Registry {
		reg = append(reg, e.Type)
	}
	if !sort.StringsAreSorted(reg) {
		t.Error("Registry is not sorted")
	}
	if got, want := strings.Join(reg, "\n"), strings.Join(cfnspec.Types(), "\n"); got != want {
		t.Error("Registry and cfnspec.Types() differ; run `go generate ./internal/cfngen`")
	}
}

// TestEveryType adds one resource of every type, with its required
// properties set to values its schema accepts, synthesizes the app and runs
// cfn-lint over every template in one process.
func TestEveryType(t *testing.T) {
	app := constructs.NewApp()
	var stack *constructs.Stack
	for i, e := range Registry {
		if i%stackSize == 0 {
			stack = constructs.NewStack(app, fmt.Sprintf("AllTypes%d", i/stackSize+1), constructs.StackProps{})
		}
		spec, ok := cfnspec.Lookup(e.Type)
		if !ok {
			t.Errorf("%s: not in cfnspec", e.Type)
			continue
		}
		r := e.New(stack, strings.ReplaceAll(e.Type, "::", ""))
		v := &values{t: spec}
		props := v.object(spec.Required, spec.Rules, spec.Properties, 0)
		for k, x := range realistic[e.Type] {
			props[k] = x
		}
		data, err := json.Marshal(props)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(r.Properties()); err != nil {
			t.Errorf("%s: the props type cannot hold %s: %v", e.Type, data, err)
		}
	}
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatalf("synthesis: %v", err)
	}
	dir := os.Getenv("ALLTYPES_OUT") // keep the templates there
	if dir == "" {
		dir = t.TempDir()
	}
	if err := asm.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	templates, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
	if want := (len(Registry) + stackSize - 1) / stackSize; len(templates) != want {
		t.Fatalf("%d templates written, want %d", len(templates), want)
	}
	lint(t, templates)
}

func lint(t *testing.T, templates []string) {
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("SKIPPED the cfn-lint check of every type: cfn-lint is not installed; run `pip install cfn-lint==1.51.0`")
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || !strings.Contains(string(out), "1.51.0") {
		t.Fatalf("cfn-lint 1.51.0 is required, found %q (%v); run `pip install cfn-lint==1.51.0`", strings.TrimSpace(string(out)), err)
	}
	args := append([]string{"-f", "json", "--non-zero-exit-code", "error", "-i", "W", "I", "--"}, templates...)
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errorsAs(err, &exit) && exit.ExitCode() == 2) {
		t.Fatalf("cfn-lint: %v\n%s", err, stderr.String())
	}
	var findings []struct {
		Level    string
		Message  string
		Filename string
		Rule     struct {
			ID string `json:"Id"`
		}
		Location struct {
			Path []any
		}
	}
	if err := json.Unmarshal(out, &findings); err != nil {
		t.Fatalf("cfn-lint output: %v\n%s", err, out)
	}
	var msgs []string
	byRule := map[string]int{}
	for _, f := range findings {
		if f.Level != "Error" {
			continue
		}
		if _, ok := suppressed[f.Rule.ID]; ok {
			continue
		}
		byRule[f.Rule.ID]++
		resource := ""
		if len(f.Location.Path) > 1 {
			resource = fmt.Sprint(f.Location.Path[1])
		}
		msgs = append(msgs, fmt.Sprintf("%s %s %s: %s", f.Rule.ID, filepath.Base(f.Filename), resource, f.Message))
	}
	sort.Strings(msgs)
	if len(msgs) > 0 {
		t.Errorf("cfn-lint reports %d errors (by rule: %v):\n%s", len(msgs), byRule, strings.Join(msgs, "\n"))
	}
}

func errorsAs(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	if ok {
		*target = e
	}
	return ok
}
