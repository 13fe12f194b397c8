package schemacheck

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/forma-iac/forma/internal/cfnspec"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus from testdata/base")

// corpusDir holds the generated single-mistake templates and cfn-lint's
// verdicts on them (cfn-lint.json, written by cmd/validatescore -record).
const corpusDir = "testdata/corpus"

// A mutation is one change to one resource of a base template: a mistake,
// or (valid) a change CloudFormation accepts.
type mutation struct {
	base, resource, kind, path string
	valid                      bool
	apply                      func(props map[string]any)
}

func (m mutation) fileName(n int) string {
	slug := regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(m.path, "_")
	return fmt.Sprintf("%03d-%s-%s-%s-%s.json", n, strings.TrimSuffix(m.base, ".template.json"), m.resource, m.kind, slug)
}

// perKind caps the mutations of one kind on one resource, so that the
// corpus covers many types rather than many properties of one.
const perKind = 1

// mutations returns the corpus's mutations of one resource, in a
// deterministic order.
func mutations(base, id string, spec *cfnspec.Type, props map[string]any) []mutation {
	var out []mutation
	count := map[string]int{}
	add := func(kind, path string, valid bool, apply func(map[string]any)) {
		if count[kind] >= perKind {
			return
		}
		count[kind]++
		out = append(out, mutation{base: base, resource: id, kind: kind, path: path, valid: valid, apply: apply})
	}
	set := func(path []string, v any) func(map[string]any) {
		return func(p map[string]any) { setPath(p, path, v) }
	}
	// Top-level mistakes.
	for _, r := range spec.Required {
		if _, ok := props[r]; ok {
			add("drop-required", r, false, func(p map[string]any) { delete(p, r) })
		}
	}
	add("unknown", "Bogus", false, set([]string{"Bogus"}, "x"))
	for _, name := range sortedKeys(spec.Properties) {
		if readOnly(spec)[name] {
			add("read-only", name, false, set([]string{name}, "x"))
		}
	}
	// Value mistakes on the properties the template sets, then on the
	// others, top level and one level down.
	type site struct {
		path []string
		p    *cfnspec.Property
	}
	var sites []site
	for _, name := range sortedKeys(spec.Properties) {
		if readOnly(spec)[name] {
			continue
		}
		p := spec.Properties[name]
		sites = append(sites, site{[]string{name}, p})
		if m, ok := props[name].(map[string]any); ok && p.Type == "object" {
			if o := spec.Object(p); o != nil {
				for _, sub := range sortedKeys(o.Properties) {
					sites = append(sites, site{[]string{name, sub}, o.Properties[sub]})
				}
				add("unknown-nested", name+".Bogus", false, set([]string{name, "Bogus"}, "x"))
				for _, r := range o.Required {
					if _, ok := m[r]; ok {
						add("drop-required-nested", name+"."+r, false, func(p map[string]any) { delete(p[name].(map[string]any), r) })
					}
				}
			}
		}
	}
	sort.SliceStable(sites, func(i, j int) bool {
		_, a := getPath(props, sites[i].path)
		_, b := getPath(props, sites[j].path)
		return a && !b
	})
	for _, s := range sites {
		path := strings.Join(s.path, ".")
		cur, present := getPath(props, s.path)
		p := s.p
		switch p.Type {
		case "integer", "number":
			add("wrong-type", path, false, set(s.path, "not-a-number"))
			if p.Maximum != nil && *p.Maximum < 1e9 {
				add("range", path, false, set(s.path, *p.Maximum+1))
			} else if p.Minimum != nil && *p.Minimum > -1e9 {
				add("range", path, false, set(s.path, *p.Minimum-1))
			}
			if present {
				if n, ok := cur.(float64); ok {
					add("valid-number-as-string", path, true, set(s.path, strconv.FormatFloat(n, 'f', -1, 64)))
				}
			}
		case "boolean":
			add("wrong-type", path, false, set(s.path, "maybe"))
			if present {
				add("valid-boolean-as-string", path, true, set(s.path, fmt.Sprint(cur)))
			}
		case "string":
			add("wrong-type-object", path, false, set(s.path, map[string]any{"Key": "v"}))
			if len(p.Enum) > 0 {
				add("enum", path, false, set(s.path, "NOT_A_VALID_VALUE"))
			}
			if p.MaxLength != nil && *p.MaxLength < 5000 {
				add("length", path, false, set(s.path, strings.Repeat("a", *p.MaxLength+1)))
			}
			if p.Pattern != "" && len(p.Enum) == 0 {
				if re := compile(p.Pattern); re != nil && !re.MatchString("!! not valid !!") {
					add("pattern", path, false, set(s.path, "!! not valid !!"))
				}
			}
		case "array":
			add("wrong-type-list", path, false, set(s.path, "not-a-list"))
			if l, ok := cur.([]any); ok && len(l) > 0 {
				if p.MaxItems != nil && *p.MaxItems < 100 {
					var many []any
					for i := 0; i <= *p.MaxItems; i++ {
						many = append(many, l[0])
					}
					if !p.UniqueItems {
						add("too-many-items", path, false, set(s.path, many))
					}
				}
				if p.MinItems != nil && *p.MinItems > 0 {
					add("too-few-items", path, false, set(s.path, []any{}))
				}
			}
		case "object":
			add("wrong-type-list", path, false, set(s.path, []any{"x"}))
		}
		if present && len(s.path) == 1 {
			add("valid-if", path, true, set(s.path, map[string]any{"Fn::If": []any{"Always", cur, cur}}))
			req := false
			for _, r := range spec.Required {
				req = req || r == s.path[0]
			}
			if !req && (p.Type == "string" || p.Type == "integer" || p.Type == "number" || p.Type == "boolean") {
				add("valid-novalue", path, true, set(s.path, map[string]any{"Ref": "AWS::NoValue"}))
			}
		}
	}
	return out
}

