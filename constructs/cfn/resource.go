package cfn

import (
	"fmt"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// Policy is a DeletionPolicy or UpdateReplacePolicy.
type Policy string

// The policies CloudFormation knows.
const (
	PolicyDelete   Policy = "Delete"
	PolicyRetain   Policy = "Retain"
	PolicySnapshot Policy = "Snapshot"
	// PolicyRetainExceptOnCreate retains except when the resource is
	// rolled back after its creation failed.
	PolicyRetainExceptOnCreate Policy = "RetainExceptOnCreate"
)

// RemovalPolicy is a Policy given to Resource.ApplyRemovalPolicy, which sets
// it as both DeletionPolicy and UpdateReplacePolicy, as the AWS CDK's
// applyRemovalPolicy does.
type RemovalPolicy = Policy

// ResourceOptions are the resource attributes beside its properties.
type ResourceOptions struct {
	Condition           *Condition
	DeletionPolicy      Policy
	UpdateReplacePolicy Policy
	CreationPolicy      any
	UpdatePolicy        any
	Metadata            map[string]any
}

// Spec tells a Resource what it is; generated L1 types pass one to Init.
type Spec struct {
	// Type is the CloudFormation type name, e.g. "AWS::S3::Bucket".
	Type string
	// Properties points to the props struct (or to a map[string]any, for an
	// UntypedResource).
	Properties any
	// TagProperty names the property that holds tags; "" when the type
	// cannot be tagged.
	TagProperty string
	// TagFormat is the shape of that property.
	TagFormat TagFormat
}

// Resource is a CloudFormation resource. Generated L1 types embed it.
type Resource struct {
	element
	spec      Spec
	Options   ResourceOptions
	dependsOn []*Resource
	overrides []override
	refs      refs
	tags      *TagManager
}

type override struct {
	path   []string
	value  any
	delete bool
}

// Init places the resource in the tree as the child id of scope, with host
// the type that embeds it.
func (r *Resource) Init(host constructs.Construct, scope constructs.Construct, id string, spec Spec) {
	r.Base = constructs.NewBase(host, scope, id)
	r.spec = spec
	if spec.TagProperty != "" {
		r.tags = &TagManager{format: spec.TagFormat}
	}
}

// UntypedResource is a resource of any type with free-form properties, the
// counterpart of the AWS CDK's CfnResource.
type UntypedResource struct {
	Resource
	// Properties are the resource properties.
	Properties map[string]any
}

// NewResource creates a resource of any type with free-form properties.
func NewResource(scope constructs.Construct, id string, typ string, properties map[string]any) *UntypedResource {
	r := &UntypedResource{Properties: properties}
	r.Init(r, scope, id, Spec{Type: typ, Properties: &r.Properties})
	return r
}

// CfnType returns the resource's CloudFormation type name.
func (r *Resource) CfnType() string { return r.spec.Type }

// Properties returns the props value the resource renders.
func (r *Resource) Properties() any { return r.spec.Properties }

// Section returns "Resources".
func (r *Resource) Section() string { return "Resources" }

// Ref returns the resource's Ref, encoded as a string.
func (r *Resource) Ref() string { return r.Reference("").String() }

// GetAtt returns the reference to an attribute ("Arn", "Endpoint.Address").
func (r *Resource) GetAtt(attr string) *Reference { return r.Reference(attr) }

// Reference returns the one Reference for attr ("" for Ref).
func (r *Resource) Reference(attr string) *Reference {
	return r.refs.get(r.Node().Host().(Element), attr)
}

// AddDependency adds a DependsOn on target. Across stacks synthesis makes
// it a stack dependency instead. Node().AddDependency is the construct-level
// form: it covers every resource of both subtrees.
func (r *Resource) AddDependency(target *Resource) {
	if target == nil {
		return
	}
	for _, d := range r.dependsOn {
		if d == target {
			return
		}
	}
	r.dependsOn = append(r.dependsOn, target)
}

// DependsOn returns the resources this one has an explicit DependsOn on.
func (r *Resource) DependsOn() []*Resource { return append([]*Resource(nil), r.dependsOn...) }

// ApplyRemovalPolicy sets DeletionPolicy and UpdateReplacePolicy.
func (r *Resource) ApplyRemovalPolicy(p RemovalPolicy) {
	r.Options.DeletionPolicy = p
	r.Options.UpdateReplacePolicy = p
}

// Tags returns the resource's tag manager, nil when the type has no tags.
func (r *Resource) Tags() *TagManager { return r.tags }

// AddOverride sets a value at a dot-separated path of the rendered resource,
// e.g. "Properties.VersioningConfiguration.Status", after everything else is
// rendered. A "." inside a key is written "\.".
func (r *Resource) AddOverride(path string, value any) {
	r.overrides = append(r.overrides, override{path: splitPath(path), value: value})
}

// AddDeletionOverride removes the value at a path of the rendered resource.
func (r *Resource) AddDeletionOverride(path string) {
	r.overrides = append(r.overrides, override{path: splitPath(path), delete: true})
}

// AddPropertyOverride is AddOverride below "Properties".
func (r *Resource) AddPropertyOverride(path string, value any) {
	r.AddOverride("Properties."+path, value)
}

// AddPropertyDeletionOverride is AddDeletionOverride below "Properties".
func (r *Resource) AddPropertyDeletionOverride(path string) {
	r.AddDeletionOverride("Properties." + path)
}

func splitPath(p string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '\\' && i+1 < len(p) && p[i+1] == '.':
			cur.WriteByte('.')
			i++
		case p[i] == '.':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(p[i])
		}
	}
	return append(out, cur.String())
}

