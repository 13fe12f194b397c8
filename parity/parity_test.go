package parity

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/synth"
)

// Case is one program of the parity suite.
type Case struct {
	// Name is the case's name, the same in oracle/*.js.
	Name string
	// Context is the app's context (feature flags, AZ lookups); the CDK
	// side sets the same.
	Context map[string]any
	// Build adds the program's stacks to app.
	Build func(app *constructs.App)
	// Mask names CodeBuild projects (logical IDs) whose buildspec runs
	// forma where the AWS CDK's runs cdk (a pipeline's synth, self-mutation
	// and asset projects): their Source.BuildSpec, and the
	// _PROJECT_CONFIG_HASH the actions starting them pass, are compared as
	// "<masked>" on both sides. Everything else of them is compared.
	Mask []string
}

var (
	casesMu sync.Mutex
	cases   = map[string]Case{}
)

// register adds cases to the suite; a name registered twice is a bug in the
// suite and panics at init.
func register(cs ...Case) {
	casesMu.Lock()
	defer casesMu.Unlock()
	for _, c := range cs {
		if _, dup := cases[c.Name]; dup {
			panic("parity: case " + c.Name + " registered twice")
		}
		cases[c.Name] = c
	}
}

// newApp returns an app with the case's context and no context files, as
// the CDK side's `new App({context})` without a cdk.json.
func (c Case) newApp() *constructs.App {
	return constructs.NewApp(constructs.AppProps{Context: c.Context, SkipContextFiles: true})
}

// synthesize returns the case's templates by file name.
func (c Case) synthesize(t *testing.T) map[string][]byte {
	t.Helper()
	app := c.newApp()
	c.Build(app)
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatalf("synthesis failed:\n%v", err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, name := range files.Names() {
		if strings.HasSuffix(name, ".template.json") && (!strings.Contains(name, "/") || strings.HasPrefix(name, "assembly-")) {
			out[name] = files[name]
		}
	}
	return out
}

// TestParity synthesizes every case and, when FORMA_CDK_ORACLE names the
// directory that oracle/run.js wrote, compares each template with the CDK's.
// FORMA_PARITY_OUT=DIR keeps forma's templates in DIR/<case>/.
func TestParity(t *testing.T) {
	oracle := os.Getenv("FORMA_CDK_ORACLE")
	keep := os.Getenv("FORMA_PARITY_OUT")
	names := slices.Sorted(maps.Keys(cases))
	if oracle != "" {
		entries, err := os.ReadDir(oracle)
		if err != nil {
			t.Fatalf("FORMA_CDK_ORACLE: %v", err)
		}
		for _, e := range entries {
			if _, ok := cases[e.Name()]; e.IsDir() && !ok {
				t.Errorf("the oracle has case %s, which no Go case registers: add it to a parity/*_test.go file", e.Name())
			}
		}
	} else if os.Getenv("FORMA_PARITY_REQUIRED") != "" {
		t.Fatal("FORMA_PARITY_REQUIRED is set but FORMA_CDK_ORACLE is not: run `make parity`")
	}
	for _, name := range names {
		c := cases[name]
		t.Run(name, func(t *testing.T) {
			got := c.synthesize(t)
			if keep != "" {
				dir := filepath.Join(keep, name)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for f, data := range got {
					p := filepath.Join(dir, filepath.FromSlash(f))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			if oracle == "" {
				return
			}
			dir := filepath.Join(oracle, name)
			want, err := templatesIn(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatalf("the oracle has no templates for %s in %s: add the case to a parity/oracle/*.js file", name, dir)
			}
			for _, path := range want {
				f, _ := filepath.Rel(dir, path)
				f = filepath.ToSlash(f)
				ref, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				have, ok := got[f]
				if !ok {
					t.Errorf("forma writes no %s; the AWS CDK does (forma writes %v)", f, slices.Sorted(maps.Keys(got)))
					continue
				}
				delete(got, f)
				if d := cmp.Diff(mask(normalize(t, ref), c.Mask), mask(normalize(t, have), c.Mask)); d != "" {
					t.Errorf("%s differs from the AWS CDK's (-cdk +forma):\n%s", f, d)
				}
			}
			for f := range got {
				t.Errorf("forma writes %s; the AWS CDK does not", f)
			}
		})
	}
}

// templatesIn returns the templates of the assembly in dir and of its
// stages' nested assemblies (assembly-*), sorted.
func templatesIn(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != dir && !strings.HasPrefix(d.Name(), "assembly-") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".template.json") {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
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
		if body["Type"] == "AWS::CloudFormation::Stack" {
			normalizeTemplateURL(body)
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

// mask replaces the buildspec of the named CodeBuild projects, and the
// configuration hash the pipeline actions starting them pass, by
// "<masked>" (Case.Mask).
func mask(tpl map[string]any, projects []string) map[string]any {
	if len(projects) == 0 {
		return tpl
	}
	res, _ := tpl["Resources"].(map[string]any)
	masked := map[string]bool{}
	for _, id := range projects {
		masked[id] = true
		body, _ := res[id].(map[string]any)
		props, _ := body["Properties"].(map[string]any)
		if src, ok := props["Source"].(map[string]any); ok && src["BuildSpec"] != nil {
			src["BuildSpec"] = "<masked>"
		}
	}
	for _, r := range res {
		body := r.(map[string]any)
		if body["Type"] != "AWS::CodePipeline::Pipeline" {
			continue
		}
		props, _ := body["Properties"].(map[string]any)
		stages, _ := props["Stages"].([]any)
		for _, st := range stages {
			acts, _ := st.(map[string]any)["Actions"].([]any)
			for _, a := range acts {
				cfg, _ := a.(map[string]any)["Configuration"].(map[string]any)
				ref, _ := cfg["ProjectName"].(map[string]any)
				id, _ := ref["Ref"].(string)
				envs, ok := cfg["EnvironmentVariables"].(string)
				if !masked[id] || !ok {
					continue
				}
				var vars []map[string]any
				if json.Unmarshal([]byte(envs), &vars) != nil {
					continue
				}
				for _, v := range vars {
					if v["name"] == "_PROJECT_CONFIG_HASH" {
						v["value"] = "<masked>"
					}
				}
				data, _ := json.Marshal(vars)
				cfg["EnvironmentVariables"] = string(data)
			}
		}
	}
	return tpl
}
