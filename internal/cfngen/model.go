package cfngen

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/forma-iac/forma/internal/cfnspec"
)

// Kind is the shape of a value.
type Kind int

// The kinds of values in a schema.
const (
	KindJSON Kind = iota // free-form JSON: any
	KindString
	KindInteger
	KindNumber
	KindBoolean
	KindArray
	KindStruct
	KindMap
	KindUnion
)

var kindNames = [...]string{"json", "string", "integer", "number", "boolean", "array", "object", "map", "union"}

func (k Kind) String() string { return kindNames[k] }

// Shape is what the generator makes of a schema: a kind, the shapes it is
// made of and the constraints the data set keeps.
type Shape struct {
	Kind   Kind
	Elem   *Shape   // array items, map values
	Struct *Struct  // KindStruct
	Forms  []*Shape // KindUnion: the accepted forms
	// GoType, when set, replaces the Go type derived from the kind.
	GoType string

	Enum        []any
	Pattern     string
	Format      string
	MinLength   *int
	MaxLength   *int
	Minimum     *float64
	Maximum     *float64
	MinItems    *int
	MaxItems    *int
	UniqueItems bool
	// CaseInsensitive: Enum is matched ignoring case.
	CaseInsensitive bool
	// KeyPattern and MinProperties constrain the keys of a map.
	KeyPattern    string
	MinProperties int
}

// Struct is an object with known properties: a nested property type, or the
// resource's props.
type Struct struct {
	Name   string // unique within the resource, e.g. "BucketEncryption"
	Fields []*Field
	Rules
	// Open: the schema allows properties beyond Fields (its
	// additionalProperties is not false). It is left out of the struct's
	// signature, so it never changes the generated Go types.
	Open bool
}

// Rules are the constraints of an object beyond the shape of its
// properties.
type Rules struct {
	Choices           []cfnspec.Choice
	DependentRequired map[string][]string
	DependentExcluded map[string][]string
	MinProperties     int
}

// Field is one property of a Struct.
type Field struct {
	Prop     string // CloudFormation spelling
	GoName   string
	Shape    *Shape
	Required bool
}

// Attr is a GetAtt attribute.
type Attr struct {
	Name   string // "Endpoint.Address"
	GoName string // "AttrEndpointAddress"
	Kind   Kind   // KindString, KindArray, KindInteger or KindNumber
}

// Resource is the model of one resource type.
type Resource struct {
	TypeName  string // AWS::S3::Bucket
	Package   string // s3
	Service   string // AWS::S3
	Name      string // Bucket
	GoName    string // CfnBucket
	TypeConst string // CfnBucketType, or CfnThingTypeName when CfnThingType is another type
	DocURL    string
	Props     *Struct
	All       *Struct // every top-level property, read-only ones included
	Structs   []*Struct
	Attrs     []Attr
	TagProp   string
	TagFormat string   // "", "TagsStandard", "TagsMap", "TagsAutoScaling"
	Required  []string // top-level, those of allOf members included
	Schema    *ResourceSchema
}

// L1Package returns the Go package name of a service's L1 types: the
// service's package name with "cfn" appended (ec2 → ec2cfn). The L1s live in
// a package of their own, below the service's package that holds its L2s, so
// that the documentation of an L2 package shows its constructs and not the
// hundreds of generated types.
func L1Package(pkg string) string { return pkg + "cfn" }

// L1Dir returns the directory, relative to the module root, of a service's
// L1 package.
func L1Dir(pkg string) string { return "constructs/" + pkg + "/" + L1Package(pkg) }

// PackageOf returns the Go package of a type name: the service lowercased,
// prefixed with the namespace when it is not AWS.
func PackageOf(typeName string) string {
	parts := strings.Split(typeName, "::")
	if len(parts) != 3 {
		return ""
	}
	p := strings.ToLower(parts[1])
	if parts[0] != "AWS" {
		p = strings.ToLower(parts[0]) + p
	}
	return p
}

type builder struct {
	rs       *ResourceSchema
	defs     map[string]*Shape
	inFlight map[string]bool
	names    map[string]bool
	structs  []*Struct
	inline   map[string][]*Struct // inline structs by the name they were made for
}

