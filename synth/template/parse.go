package template

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Parse reads a template in JSON or YAML, as CloudFormation accepts it, into
// plain data: map[string]any, []any, string, float64, bool and nil — the
// same shapes [Template.Plain] returns, so a deployed template and a
// synthesized one compare directly.
//
// YAML is read as CloudFormation reads it: short-form intrinsic tags become
// their long forms (!Ref X → {"Ref": "X"}, !GetAtt A.B → {"Fn::GetAtt":
// ["A", "B"]}, !Condition C → {"Condition": "C"}, any other !Name →
// {"Fn::Name": ...}); untagged scalars resolve by the YAML 1.2 core schema,
// so 2010-09-09 stays a string and yes/no/on/off stay strings; numbers
// become float64. Duplicate keys are errors, as they are for CloudFormation.
// name is used in error messages only.
func Parse(name string, data []byte) (map[string]any, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var out map[string]any
		if err := json.Unmarshal(trimmed, &out); err != nil {
			return nil, fmt.Errorf("%s: the template is not valid JSON: %w", name, err)
		}
		return out, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: the template is neither JSON nor valid YAML: %w", name, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: the template is empty", name)
	}
	v, err := plainNode(name, doc.Content[0], 0)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: the template is a %s, not a mapping of sections", name, kindName(doc.Content[0]))
	}
	return m, nil
}

// maxDepth bounds nesting (and alias expansion) so that a hostile template
// cannot exhaust the stack.
const maxDepth = 512

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	}
	return "mapping"
}

func plainNode(name string, n *yaml.Node, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%s:%d: the template nests deeper than %d levels", name, n.Line, maxDepth)
	}
	var v any
	switch n.Kind {
	case yaml.AliasNode:
		return plainNode(name, n.Alias, depth+1)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return plainNode(name, n.Content[0], depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%s:%d: a mapping key must be a scalar", name, k.Line)
			}
			if _, dup := m[k.Value]; dup {
				return nil, fmt.Errorf("%s:%d: duplicate key %q; CloudFormation rejects templates with duplicate keys — remove one", name, k.Line, k.Value)
			}
			pv, err := plainNode(name, val, depth+1)
			if err != nil {
				return nil, err
			}
			m[k.Value] = pv
		}
		v = m
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			pv, err := plainNode(name, c, depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, pv)
		}
		v = l
	case yaml.ScalarNode:
		s, err := scalar(name, n)
		if err != nil {
			return nil, err
		}
		v = s
	}
	return intrinsic(name, n, v)
}

// intrinsic turns a short-form tag into the long form of its function.
func intrinsic(name string, n *yaml.Node, v any) (any, error) {
	tag := n.Tag
	if !strings.HasPrefix(tag, "!") || strings.HasPrefix(tag, "!!") || tag == "!" {
		return v, nil
	}
	fn := tag[1:]
	if !tagName.MatchString(fn) {
		return nil, fmt.Errorf("%s:%d: the tag %q is no CloudFormation function: the short forms are !Ref, !GetAtt, !Sub, !Join and the other Fn:: names without their prefix", name, n.Line, tag)
	}
	switch fn {
	case "Ref", "Condition":
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%s:%d: !%s takes a name, not a %s", name, n.Line, fn, kindName(n))
		}
		return map[string]any{fn: s}, nil
	case "GetAtt":
		if s, ok := v.(string); ok {
			res, attr, ok := strings.Cut(s, ".")
			if !ok || res == "" || attr == "" {
				return nil, fmt.Errorf("%s:%d: !GetAtt %q needs the form LogicalId.Attribute", name, n.Line, s)
			}
			return map[string]any{"Fn::GetAtt": []any{res, attr}}, nil
		}
		return map[string]any{"Fn::GetAtt": v}, nil
	}
	return map[string]any{"Fn::" + fn: v}, nil
}

// tagName is the form of a short-form function's name: the name of an
// Fn:: function without its prefix.
var tagName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)

// The YAML 1.2 core schema, the one CloudFormation and the AWS CDK read
// templates with.
var (
	coreNull  = regexp.MustCompile(`^(~|null|Null|NULL|)$`)
	coreBool  = regexp.MustCompile(`^(true|True|TRUE|false|False|FALSE)$`)
	coreInt   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	coreOct   = regexp.MustCompile(`^0o[0-7]+$`)
	coreHex   = regexp.MustCompile(`^0x[0-9a-fA-F]+$`)
	coreFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
	coreInf   = regexp.MustCompile(`^[-+]?\.(inf|Inf|INF)$`)
	coreNaN   = regexp.MustCompile(`^\.(nan|NaN|NAN)$`)
)

func scalar(name string, n *yaml.Node) (any, error) {
	s, tag := n.Value, n.Tag
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		// A short-form function's argument: a plain string.
		return s, nil
	}
	if n.Style&yaml.TaggedStyle != 0 {
		switch tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			if coreBool.MatchString(s) {
				return strings.EqualFold(s, "true"), nil
			}
			return nil, fmt.Errorf("%s:%d: %q is not a boolean", name, n.Line, s)
		case "!!int", "!!float":
			if f, ok := number(s); ok {
				return f, nil
			}
			return nil, fmt.Errorf("%s:%d: %q is not a number", name, n.Line, s)
		}
		return s, nil
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return s, nil
	}
	// A plain scalar: resolved by the core schema, not by yaml.v3's YAML 1.1
	// leftovers (timestamps, 0b1010, 1_000, 0777 as octal).
	switch {
	case coreNull.MatchString(s):
		return nil, nil
	case coreBool.MatchString(s):
		return strings.EqualFold(s, "true"), nil
	}
	if f, ok := number(s); ok {
		return f, nil
	}
	return s, nil
}

// number reads s by the core schema's int and float forms.
func number(s string) (float64, bool) {
	switch {
	case coreInt.MatchString(s):
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	case coreOct.MatchString(s):
		i, err := strconv.ParseUint(s[2:], 8, 64)
		return float64(i), err == nil
	case coreHex.MatchString(s):
		i, err := strconv.ParseUint(s[2:], 16, 64)
		return float64(i), err == nil
	case coreFloat.MatchString(s):
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	case coreInf.MatchString(s):
		if s[0] == '-' {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case coreNaN.MatchString(s):
		return math.NaN(), true
	}
	return 0, false
}

// FromPlain builds a Template from plain data such as [Parse] returns.
// Entries of a section are added in sorted order, sections in the order of
// [Sections]; top-level keys FromPlain does not model are dropped.
func FromPlain(m map[string]any) *Template {
	t := New()
	if s, ok := m["AWSTemplateFormatVersion"].(string); ok {
		t.FormatVersion = s
	}
	if s, ok := m["Description"].(string); ok {
		t.Description = s
	}
	switch x := m["Transform"].(type) {
	case string:
		t.Transform = []string{x}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				t.Transform = append(t.Transform, s)
			}
		}
	}
	if md, ok := m["Metadata"].(map[string]any); ok {
		t.Metadata = md
	}
	for _, sec := range Sections {
		entries, ok := m[sec].(map[string]any)
		if !ok {
			continue
		}
		keys := slices.Sorted(maps.Keys(entries))
		for _, k := range keys {
			t.Set(sec, k, entries[k])
		}
	}
	return t
}
