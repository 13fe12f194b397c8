package assertions

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/synth"
	"github.com/google/go-cmp/cmp"
)

// Template is a synthesized template under test.
type Template struct {
	tb  testing.TB
	tpl map[string]any
}

var (
	assemblies   sync.Map // *constructs.App → *synth.Assembly
	synthesizing sync.Mutex
)

// FromStack synthesizes the stack's app (once per app, however many stacks
// are tested) and returns the stack's template. A synthesis error fails the
// test at once.
func FromStack(tb testing.TB, stack *constructs.Stack) *Template {
	tb.Helper()
	app, ok := stack.Node().Root().(*constructs.App)
	if !ok {
		tb.Fatalf("assertions.FromStack: stack %s is not in an App", stack.Node().Path())
		return nil
	}
	synthesizing.Lock()
	asm, _ := assemblies.Load(app)
	if asm == nil {
		a, err := synth.Synthesize(app)
		if err != nil {
			synthesizing.Unlock()
			tb.Fatalf("assertions.FromStack: %v", err)
			return nil
		}
		assemblies.Store(app, a)
		asm = a
	}
	synthesizing.Unlock()
	st := asm.(*synth.Assembly).Stack(stack.ArtifactID())
	if st == nil {
		tb.Fatalf("assertions.FromStack: no stack %s in the assembly", stack.ArtifactID())
		return nil
	}
	return FromJSON(tb, st.TemplateJSON)
}

// FromJSON returns the template in data, a CloudFormation template in JSON.
func FromJSON(tb testing.TB, data []byte) *Template {
	tb.Helper()
	var tpl map[string]any
	if err := json.Unmarshal(data, &tpl); err != nil {
		tb.Fatalf("assertions.FromJSON: %v", err)
		return nil
	}
	return &Template{tb: tb, tpl: tpl}
}

// ToJSON returns the decoded template; do not modify it.
func (t *Template) ToJSON() map[string]any { return t.tpl }

func (t *Template) section(name string) map[string]any {
	m, _ := t.tpl[name].(map[string]any)
	return m
}

// candidate is one element of a section matched against a pattern.
type candidate struct {
	id     string
	value  any
	result *Result
}

// match matches the pattern against every element of a section that
// filter accepts, in logical-ID order.
func (t *Template) match(section string, filter func(map[string]any) bool, pattern func(map[string]any) (any, any)) (ok, all []candidate) {
	sec := t.section(section)
	for _, id := range sortedKeys(sec) {
		el, _ := sec[id].(map[string]any)
		if filter != nil && !filter(el) {
			continue
		}
		p, v := pattern(el)
		r := Test(p, v)
		c := candidate{id: id, value: v, result: r}
		all = append(all, c)
		if r.OK() {
			ok = append(ok, c)
		}
	}
	return ok, all
}

func ofType(typ string) func(map[string]any) bool {
	return func(r map[string]any) bool { return r["Type"] == typ }
}

// properties matches a pattern against a resource's Properties ({} when it
// has none).
func properties(props any) func(map[string]any) (any, any) {
	return func(r map[string]any) (any, any) {
		p, ok := r["Properties"]
		if !ok {
			p = map[string]any{}
		}
		return props, p
	}
}

func whole(pattern any) func(map[string]any) (any, any) {
	return func(r map[string]any) (any, any) { return pattern, r }
}

// HasResourceProperties asserts that a resource of the type has properties
// matching the pattern.
func (t *Template) HasResourceProperties(typ string, props any) {
	t.tb.Helper()
	ok, all := t.match("Resources", ofType(typ), properties(props))
	t.report("resource of type "+typ+" with the properties", props, ok, all, "/Properties")
}

// HasResource asserts that a resource of the type matches the pattern as a
// whole (Properties, DependsOn, DeletionPolicy, ...).
func (t *Template) HasResource(typ string, pattern any) {
	t.tb.Helper()
	ok, all := t.match("Resources", ofType(typ), whole(pattern))
	t.report("resource of type "+typ+" matching", pattern, ok, all, "")
}

