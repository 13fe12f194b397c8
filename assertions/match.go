package assertions

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Matcher matches a value of a decoded template.
type Matcher interface {
	// Match records in r every mismatch of actual, at r's current path.
	Match(r *Result, actual any)
	// Name describes what the matcher wants, for diffs.
	Name() string
}

// Mismatch is one failure of a match: where and why.
type Mismatch struct {
	Path    string // "/Properties/Tags/0/Key"; "" at the root
	Message string
}

func (m Mismatch) String() string {
	p := m.Path
	if p == "" {
		p = "/"
	}
	return p + ": " + m.Message
}

// Result collects the mismatches of one match and the values captures saw.
type Result struct {
	Mismatches []Mismatch
	path       []string
	captures   map[*Capture][]any
}

func newResult() *Result { return &Result{captures: map[*Capture][]any{}} }

// OK reports whether there was no mismatch.
func (r *Result) OK() bool { return len(r.Mismatches) == 0 }

func (r *Result) failf(format string, args ...any) {
	r.Mismatches = append(r.Mismatches, Mismatch{Path: r.where(), Message: fmt.Sprintf(format, args...)})
}

func (r *Result) where() string {
	if len(r.path) == 0 {
		return ""
	}
	return "/" + strings.Join(r.path, "/")
}

func (r *Result) at(seg string, f func()) {
	r.path = append(r.path, seg)
	f()
	r.path = r.path[:len(r.path)-1]
}

// sub runs a match in a fresh result at the same path.
func (r *Result) sub(f func(*Result)) *Result {
	s := &Result{path: append([]string(nil), r.path...), captures: map[*Capture][]any{}}
	f(s)
	return s
}

// merge adds s's captures (and mismatches) to r.
func (r *Result) merge(s *Result) {
	r.Mismatches = append(r.Mismatches, s.Mismatches...)
	for c, vs := range s.captures {
		r.captures[c] = append(r.captures[c], vs...)
	}
}

// Test matches actual against a pattern and returns the result; tests of
// matchers use it, assertions call it for each candidate.
func Test(pattern, actual any) *Result {
	r := newResult()
	matcherOf(pattern, true).Match(r, actual)
	return r
}

// matcherOf turns a pattern into a matcher: maps match as ObjectLike
// (partial) or ObjectEquals, slices as ArrayEquals, others exactly.
func matcherOf(pattern any, partial bool) Matcher {
	if m, ok := pattern.(Matcher); ok {
		return m
	}
	return literal{v: pattern, partial: partial}
}

type literal struct {
	v       any
	partial bool
}

func (l literal) Name() string { return short(l.v) }

func (l literal) Match(r *Result, actual any) {
	if m, ok := asMap(l.v); ok {
		matchObject(r, m, actual, l.partial)
		return
	}
	if s, ok := asSlice(l.v); ok {
		a, ok := asSlice(actual)
		if !ok {
			r.failf("expected a list, got %s", kind(actual))
			return
		}
		if len(a) != len(s) {
			r.failf("expected a list of %d items, got %d", len(s), len(a))
			return
		}
		for i := range s {
			r.at(strconv.Itoa(i), func() { matcherOf(s[i], l.partial).Match(r, a[i]) })
		}
		return
	}
	if !equalScalar(l.v, actual) {
		r.failf("expected %s, got %s", short(l.v), short(actual))
	}
}

func matchObject(r *Result, want map[string]any, actual any, partial bool) {
	a, ok := asMap(actual)
	if !ok {
		r.failf("expected an object, got %s", kind(actual))
		return
	}
	for _, k := range sortedKeys(want) {
		p := want[k]
		v, present := a[k]
		r.at(k, func() {
			if _, absent := p.(absentMatcher); absent {
				if present {
					r.failf("expected no value, got %s", short(v))
				}
				return
			}
			if !present {
				r.failf("missing key")
				return
			}
			matcherOf(p, partial).Match(r, v)
		})
	}
	if !partial {
		for _, k := range sortedKeys(a) {
			if _, ok := want[k]; !ok {
				r.at(k, func() { r.failf("unexpected key") })
			}
		}
	}
}

// ObjectLike matches an object that has the pattern's keys, matched in turn
// (nested maps partially too); other keys are allowed.
func ObjectLike(pattern map[string]any) Matcher { return literal{v: pattern, partial: true} }

