package diff

import (
	"sort"
	"strings"

	"github.com/forma-iac/forma/internal/cfnspec"
)

// Schema tells which property changes replace a resource. Paths are
// "/"-separated below Properties; a list index is "*".
type Schema interface {
	// IsCreateOnly reports whether a change to the property at path, or to
	// an object it is part of, replaces a resource of type cfnType.
	IsCreateOnly(cfnType, path string) bool
	// HasCreateOnlyBelow reports whether some part of the property at path
	// is create-only, so that adding or removing it replaces the resource.
	HasCreateOnlyBelow(cfnType, path string) bool
}

// Registry is the Schema of the CloudFormation registry data in
// internal/cfnspec. A type it does not know has no create-only properties.
type Registry struct{}

// IsCreateOnly implements Schema.
func (Registry) IsCreateOnly(cfnType, path string) bool {
	t, ok := cfnspec.Lookup(cfnType)
	return ok && t.IsCreateOnly(path)
}

// HasCreateOnlyBelow implements Schema.
func (Registry) HasCreateOnlyBelow(cfnType, path string) bool {
	t, ok := cfnspec.Lookup(cfnType)
	return ok && t.HasCreateOnlyBelow(path)
}

// Options configure Compare.
type Options struct {
	// Schema decides replacement; nil means Registry.
	Schema Schema
}

// Impact is what a change does to a resource, from least to most severe
// among updates.
type Impact int

// The impacts, in the AWS CDK's terms.
const (
	NoChange Impact = iota
	Update
	MayReplace
	Replace
	Create
	Destroy
	Orphan
)

func (i Impact) String() string {
	return [...]string{"no change", "update", "may be replaced", "replace", "create", "destroy", "orphan"}[i]
}

// Entry is an added, removed or modified entry of a section other than
// Resources (Parameters, Mappings, Conditions, Rules, Outputs, the
// template's Metadata), or a changed top-level key (Section "").
type Entry struct {
	Section string
	ID      string
	*Delta
}

// Resource is an added, removed or modified resource.
type Resource struct {
	ID string
	// Op is Added, Removed or Modified.
	Op               Op
	OldType, NewType string
	Impact           Impact
	// Old and New are the whole resource definitions (nil when absent).
	Old, New map[string]any
	// Properties are the changed properties, sorted by name.
	Properties []*Property
	// Attributes are the changed keys other than Properties (Type,
	// DependsOn, Metadata, DeletionPolicy, ...), sorted by name.
	Attributes []*Property
}

// Type returns the resource's type: the new one unless it was removed.
func (r *Resource) Type() string {
	if r.Op == Removed {
		return r.OldType
	}
	return r.NewType
}

// Property is the change of one property (or attribute) of a resource.
type Property struct {
	Name   string
	Impact Impact
	*Delta
}

// StackDiff is the difference between a deployed and a synthesized
// template.
type StackDiff struct {
	// Template holds changes of AWSTemplateFormatVersion, Transform and
	// Description, in that order.
	Template []*Entry
	// Sections holds the entries of Parameters, Metadata, Mappings,
	// Conditions, Rules and Outputs, by section.
	Sections map[string][]*Entry
	// Resources are the changed resources: removed, then added, then
	// modified, each sorted by logical ID.
	Resources []*Resource
	// Other holds changes of top-level keys forma does not model.
	Other []*Entry

	Security *SecurityChanges
}

// entrySections are the sections diffed entry by entry, in the order they
// are shown.
var entrySections = []string{"Parameters", "Metadata", "Mappings", "Conditions", "Rules", "Outputs"}

var templateKeys = []string{"AWSTemplateFormatVersion", "Transform", "Description"}

