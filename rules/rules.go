package rules

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/jsonstr"
)

// Level is how serious a finding is.
type Level string

// The levels: an Error fails synth --strict, a Warning never does.
const (
	Error   Level = "error"
	Warning Level = "warning"
)

// Rule is one best practice.
type Rule struct {
	ID          string   // "S3.PublicAccess"
	Level       Level    // Error or Warning
	Types       []string // the resource types it looks at
	Explanation string   // why it matters
	Fix         string   // what to do
	// Check returns "" when r complies, else what is wrong with it.
	Check func(r *Resource) string
}

// Resource is one L1 resource as the rules see it.
type Resource struct {
	Path      string // construct path
	LogicalID string
	Type      string
	// Props are the resolved properties ({} when none).
	Props map[string]any
	// Body is the whole resource: Type, Properties, DependsOn, ...
	Body  map[string]any
	Stack *Stack
}

// Stack is a synthesized stack as the rules see it.
type Stack struct {
	Name     string
	Template map[string]any
	// Paths maps construct paths of the template's elements to logical IDs.
	Paths map[string]string
	// Lines maps logical IDs of resources to the line of the template file
	// where they start (optional: SARIF locations name it).
	Lines map[string]int

	// byType caches Resources: rules of every resource of a type ask for
	// the resources of another, which would be quadratic in the stack's
	// size otherwise.
	byType map[string]map[string]map[string]any
}

// ResourceLines finds the line where each resource starts in a template
// file indented as forma writes it (one space a level).
func ResourceLines(templateJSON []byte) map[string]int {
	out := map[string]int{}
	in := false
	for i, rest := 0, templateJSON; len(rest) > 0; i++ {
		line := rest
		if n := bytes.IndexByte(rest, '\n'); n >= 0 {
			line, rest = rest[:n], rest[n+1:]
		} else {
			rest = nil
		}
		switch {
		case string(line) == ` "Resources": {`:
			in = true
		case in && bytes.HasPrefix(line, []byte(` }`)):
			in = false
		case in && bytes.HasPrefix(line, []byte(`  "`)) && bytes.HasSuffix(line, []byte(`": {`)) && !bytes.HasPrefix(line, []byte(`   `)):
			out[string(line[len(`  "`):len(line)-len(`": {`)])] = i + 1
		}
	}
	return out
}

// Resources returns the stack's resources of a type, by logical ID. The
// map is computed once a type and shared: read it, do not change it. A
// Stack is checked by one goroutine at a time, as Check does.
func (s *Stack) Resources(typ string) map[string]map[string]any {
	if out, ok := s.byType[typ]; ok {
		return out
	}
	out := map[string]map[string]any{}
	res, _ := s.Template["Resources"].(map[string]any)
	for id, r := range res {
		rm, _ := r.(map[string]any)
		if rm["Type"] == typ {
			out[id] = rm
		}
	}
	if s.byType == nil {
		s.byType = map[string]map[string]map[string]any{}
	}
	s.byType[typ] = out
	return out
}

// Finding is one resource's breach of one rule.
type Finding struct {
	Rule        string `json:"rule"`
	Level       Level  `json:"level"`
	Path        string `json:"path"`
	Stack       string `json:"stack"`
	LogicalID   string `json:"logicalId"`
	Type        string `json:"type"`
	Message     string `json:"message"`
	Explanation string `json:"explanation"`
	Fix         string `json:"fix"`
	Suppressed  bool   `json:"suppressed,omitempty"`
	// Reason is the suppression's reason, and SuppressedAt the construct
	// that holds the suppression.
	Reason       string `json:"reason,omitempty"`
	SuppressedAt string `json:"suppressedAt,omitempty"`
	// Line is where the resource starts in the template file; 0 when
	// unknown.
	Line int `json:"line,omitempty"`
}

// Report holds the findings of one app.
type Report struct {
	Findings []Finding
}

// SuppressMetadata is the metadata type a suppression is recorded as.
const SuppressMetadata = "forma:rules:suppress"