// ObjectEquals matches an object with exactly the pattern's keys; nested
// maps must match exactly too.
func ObjectEquals(pattern map[string]any) Matcher { return literal{v: pattern, partial: false} }

// ArrayEquals matches a list of the pattern's length whose items match the
// pattern's in order.
func ArrayEquals(pattern []any) Matcher { return literal{v: pattern, partial: true} }

// Exact matches a value deeply equal to the pattern: no partial objects.
func Exact(pattern any) Matcher { return literal{v: pattern, partial: false} }

type arrayWith struct{ items []any }

// ArrayWith matches a list that contains items matching the pattern's, in
// the pattern's order, others allowed between them.
func ArrayWith(items []any) Matcher { return arrayWith{items} }

func (m arrayWith) Name() string { return "ArrayWith(" + short(m.items) + ")" }

func (m arrayWith) Match(r *Result, actual any) {
	a, ok := asSlice(actual)
	if !ok {
		r.failf("expected a list, got %s", kind(actual))
		return
	}
	i := 0
	for pi, p := range m.items {
		found := false
		var closest *Result
		for ; i < len(a); i++ {
			s := r.sub(func(s *Result) { s.at(strconv.Itoa(i), func() { matcherOf(p, true).Match(s, a[i]) }) })
			if s.OK() {
				r.merge(s)
				found = true
				i++
				break
			}
			if closest == nil || len(s.Mismatches) < len(closest.Mismatches) {
				closest = s
			}
		}
		if !found {
			r.failf("could not match item %d of the pattern (%s) in the list, in order", pi, short(p))
			if closest != nil {
				for _, mm := range closest.Mismatches {
					mm.Message = "(closest item) " + mm.Message
					r.Mismatches = append(r.Mismatches, mm)
				}
			}
			return
		}
	}
}

type absentMatcher struct{}

// Absent matches a key that is not there (in an object pattern) or a nil
// value.
func Absent() Matcher { return absentMatcher{} }

func (absentMatcher) Name() string { return "Absent()" }
func (absentMatcher) Match(r *Result, actual any) {
	if actual != nil {
		r.failf("expected no value, got %s", short(actual))
	}
}

type anyValue struct{}

// AnyValue matches any value but nil.
func AnyValue() Matcher { return anyValue{} }

func (anyValue) Name() string { return "AnyValue()" }
func (anyValue) Match(r *Result, actual any) {
	if actual == nil {
		r.failf("expected a value, got nothing")
	}
}

type not struct{ m any }

// Not matches a value that the pattern does not match.
func Not(pattern any) Matcher { return not{pattern} }

func (n not) Name() string { return "Not(" + matcherOf(n.m, true).Name() + ")" }
func (n not) Match(r *Result, actual any) {
	if s := r.sub(func(s *Result) { matcherOf(n.m, true).Match(s, actual) }); s.OK() {
		r.failf("expected no match of %s, got %s", matcherOf(n.m, true).Name(), short(actual))
	}
}

type stringLike struct{ re *regexp.Regexp }

// StringLikeRegexp matches a string the regular expression matches
// (anywhere in it, as regexp.MatchString does); an invalid expression
// panics, as regexp.MustCompile does.
func StringLikeRegexp(pattern string) Matcher { return stringLike{regexp.MustCompile(pattern)} }

func (m stringLike) Name() string { return "StringLikeRegexp(" + m.re.String() + ")" }
func (m stringLike) Match(r *Result, actual any) {
	s, ok := actual.(string)
	if !ok {
		r.failf("expected a string matching %s, got %s", m.re, kind(actual))
		return
	}
	if !m.re.MatchString(s) {
		r.failf("expected a string matching %s, got %q", m.re, s)
	}
}

type serializedJSON struct{ m any }

// SerializedJSON matches a string holding JSON whose decoded value matches
// the pattern.
func SerializedJSON(pattern any) Matcher { return serializedJSON{pattern} }

func (m serializedJSON) Name() string { return "SerializedJSON(" + matcherOf(m.m, true).Name() + ")" }
func (m serializedJSON) Match(r *Result, actual any) {
	s, ok := actual.(string)
	if !ok {
		r.failf("expected a string of JSON, got %s", kind(actual))
		return
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		r.failf("expected a string of JSON, got %q: %v", s, err)
		return
	}
	matcherOf(m.m, true).Match(r, v)
}