// Compare returns the difference from old (the deployed template) to new
// (the synthesized one); either may be nil. Both are plain data as
// template.Parse or Template.Plain return it. Resources of type
// AWS::CDK::Metadata are left out, as the AWS CDK leaves them out.
func Compare(old, new map[string]any, opts Options) *StackDiff {
	schema := opts.Schema
	if schema == nil {
		schema = Registry{}
	}
	old, _ = normalize(old).(map[string]any)
	new, _ = normalize(new).(map[string]any)
	d := &StackDiff{Sections: map[string][]*Entry{}}

	for _, k := range templateKeys {
		o, ook := old[k]
		n, nok := new[k]
		if delta := compare(o, n, ook, nok); delta != nil {
			d.Template = append(d.Template, &Entry{ID: k, Delta: delta})
		}
	}
	for _, sec := range entrySections {
		om, _ := old[sec].(map[string]any)
		nm, _ := new[sec].(map[string]any)
		for _, id := range sortedUnion(om, nm) {
			o, ook := om[id]
			n, nok := nm[id]
			if delta := compare(o, n, ook, nok); delta != nil {
				d.Sections[sec] = append(d.Sections[sec], &Entry{Section: sec, ID: id, Delta: delta})
			}
		}
		d.Sections[sec] = byOp(d.Sections[sec])
	}
	known := map[string]bool{"Resources": true}
	for _, k := range append(entrySections, templateKeys...) {
		known[k] = true
	}
	for _, k := range sortedUnion(old, new) {
		if known[k] {
			continue
		}
		o, ook := old[k]
		n, nok := new[k]
		if delta := compare(o, n, ook, nok); delta != nil {
			d.Other = append(d.Other, &Entry{ID: k, Delta: delta})
		}
	}

	oldRes := resources(old)
	newRes := resources(new)
	var removed, added, modified []*Resource
	for _, id := range sortedUnion(oldRes, newRes) {
		o, ook := oldRes[id]
		n, nok := newRes[id]
		switch {
		case !nok:
			r := &Resource{ID: id, Op: Removed, OldType: typeOf(o), Old: o, Impact: Destroy}
			if p, _ := o["DeletionPolicy"].(string); p == "Retain" || p == "RetainExceptOnCreate" {
				r.Impact = Orphan
			}
			removed = append(removed, r)
		case !ook:
			added = append(added, &Resource{ID: id, Op: Added, NewType: typeOf(n), New: n, Impact: Create})
		default:
			if r := compareResource(id, o, n, schema); r != nil {
				modified = append(modified, r)
			}
		}
	}
	d.Resources = append(append(removed, added...), modified...)
	d.Security = securityChanges(oldRes, newRes)
	return d
}

// byOp orders entries as the AWS CDK does: removed, added, modified, each
// sorted by ID (the input is sorted already).
func byOp(l []*Entry) []*Entry {
	rank := map[Op]int{Removed: 0, Added: 1, Modified: 2}
	sort.SliceStable(l, func(i, j int) bool { return rank[l[i].Op] < rank[l[j].Op] })
	return l
}

func resources(t map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	rs, _ := t["Resources"].(map[string]any)
	for id, r := range rs {
		m, ok := r.(map[string]any)
		if !ok {
			m = map[string]any{}
		}
		if typeOf(m) == "AWS::CDK::Metadata" {
			continue
		}
		out[id] = m
	}
	return out
}

func typeOf(r map[string]any) string {
	s, _ := r["Type"].(string)
	return s
}