// Suppression is a suppression's metadata.
type Suppression struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
}

// Suppress suppresses the rule (by id; "*" is every rule) for the
// construct's subtree. The reason is required: it is shown in the report;
// an empty one is an error reported by synthesis at the construct's path.
func Suppress(scope constructs.Construct, rule, reason string) {
	if strings.TrimSpace(reason) == "" {
		constructs.AnnotationsOf(scope).AddError(fmt.Sprintf("the suppression of rule %s has no reason; say why the finding does not apply: rules.Suppress(scope, %q, \"reason\")", rule, rule))
		return
	}
	if rule != "*" && ByID(rule) == nil {
		constructs.AnnotationsOf(scope).AddError(fmt.Sprintf("rules.Suppress: there is no rule %s; the rules are listed by forma's rules.All()", rule))
		return
	}
	scope.Node().AddMetadata(SuppressMetadata, Suppression{Rule: rule, Reason: reason})
}

// ByID returns the rule with the id, or nil.
func ByID(id string) *Rule {
	for i := range all {
		if all[i].ID == id {
			return &all[i]
		}
	}
	return nil
}

// All returns the rules of the pack, sorted by id.
func All() []Rule {
	out := append([]Rule(nil), all...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// rulesByType returns the rules of the pack by the resource types they
// check, made once: a large app is checked a stack at a time.
var rulesByType = sync.OnceValue(func() map[string][]*Rule {
	byType := map[string][]*Rule{}
	for i := range all {
		for _, t := range all[i].Types {
			byType[t] = append(byType[t], &all[i])
		}
	}
	return byType
})

// Check runs every rule on every resource of the stacks, which belong to
// app (for suppressions), and returns the findings, sorted by construct
// path then rule id.
func Check(app *constructs.App, stacks []*Stack) *Report {
	rep := &Report{}
	byType := rulesByType()
	for _, st := range stacks {
		paths := make(map[string]string, len(st.Paths))
		for p, id := range st.Paths {
			paths[id] = p
		}
		res, _ := st.Template["Resources"].(map[string]any)
		for _, id := range sortedKeys(res) {
			body, _ := res[id].(map[string]any)
			typ, _ := body["Type"].(string)
			rules := byType[typ]
			if len(rules) == 0 {
				continue
			}
			props, _ := body["Properties"].(map[string]any)
			if props == nil {
				props = map[string]any{}
			}
			r := &Resource{Path: paths[id], LogicalID: id, Type: typ, Props: props, Body: body, Stack: st}
			if r.Path == "" {
				r.Path = st.Name + "/" + id
			}
			for _, rule := range rules {
				msg := rule.Check(r)
				if msg == "" {
					continue
				}
				f := Finding{Rule: rule.ID, Level: rule.Level, Path: r.Path, Stack: st.Name, LogicalID: id, Type: typ, Message: msg, Explanation: rule.Explanation, Fix: rule.Fix, Line: st.Lines[id]}
				if s, at := suppression(app, r.Path, rule.ID); s != nil {
					f.Suppressed, f.Reason, f.SuppressedAt = true, s.Reason, at
				}
				rep.Findings = append(rep.Findings, f)
			}
		}
	}
	rep.sort()
	return rep
}

// sort orders the findings by construct path then rule id, keeping the
// order of those with both the same.
func (r *Report) sort() {
	// Indexes are sorted, not the findings, which are large to move; the
	// index breaks ties, which keeps the sort stable.
	fs := r.Findings
	idx := make([]int32, len(fs))
	sorted := true
	for i := range idx {
		idx[i] = int32(i)
		if i > 0 && findingLess(&fs[i], &fs[i-1]) {
			sorted = false
		}
	}
	if sorted {
		return
	}
	slices.SortFunc(idx, func(i, j int32) int {
		a, b := &fs[i], &fs[j]
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		return int(i - j)
	})
	out := make([]Finding, len(fs))
	for k, i := range idx {
		out[k] = fs[i]
	}
	r.Findings = out
}

// findingLess reports whether a sorts before b: by construct path, then
// rule id.
func findingLess(a, b *Finding) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Rule < b.Rule
}

// Merge returns the findings of reports of Check, in the order one Check
// of all their stacks, in the reports' order, would return them: stacks
// can be checked one at a time, as they are synthesized.
func Merge(reports ...*Report) *Report {
	n := 0
	for _, r := range reports {
		n += len(r.Findings)
	}
	rep := &Report{Findings: make([]Finding, 0, n)}
	for _, r := range reports {
		rep.Findings = append(rep.Findings, r.Findings...)
	}
	rep.sort()
	return rep
}

// suppression finds the nearest suppression of the rule on the construct
// at path or above it.
func suppression(app *constructs.App, path, rule string) (*Suppression, string) {
	if app == nil {
		return nil, ""
	}
	var c constructs.Construct = app
	if path != "" {
		found := app.Node().FindByPath(path)
		if found == nil {
			return nil, ""
		}
		c = found
	}
	scopes := c.Node().Scopes()
	for i := len(scopes) - 1; i >= 0; i-- {
		for _, md := range scopes[i].Node().Metadata() {
			if md.Type != SuppressMetadata {
				continue
			}
			if s, ok := md.Data.(Suppression); ok && (s.Rule == rule || s.Rule == "*") {
				p := scopes[i].Node().Path()
				if p == "" {
					p = "(app)"
				}
				return &s, p
			}
		}
	}
	return nil, ""
}

// Unsuppressed returns the findings not suppressed.
func (r *Report) Unsuppressed() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if !f.Suppressed {
			out = append(out, f)
		}
	}
	return out
}