// Build makes the model of a resource type.
func Build(rs *ResourceSchema) (*Resource, error) {
	parts := strings.Split(rs.TypeName, "::")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%s: not a Namespace::Service::Resource name", rs.TypeName)
	}
	r := &Resource{
		TypeName: rs.TypeName,
		Package:  PackageOf(rs.TypeName),
		Service:  parts[0] + "::" + parts[1],
		Name:     parts[2],
		GoName:   "Cfn" + goIdent(parts[2]),
		Schema:   rs,
	}
	r.TypeConst = r.GoName + "Type"
	r.DocURL = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-" +
		strings.ToLower(parts[1]) + "-" + strings.ToLower(parts[2]) + ".html"
	if parts[0] != "AWS" {
		r.DocURL = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/" +
			strings.ToLower(parts[0]) + "-" + strings.ToLower(parts[1]) + "-" + strings.ToLower(parts[2]) + ".html"
	}
	if u := rs.DocumentationURL; strings.HasPrefix(u, "https://docs.aws.amazon.com/AWSCloudFormation/") {
		r.DocURL = u
	}
	b := &builder{rs: rs, defs: map[string]*Shape{}, inFlight: map[string]bool{}, names: map[string]bool{}, inline: map[string][]*Struct{}}
	for name, d := range rs.Definitions {
		if b.isObjectSchema(d) {
			b.names[goIdent(name)] = true
		}
	}
	readOnly := map[string]bool{}
	for _, p := range rs.ReadOnlyProperties {
		readOnly[strings.TrimPrefix(p, "/properties/")] = true
	}
	props := &Struct{}
	required := map[string]bool{}
	b.collect(&rs.Schema, props, required)
	r.Required = slices.Sorted(maps.Keys(required))
	tagProp := b.tagProperty()
	all := &Struct{}
	for _, name := range slices.Sorted(maps.Keys(rs.Properties)) {
		ps := rs.Properties[name]
		f := &Field{Prop: name, Shape: b.shape(ps, name), Required: required[name]}
		if name == tagProp {
			r.TagProp, r.TagFormat = b.tagFormat(f)
		}
		all.Fields = append(all.Fields, f)
		if readOnly[name] || b.allReadOnly(f.Shape, name, readOnly) {
			continue
		}
		props.Fields = append(props.Fields, f)
	}
	props.Fields = nameFields(props.Fields)
	all.Fields = nameFields(all.Fields)
	r.Props, r.All = props, all
	// Only the structs reachable from the props are Go types.
	seen := map[*Struct]bool{}
	var walk func(s *Shape)
	walk = func(s *Shape) {
		if s == nil || s.GoType != "" && s.Kind != KindStruct && s.Kind != KindArray {
			return
		}
		switch s.Kind {
		case KindStruct:
			if seen[s.Struct] {
				return
			}
			seen[s.Struct] = true
			r.Structs = append(r.Structs, s.Struct)
			for _, f := range s.Struct.Fields {
				walk(f.Shape)
			}
		case KindArray, KindMap:
			if s.GoType == "" {
				walk(s.Elem)
			}
		case KindUnion:
			for _, f := range s.Forms {
				walk(f)
			}
		}
	}
	for _, f := range props.Fields {
		walk(f.Shape)
	}
	sort.Slice(r.Structs, func(i, j int) bool { return r.Structs[i].Name < r.Structs[j].Name })
	for _, s := range b.structs {
		s.Fields = nameFields(s.Fields)
	}
	r.Attrs = b.attributes()
	return r, nil
}