// Capture records the values it matches, in the order they were matched;
// read them with the As methods after the assertion, and Next to move to
// the next one.
type Capture struct {
	pattern Matcher
	values  []any
	i       int
}

// NewCapture returns a capture that matches any value, or the values the
// pattern matches when one is given.
func NewCapture(pattern ...any) *Capture {
	c := &Capture{}
	if len(pattern) > 0 {
		c.pattern = matcherOf(pattern[0], true)
	}
	return c
}

// Name describes the capture.
func (c *Capture) Name() string { return "Capture()" }

// Match records actual when it matches the capture's pattern.
func (c *Capture) Match(r *Result, actual any) {
	if actual == nil {
		r.failf("expected a value to capture, got nothing")
		return
	}
	if c.pattern != nil {
		s := r.sub(func(s *Result) { c.pattern.Match(s, actual) })
		if !s.OK() {
			r.merge(s)
			return
		}
	}
	r.captures[c] = append(r.captures[c], actual)
}

// Value returns the current captured value, or nil when none was captured.
func (c *Capture) Value() any {
	if c.i >= len(c.values) {
		return nil
	}
	return c.values[c.i]
}

// Next moves to the next captured value and reports whether there is one.
func (c *Capture) Next() bool {
	if c.i+1 >= len(c.values) {
		return false
	}
	c.i++
	return true
}

// Len returns the number of values captured.
func (c *Capture) Len() int { return len(c.values) }

// AsString returns the current value as a string ("" when it is not one).
func (c *Capture) AsString() string { s, _ := c.Value().(string); return s }

// AsNumber returns the current value as a number (0 when it is not one).
func (c *Capture) AsNumber() float64 { f, _ := toFloat(c.Value()); return f }

// AsBool returns the current value as a boolean.
func (c *Capture) AsBool() bool { b, _ := c.Value().(bool); return b }

// AsArray returns the current value as a list (nil when it is not one).
func (c *Capture) AsArray() []any { a, _ := asSlice(c.Value()); return a }

// AsObject returns the current value as an object (nil when it is not one).
func (c *Capture) AsObject() map[string]any { m, _ := asMap(c.Value()); return m }

// commit stores the values the result's captures saw.
func (r *Result) commit() {
	for c, vs := range r.captures {
		c.values = append(c.values, vs...)
	}
}

func asMap(v any) (map[string]any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	out := map[string]any{}
	for _, k := range rv.MapKeys() {
		out[k.String()] = rv.MapIndex(k).Interface()
	}
	return out, true
}

func asSlice(v any) ([]any, bool) {
	if s, ok := v.([]any); ok {
		return s, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}

func toFloat(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

func equalScalar(want, got any) bool {
	if wf, ok := toFloat(want); ok {
		gf, ok := toFloat(got)
		return ok && wf == gf
	}
	return reflect.DeepEqual(want, got)
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("a string %q", v)
	case bool:
		return fmt.Sprintf("a boolean %v", v)
	}
	if _, ok := toFloat(v); ok {
		return fmt.Sprintf("a number %v", v)
	}
	if _, ok := asMap(v); ok {
		return "an object " + short(v)
	}
	if _, ok := asSlice(v); ok {
		return "a list " + short(v)
	}
	return fmt.Sprintf("%T", v)
}

func short(v any) string {
	b, err := json.Marshal(render(v))
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

// render replaces matchers in a pattern by their names, for messages and
// diffs.
func render(v any) any {
	if m, ok := v.(Matcher); ok {
		if l, ok := m.(literal); ok {
			return render(l.v)
		}
		return m.Name()
	}
	if m, ok := asMap(v); ok {
		out := map[string]any{}
		for k, x := range m {
			out[k] = render(x)
		}
		return out
	}
	if s, ok := asSlice(v); ok && v != nil {
		if _, isBytes := v.([]byte); isBytes {
			return v
		}
		out := make([]any, len(s))
		for i, x := range s {
			out[i] = render(x)
		}
		return out
	}
	if f, ok := toFloat(v); ok {
		return f
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