// Errors counts the unsuppressed errors.
func (r *Report) Errors() int {
	_, n := r.Counts()
	return n
}

// Counts counts the unsuppressed findings and, among them, the errors,
// without copying them as Unsuppressed does.
func (r *Report) Counts() (unsuppressed, errors int) {
	for i := range r.Findings {
		if f := &r.Findings[i]; !f.Suppressed {
			unsuppressed++
			if f.Level == Error {
				errors++
			}
		}
	}
	return unsuppressed, errors
}

// Table writes the unsuppressed findings as a table — the suppressed ones
// too, with their reasons, when withSuppressed is set — and a line counting
// them.
func (r *Report) Table(w io.Writer, withSuppressed bool) {
	un := r.Unsuppressed()
	suppressed := len(r.Findings) - len(un)
	shown := un
	if withSuppressed {
		shown = r.Findings
	}
	if len(shown) > 0 {
		rows := [][]string{{"LEVEL", "RULE", "PATH", "FINDING", "FIX"}}
		for _, f := range shown {
			if f.Suppressed {
				rows = append(rows, []string{"SUPPRESSED", f.Rule, f.Path, f.Message, "reason (" + f.SuppressedAt + "): " + f.Reason})
				continue
			}
			rows = append(rows, []string{strings.ToUpper(string(f.Level)), f.Rule, f.Path, f.Message, f.Fix})
		}
		width := make([]int, 4)
		for _, row := range rows {
			for i := range width {
				width[i] = max(width[i], len(row[i]))
			}
		}
		for _, row := range rows {
			for i := range width {
				fmt.Fprintf(w, "%-*s  ", width[i], row[i])
			}
			fmt.Fprintln(w, row[4])
		}
	}
	errors := r.Errors()
	fmt.Fprintf(w, "rules: %d error%s, %d warning%s, %d suppressed (reasons in forma-rules.json, or with -v)\n", errors, plural(errors), len(un)-errors, plural(len(un)-errors), suppressed)
}