// Render returns the resource body; properties, tags and overrides are
// combined when it is resolved.
func (r *Resource) Render() (any, error) {
	return token.Func(r.resolveBody), nil
}

func (r *Resource) resolveBody(ctx *token.Context) (any, error) {
	propsV, err := token.Resolve(ctx, r.spec.Properties)
	if err != nil {
		return nil, err
	}
	props, _ := propsV.(map[string]any)
	if props == nil {
		props = map[string]any{}
	}
	if r.tags != nil {
		if err := r.tags.merge(ctx, props, r.spec.TagProperty); err != nil {
			return nil, err
		}
	}
	// plain says whether the body holds no string that may be a token:
	// every value of it but these was resolved above.
	plain := noToken(r.spec.Type, string(r.Options.DeletionPolicy), string(r.Options.UpdateReplacePolicy)) && (r.tags == nil || r.tags.plain())
	body := map[string]any{"Type": r.spec.Type}
	if len(props) > 0 {
		body["Properties"] = props
	}
	o := r.Options
	if o.Condition != nil {
		body["Condition"] = o.Condition.LogicalID()
		plain = plain && noToken(o.Condition.LogicalID())
	}
	if o.DeletionPolicy != "" {
		body["DeletionPolicy"] = string(o.DeletionPolicy)
	}
	if o.UpdateReplacePolicy != "" {
		body["UpdateReplacePolicy"] = string(o.UpdateReplacePolicy)
	}
	for k, v := range map[string]any{"CreationPolicy": o.CreationPolicy, "UpdatePolicy": o.UpdatePolicy} {
		if v == nil {
			continue
		}
		rv, err := token.Resolve(ctx, v)
		if err != nil {
			return nil, err
		}
		body[k] = rv
	}
	if len(o.Metadata) > 0 {
		md, err := token.Resolve(ctx, o.Metadata)
		if err != nil {
			return nil, err
		}
		body["Metadata"] = md
	}
	if len(r.dependsOn) > 0 {
		// Sorted by construct path, as the AWS CDK sorts them.
		deps := make([]*Resource, 0, len(r.dependsOn))
		for _, d := range r.dependsOn {
			if constructs.TryStackOf(d) == constructs.TryStackOf(r) {
				deps = append(deps, d) // otherwise a stack dependency, added by synthesis
			}
		}
		sortLocale(deps, func(d *Resource) string { return d.Node().Path() })
		seen := map[string]bool{}
		var l []any
		for _, d := range deps {
			if id := d.LogicalID(); !seen[id] {
				seen[id] = true
				plain = plain && noToken(id)
				l = append(l, id)
			}
		}
		if len(l) > 0 {
			body["DependsOn"] = l
		}
	}
	for _, ov := range r.overrides {
		plain = plain && noToken(ov.path...)
		var val any
		if !ov.delete {
			if val, err = token.Resolve(ctx, ov.value); err != nil {
				return nil, err
			}
		}
		if err := applyOverride(body, ov.path, val, ov.delete); err != nil {
			return nil, err
		}
	}
	if p, ok := body["Properties"].(map[string]any); ok && len(p) == 0 {
		delete(body, "Properties")
	}
	if plain {
		// Resolving the body again would copy it and change nothing.
		return token.Resolved(body), nil
	}
	return body, nil
}

func applyOverride(body map[string]any, path []string, value any, del bool) error {
	for _, k := range path {
		if k == "" {
			return fmt.Errorf("override %q has an empty part; give a dot-separated path such as \"Properties.QueueName\"", strings.Join(path, "."))
		}
	}
	cur := body
	for i, k := range path[:len(path)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			if del {
				return nil
			}
			if _, exists := cur[k]; exists {
				return fmt.Errorf("override %q: %q is not an object", strings.Join(path, "."), strings.Join(path[:i+1], "."))
			}
			next = map[string]any{}
			cur[k] = next
		}
		cur = next
	}
	last := path[len(path)-1]
	if del {
		delete(cur, last)
	} else {
		cur[last] = value
	}
	return nil
}

// Validate checks the resource's own settings before rendering: an
// overridden logical ID CloudFormation would not accept, a missing type.
func (r *Resource) Validate() []string {
	msgs := r.validateLogicalID()
	if r.spec.Type == "" {
		msgs = append(msgs, "the resource has no type")
	}
	return msgs
}

// CfnResource returns r; through embedding it gives every L1 type access to
// its Resource.
func (r *Resource) CfnResource() *Resource { return r }

// ResourceOf returns the Resource of an L1 construct, nil for other
// constructs.
func ResourceOf(c constructs.Construct) *Resource {
	if x, ok := c.(interface{ CfnResource() *Resource }); ok {
		return x.CfnResource()
	}
	return nil
}

// noToken reports whether none of ss may hold a token marker.
func noToken(ss ...string) bool {
	for _, s := range ss {
		if strings.Contains(s, "{Token") {
			return false
		}
	}
	return true
}
