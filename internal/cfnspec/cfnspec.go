package cfnspec

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Source names the registry schemas the data set is made from.
const Source = "cfn-lint 1.51.0"

// Type is the specification of one resource type.
type Type struct {
	// Name is the type name, e.g. "AWS::S3::Bucket".
	Name string `json:"-"`
	// Required lists the top-level properties a template must set.
	Required []string `json:"required,omitempty"`
	// Rules are the constraints between top-level properties.
	Rules
	// CreateOnly lists the property paths whose change replaces the
	// resource, "/"-separated below Properties ("BucketName",
	// "KeySchema/*/AttributeName").
	CreateOnly []string `json:"createOnly,omitempty"`
	// ReadOnly lists the property paths CloudFormation sets (the attributes).
	ReadOnly []string `json:"readOnly,omitempty"`
	// WriteOnly lists the property paths CloudFormation never returns.
	WriteOnly []string `json:"writeOnly,omitempty"`
	// PrimaryIdentifier lists the property paths that identify a resource.
	PrimaryIdentifier []string `json:"primaryIdentifier,omitempty"`
	// TagProperty names the property holding tags; "" when the type cannot
	// be tagged.
	TagProperty string `json:"tagProperty,omitempty"`
	// Properties are the top-level properties, read-only ones included.
	Properties map[string]*Property `json:"properties,omitempty"`
	// Definitions are the nested object types, by name; Property.Ref names
	// one.
	Definitions map[string]*Object `json:"definitions,omitempty"`
}

// Object is a nested property type.
type Object struct {
	Required []string `json:"required,omitempty"`
	Rules
	Properties map[string]*Property `json:"properties,omitempty"`
}

// Rules are the constraints between the properties of an object.
type Rules struct {
	// Choices must each be satisfied.
	Choices []Choice `json:"choices,omitempty"`
	// DependentRequired: when the key is present, so must its properties be.
	DependentRequired map[string][]string `json:"dependentRequired,omitempty"`
	// DependentExcluded: when the key is present, its properties must not be.
	DependentExcluded map[string][]string `json:"dependentExcluded,omitempty"`
	// MinProperties is the least number of properties present.
	MinProperties int `json:"minProperties,omitempty"`
	// Open: properties beyond the known ones are allowed (the schema's
	// additionalProperties is not false); set on nested types only, as
	// every resource type's top level is closed.
	Open bool `json:"open,omitempty"`
}

// Choice is a choice among sets of properties: every property of exactly
// one set (Exactly), or of at least one set, must be present. A set may be a
// single property that selects one shape of an object among several.
type Choice struct {
	Exactly bool       `json:"exactly,omitempty"`
	Sets    [][]string `json:"sets"`
}

// Property is the kind and constraints of one value.
type Property struct {
	// Type is one of "string", "integer", "number", "boolean", "array",
	// "object" (a nested type: see Ref), "map" (string keys, values of
	// Items), "json" (free-form) and "union" (one of Forms).
	Type string `json:"type"`
	// Ref names the Definition of an "object".
	Ref string `json:"ref,omitempty"`
	// Items is the element of an "array" or the value of a "map".
	Items *Property `json:"items,omitempty"`
	// Forms are the accepted shapes of a "union".
	Forms []*Property `json:"forms,omitempty"`

	Enum        []any    `json:"enum,omitempty"`
	Pattern     string   `json:"pattern,omitempty"`
	Format      string   `json:"format,omitempty"`
	MinLength   *int     `json:"minLength,omitempty"`
	MaxLength   *int     `json:"maxLength,omitempty"`
	Minimum     *float64 `json:"minimum,omitempty"`
	Maximum     *float64 `json:"maximum,omitempty"`
	MinItems    *int     `json:"minItems,omitempty"`
	MaxItems    *int     `json:"maxItems,omitempty"`
	UniqueItems bool     `json:"uniqueItems,omitempty"`
	// CaseInsensitive: Enum is matched ignoring case.
	CaseInsensitive bool `json:"caseInsensitive,omitempty"`
	// KeyPattern and MinProperties constrain the keys of a "map".
	KeyPattern    string `json:"keyPattern,omitempty"`
	MinProperties int    `json:"minProperties,omitempty"`
}

//go:embed data/*.json
var data embed.FS

var (
	mu sync.Mutex
	// services holds the undecoded types of each service read so far.
	services = map[string]map[string]json.RawMessage{}
	decoded  = map[string]*Type{}
	// found holds the types of decoded (string → *Type), read without mu.
	found sync.Map
)

// PackageOf returns the name of the service a type belongs to, which is also
// its Go package under constructs/: "AWS::S3::Bucket" → "s3",
// "Alexa::ASK::Skill" → "alexaask".
func PackageOf(typeName string) string {
	ns, rest, ok := strings.Cut(typeName, "::")
	if !ok {
		return ""
	}
	svc, _, ok := strings.Cut(rest, "::")
	if !ok {
		return ""
	}
	if ns == "AWS" {
		return strings.ToLower(svc)
	}
	return strings.ToLower(ns) + strings.ToLower(svc)
}

