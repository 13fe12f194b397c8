package template

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/forma-iac/forma/internal/jsonstr"
)

// Sections are the template sections that hold named entries. They are
// written in the order of their first entry, as the AWS CDK writes them.
var Sections = []string{"Parameters", "Mappings", "Conditions", "Rules", "Resources", "Outputs"}

// keyOrder is the conventional order of an entry's keys, per section.
var keyOrder = map[string][]string{
	"Resources":  {"Type", "Properties", "DependsOn", "CreationPolicy", "UpdatePolicy", "UpdateReplacePolicy", "DeletionPolicy", "Version", "Description", "Metadata", "Condition"},
	"Outputs":    {"Description", "Value", "Export", "Condition"},
	"Parameters": {"Type", "Default", "AllowedPattern", "AllowedValues", "ConstraintDescription", "Description", "MaxLength", "MaxValue", "MinLength", "MinValue", "NoEcho"},
}

// Template is a CloudFormation template.
type Template struct {
	FormatVersion string
	Description   string
	Transform     []string
	// TransformList writes a single transform as a one-element list.
	TransformList bool
	Metadata      map[string]any
	sections      map[string]*Section
	order         []string // sections in the order of their first entry
}

// Section is an ordered set of named entries.
type Section struct {
	Keys   []string
	Values map[string]any
}

// New returns an empty template.
func New() *Template { return &Template{sections: map[string]*Section{}} }

// Set adds or replaces an entry of a section.
func (t *Template) Set(section, key string, value any) {
	s := t.sections[section]
	if s == nil {
		s = &Section{Values: map[string]any{}}
		t.sections[section] = s
		t.order = append(t.order, section)
	}
	if _, ok := s.Values[key]; !ok {
		s.Keys = append(s.Keys, key)
	}
	s.Values[key] = value
}

// Grow makes room in a section for n more entries, for a caller that knows
// how many it will Set.
func (t *Template) Grow(section string, n int) {
	s := t.sections[section]
	if s == nil {
		s = &Section{Values: make(map[string]any, n), Keys: make([]string, 0, n)}
		t.sections[section] = s
		t.order = append(t.order, section)
		return
	}
	s.Keys = slices.Grow(s.Keys, n)
}

// Get returns an entry of a section.
func (t *Template) Get(section, key string) (any, bool) {
	s := t.sections[section]
	if s == nil {
		return nil, false
	}
	v, ok := s.Values[key]
	return v, ok
}

// Section returns a section, nil when it is empty.
func (t *Template) Section(name string) *Section { return t.sections[name] }

// Len returns the number of entries in a section.
func (t *Template) Len(section string) int {
	if s := t.sections[section]; s != nil {
		return len(s.Keys)
	}
	return 0
}

// Node is an ordered JSON value: the form both encoders write.
type node struct {
	keys []string
	vals []any
}

func (t *Template) ordered() *node {
	n := &node{}
	add := func(k string, v any) { n.keys = append(n.keys, k); n.vals = append(n.vals, v) }
	if t.FormatVersion != "" {
		add("AWSTemplateFormatVersion", t.FormatVersion)
	}
	if t.Description != "" {
		add("Description", t.Description)
	}
	if len(t.Transform) == 1 && !t.TransformList {
		add("Transform", t.Transform[0])
	} else if len(t.Transform) > 0 {
		add("Transform", t.Transform)
	}
	if len(t.Metadata) > 0 {
		add("Metadata", t.Metadata)
	}
	for _, name := range t.order {
		s := t.sections[name]
		if len(s.Keys) == 0 {
			continue
		}
		sec := &node{keys: s.Keys, vals: make([]any, len(s.Keys))}
		order := keyOrder[name]
		for i, k := range s.Keys {
			v := s.Values[k]
			if m, ok := v.(map[string]any); ok && order != nil {
				v = entry{m, order}
			}
			sec.vals[i] = v
		}
		add(name, sec)
	}
	return n
}

// entry is an entry of a section whose keys are written in order: those
// of order first, in that order, then the rest sorted. The JSON writer
// writes it as it is; YAML makes a node of it (orderedNode).
type entry struct {
	m     map[string]any
	order []string
}