// JSON returns every finding, suppressed ones with their reasons.
func (r *Report) JSON() []byte {
	findings := make([]any, len(r.Findings))
	for i, f := range r.Findings {
		o := object{{"rule", f.Rule}, {"level", string(f.Level)}, {"path", f.Path}, {"stack", f.Stack}, {"logicalId", f.LogicalID}, {"type", f.Type},
			{"message", f.Message}, {"explanation", f.Explanation}, {"fix", f.Fix}}
		if f.Suppressed {
			o = append(o, member{"suppressed", true})
		}
		if f.Reason != "" {
			o = append(o, member{"reason", f.Reason})
		}
		if f.SuppressedAt != "" {
			o = append(o, member{"suppressedAt", f.SuppressedAt})
		}
		if f.Line != 0 {
			o = append(o, member{"line", f.Line})
		}
		findings[i] = o
	}
	return writeIndented(object{{"findings", findings}, {"version", 1}}, 320*len(findings))
}

// SARIF returns the findings as a SARIF 2.1.0 log: one result per finding,
// located at the stack's template file (relative to the assembly
// directory), the resource's line when known, and its logical ID;
// suppressed findings carry their suppression.
func (r *Report) SARIF() []byte {
	text := func(s string) object { return object{{"text", s}} }
	var rules []any
	for _, rule := range All() {
		lvl := "warning"
		if rule.Level == Error {
			lvl = "error"
		}
		rules = append(rules, object{
			{"defaultConfiguration", object{{"level", lvl}}},
			{"help", text(rule.Fix)},
			{"id", rule.ID},
			{"shortDescription", text(rule.Explanation)},
		})
	}
	results := make([]any, len(r.Findings))
	for i, f := range r.Findings {
		phys := object{{"artifactLocation", object{{"uri", f.Stack + ".template.json"}}}}
		if f.Line > 0 {
			phys = append(phys, member{"region", object{{"startLine", f.Line}}})
		}
		res := object{
			{"level", string(f.Level)},
			{"locations", []any{object{
				{"logicalLocations", []any{object{{"fullyQualifiedName", f.Path}, {"kind", "resource"}, {"name", f.LogicalID}}}},
				{"physicalLocation", phys},
			}}},
			{"message", text(f.Path + ": " + f.Message + ". " + f.Fix)},
			{"ruleId", f.Rule},
		}
		if f.Suppressed {
			res = append(res, member{"suppressions", []any{object{{"justification", f.Reason}, {"kind", "inSource"}}}})
		}
		results[i] = res
	}
	log := object{
		{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
		{"runs", []any{object{
			{"results", results},
			{"tool", object{{"driver", object{{"informationUri", "https://github.com/forma-iac/forma"}, {"name", "forma-rules"}, {"rules", rules}}}}},
		}}},
		{"version", "2.1.0"},
	}
	return writeIndented(log, 700*len(results))
}

// object is a JSON object whose members are written in their order (the
// reports list them in the order encoding/json writes a map's keys or a
// struct's fields).
type object []member

type member struct {
	key string
	val any
}

// writeIndented writes v as encoding/json's Encoder does with a one-space
// indent and no HTML escaping, a newline after it; size is room to start
// with.
func writeIndented(v any, size int) []byte {
	b := make([]byte, 0, size+1024)
	b = appendIndented(b, v, 0)
	return append(b, '\n')
}

func appendIndented(b []byte, v any, depth int) []byte {
	newline := func(b []byte, depth int) []byte {
		b = append(b, '\n')
		for range depth {
			b = append(b, ' ')
		}
		return b
	}
	switch x := v.(type) {
	case object:
		if len(x) == 0 {
			return append(b, "{}"...)
		}
		b = append(b, '{')
		for i, m := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = newline(b, depth+1)
			b = appendString(b, m.key)
			b = append(b, ": "...)
			b = appendIndented(b, m.val, depth+1)
		}
		b = newline(b, depth)
		return append(b, '}')
	case []any:
		if len(x) == 0 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = newline(b, depth+1)
			b = appendIndented(b, e, depth+1)
		}
		b = newline(b, depth)
		return append(b, ']')
	case string:
		return appendString(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case bool:
		return strconv.AppendBool(b, x)
	}
	panic(fmt.Sprintf("rules: cannot write %T", v))
}

// appendString appends s quoted as encoding/json writes it without HTML
// escaping.
func appendString(b []byte, s string) []byte { return jsonstr.Append(b, s, false) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