// Lookup returns the specification of a resource type.
func Lookup(typeName string) (*Type, bool) {
	// Synthesis looks up the type of every resource from several
	// goroutines: a type decoded already is found without the lock.
	if t, ok := found.Load(typeName); ok {
		return t.(*Type), true
	}
	pkg := PackageOf(typeName)
	if pkg == "" {
		return nil, false
	}
	mu.Lock()
	defer mu.Unlock()
	if t, ok := decoded[typeName]; ok {
		return t, true
	}
	types, ok := services[pkg]
	if !ok {
		types = load(pkg)
		services[pkg] = types
	}
	raw, ok := types[typeName]
	if !ok {
		return nil, false
	}
	t := &Type{Name: typeName}
	if err := json.Unmarshal(raw, t); err != nil {
		panic(fmt.Sprintf("cfnspec: the data of %s is corrupt: %v", typeName, err))
	}
	decoded[typeName] = t
	found.Store(typeName, t)
	return t, true
}

// load splits a service's file into its types, left undecoded until looked
// up.
func load(pkg string) map[string]json.RawMessage {
	b, err := data.ReadFile("data/" + pkg + ".json")
	if err != nil {
		return nil
	}
	var types map[string]json.RawMessage
	if err := json.Unmarshal(b, &types); err != nil {
		panic(fmt.Sprintf("cfnspec: data/%s.json is corrupt: %v", pkg, err))
	}
	return types
}

// Types returns every resource type name, sorted.
func Types() []string { return append([]string(nil), typeNames...) }

// normalize turns "/properties/A/B", "A/B", "A.B" or "A.0.B" into "A/B" or
// "A/*/B".
func normalize(path string) []string {
	path = strings.TrimPrefix(path, "/properties/")
	path = strings.TrimPrefix(path, "Properties.")
	path = strings.TrimPrefix(path, "/")
	var segs []string
	for _, s := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '.' }) {
		if _, err := strconv.Atoi(s); err == nil {
			s = "*"
		}
		segs = append(segs, s)
	}
	return segs
}

func under(path, prefix []string) bool {
	if len(prefix) > len(path) {
		return false
	}
	for i := range prefix {
		if prefix[i] != path[i] {
			return false
		}
	}
	return true
}

func anyUnder(l []string, path string) bool {
	p := normalize(path)
	for _, c := range l {
		if under(p, normalize(c)) {
			return true
		}
	}
	return false
}

// IsCreateOnly reports whether a change to the property at path replaces
// the resource: the path, or an object it is part of, is create-only. The
// path is "/"- or "."-separated below Properties; array indices may be
// numbers or "*".
func (t *Type) IsCreateOnly(path string) bool { return anyUnder(t.CreateOnly, path) }

// HasCreateOnlyBelow reports whether some part of the property at path is
// create-only, so that a change to it may replace the resource.
func (t *Type) HasCreateOnlyBelow(path string) bool {
	p := normalize(path)
	for _, c := range t.CreateOnly {
		if under(normalize(c), p) {
			return true
		}
	}
	return false
}

// IsReadOnly reports whether the property at path is set by CloudFormation.
func (t *Type) IsReadOnly(path string) bool { return anyUnder(t.ReadOnly, path) }

// IsWriteOnly reports whether the property at path is never returned by
// CloudFormation.
func (t *Type) IsWriteOnly(path string) bool { return anyUnder(t.WriteOnly, path) }

// Property returns the specification of the property at path, following
// nested types; nil when there is no such property.
func (t *Type) Property(path string) *Property {
	segs := normalize(path)
	if len(segs) == 0 {
		return nil
	}
	p := t.Properties[segs[0]]
	for _, s := range segs[1:] {
		if p == nil {
			return nil
		}
		switch p.Type {
		case "map":
			p = p.Items
		case "array":
			p = p.Items
			if s != "*" && p != nil && p.Type == "object" && t.Definitions[p.Ref] != nil {
				// A path without the index: "Tags/Key".
				p = t.Definitions[p.Ref].Properties[s]
			}
		case "object":
			o := t.Definitions[p.Ref]
			if o == nil {
				return nil
			}
			p = o.Properties[s]
		default:
			return nil
		}
	}
	return p
}

// Object returns the nested type of an "object" property.
func (t *Type) Object(p *Property) *Object {
	if p == nil || p.Type != "object" {
		return nil
	}
	return t.Definitions[p.Ref]
}

// Services returns the names of every service (Go package) in the data set.
func Services() []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range typeNames {
		p := PackageOf(n)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