// ResourceCountIs asserts the number of resources of the type.
func (t *Template) ResourceCountIs(typ string, n int) {
	t.tb.Helper()
	_, all := t.match("Resources", ofType(typ), whole(AnyValue()))
	if len(all) != n {
		t.tb.Errorf("expected %d resources of type %s, found %d%s", n, typ, len(all), ids(all))
	}
}

// ResourcePropertiesCountIs asserts the number of resources of the type
// whose properties match the pattern.
func (t *Template) ResourcePropertiesCountIs(typ string, props any, n int) {
	t.tb.Helper()
	ok, _ := t.match("Resources", ofType(typ), properties(props))
	if len(ok) != n {
		t.tb.Errorf("expected %d resources of type %s with properties %s, found %d%s", n, typ, short(props), len(ok), ids(ok))
	}
}

// FindResources returns the resources of the type whose whole body matches
// the pattern (nil: any), by logical ID.
func (t *Template) FindResources(typ string, pattern any) map[string]map[string]any {
	if pattern == nil {
		pattern = AnyValue()
	}
	ok, _ := t.match("Resources", ofType(typ), whole(pattern))
	out := map[string]map[string]any{}
	for _, c := range ok {
		c.result.commit()
		out[c.id] = c.value.(map[string]any)
	}
	return out
}

// AllResources asserts that every resource of the type matches the pattern
// as a whole, and that there is at least one.
func (t *Template) AllResources(typ string, pattern any) {
	t.tb.Helper()
	ok, all := t.match("Resources", ofType(typ), whole(pattern))
	if len(all) == 0 {
		t.tb.Errorf("expected resources of type %s, found none", typ)
		return
	}
	for _, c := range all {
		if !c.result.OK() {
			t.tb.Errorf("expected every resource of type %s to match; %s does not:\n%s", typ, c.id, explain(pattern, c, ""))
			return
		}
	}
	for _, c := range ok {
		c.result.commit()
	}
}

// HasOutput asserts that an output matches the pattern; logicalID "*" is
// any output.
func (t *Template) HasOutput(logicalID string, pattern any) {
	t.tb.Helper()
	t.hasIn("Outputs", "output", logicalID, pattern)
}

// HasParameter asserts that a parameter matches the pattern; logicalID
// "*" is any parameter.
func (t *Template) HasParameter(logicalID string, pattern any) {
	t.tb.Helper()
	t.hasIn("Parameters", "parameter", logicalID, pattern)
}

// HasMapping asserts that a mapping matches the pattern; logicalID "*" is
// any mapping.
func (t *Template) HasMapping(logicalID string, pattern any) {
	t.tb.Helper()
	t.hasIn("Mappings", "mapping", logicalID, pattern)
}

func (t *Template) hasIn(section, what, logicalID string, pattern any) {
	t.tb.Helper()
	sec := t.section(section)
	if logicalID != "*" {
		if _, ok := sec[logicalID]; !ok {
			t.tb.Errorf("expected %s %s, found none; the %ss are: %s", what, logicalID, what, strings.Join(sortedKeys(sec), ", "))
			return
		}
	}
	ok, all := t.match(section, nil, whole(pattern))
	if logicalID != "*" {
		var keep []candidate
		for _, c := range all {
			if c.id == logicalID {
				keep = append(keep, c)
			}
		}
		all, ok = keep, nil
		if len(keep) == 1 && keep[0].result.OK() {
			ok = keep
		}
	}
	t.report(what+" "+logicalID+" matching", pattern, ok, all, "")
}

// TemplateMatches asserts that the whole template matches the pattern (a
// map matches as ObjectLike: name the sections and elements to check).
func (t *Template) TemplateMatches(pattern any) {
	t.tb.Helper()
	r := Test(pattern, t.tpl)
	if !r.OK() {
		t.tb.Errorf("expected the template to match:\n%s", explain(pattern, candidate{id: "template", value: t.tpl, result: r}, ""))
		return
	}
	r.commit()
}

