package specschema

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one finding in a spec.
type Problem struct {
	// Path is the key path, e.g. "phases.build.commands[0]".
	Path string
	// Line and Column locate the value in a file; 0 when unknown.
	Line, Column int
	// Message says what is wrong and what is wanted.
	Message string
	// Warning is set for what CodeBuild or CodeDeploy still accepts.
	Warning bool
}

func (p Problem) String() string {
	level := "error"
	if p.Warning {
		level = "warning"
	}
	path := p.Path
	if path == "" {
		path = "(document)"
	}
	if p.Line > 0 {
		return fmt.Sprintf("%d:%d: %s: %s: %s", p.Line, p.Column, level, path, p.Message)
	}
	return fmt.Sprintf("%s: %s: %s", level, path, p.Message)
}

// Errors returns the problems that are not warnings.
func Errors(ps []Problem) []Problem {
	return slices.DeleteFunc(slices.Clone(ps), func(p Problem) bool { return p.Warning })
}

// Property returns the schema of the property at path (keys separated by
// dots) of an object schema, or nil.
func Property(s *Schema, path string) *Schema {
	for _, k := range strings.Split(path, ".") {
		if s == nil {
			return nil
		}
		s = s.Properties.Get(k)
	}
	return s
}

// Check checks a YAML document (or any node) against s.
func Check(n *yaml.Node, s *Schema) []Problem {
	c := &checker{}
	c.check(n, s, "")
	return c.problems
}

// Encode returns the YAML node of a Go value, for checking a spec built in
// Go with Check; its problems' lines mean nothing and NoLines drops them.
func Encode(v any) (*yaml.Node, error) {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	return &n, nil
}

// NoLines returns ps without lines and columns.
func NoLines(ps []Problem) []Problem {
	for i := range ps {
		ps[i].Line, ps[i].Column = 0, 0
	}
	return ps
}

