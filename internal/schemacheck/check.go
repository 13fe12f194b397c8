package schemacheck

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/forma-iac/forma/internal/cfnspec"
)

// Issue is one mismatch between a value and the schema.
type Issue struct {
	// Path is the property path below Properties, dot-separated with
	// indices in brackets: "VpcConfig.SubnetIds[0]"; "" for the properties
	// as a whole.
	Path string
	// Kind names the check: "required", "type", "enum", "pattern",
	// "length", "items", "range", "unknown", "readonly", "choice",
	// "dependency", "count" (too few properties).
	Kind string
	// Wanted says what the schema wants, Given what the value is.
	Wanted, Given string
	// Warning marks an issue CloudFormation does not reject: a read-only
	// property set (CloudFormation ignores it).
	Warning bool
}

// String renders the issue as "property P: wanted W, given G", or
// "properties: wanted W, given G" for the properties as a whole.
func (i Issue) String() string {
	var b strings.Builder
	if i.Path != "" {
		b.WriteString("property ")
		b.WriteString(i.Path)
		b.WriteString(": ")
	} else {
		b.WriteString("properties: ")
	}
	b.WriteString("wanted ")
	b.WriteString(i.Wanted)
	if i.Given != "" {
		b.WriteString(", given ")
		b.WriteString(i.Given)
	}
	return b.String()
}

// Template tells the checker what a Ref or a Fn::GetAtt gives.
type Template struct {
	// Parameters maps a parameter's logical ID to its type ("String",
	// "List<AWS::EC2::Subnet::Id>", ...).
	Parameters map[string]string
	// Resources maps a resource's logical ID to its type.
	Resources map[string]string
}

// kind is what a value is known to be.
type kind int

const (
	kUnknown kind = iota // an intrinsic whose result is not known
	kString
	kNumber
	kBool
	kList
	kObject
	kNull
	kAbsent // Ref AWS::NoValue
)

var kindNames = [...]string{"a value", "a string", "a number", "a boolean", "a list", "an object", "null", "no value"}

type checker struct {
	spec   *cfnspec.Type
	tpl    *Template
	issues []Issue
	// path is the property path being checked, shared and truncated on
	// return, so that checking allocates nothing until an issue is found.
	path []string
}

func (c *checker) push(seg string) { c.path = append(c.path, seg) }
func (c *checker) pop()            { c.path = c.path[:len(c.path)-1] }

// at is the current path with seg appended, rendered.
func (c *checker) at(seg string) string {
	c.push(seg)
	defer c.pop()
	return join(c.path)
}