func getPath(m map[string]any, path []string) (any, bool) {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = mm[p]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

func setPath(m map[string]any, path []string, v any) {
	for _, p := range path[:len(path)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// generateCorpus returns the corpus's files by name.
func generateCorpus(t *testing.T) map[string][]byte {
	bases, _ := filepath.Glob("testdata/base/*.template.json")
	sort.Strings(bases)
	files := map[string][]byte{}
	n := 0
	for _, bf := range bases {
		base := readJSON(t, bf)
		res := base["Resources"].(map[string]any)
		for _, id := range sortedKeys(res) {
			r := res[id].(map[string]any)
			spec, ok := cfnspec.Lookup(r["Type"].(string))
			if !ok {
				continue
			}
			props, _ := r["Properties"].(map[string]any)
			for _, m := range mutations(filepath.Base(bf), id, spec, props) {
				tpl := readJSON(t, bf) // a fresh copy
				conds, _ := tpl["Conditions"].(map[string]any)
				if conds == nil {
					conds = map[string]any{}
					tpl["Conditions"] = conds
				}
				conds["Always"] = map[string]any{"Fn::Equals": []any{"a", "a"}}
				rr := tpl["Resources"].(map[string]any)[id].(map[string]any)
				p, _ := rr["Properties"].(map[string]any)
				if p == nil {
					p = map[string]any{}
					rr["Properties"] = p
				}
				m.apply(p)
				tpl["Metadata"] = map[string]any{"Corpus": map[string]any{"Resource": id, "Mistake": m.kind, "Property": m.path, "Valid": m.valid}}
				b, err := json.MarshalIndent(tpl, "", " ")
				if err != nil {
					t.Fatal(err)
				}
				n++
				files[m.fileName(n)] = append(b, '\n')
			}
		}
	}
	return files
}

// TestCorpusIsGenerated checks that testdata/corpus is what the generator
// makes of testdata/base; -update rewrites it.
func TestCorpusIsGenerated(t *testing.T) {
	files := generateCorpus(t)
	if *update {
		old, _ := filepath.Glob(filepath.Join(corpusDir, "[0-9]*.json"))
		for _, f := range old {
			os.Remove(f)
		}
		if err := os.MkdirAll(corpusDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(corpusDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	old, _ := filepath.Glob(filepath.Join(corpusDir, "[0-9]*.json"))
	if len(old) != len(files) {
		t.Fatalf("%s holds %d cases, the generator makes %d; run go test ./internal/schemacheck -run Corpus -update", corpusDir, len(old), len(files))
	}
	for name, b := range files {
		cur, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil || !bytes.Equal(cur, b) {
			t.Errorf("%s differs from the generator's; run go test ./internal/schemacheck -run Corpus -update", name)
		}
	}
}

// TestCorpusScore checks forma against cfn-lint's recorded verdicts on the
// corpus: at least 90 % of the cases where cfn-lint reports a schema error
// (E3xxx) are reported, and no error where cfn-lint reports none. make
// validate-score records the verdicts afresh with the installed cfn-lint.
func TestCorpusScore(t *testing.T) {
	var verdicts map[string][]string
	b, err := os.ReadFile(filepath.Join(corpusDir, CFNLintVerdicts))
	if err != nil {
		t.Fatalf("%v; run make validate-score", err)
	}
	if err := json.Unmarshal(b, &verdicts); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "[0-9]*.json"))
	if len(files) < 200 || len(verdicts) != len(files) {
		t.Fatalf("%d cases, %d verdicts: want at least 200 cases, each with a verdict; run make validate-score", len(files), len(verdicts))
	}
	forma := map[string][]string{}
	for _, f := range files {
		for _, is := range CheckTemplate(readJSON(t, f)) {
			if !is.Warning {
				forma[filepath.Base(f)] = append(forma[filepath.Base(f)], is.String())
			}
		}
	}
	s := Score(verdicts, forma)
	t.Log("\n" + s.Report(false))
	if !s.Pass() {
		t.Error("\n" + s.Report(true))
	}
}