func sortedUnion[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func compareResource(id string, old, new map[string]any, schema Schema) *Resource {
	r := &Resource{ID: id, Op: Modified, OldType: typeOf(old), NewType: typeOf(new), Old: old, New: new}
	op, _ := old["Properties"].(map[string]any)
	np, _ := new["Properties"].(map[string]any)
	for _, name := range sortedUnion(op, np) {
		o, ook := op[name]
		n, nok := np[name]
		delta := compare(o, n, ook, nok)
		if delta == nil {
			continue
		}
		p := &Property{Name: name, Delta: delta, Impact: propertyImpact(r.NewType, name, delta, schema)}
		r.Properties = append(r.Properties, p)
		r.Impact = max(r.Impact, p.Impact)
	}
	for _, name := range sortedUnion(old, new) {
		if name == "Properties" {
			continue
		}
		o, ook := old[name]
		n, nok := new[name]
		if name == "DependsOn" {
			o, n = dependsOn(o), dependsOn(n)
		}
		delta := compare(o, n, ook, nok)
		if delta == nil {
			continue
		}
		p := &Property{Name: name, Delta: delta, Impact: Update}
		if name == "Type" {
			p.Impact = Replace
		}
		r.Attributes = append(r.Attributes, p)
		r.Impact = max(r.Impact, p.Impact)
	}
	if len(r.Properties) == 0 && len(r.Attributes) == 0 {
		return nil
	}
	return r
}

// dependsOn reads DependsOn as a sorted list: its order and its single-name
// form mean nothing to CloudFormation.
func dependsOn(v any) any {
	var l []string
	switch x := v.(type) {
	case string:
		l = []string{x}
	case []any:
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return v
			}
			l = append(l, s)
		}
	default:
		return v
	}
	sort.Strings(l)
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// propertyImpact decides whether a property change replaces the resource:
// Replace when a changed create-only value is known on both sides,
// MayReplace when an intrinsic hides it, Update otherwise.
func propertyImpact(cfnType, name string, d *Delta, schema Schema) Impact {
	impact := Update
	walkChanges(d, []string{name}, false, func(path []string, d *Delta, whole, unknown bool) {
		p := strings.Join(path, "/")
		if !schema.IsCreateOnly(cfnType, p) && !(whole && schema.HasCreateOnlyBelow(cfnType, p)) {
			return
		}
		if unknown || hasIntrinsic(d.Old) || hasIntrinsic(d.New) {
			impact = max(impact, MayReplace)
		} else {
			impact = Replace
		}
	})
	return impact
}

// walkChanges calls fn for each leaf change below d with its property path
// (list indices as "*"); whole is true when a whole subtree appeared or
// disappeared; unknown when the change is inside an intrinsic, whose path
// stops where the intrinsic starts.
func walkChanges(d *Delta, path []string, unknown bool, fn func(path []string, d *Delta, whole, unknown bool)) {
	if d.Op != Modified {
		fn(path, d, true, unknown)
		return
	}
	inIntrinsic := unknown || isIntrinsic(d.Old) || isIntrinsic(d.New)
	if len(d.Fields) > 0 {
		for _, f := range d.Fields {
			p := path
			if !inIntrinsic {
				p = append(append([]string(nil), path...), f.Key)
			}
			walkChanges(f.Delta, p, inIntrinsic, fn)
		}
		return
	}
	if len(d.Elements) > 0 {
		p := path
		if !inIntrinsic {
			p = append(append([]string(nil), path...), "*")
		}
		for _, e := range d.Elements {
			switch e.Op {
			case Added:
				fn(p, &Delta{Op: Added, New: e.Value}, true, inIntrinsic)
			case Removed:
				fn(p, &Delta{Op: Removed, Old: e.Value}, true, inIntrinsic)
			case Modified:
				walkChanges(e.Delta, p, inIntrinsic, fn)
			}
		}
		return
	}
	fn(path, d, false, unknown)
}

// IsEmpty reports whether the templates are the same.
func (d *StackDiff) IsEmpty() bool {
	if len(d.Template) > 0 || len(d.Resources) > 0 || len(d.Other) > 0 {
		return false
	}
	for _, l := range d.Sections {
		if len(l) > 0 {
			return false
		}
	}
	return true
}

// SecurityChanges returns the IAM and security group changes.
func (d *StackDiff) SecurityChanges() *SecurityChanges { return d.Security }

// PermissionsBroadening reports whether the change widens access: an
// allowing IAM statement or a managed policy attachment or a security group
// rule is added, or a denying statement is removed.
func (d *StackDiff) PermissionsBroadening() bool { return d.Security.PermissionsBroadening() }

// Replacements returns the logical IDs of the resources that will or may be
// replaced, sorted.
func (d *StackDiff) Replacements() []string {
	var ids []string
	for _, r := range d.Resources {
		if r.Impact == Replace || r.Impact == MayReplace {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return ids
}