// Check checks a resource's properties (the value of its Properties key,
// nil when it has none) against the schema of typeName. A type the data set
// does not know gives no issue.
func Check(typeName string, props map[string]any, tpl *Template) []Issue {
	spec, ok := cfnspec.Lookup(typeName)
	if !ok {
		return nil
	}
	if tpl == nil {
		tpl = &Template{}
	}
	c := &checker{spec: spec, tpl: tpl, path: make([]string, 0, 8)}
	ro := readOnly(spec)
	for name, v := range props {
		if _, ok := spec.Properties[name]; ok && ro[name] && !c.absent(v) {
			c.issues = append(c.issues, Issue{Path: name, Kind: "readonly", Wanted: "no value: " + name + " is read-only, set by CloudFormation, which ignores a value given (read it with Fn::GetAtt)", Given: short(v), Warning: true})
		}
	}
	c.object(&cfnspec.Object{Required: spec.Required, Rules: spec.Rules, Properties: spec.Properties}, props)
	sort.SliceStable(c.issues, func(i, j int) bool {
		a, b := c.issues[i], c.issues[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Wanted < b.Wanted
	})
	return c.issues
}

func (c *checker) add(path, kind, wanted, given string) {
	c.issues = append(c.issues, Issue{Path: path, Kind: kind, Wanted: wanted, Given: given})
}

// absent reports whether v is Ref AWS::NoValue (or nil).
func (c *checker) absent(v any) bool {
	if v == nil {
		return true
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false
	}
	r, ok := m["Ref"].(string)
	return ok && r == "AWS::NoValue"
}

func join(path []string) string {
	var b strings.Builder
	for _, p := range path {
		if strings.HasPrefix(p, "[") {
			b.WriteString(p)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// object checks the keys of an object: required ones, unknown ones, the
// rules between them, then each value.
func (c *checker) object(o *cfnspec.Object, m map[string]any) {
	present := func(k string) bool {
		v, ok := m[k]
		return ok && !c.absent(v)
	}
	var missing []string
	for _, r := range o.Required {
		if !present(r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		c.add(join(c.path), "required", "the required "+plural(len(missing), "property", "properties")+" "+strings.Join(missing, ", "), "")
	}
	for _, ch := range o.Choices {
		n := 0
		for _, set := range ch.Sets {
			all := true
			for _, p := range set {
				if !present(p) {
					all = false
					break
				}
			}
			if all {
				n++
			}
		}
		if ch.Exactly && n != 1 || !ch.Exactly && n == 0 {
			var alts []string
			for _, set := range ch.Sets {
				alts = append(alts, strings.Join(set, "+"))
			}
			q := "at least one of "
			if ch.Exactly {
				q = "exactly one of "
			}
			given := "none of them"
			if n > 1 {
				given = fmt.Sprintf("%d of them", n)
			}
			c.add(join(c.path), "choice", q+strings.Join(alts, ", "), given)
		}
	}
	for k, deps := range o.DependentRequired {
		if !present(k) {
			continue
		}
		for _, d := range deps {
			if !present(d) {
				c.add(join(c.path), "dependency", d+" with "+k, d+" is missing")
			}
		}
	}
	for k, deps := range o.DependentExcluded {
		if !present(k) {
			continue
		}
		for _, d := range deps {
			if present(d) {
				c.add(join(c.path), "dependency", "no "+d+" with "+k, "both")
			}
		}
	}
	n := 0
	if o.MinProperties > 0 {
		for k := range m {
			if present(k) {
				n++
			}
		}
	}
	if o.MinProperties > 0 && n < o.MinProperties {
		c.add(join(c.path), "count", fmt.Sprintf("at least %d %s", o.MinProperties, plural(o.MinProperties, "property", "properties")), fmt.Sprintf("%d", n))
	}
	for k, v := range m {
		p, ok := o.Properties[k]
		if !ok && o.Open {
			continue // the schema allows other properties
		}
		if !ok {
			known := sortedKeys(o.Properties)
			hint := closest(k, known)
			w := "one of the properties of the schema"
			if hint != "" {
				w = hint + " (the closest known property)"
			}
			c.add(c.at(k), "unknown", w, "unknown property "+k)
			continue
		}
		c.push(k)
		c.value(p, v)
		c.pop()
	}
}

// intrinsic returns the function name and argument of a one-key map whose
// key is Ref or starts with "Fn::", or "".
func intrinsic(v any) (string, any) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", nil
	}
	for k, a := range m {
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return k, a
		}
	}
	return "", nil
}

// kindOf says what v is: its JSON kind, or what an intrinsic gives.
func (c *checker) kindOf(v any) kind {
	switch v.(type) {
	case nil:
		return kNull
	case string:
		return kString
	case bool:
		return kBool
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, json.Number:
		return kNumber
	case []any, []string:
		return kList
	}
	fn, arg := intrinsic(v)
	switch fn {
	case "":
		if _, ok := v.(map[string]any); ok {
			return kObject
		}
		return kUnknown
	case "Ref":
		name, _ := arg.(string)
		switch name {
		case "AWS::NoValue":
			return kAbsent
		case "AWS::NotificationARNs":
			return kList
		}
		if strings.HasPrefix(name, "AWS::") {
			return kString
		}
		if t, ok := c.tpl.Parameters[name]; ok {
			switch {
			case strings.Contains(t, "List<") || t == "CommaDelimitedList":
				return kList
			case t == "Number":
				return kNumber
			}
			return kString
		}
		if _, ok := c.tpl.Resources[name]; ok {
			return kString
		}
		return kUnknown
	case "Fn::GetAtt":
		return c.getAttKind(arg)
	case "Fn::Join", "Fn::Sub", "Fn::Base64", "Fn::ImportValue", "Fn::ToJsonString":
		return kString
	case "Fn::GetAZs", "Fn::Split", "Fn::Cidr":
		return kList
	case "Fn::Length":
		return kNumber
	}
	return kUnknown
}

func (c *checker) getAttKind(arg any) kind {
	var res, attr string
	switch a := arg.(type) {
	case []any:
		if len(a) == 2 {
			res, _ = a[0].(string)
			attr, _ = a[1].(string)
		}
	case string:
		res, attr, _ = strings.Cut(a, ".")
	}
	t, ok := c.tpl.Resources[res]
	if !ok || attr == "" {
		return kUnknown
	}
	spec, ok := cfnspec.Lookup(t)
	if !ok {
		return kUnknown
	}
	p := attrProperty(spec, attr)
	if p == nil {
		return kUnknown
	}
	switch p.Type {
	case "array":
		return kList
	case "string":
		return kString
	case "integer", "number":
		return kNumber
	}
	return kUnknown
}

// value checks one value against its property specification.
func (c *checker) value(p *cfnspec.Property, v any) {
	if c.absent(v) {
		return
	}
	if fn, arg := intrinsic(v); fn == "Fn::If" {
		if a, ok := arg.([]any); ok && len(a) == 3 {
			c.value(p, a[1])
			c.value(p, a[2])
		}
		return
	}
	switch p.Type {
	case "union":
		c.union(p, v)
	case "string":
		c.scalar(p, v, kString)
	case "integer", "number":
		c.scalar(p, v, kNumber)
	case "boolean":
		c.scalar(p, v, kBool)
	case "array":
		c.array(p, v)
	case "object":
		k := c.kindOf(v)
		switch k {
		case kObject:
			o := c.spec.Object(p)
			if o == nil {
				return
			}
			c.object(o, v.(map[string]any))
		case kUnknown:
		default:
			c.add(join(c.path), "type", "an object", describe(k, v))
		}
	case "map":
		k := c.kindOf(v)
		switch k {
		case kObject:
			m := v.(map[string]any)
			if p.MinProperties > 0 && len(m) < p.MinProperties {
				c.add(join(c.path), "items", fmt.Sprintf("at least %d %s", p.MinProperties, plural(p.MinProperties, "key", "keys")), fmt.Sprintf("%d", len(m)))
			}
			for key, item := range m {
				if p.KeyPattern != "" {
					if re := compile(p.KeyPattern); re != nil && !re.MatchString(key) {
						c.add(c.at(key), "pattern", "a key matching "+p.KeyPattern, strconv.Quote(key))
					}
				}
				if p.Items != nil {
					c.push(key)
					c.value(p.Items, item)
					c.pop()
				}
			}
		case kUnknown:
		default:
			c.add(join(c.path), "type", "an object", describe(k, v))
		}
	case "json":
		// Free-form: any value.
	}
}

// union accepts a value that one of the forms accepts; otherwise it
// reports the issues of the form of the value's kind, or a type issue.
func (c *checker) union(p *cfnspec.Property, v any) {
	var best []Issue
	bestSet := false
	k := c.kindOf(v)
	for _, f := range p.Forms {
		sub := &checker{spec: c.spec, tpl: c.tpl, path: c.path}
		sub.value(f, v)
		if len(sub.issues) == 0 {
			return
		}
		typeOnly := len(sub.issues) == 1 && sub.issues[0].Kind == "type" && sub.issues[0].Path == join(c.path)
		if !typeOnly && (!bestSet || len(sub.issues) < len(best)) {
			best, bestSet = sub.issues, true
		}
	}
	if bestSet {
		c.issues = append(c.issues, best...)
		return
	}
	var wants []string
	for _, f := range p.Forms {
		wants = append(wants, typeName(f.Type))
	}
	c.add(join(c.path), "type", strings.Join(dedupe(wants), " or "), describe(k, v))
}

func typeName(t string) string {
	switch t {
	case "string":
		return "a string"
	case "integer":
		return "an integer"
	case "number":
		return "a number"
	case "boolean":
		return "a boolean"
	case "array":
		return "a list"
	case "object", "map", "json":
		return "an object"
	}
	return t
}

func (c *checker) array(p *cfnspec.Property, v any) {
	k := c.kindOf(v)
	switch k {
	case kList:
	case kUnknown:
		return
	default:
		wanted := "a list"
		if fn, _ := intrinsic(v); fn != "" {
			wanted += " (a Ref to a resource or a string parameter gives a string; use a List<...> parameter, Fn::Split or a list literal)"
		}
		c.add(join(c.path), "type", wanted, describe(k, v))
		return
	}
	items, ok := v.([]any)
	if !ok {
		if ss, ok := v.([]string); ok {
			for _, s := range ss {
				items = append(items, s)
			}
		} else {
			return // an intrinsic that gives a list
		}
	}
	if p.MinItems != nil && len(items) < *p.MinItems {
		c.add(join(c.path), "items", fmt.Sprintf("at least %d %s", *p.MinItems, plural(*p.MinItems, "item", "items")), fmt.Sprintf("%d", len(items)))
	}
	if p.MaxItems != nil && len(items) > *p.MaxItems {
		c.add(join(c.path), "items", fmt.Sprintf("at most %d %s", *p.MaxItems, plural(*p.MaxItems, "item", "items")), fmt.Sprintf("%d", len(items)))
	}
	if p.UniqueItems && len(items) > 1 {
		seen := map[string]int{}
		for i, it := range items {
			b, _ := json.Marshal(it)
			if j, dup := seen[string(b)]; dup {
				c.add(c.at(fmt.Sprintf("[%d]", i)), "items", "unique items", fmt.Sprintf("a repeat of item %d", j))
				break
			}
			seen[string(b)] = i
		}
	}
	if p.Items == nil {
		return
	}
	for i, it := range items {
		c.push(index(i))
		c.value(p.Items, it)
		c.pop()
	}
}

// scalar checks a string, number or boolean.
func (c *checker) scalar(p *cfnspec.Property, v any, want kind) {
	k := c.kindOf(v)
	if k == kUnknown {
		return
	}
	if fn, _ := intrinsic(v); fn != "" {
		// An intrinsic whose kind is known: only a list or an object is
		// wrong, a string may hold anything.
		if k == kList {
			c.add(join(c.path), "type", typeName(p.Type)+" (this intrinsic gives a list; pick an item with Fn::Select or join them with Fn::Join)", short(v))
		}
		return
	}
	switch want {
	case kString:
		switch k {
		case kString:
			c.stringValue(p, v.(string))
		case kNumber, kBool:
			c.enum(p, fmt.Sprint(v), v)
		default:
			c.add(join(c.path), "type", "a string", describe(k, v))
		}
	case kNumber:
		var f float64
		switch k {
		case kNumber:
			f = toFloat(v)
		case kString:
			str := strings.TrimSpace(v.(string))
			var err error
			if p.Type == "integer" {
				var i int64
				i, err = strconv.ParseInt(str, 10, 64)
				f = float64(i)
			} else {
				f, err = strconv.ParseFloat(str, 64)
			}
			if err != nil {
				c.add(join(c.path), "type", typeName(p.Type), describe(k, v))
				return
			}
		default:
			c.add(join(c.path), "type", typeName(p.Type), describe(k, v))
			return
		}
		if p.Type == "integer" && f != math.Trunc(f) {
			c.add(join(c.path), "type", "an integer", describe(k, v))
			return
		}
		if p.Minimum != nil && f < *p.Minimum || p.Maximum != nil && f > *p.Maximum {
			c.add(join(c.path), "range", rangeText(p), short(v))
		}
		c.enum(p, strconv.FormatFloat(f, 'f', -1, 64), v)
	case kBool:
		switch k {
		case kBool:
		case kString:
			if s := strings.ToLower(v.(string)); s != "true" && s != "false" {
				c.add(join(c.path), "type", "a boolean", describe(k, v))
			}
		default:
			c.add(join(c.path), "type", "a boolean", describe(k, v))
		}
	}
}

func (c *checker) stringValue(p *cfnspec.Property, s string) {
	n := utf8.RuneCountInString(s)
	if p.MinLength != nil && n < *p.MinLength || p.MaxLength != nil && n > *p.MaxLength {
		c.add(join(c.path), "length", lengthText(p), fmt.Sprintf("%d characters", n))
	}
	if len(p.Enum) > 0 && !c.enum(p, s, s) { // s boxed only for an enum
		return
	}
	if p.Pattern != "" {
		if re := compile(p.Pattern); re != nil && !re.MatchString(s) {
			c.add(join(c.path), "pattern", "a string matching "+p.Pattern, short(s))
		}
	}
}

// enum checks s against the enum and reports whether it passed.
func (c *checker) enum(p *cfnspec.Property, s string, v any) bool {
	if len(p.Enum) == 0 {
		return true
	}
	for _, e := range p.Enum {
		var es string
		switch x := e.(type) {
		case string:
			es = x
		case float64:
			es = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			es = fmt.Sprint(e)
		}
		if es == s || p.CaseInsensitive && strings.EqualFold(es, s) {
			return true
		}
	}
	var opts []string
	for _, e := range p.Enum {
		opts = append(opts, fmt.Sprint(e))
	}
	list := strings.Join(opts, ", ")
	if len(opts) > 12 {
		list = strings.Join(opts[:12], ", ") + fmt.Sprintf(", ... (%d in all)", len(opts))
	}
	c.add(join(c.path), "enum", "one of "+list, short(v))
	return false
}

func rangeText(p *cfnspec.Property) string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	switch {
	case p.Minimum != nil && p.Maximum != nil:
		return "a number from " + num(*p.Minimum) + " to " + num(*p.Maximum)
	case p.Minimum != nil:
		return "a number of at least " + num(*p.Minimum)
	default:
		return "a number of at most " + num(*p.Maximum)
	}
}

func lengthText(p *cfnspec.Property) string {
	switch {
	case p.MinLength != nil && p.MaxLength != nil:
		return fmt.Sprintf("a string of %d to %d characters", *p.MinLength, *p.MaxLength)
	case p.MinLength != nil:
		return fmt.Sprintf("a string of at least %d %s", *p.MinLength, plural(*p.MinLength, "character", "characters"))
	default:
		return fmt.Sprintf("a string of at most %d %s", *p.MaxLength, plural(*p.MaxLength, "character", "characters"))
	}
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int8:
		return float64(n)
	case int16:
		return float64(n)
	case int32:
		return float64(n)
	case int64:
		return float64(n)
	case uint:
		return float64(n)
	case uint8:
		return float64(n)
	case uint16:
		return float64(n)
	case uint32:
		return float64(n)
	case uint64:
		return float64(n)
	case float32:
		return float64(n)
	case float64:
		return n
	case json.Number:
		f, _ := n.Float64()
		return f
	}
	return 0
}