// At returns the node at the mapping keys path in n (a document or a
// mapping), or nil.
func At(n *yaml.Node, path ...string) *yaml.Node {
	for _, k := range path {
		for n != nil && (n.Kind == yaml.DocumentNode || n.Kind == yaml.AliasNode) {
			if n.Kind == yaml.AliasNode {
				n = n.Alias
			} else if len(n.Content) > 0 {
				n = n.Content[0]
			} else {
				return nil
			}
		}
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

// Sorted returns ps in document order (stable for problems without lines).
func Sorted(ps []Problem) []Problem {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return ps
}

// Warn returns a warning at n.
func Warn(n *yaml.Node, path, format string, args ...any) Problem {
	return Problem{Path: path, Line: n.Line, Column: n.Column, Message: fmt.Sprintf(format, args...), Warning: true}
}

// Parse parses YAML text into a node, reporting a syntax error as a problem.
func Parse(data []byte) (*yaml.Node, []Problem) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimSpace(yamlLineRE.ReplaceAllString(msg, ""))
		}
		return nil, []Problem{{Line: line, Column: 1, Message: "not valid YAML: " + msg}}
	}
	if n.Kind == 0 {
		return nil, []Problem{{Line: 1, Column: 1, Message: "the file is empty"}}
	}
	return &n, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+):`)

type checker struct{ problems []Problem }

func (c *checker) add(n *yaml.Node, path string, warning bool, format string, args ...any) {
	c.problems = append(c.problems, Problem{Path: path, Line: n.Line, Column: n.Column, Message: fmt.Sprintf(format, args...), Warning: warning})
}

func (c *checker) check(n *yaml.Node, s *Schema, path string) {
	for n.Kind == yaml.DocumentNode || n.Kind == yaml.AliasNode {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		} else if len(n.Content) > 0 {
			n = n.Content[0]
		} else {
			return
		}
	}
	if s == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return
	}
	if alts := append(slices.Clone(s.AnyOf), s.OneOf...); len(alts) > 0 {
		var best []Problem
		for i, alt := range alts {
			sub := &checker{}
			sub.check(n, alt, path)
			if len(Errors(sub.problems)) == 0 {
				c.problems = append(c.problems, sub.problems...)
				return
			}
			if i == 0 || len(sub.problems) < len(best) {
				best = sub.problems
			}
		}
		if isBool(s) {
			c.add(n, path, false, "want true/false or yes/no, got %s", describe(n))
			return
		}
		c.problems = append(c.problems, best...)
		return
	}
	switch s.Type {
	case "":
		if n.Kind == yaml.ScalarNode {
			c.enum(n, s, path)
			c.pattern(n, s, path)
		}
	case "object":
		c.object(n, s, path)
	case "array":
		if n.Kind != yaml.SequenceNode {
			c.add(n, path, false, "want a list, got %s", describe(n))
			return
		}
		if s.MinItems != nil && uint64(len(n.Content)) < *s.MinItems {
			c.add(n, path, false, "want at least %d item(s), got %d", *s.MinItems, len(n.Content))
		}
		for i, item := range n.Content {
			c.check(item, s.Items, fmt.Sprintf("%s[%d]", path, i))
		}
	case "string":
		if n.Kind != yaml.ScalarNode {
			c.add(n, path, false, "want a string, got %s", describe(n))
			return
		}
		c.enum(n, s, path)
		c.pattern(n, s, path)
	case "integer", "number":
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && (s.Type == "integer" || n.Tag != "!!float")) {
			c.add(n, path, false, "want a%s %s, got %s", map[bool]string{true: "n"}[s.Type == "integer"], s.Type, describe(n))
			return
		}
		c.enum(n, s, path)
		v, _ := strconv.ParseFloat(n.Value, 64)
		if m, err := s.Minimum.Float64(); err == nil && v < m {
			c.add(n, path, false, "%s is below the minimum %s", n.Value, s.Minimum)
		}
		if m, err := s.Maximum.Float64(); err == nil && v > m {
			c.add(n, path, false, "%s is above the maximum %s", n.Value, s.Maximum)
		}
	case "boolean":
		if !boolScalar(n) {
			c.add(n, path, false, "want true/false or yes/no, got %s", describe(n))
		}
	}
}

func (c *checker) object(n *yaml.Node, s *Schema, path string) {
	if n.Kind != yaml.MappingNode {
		c.add(n, path, false, "want a mapping of keys to values, got %s", describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		kp := join(path, key)
		if seen[key] {
			c.add(k, kp, false, "key %q appears twice", key)
		}
		seen[key] = true
		sub := s.Properties.Get(key)
		if sub == nil {
			for pat, ps := range s.PatternProperties {
				if re, err := regexp.Compile(pat); err == nil && re.MatchString(key) {
					sub = ps
					break
				}
			}
		}
		if sub == nil && s.AdditionalProperties != nil && !s.AdditionalProperties.False {
			sub = s.AdditionalProperties
		}
		if sub == nil {
			known := knownKeys(s)
			if len(known) == 0 && s.AdditionalProperties == nil && s.Properties == nil {
				continue // a free-form mapping
			}
			msg := fmt.Sprintf("unknown key %q", key)
			if len(known) > 0 {
				msg += " (" + describePath(path) + " has " + strings.Join(known, ", ") + ")"
			}
			if near := nearest(key, known); near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			}
			c.add(k, kp, false, "%s", msg)
			continue
		}
		if sub.Deprecated {
			msg := fmt.Sprintf("%q is accepted for older files but has no effect", key)
			if sub.Description != "" {
				msg = fmt.Sprintf("%q: %s", key, sub.Description)
			}
			c.add(k, kp, true, "%s", msg)
		}
		c.check(v, sub, kp)
	}
	if s.MinProperties != nil && uint64(len(n.Content)/2) < *s.MinProperties {
		c.add(n, path, false, "want at least %d of %s", *s.MinProperties, strings.Join(knownKeys(s), ", "))
	}
	if s.MaxProperties != nil && uint64(len(n.Content)/2) > *s.MaxProperties {
		c.add(n, path, false, "want at most %d key(s), got %d", *s.MaxProperties, len(n.Content)/2)
	}
	for _, r := range s.Required {
		if !seen[r] {
			c.add(n, path, false, "%q is required", r)
		}
	}
}

func (c *checker) pattern(n *yaml.Node, s *Schema, path string) {
	if s.Pattern == "" {
		return
	}
	if re, err := regexp.Compile(s.Pattern); err == nil && !re.MatchString(n.Value) {
		c.add(n, path, false, "%q does not match %s", n.Value, s.Pattern)
	}
}

func (c *checker) enum(n *yaml.Node, s *Schema, path string) {
	if len(s.Enum) == 0 {
		return
	}
	var want []string
	for _, e := range s.Enum {
		w := fmt.Sprint(e)
		if w == n.Value {
			return
		}
		if !slices.Contains(want, w) {
			want = append(want, w)
		}
	}
	c.add(n, path, false, "%q is not one of %s", n.Value, strings.Join(want, ", "))
}

func isBool(s *Schema) bool {
	return len(s.AnyOf) == 2 && s.AnyOf[0].Type == "boolean"
}

func boolScalar(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	if n.Tag == "!!bool" {
		return true
	}
	switch strings.ToLower(n.Value) {
	case "yes", "no", "on", "off", "y", "n", "true", "false":
		return n.Style == 0 // unquoted: YAML 1.1 reads it as a boolean
	}
	return false
}

func knownKeys(s *Schema) []string {
	var keys []string
	for _, k := range s.Properties.Keys() {
		if !s.Properties.Get(k).Deprecated {
			keys = append(keys, k)
		}
	}
	return keys
}

func describePath(path string) string {
	if path == "" {
		return "the document"
	}
	return path
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return "the boolean " + n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "nothing"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// nearest returns the known key within two edits of key, if one is.
func nearest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