// report fails the test when nothing matched, showing the closest
// candidate; otherwise it commits the first match's captures.
func (t *Template) report(what string, pattern any, ok, all []candidate, prefix string) {
	t.tb.Helper()
	if len(ok) > 0 {
		ok[0].result.commit()
		return
	}
	if len(all) == 0 {
		t.tb.Errorf("expected a %s %s; there is none of that kind in the template", what, short(pattern))
		return
	}
	best := all[0]
	for _, c := range all[1:] {
		if len(c.result.Mismatches) < len(best.result.Mismatches) {
			best = c
		}
	}
	t.tb.Errorf("expected a %s:\n%s\nnone of %d matches; the closest is %s:\n%s", what, indent(pretty(render(pattern))), len(all), best.id, explain(pattern, best, prefix))
}

// explain lists a candidate's mismatches with their paths and a diff of
// what the pattern names.
func explain(pattern any, c candidate, prefix string) string {
	var b strings.Builder
	for _, m := range c.result.Mismatches {
		m.Path = prefix + m.Path
		fmt.Fprintf(&b, "  %s\n", m)
	}
	got := render(c.value)
	want := wantFor(pattern, got, "", c.result.Mismatches)
	got = trim(want, got)
	if d := cmp.Diff(want, got); d != "" {
		fmt.Fprintf(&b, "  diff of the named parts (-want +got):\n%s", indent(d))
	}
	return b.String()
}

// wantFor renders the pattern at path for a diff against actual: a
// matcher with no mismatch at or below path shows as the value it matched,
// so that the diff shows only what failed.
func wantFor(pattern, actual any, path string, mismatches []Mismatch) any {
	failed := false
	for _, m := range mismatches {
		if m.Path == path || strings.HasPrefix(m.Path, path+"/") {
			failed = true
			break
		}
	}
	if !failed {
		return actual
	}
	if m, ok := pattern.(Matcher); ok {
		l, isLiteral := m.(literal)
		if !isLiteral {
			return m.Name()
		}
		pattern = l.v
	}
	if pm, ok := asMap(pattern); ok {
		am, _ := actual.(map[string]any)
		out := map[string]any{}
		for k, v := range pm {
			if _, absent := v.(absentMatcher); absent {
				if _, present := am[k]; !present {
					continue
				}
			}
			out[k] = wantFor(v, am[k], path+"/"+k, mismatches)
		}
		return out
	}
	if ps, ok := asSlice(pattern); ok && pattern != nil {
		as, _ := actual.([]any)
		out := make([]any, len(ps))
		for i, v := range ps {
			var av any
			if i < len(as) {
				av = as[i]
			}
			out[i] = wantFor(v, av, path+"/"+strconv.Itoa(i), mismatches)
		}
		return out
	}
	return render(pattern)
}

// trim keeps of got the keys want names, at every depth, so that a diff
// shows only what the pattern is about.
func trim(want, got any) any {
	wm, ok1 := want.(map[string]any)
	gm, ok2 := got.(map[string]any)
	if ok1 && ok2 {
		out := map[string]any{}
		for k, w := range wm {
			if g, ok := gm[k]; ok {
				out[k] = trim(w, g)
			}
		}
		return out
	}
	ws, ok1 := want.([]any)
	gs, ok2 := got.([]any)
	if ok1 && ok2 && len(ws) == len(gs) {
		out := make([]any, len(gs))
		for i := range gs {
			out[i] = trim(ws[i], gs[i])
		}
		return out
	}
	return got
}

func pretty(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func ids(cs []candidate) string {
	if len(cs) == 0 {
		return ""
	}
	var l []string
	for _, c := range cs {
		l = append(l, c.id)
	}
	sort.Strings(l)
	return ": " + strings.Join(l, ", ")
}