func describe(k kind, v any) string {
	if fn, _ := intrinsic(v); fn != "" {
		return short(v) + " (" + kindNames[k] + ")"
	}
	return kindNames[k] + " " + short(v)
}

// short renders v as compact JSON, cut to 80 characters.
func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "..."
	}
	return s
}

var attrCache sync.Map // [2]string{type, attribute} → *cfnspec.Property

// attrProperty returns the specification of a GetAtt attribute, or nil.
func attrProperty(t *cfnspec.Type, attr string) *cfnspec.Property {
	key := [2]string{t.Name, attr}
	if p, ok := attrCache.Load(key); ok {
		return p.(*cfnspec.Property)
	}
	p := t.Property(strings.ReplaceAll(attr, ".", "/"))
	attrCache.Store(key, p)
	return p
}

var readOnlyCache sync.Map // *cfnspec.Type → map[string]bool

// readOnly returns the set of a type's top-level read-only properties.
func readOnly(t *cfnspec.Type) map[string]bool {
	if m, ok := readOnlyCache.Load(t); ok {
		return m.(map[string]bool)
	}
	m := map[string]bool{}
	for name := range t.Properties {
		if t.IsReadOnly(name) {
			m[name] = true
		}
	}
	readOnlyCache.Store(t, m)
	return m
}