// orderedNode orders the keys of an entry: those in order first, in that
// order, then the rest sorted. The values stay as they are: both encoders
// write a map's keys sorted.
func orderedNode(v any, order []string) any {
	m, ok := v.(map[string]any)
	if !ok || order == nil {
		return v
	}
	n := &node{keys: make([]string, 0, len(m)), vals: make([]any, 0, len(m))}
	for _, k := range order {
		if val, ok := m[k]; ok {
			n.keys = append(n.keys, k)
			n.vals = append(n.vals, val)
		}
	}
	if len(n.keys) == len(m) {
		return n
	}
	rest := make([]string, 0, len(m)-len(n.keys))
	for k := range m {
		if !slices.Contains(order, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		n.keys = append(n.keys, k)
		n.vals = append(n.vals, m[k])
	}
	return n
}

func sortedNode(v any) any {
	switch x := v.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		n := &node{keys: keys, vals: make([]any, len(keys))}
		for i, k := range keys {
			n.vals[i] = sortedNode(x[k])
		}
		return n
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = sortedNode(e)
		}
		return out
	}
	return v
}

// JSON renders the template as the AWS CDK does: one-space indent, no HTML
// escaping, no trailing newline.
func (t *Template) JSON() []byte { return t.AppendJSON(nil) }

// AppendJSON is JSON appended to dst, whose room it uses: a caller that
// renders many templates one after another can hand back the last one's
// bytes.
func (t *Template) AppendJSON(dst []byte) []byte { return t.appendJSON(dst, nil) }

// AppendJSONLines is AppendJSON that also returns the line of the
// rendered template (counted from 1) where each resource starts, by logical
// ID, as rules.ResourceLines would find it, without reading the template
// again.
func (t *Template) AppendJSONLines(dst []byte) ([]byte, map[string]int) {
	n := 0
	if s := t.sections["Resources"]; s != nil {
		n = len(s.Keys)
	}
	lines := make(map[string]int, n)
	return t.appendJSON(dst, lines), lines
}

// appendJSON renders the template after dst, recording the line of each
// resource in lines when it is not nil. The template's own object is
// written here rather than by jsonWriter.value, to know where the
// resources are.
func (t *Template) appendJSON(dst []byte, lines map[string]int) []byte {
	// Room for most templates at once: some 512 bytes an entry.
	n := 0
	for _, s := range t.sections {
		n += len(s.Keys)
	}
	w := &jsonWriter{b: slices.Grow(dst, 1024+512*n)}
	root := t.ordered()
	if lines == nil || len(root.keys) == 0 {
		w.value(root, 0)
		return w.b
	}
	line, counted := 1, len(w.b)
	w.b = append(w.b, '{')
	for i, k := range root.keys {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.indent(1)
		w.key(k)
		res, ok := root.vals[i].(*node)
		if k != "Resources" || !ok || len(res.keys) == 0 {
			w.value(root.vals[i], 1)
			continue
		}
		w.b = append(w.b, '{')
		for j, id := range res.keys {
			if j > 0 {
				w.b = append(w.b, ',')
			}
			w.indent(2)
			if !isEmptyObject(res.vals[j]) {
				line += bytes.Count(w.b[counted:], []byte{'\n'})
				counted = len(w.b)
				lines[id] = line
			}
			w.key(id)
			w.value(res.vals[j], 2)
		}
		w.indent(1)
		w.b = append(w.b, '}')
	}
	w.indent(0)
	w.b = append(w.b, '}')
	return w.b
}

// MarshalJSON renders the template compactly.
func (t *Template) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, t.JSON()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// newlines is a newline and the indent of each depth up to 63.
const newlines = "\n                                                               "

// jsonWriter appends JSON values as the AWS CDK writes them: one-space
// indent, map keys sorted.
type jsonWriter struct {
	b []byte
	// keys holds the sorted keys of the maps being written, the
	// innermost last: one slice for the whole template.
	keys []string
}

// indent starts a line at depth d.
func (w *jsonWriter) indent(d int) {
	if d < len(newlines) {
		w.b = append(w.b, newlines[:d+1]...)
		return
	}
	w.b = append(w.b, '\n')
	for range d {
		w.b = append(w.b, ' ')
	}
}

// key writes an object's key and the colon after it.
func (w *jsonWriter) key(k string) {
	w.b = jsonstr.Append(w.b, k, false)
	w.b = append(w.b, ": "...)
}

