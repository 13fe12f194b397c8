package diff

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Op is the kind of a change.
type Op int

// The kinds of change. Same marks an unchanged list element kept for
// context.
const (
	Same Op = iota
	Added
	Removed
	Modified
)

func (o Op) String() string {
	return [...]string{"same", "added", "removed", "modified"}[o]
}

// Delta is the difference between two values. Old is nil when Op is Added,
// New is nil when Op is Removed.
type Delta struct {
	Op       Op
	Old, New any
	// Fields are the differing keys of two objects, sorted by key.
	Fields []*Field
	// Elements is the element-wise edit script of two lists: every element
	// of both, in order; a Modified element pairs a removed object with the
	// added object that replaced it in the same place.
	Elements []*Element
}

// Field is the change of one key of an object.
type Field struct {
	Key string
	*Delta
}

// Element is one element of a list's edit script.
type Element struct {
	Op Op
	// Value is the element (the new one when Modified).
	Value any
	// Delta is set when Op is Modified.
	Delta *Delta
}

// normalize rewrites plain template data into the canonical form compared:
// every number a float64, Fn::GetAtt always a two-element list.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		if s, ok := out["Fn::GetAtt"].(string); ok && len(out) == 1 {
			if res, attr, ok := strings.Cut(s, "."); ok {
				out["Fn::GetAtt"] = []any{res, attr}
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case float32:
		return float64(x)
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	}
	return v
}

// equal reports whether two normalized values mean the same to
// CloudFormation: a number or boolean equals its string form, as
// CloudFormation stores every scalar property as a string.
func equal(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, e := range x {
			f, ok := y[k]
			if !ok || !equal(e, f) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case string:
		switch y := b.(type) {
		case string:
			return x == y
		case float64, bool:
			return scalarString(y) == x
		}
		return false
	case float64:
		switch y := b.(type) {
		case float64:
			return x == y
		case string:
			f, err := strconv.ParseFloat(y, 64)
			return err == nil && f == x
		}
		return false
	case bool:
		switch y := b.(type) {
		case bool:
			return x == y
		case string:
			return y == strconv.FormatBool(x)
		}
		return false
	case nil:
		return b == nil
	}
	return false
}

func scalarString(v any) string {
	switch x := v.(type) {
	case float64:
		return formatNumber(x)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return compactJSON(v)
}

func formatNumber(f float64) string {
	if f == float64(int64(f)) && f < 1e21 && f > -1e21 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// compactJSON renders a value on one line, keys sorted, without HTML
// escaping.
func compactJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "?"
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// isIntrinsic reports whether v is a CloudFormation function call or
// reference, whose value is known only at deployment.
func isIntrinsic(v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

// hasIntrinsic reports whether v contains an intrinsic anywhere.
func hasIntrinsic(v any) bool {
	if isIntrinsic(v) {
		return true
	}
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if hasIntrinsic(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasIntrinsic(e) {
				return true
			}
		}
	}
	return false
}

// compare returns the difference between two normalized values, nil when
// they are equal. present says which of them exist.
func compare(old, new any, oldOK, newOK bool) *Delta {
	switch {
	case !oldOK && !newOK:
		return nil
	case !oldOK:
		return &Delta{Op: Added, New: new}
	case !newOK:
		return &Delta{Op: Removed, Old: old}
	case equal(old, new):
		return nil
	}
	d := &Delta{Op: Modified, Old: old, New: new}
	om, ok1 := old.(map[string]any)
	nm, ok2 := new.(map[string]any)
	if ok1 && ok2 && !opaque(om, nm) {
		keys := map[string]bool{}
		for k := range om {
			keys[k] = true
		}
		for k := range nm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			o, ook := om[k]
			n, nok := nm[k]
			if fd := compare(o, n, ook, nok); fd != nil {
				d.Fields = append(d.Fields, &Field{Key: k, Delta: fd})
			}
		}
		return d
	}
	ol, ok1 := old.([]any)
	nl, ok2 := new.([]any)
	if ok1 && ok2 {
		d.Elements = editScript(ol, nl)
	}
	return d
}

// opaque reports whether two objects differ as wholes: a reference
// (Ref, Fn::GetAtt) or an intrinsic replaced by another function or by a
// literal object reads better whole than key by key.
func opaque(old, new map[string]any) bool {
	oi, ni := isIntrinsic(old), isIntrinsic(new)
	if !oi && !ni {
		return false
	}
	if oi != ni {
		return true
	}
	for k := range old {
		if _, ok := new[k]; !ok || k == "Ref" || k == "Fn::GetAtt" {
			return true
		}
	}
	return false
}

// maxLCS bounds the work of a list comparison; longer lists are compared
// as one removal and one addition of every element.
const maxLCS = 1 << 22

// editScript returns the element-wise changes from old to new: a longest
// common subsequence stays, the rest is removed or added; a run of removed
// objects directly followed by a run of added objects pairs up as Modified
// elements.
func editScript(old, new []any) []*Element {
	n, m := len(old), len(new)
	var script []*Element
	if n*m > maxLCS {
		for _, e := range old {
			script = append(script, &Element{Op: Removed, Value: e})
		}
		for _, e := range new {
			script = append(script, &Element{Op: Added, Value: e})
		}
		return pair(script)
	}
	// lcs[i][j] is the LCS length of old[i:] and new[j:].
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if equal(old[i], new[j]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && equal(old[i], new[j]):
			script = append(script, &Element{Op: Same, Value: new[j]})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			script = append(script, &Element{Op: Added, Value: new[j]})
			j++
		default:
			script = append(script, &Element{Op: Removed, Value: old[i]})
			i++
		}
	}
	return pair(script)
}

// pair turns removed objects followed by as many added objects into
// Modified elements, so that a changed entry of a list of objects shows
// which of its fields changed. Runs of different lengths stay as they are.
func pair(script []*Element) []*Element {
	var out []*Element
	for k := 0; k < len(script); {
		if script[k].Op == Same {
			out = append(out, script[k])
			k++
			continue
		}
		var removed, added []*Element
		for k < len(script) && script[k].Op != Same {
			if script[k].Op == Removed {
				removed = append(removed, script[k])
			} else {
				added = append(added, script[k])
			}
			k++
		}
		if len(removed) == len(added) && allObjects(removed) && allObjects(added) {
			for x := range removed {
				d := compare(removed[x].Value, added[x].Value, true, true)
				out = append(out, &Element{Op: Modified, Value: added[x].Value, Delta: d})
			}
			continue
		}
		out = append(out, removed...)
		out = append(out, added...)
	}
	return out
}

func allObjects(l []*Element) bool {
	for _, e := range l {
		if m, ok := e.Value.(map[string]any); !ok || isIntrinsic(m) {
			return false
		}
	}
	return true
}

// indentJSON renders a value with a two-space indent, keys sorted.
func indentJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return "?"
	}
	return strings.TrimSuffix(b.String(), "\n")
}