var (
	reMu    sync.Mutex
	reCache = map[string]*regexp.Regexp{}
)

// compile returns the compiled pattern, or nil when Go's regexp engine
// cannot compile it (lookarounds, backreferences).
func compile(p string) *regexp.Regexp {
	reMu.Lock()
	defer reMu.Unlock()
	if re, ok := reCache[p]; ok {
		return re
	}
	re, err := regexp.Compile(goPattern(p))
	if err != nil {
		re = nil
	}
	reCache[p] = re
	return re
}

// goPattern turns the Python spellings the registry schemas use into Go's:
// \Z (end of text) is \z, \uXXXX is \x{XXXX}; a repetition whose bound is
// above Go's limit of 1000 loses its upper bound (accepting more, never
// less).
func goPattern(p string) string {
	if !strings.Contains(p, `\`) && !strings.Contains(p, "{") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '\\' && i+1 < len(p):
			switch {
			case p[i+1] == 'Z':
				b.WriteString(`\z`)
			case p[i+1] == 'u' && i+5 < len(p) && isHex(p[i+2:i+6]):
				b.WriteString(`\x{` + p[i+2:i+6] + `}`)
				i += 4
			default:
				b.WriteString(p[i : i+2])
			}
			i++
		case p[i] == '{':
			if m := bigRepeat.FindStringSubmatch(p[i:]); m != nil {
				lo, _ := strconv.Atoi(m[1])
				hi, _ := strconv.Atoi(m[2])
				if hi > 1000 && lo <= 1000 {
					b.WriteString("{" + m[1] + ",}")
					i += len(m[0]) - 1
					continue
				}
			}
			b.WriteByte(p[i])
		default:
			b.WriteByte(p[i])
		}
	}
	return b.String()
}

var bigRepeat = regexp.MustCompile(`^\{(\d+),(\d+)\}`)

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func dedupe(l []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// closest returns the known name nearest to name when it is close enough
// to be a misspelling, or "".
func closest(name string, known []string) string {
	best, bestD := "", len(name)/3+1
	for _, k := range known {
		if strings.EqualFold(k, name) {
			return k
		}
		if d := distance(strings.ToLower(name), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var indices = func() []string {
	out := make([]string, 64)
	for i := range out {
		out[i] = "[" + strconv.Itoa(i) + "]"
	}
	return out
}()

func index(i int) string {
	if i < len(indices) {
		return indices[i]
	}
	return "[" + strconv.Itoa(i) + "]"
}