// AllStructs returns every struct of the resource, reachable from any
// property, read-only ones included, sorted by name.
func (r *Resource) AllStructs() []*Struct {
	seen := map[*Struct]bool{}
	var out []*Struct
	var walk func(s *Shape)
	walk = func(s *Shape) {
		if s == nil {
			return
		}
		switch s.Kind {
		case KindStruct:
			if seen[s.Struct] {
				return
			}
			seen[s.Struct] = true
			out = append(out, s.Struct)
			for _, f := range s.Struct.Fields {
				walk(f.Shape)
			}
		case KindArray, KindMap:
			walk(s.Elem)
		case KindUnion:
			for _, f := range s.Forms {
				walk(f)
			}
		}
	}
	for _, f := range r.All.Fields {
		walk(f.Shape)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func nameFields(fs []*Field) []*Field {
	used := map[string]bool{}
	for _, f := range fs {
		n := goIdent(f.Prop)
		for used[n] {
			n += "_"
		}
		used[n] = true
		f.GoName = n
	}
	return fs
}

// allReadOnly reports whether a property is an object all of whose
// properties are read-only (RDS's Endpoint).
func (b *builder) allReadOnly(s *Shape, name string, readOnly map[string]bool) bool {
	if s.Kind != KindStruct || len(s.Struct.Fields) == 0 {
		return false
	}
	for _, f := range s.Struct.Fields {
		if !readOnly[name+"/"+f.Prop] {
			return false
		}
	}
	return true
}

func (b *builder) tagProperty() string {
	rs := b.rs
	if rs.Taggable != nil && !*rs.Taggable {
		return ""
	}
	tp := ""
	if t := rs.Tagging; t != nil {
		if t.Taggable != nil && !*t.Taggable {
			return ""
		}
		tp = t.TagProperty
	}
	if tp == "" {
		tp = "/properties/Tags"
	}
	name, ok := strings.CutPrefix(tp, "/properties/")
	if !ok || strings.Contains(name, "/") {
		return ""
	}
	if _, ok := rs.Properties[name]; !ok {
		return ""
	}
	return name
}

// tagFormat recognises the shape of the tag property and sets its Go type.
func (b *builder) tagFormat(f *Field) (string, string) {
	s := f.Shape
	switch s.Kind {
	case KindArray:
		if s.Elem.Kind != KindStruct {
			return "", ""
		}
		props := map[string]Kind{}
		for _, sf := range s.Elem.Struct.Fields {
			props[sf.Prop] = sf.Shape.Kind
		}
		switch {
		case len(props) == 2 && props["Key"] == KindString && props["Value"] == KindString:
			f.Shape = &Shape{Kind: KindArray, Elem: s.Elem, GoType: "[]cfn.Tag", MinItems: s.MinItems, MaxItems: s.MaxItems, UniqueItems: s.UniqueItems}
			return f.Prop, "TagsStandard"
		case len(props) == 3 && props["Key"] == KindString && props["Value"] == KindString && props["PropagateAtLaunch"] == KindBoolean:
			return f.Prop, "TagsAutoScaling"
		}
	case KindMap:
		if s.Elem != nil && s.Elem.Kind == KindString {
			return f.Prop, "TagsMap"
		}
	case KindUnion:
		// Older types declare their tags as a JSON object or string.
		for _, form := range s.Forms {
			if form.Kind == KindJSON || form.Kind == KindMap {
				c := *s
				c.GoType = "map[string]string"
				f.Shape = &c
				return f.Prop, "TagsMap"
			}
		}
	}
	return "", ""
}

func (b *builder) uniqueName(base string) string {
	n := base
	for i := 2; b.names[n]; i++ {
		n = base + strconv.Itoa(i)
	}
	b.names[n] = true
	return n
}

func (b *builder) newStruct(name string, fromDef bool) *Struct {
	if !fromDef {
		name = b.uniqueName(name)
	}
	st := &Struct{Name: name}
	b.structs = append(b.structs, st)
	return st
}

// resolveRef returns the schema a $ref points to and its definition name
// ("" for a pointer into properties).
func (b *builder) resolveRef(ref string) (*Schema, string) {
	if name, ok := strings.CutPrefix(ref, "#/definitions/"); ok {
		return b.rs.Definitions[name], name
	}
	if name, ok := strings.CutPrefix(ref, "#/properties/"); ok {
		return b.rs.Properties[name], ""
	}
	return nil, ""
}

// isObjectSchema reports whether s (refs followed) has properties of its own.
func (b *builder) isObjectSchema(s *Schema) bool {
	for i := 0; s != nil && s.Ref != "" && i < 10; i++ {
		s, _ = b.resolveRef(s.Ref)
	}
	if s == nil {
		return false
	}
	if len(s.Properties) > 0 {
		return true
	}
	vs := shapeVariants(s)
	if len(vs) == 0 {
		return false
	}
	for _, v := range vs {
		if v.Ref != "" || len(v.Properties) == 0 {
			return false
		}
	}
	return true
}

// shapeVariants returns the oneOf/anyOf members that describe a shape
// rather than only a set of required properties.
func shapeVariants(s *Schema) []*Schema {
	var out []*Schema
	for _, l := range [][]*Schema{s.OneOf, s.AnyOf} {
		for _, v := range l {
			if v.Ref != "" || len(v.Type) > 0 || len(v.Properties) > 0 || v.Items != nil || len(v.PatternProperties) > 0 {
				out = append(out, v)
			}
		}
	}
	return out
}

// collect gathers the rules of an object schema into st and its required
// properties into required, allOf members included: a oneOf or anyOf member
// that only lists required properties (or that is an object variant) is a
// choice among sets of properties.
func (b *builder) collect(s *Schema, st *Struct, required map[string]bool) {
	for _, r := range s.Required {
		required[r] = true
	}
	for _, l := range []struct {
		members []*Schema
		exactly bool
	}{{s.OneOf, true}, {s.AnyOf, false}} {
		var sets [][]string
		empty := false
		for _, v := range l.members {
			v = b.deref(v)
			if v == nil || len(v.Type) > 0 && len(v.Properties) == 0 {
				continue
			}
			switch {
			case isEmptySchema(v):
				// oneOf: [{}, {required: [A, B]}] means "not A and B together".
				empty = true
				sets = append(sets, []string{})
			case len(v.Required) > 0:
				sets = append(sets, append([]string(nil), v.Required...))
			case len(v.Properties) > 0:
				// A variant without required properties: one of its own
				// properties selects it.
				sets = append(sets, []string{slices.Sorted(maps.Keys(v.Properties))[0]})
			}
		}
		if len(sets) > 0 && !(empty && !l.exactly) {
			st.Choices = append(st.Choices, cfnspec.Choice{Exactly: l.exactly, Sets: sets})
		}
	}
	if len(s.RequiredXor) > 0 {
		st.Choices = append(st.Choices, cfnspec.Choice{Exactly: true, Sets: singletons(s.RequiredXor)})
	}
	if len(s.RequiredOr) > 0 {
		st.Choices = append(st.Choices, cfnspec.Choice{Sets: singletons(s.RequiredOr)})
	}
	for k, v := range s.DependentRequired {
		if st.DependentRequired == nil {
			st.DependentRequired = map[string][]string{}
		}
		st.DependentRequired[k] = append(st.DependentRequired[k], v...)
	}
	for k, v := range s.DependentExcluded {
		if st.DependentExcluded == nil {
			st.DependentExcluded = map[string][]string{}
		}
		st.DependentExcluded[k] = append(st.DependentExcluded[k], v...)
	}
	if s.MinProperties != nil && *s.MinProperties > st.MinProperties {
		st.MinProperties = *s.MinProperties
	}
	for _, a := range s.AllOf {
		if a.Ref == "" {
			b.collect(a, st, required)
		}
	}
}

func isEmptySchema(s *Schema) bool {
	return s.Ref == "" && len(s.Type) == 0 && len(s.Properties) == 0 && len(s.Required) == 0 && len(s.OneOf) == 0 &&
		len(s.AnyOf) == 0 && len(s.AllOf) == 0 && s.Items == nil && !hasConstraints(s)
}

func singletons(l []string) [][]string {
	var out [][]string
	for _, s := range l {
		out = append(out, []string{s})
	}
	return out
}

// shape makes the shape of s; hint names an inline struct.
func (b *builder) shape(s *Schema, hint string) *Shape {
	if s == nil {
		return &Shape{Kind: KindJSON}
	}
	if s.Ref != "" {
		target, def := b.resolveRef(s.Ref)
		if target == nil {
			return &Shape{Kind: KindJSON}
		}
		var sh *Shape
		switch {
		case def == "":
			sh = b.shape(target, hint)
		case b.defs[def] != nil:
			sh = b.defs[def]
		case b.inFlight[def]:
			return &Shape{Kind: KindJSON} // a non-object definition that contains itself
		case b.isObjectSchema(target):
			sh = &Shape{Kind: KindStruct, Struct: b.newStruct(goIdent(def), true)}
			b.defs[def] = sh
			b.fillStruct(sh, target)
		default:
			b.inFlight[def] = true
			sh = b.shape(target, def)
			delete(b.inFlight, def)
			b.defs[def] = sh
		}
		if hasConstraints(s) {
			c := *sh
			applyConstraints(&c, s)
			sh = &c
		}
		return sh
	}
	if len(s.AllOf) > 0 && len(s.Properties) == 0 {
		m := *s
		m.AllOf = nil
		for _, a := range s.AllOf {
			if a.Ref != "" && m.Ref == "" && len(m.Properties) == 0 {
				m.Ref = a.Ref
				continue
			}
			m = mergeSchema(m, a)
		}
		return b.shape(&m, hint)
	}
	if vs := shapeVariants(s); len(vs) > 0 {
		return b.variants(s, vs, hint)
	}
	types := nonNull(s.Type)
	if len(types) == 0 && s.Format == "json" {
		// A JSON document, given as an object or as a string.
		types = []string{"object", "string"}
	}
	if len(types) > 1 {
		var forms []*Shape
		for _, t := range types {
			m := *s
			m.Type = typeList{t}
			forms = append(forms, b.shape(&m, hint))
		}
		return union(forms)
	}
	t := ""
	if len(types) == 1 {
		t = types[0]
	} else {
		switch {
		case len(s.Properties) > 0 || len(s.PatternProperties) > 0:
			t = "object"
		case s.Items != nil:
			t = "array"
		case s.Pattern != "" || s.MinLength != nil || s.MaxLength != nil || stringEnum(s.Enum):
			t = "string"
		}
	}
	sh := &Shape{}
	switch t {
	case "string":
		sh.Kind = KindString
	case "integer":
		sh.Kind = KindInteger
	case "number":
		sh.Kind = KindNumber
	case "boolean":
		sh.Kind = KindBoolean
	case "array":
		sh.Kind = KindArray
		items := s.Items
		if items == nil && len(s.PrefixItems) > 0 {
			items = s.PrefixItems[0]
		}
		sh.Elem = b.shape(items, hint)
	case "object":
		switch {
		case len(s.Properties) > 0:
			sh.Kind = KindStruct
			sh.Struct = b.newStruct(goIdent(hint), false)
			b.fillStruct(sh, s)
			sh.Struct = b.dedupe(sh.Struct, goIdent(hint))
		case len(s.PatternProperties) > 0:
			sh.Kind = KindMap
			sh.KeyPattern = slices.Sorted(maps.Keys(s.PatternProperties))[0]
			sh.Elem = b.shape(s.PatternProperties[sh.KeyPattern], hint)
			if s.MinProperties != nil {
				sh.MinProperties = *s.MinProperties
			}
		case s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil:
			sh.Kind = KindMap
			sh.Elem = b.shape(s.AdditionalProperties.Schema, hint)
		default:
			sh.Kind = KindJSON
		}
	default:
		sh.Kind = KindJSON
	}
	applyConstraints(sh, s)
	if sh.Kind == KindString && sh.Format == "" && sh.Pattern == "" && len(sh.Enum) == 0 {
		// anyOf: [{format: A}, {format: B}]: the first alternative.
		for _, v := range append(append([]*Schema(nil), s.AnyOf...), s.OneOf...) {
			if len(v.Type) == 0 && v.Ref == "" && len(v.Properties) == 0 && (v.Format != "" || v.Pattern != "" || len(v.Enum) > 0) {
				applyConstraints(sh, v)
				break
			}
		}
	}
	return sh
}

// fillStruct sets the fields of a struct shape from an object schema and its
// object variants, which are merged: a property of a variant is optional.
func (b *builder) fillStruct(sh *Shape, s *Schema) {
	st := sh.Struct
	props := map[string]*Schema{}
	for k, v := range s.Properties {
		props[k] = v
	}
	for _, v := range shapeVariants(s) {
		for k, p := range v.Properties {
			if _, ok := props[k]; !ok {
				props[k] = p
			}
		}
	}
	for _, a := range s.AllOf {
		for k, p := range a.Properties {
			if _, ok := props[k]; !ok {
				props[k] = p
			}
		}
	}
	required := map[string]bool{}
	b.collect(s, st, required)
	st.Open = s.AdditionalProperties == nil || s.AdditionalProperties.Bool == nil || *s.AdditionalProperties.Bool
	for _, name := range slices.Sorted(maps.Keys(props)) {
		st.Fields = append(st.Fields, &Field{Prop: name, Shape: b.shape(props[name], name), Required: required[name]})
	}
}

func (b *builder) variants(s *Schema, vs []*Schema, hint string) *Shape {
	base := *s
	base.OneOf, base.AnyOf = nil, nil
	// Object variants with their own properties merge into one struct.
	objects := len(base.Properties) > 0 || len(vs) > 0
	for _, v := range vs {
		if v.Ref != "" || len(v.Properties) == 0 {
			objects = false
		}
	}
	if objects {
		sh := &Shape{Kind: KindStruct, Struct: b.newStruct(goIdent(hint), false)}
		b.fillStruct(sh, s)
		sh.Struct = b.dedupe(sh.Struct, goIdent(hint))
		return sh
	}
	var forms []*Shape
	for _, v := range vs {
		m := mergeSchema(base, v)
		if v.Ref != "" {
			m = *v
		}
		forms = append(forms, b.shape(&m, hint))
	}
	same := true
	for _, f := range forms[1:] {
		if goTypeOf(f, "") != goTypeOf(forms[0], "") {
			same = false
		}
	}
	if same {
		if forms[0].Kind == KindStruct || forms[0].Kind == KindArray || forms[0].Kind == KindMap {
			return forms[0]
		}
		// Scalars: the parent's constraints, else the first form's.
		sh := *forms[0]
		applyConstraints(&sh, &base)
		return &sh
	}
	return union(forms)
}

// union makes a union of forms, nested unions flattened.
func union(forms []*Shape) *Shape {
	u := &Shape{Kind: KindUnion}
	for _, f := range forms {
		if f.Kind == KindUnion && f.GoType == "" {
			u.Forms = append(u.Forms, f.Forms...)
		} else {
			u.Forms = append(u.Forms, f)
		}
	}
	return u
}

// dedupe returns an inline struct made earlier for the same name with the
// same fields instead of st, which is then dropped.
func (b *builder) dedupe(st *Struct, base string) *Struct {
	sig := signature(st)
	for _, o := range b.inline[base] {
		if signature(o) == sig {
			delete(b.names, st.Name)
			for i, x := range b.structs {
				if x == st {
					b.structs = append(b.structs[:i], b.structs[i+1:]...)
					break
				}
			}
			return o
		}
	}
	b.inline[base] = append(b.inline[base], st)
	return st
}

func signature(st *Struct) string {
	var sb strings.Builder
	for _, f := range st.Fields {
		fmt.Fprintf(&sb, "%s %s %v %v;", f.Prop, goTypeOf(f.Shape, ""), f.Required, f.Shape.Enum)
	}
	fmt.Fprint(&sb, st.Rules)
	return sb.String()
}

func mergeSchema(a Schema, b *Schema) Schema {
	if b.Ref != "" && a.Ref == "" {
		a.Ref = b.Ref
	}
	if len(b.Type) > 0 {
		a.Type = b.Type
	}
	if len(b.Properties) > 0 {
		m := map[string]*Schema{}
		for k, v := range a.Properties {
			m[k] = v
		}
		for k, v := range b.Properties {
			m[k] = v
		}
		a.Properties = m
	}
	if len(b.PatternProperties) > 0 {
		a.PatternProperties = b.PatternProperties
	}
	if b.AdditionalProperties != nil {
		a.AdditionalProperties = b.AdditionalProperties
	}
	if b.Items != nil {
		a.Items = b.Items
	}
	if len(b.PrefixItems) > 0 {
		a.PrefixItems = b.PrefixItems
	}
	a.Required = append(append([]string(nil), a.Required...), b.Required...)
	if len(b.OneOf) > 0 {
		a.OneOf = b.OneOf
	}
	if len(b.AnyOf) > 0 {
		a.AnyOf = b.AnyOf
	}
	if b.Enum != nil {
		a.Enum = b.Enum
	}
	if b.Const != nil {
		a.Const = b.Const
	}
	if b.Pattern != "" {
		a.Pattern = b.Pattern
	}
	if b.Format != "" {
		a.Format = b.Format
	}
	for _, p := range []struct{ dst, src **int }{{&a.MinLength, &b.MinLength}, {&a.MaxLength, &b.MaxLength}, {&a.MinItems, &b.MinItems}, {&a.MaxItems, &b.MaxItems}} {
		if *p.src != nil {
			*p.dst = *p.src
		}
	}
	if b.Minimum != nil {
		a.Minimum = b.Minimum
	}
	if b.Maximum != nil {
		a.Maximum = b.Maximum
	}
	a.UniqueItems = a.UniqueItems || b.UniqueItems
	return a
}

func hasConstraints(s *Schema) bool {
	return s.Enum != nil || s.EnumCaseInsensitive != nil || s.Const != nil || s.Pattern != "" || s.Format != "" || s.MinLength != nil || s.MaxLength != nil ||
		s.Minimum != nil || s.Maximum != nil || s.MinItems != nil || s.MaxItems != nil || s.UniqueItems
}

// applyConstraints copies the constraints s sets onto sh.
func applyConstraints(sh *Shape, s *Schema) {
	if s.Enum != nil {
		sh.Enum = s.Enum
	}
	if s.EnumCaseInsensitive != nil {
		sh.Enum = s.EnumCaseInsensitive
		sh.CaseInsensitive = true
	}
	if s.Const != nil {
		sh.Enum = []any{s.Const}
	}
	if s.Pattern != "" {
		sh.Pattern = s.Pattern
	}
	if s.Format != "" {
		sh.Format = s.Format
	}
	if s.MinLength != nil {
		sh.MinLength = s.MinLength
	}
	if s.MaxLength != nil {
		sh.MaxLength = s.MaxLength
	}
	if s.Minimum != nil {
		sh.Minimum = s.Minimum
	}
	if s.Maximum != nil {
		sh.Maximum = s.Maximum
	}
	if s.MinItems != nil {
		sh.MinItems = s.MinItems
	}
	if s.MaxItems != nil {
		sh.MaxItems = s.MaxItems
	}
	if s.UniqueItems {
		sh.UniqueItems = true
	}
}

func (b *builder) attributes() []Attr {
	var out []Attr
	used := map[string]bool{}
	paths := append([]string(nil), b.rs.ReadOnlyProperties...)
	sort.Strings(paths)
	for _, p := range paths {
		rest, ok := strings.CutPrefix(p, "/properties/")
		if !ok || strings.Contains(rest, "*") {
			continue
		}
		segs := strings.Split(rest, "/")
		s := b.schemaAt(segs)
		kind := KindString
		if s != nil {
			switch t := nonNull(s.Type); {
			case len(s.Properties) > 0:
				continue // an object: its parts are attributes of their own
			case len(t) == 1 && t[0] == "array":
				kind = KindArray
			case len(t) == 1 && t[0] == "integer":
				kind = KindInteger
			case len(t) == 1 && t[0] == "number":
				kind = KindNumber
			case len(t) == 1 && t[0] == "object" && len(s.PatternProperties) == 0:
				if len(segs) > 1 {
					continue
				}
			}
		}
		name := "Attr"
		for _, seg := range segs {
			name += goIdent(seg)
		}
		for used[name] {
			name += "_"
		}
		used[name] = true
		out = append(out, Attr{Name: strings.Join(segs, "."), GoName: name, Kind: kind})
	}
	return out
}

// schemaAt follows property names from the top, refs resolved.
func (b *builder) schemaAt(segs []string) *Schema {
	cur := &Schema{Properties: b.rs.Properties}
	for _, seg := range segs {
		cur = b.deref(cur)
		if cur == nil {
			return nil
		}
		next := cur.Properties[seg]
		if next == nil {
			for _, v := range shapeVariants(cur) {
				if v = b.deref(v); v != nil && v.Properties[seg] != nil {
					next = v.Properties[seg]
					break
				}
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return b.deref(cur)
}

func (b *builder) deref(s *Schema) *Schema {
	for i := 0; s != nil && s.Ref != "" && i < 10; i++ {
		s, _ = b.resolveRef(s.Ref)
	}
	return s
}

func nonNull(t typeList) []string {
	var out []string
	for _, x := range t {
		if x != "null" {
			out = append(out, x)
		}
	}
	return out
}

func stringEnum(e []any) bool {
	if len(e) == 0 {
		return false
	}
	for _, v := range e {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

// goIdent makes an exported Go identifier of a CloudFormation name.
func goIdent(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) || r > unicode.MaxASCII {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == "" || unicode.IsDigit(rune(out[0])) {
		out = "X" + out
	}
	return out
}