func (w *jsonWriter) value(v any, depth int) {
	switch x := v.(type) {
	case *node:
		if len(x.keys) == 0 {
			w.b = append(w.b, "{}"...)
			return
		}
		w.b = append(w.b, '{')
		for i, k := range x.keys {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.indent(depth + 1)
			w.key(k)
			w.value(x.vals[i], depth+1)
		}
		w.indent(depth)
		w.b = append(w.b, '}')
	case entry:
		if len(x.m) == 0 {
			w.b = append(w.b, "{}"...)
			return
		}
		w.b = append(w.b, '{')
		n := 0
		for _, k := range x.order {
			if v, ok := x.m[k]; ok {
				if n > 0 {
					w.b = append(w.b, ',')
				}
				n++
				w.indent(depth + 1)
				w.key(k)
				w.value(v, depth+1)
			}
		}
		if n < len(x.m) {
			start := len(w.keys)
			for k := range x.m {
				if !slices.Contains(x.order, k) {
					w.keys = append(w.keys, k)
				}
			}
			rest := w.keys[start:]
			slices.Sort(rest)
			for _, k := range rest {
				if n > 0 {
					w.b = append(w.b, ',')
				}
				n++
				w.indent(depth + 1)
				w.key(k)
				w.value(x.m[k], depth+1)
			}
			w.keys = w.keys[:start]
		}
		w.indent(depth)
		w.b = append(w.b, '}')
	case []any:
		if len(x) == 0 {
			w.b = append(w.b, "[]"...)
			return
		}
		w.b = append(w.b, '[')
		for i, e := range x {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.indent(depth + 1)
			w.value(e, depth+1)
		}
		w.indent(depth)
		w.b = append(w.b, ']')
	case string:
		w.b = jsonstr.Append(w.b, x, false)
	case nil:
		w.b = append(w.b, "null"...)
	case bool:
		w.b = strconv.AppendBool(w.b, x)
	case int:
		w.b = strconv.AppendInt(w.b, int64(x), 10)
	case float64:
		w.b = append(w.b, formatFloat(x)...)
	case map[string]any:
		if len(x) == 0 {
			w.b = append(w.b, "{}"...)
			return
		}
		// This map's keys go after those of the maps it is in; the
		// slice keeps them even when a nested map's keys move w.keys.
		start := len(w.keys)
		for k := range x {
			w.keys = append(w.keys, k)
		}
		keys := w.keys[start:]
		slices.Sort(keys)
		w.b = append(w.b, '{')
		for i, k := range keys {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.indent(depth + 1)
			w.key(k)
			w.value(x[k], depth+1)
		}
		w.keys = w.keys[:start]
		w.indent(depth)
		w.b = append(w.b, '}')
	case []string:
		w.value(normalize(x), depth)
	default:
		data, err := json.Marshal(x)
		if err != nil {
			data = []byte(strconv.Quote(fmt.Sprint(x)))
		}
		w.b = append(w.b, data...)
	}
}

func normalize(v any) any {
	if l, ok := v.([]string); ok {
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out
	}
	return v
}

// formatFloat writes numbers as JavaScript's JSON.stringify does.
func formatFloat(f float64) string {
	if f == float64(int64(f)) && f < 1e21 && f > -1e21 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// YAML renders the template as YAML with long-form intrinsics, in the same
// order as JSON.
func (t *Template) YAML() []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(yamlNode(t.ordered()))
	_ = enc.Close()
	return b.Bytes()
}

func yamlNode(v any) *yaml.Node {
	switch x := v.(type) {
	case entry:
		return yamlNode(orderedNode(x.m, x.order))
	case *node:
		n := &yaml.Node{Kind: yaml.MappingNode}
		for i, k := range x.keys {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, yamlNode(x.vals[i]))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range x {
			n.Content = append(n.Content, yamlNode(e))
		}
		return n
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}
	case float64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: formatFloat(x)}
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case map[string]any, []string:
		return yamlNode(sortedNode(normalize(x)))
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Value: fmt.Sprint(v)}
}

// Plain returns the template as plain data (map[string]any), for
// comparison and for tools that walk it.
func (t *Template) Plain() map[string]any {
	var out map[string]any
	_ = json.Unmarshal(t.JSON(), &out)
	return out
}

// isEmptyObject reports whether v, a section's entry, is not an object
// with keys: the line of a resource is recorded only for one that is.
func isEmptyObject(v any) bool {
	switch x := v.(type) {
	case entry:
		return len(x.m) == 0
	case *node:
		return len(x.keys) == 0
	}
	return true
}
