package parity

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/synth"
)

// Case is one program built both in Go and in parity/oracle/*.js.
type Case struct {
	// Name is the case's name, the directory of the CDK's assembly.
	Name string
	// Context is the app's context (feature flags); nil for none.
	Context map[string]any
	// Build adds the case's stacks to app.
	Build func(app *constructs.App)
}

var cases = map[string]Case{}

// register adds a case; a duplicate name is a bug in the test.
func register(c Case) {
	if _, dup := cases[c.Name]; dup {
		panic("parity: case " + c.Name + " registered twice")
	}
	cases[c.Name] = c
}

// TestParity synthesizes every case and, when FORMA_CDK_ORACLE is set,
// compares each template with $FORMA_CDK_ORACLE/<case>/<file>.
// FORMA_PARITY_OUT=DIR keeps forma's templates in DIR/<case>/.
func TestParity(t *testing.T) {
	oracle := os.Getenv("FORMA_CDK_ORACLE")
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		c := cases[name]
		t.Run(name, func(t *testing.T) {
			app := constructs.NewApp(constructs.AppProps{Context: c.Context, SkipContextFiles: true})
			c.Build(app)
			asm, err := synth.Synthesize(app)
			if err != nil {
				t.Fatalf("synthesis failed:\n%v", err)
			}
			files, err := asm.Files(false)
			if err != nil {
				t.Fatal(err)
			}
			var templates []string
			for _, f := range files.Names() {
				if strings.HasSuffix(f, ".template.json") {
					templates = append(templates, f)
				}
			}
			if out := os.Getenv("FORMA_PARITY_OUT"); out != "" {
				dir := filepath.Join(out, name)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for _, f := range templates {
					if err := os.WriteFile(filepath.Join(dir, f), files[f], 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			if oracle == "" {
				t.Skip("FORMA_CDK_ORACLE is not set: no AWS CDK reference to compare with")
			}
			refs, _ := filepath.Glob(filepath.Join(oracle, name, "*.template.json"))
			if len(refs) != len(templates) {
				t.Errorf("the CDK wrote %d templates, forma %v", len(refs), templates)
			}
			for _, ref := range refs {
				f := filepath.Base(ref)
				data, err := os.ReadFile(ref)
				if err != nil {
					t.Fatal(err)
				}
				if files[f] == nil {
					t.Errorf("forma wrote no %s", f)
					continue
				}
				if d := cmp.Diff(normalize(t, data), normalize(t, files[f])); d != "" {
					t.Errorf("%s differs from the AWS CDK's (-want +got):\n%s", f, d)
				}
			}
		})
	}
}

// normalize decodes a template and drops what only the AWS CDK writes.
func normalize(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var tpl map[string]any
	if err := json.Unmarshal(data, &tpl); err != nil {
		t.Fatal(err)
	}
	if p, ok := tpl["Parameters"].(map[string]any); ok {
		delete(p, "BootstrapVersion")
	}
	if r, ok := tpl["Rules"].(map[string]any); ok {
		delete(r, "CheckBootstrapVersion")
	}
	if c, ok := tpl["Conditions"].(map[string]any); ok {
		delete(c, "CDKMetadataAvailable")
	}
	res, _ := tpl["Resources"].(map[string]any)
	for id, r := range res {
		body := r.(map[string]any)
		if body["Type"] == "AWS::CDK::Metadata" {
			delete(res, id)
			continue
		}
		if md, ok := body["Metadata"].(map[string]any); ok {
			delete(md, "aws:cdk:path")
			if len(md) == 0 {
				delete(body, "Metadata")
			}
		}
		switch d := body["DependsOn"].(type) {
		case string:
			body["DependsOn"] = []any{d}
		case []any:
			sort.Slice(d, func(i, j int) bool { return d[i].(string) < d[j].(string) })
		}
	}
	for k, v := range tpl {
		if m, ok := v.(map[string]any); ok && len(m) == 0 {
			delete(tpl, k)
		}
	}
	return tpl
}
