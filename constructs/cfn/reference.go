package cfn

import (
	"sync/atomic"

	"github.com/forma-iac/forma/constructs/token"
)

// Reference is a Ref or Fn::GetAtt to an element. Obtain one with
// Resource.Ref, Resource.GetAtt or Parameter.Value; never build two for the
// same target and attribute.
type Reference struct {
	// Target is the referenced element.
	Target Element
	// Attribute is the GetAtt attribute; "" for a Ref.
	Attribute string
	// str is String's marker, made once: stacks resolve in parallel.
	str atomic.Pointer[string]
}

// ReferenceResolver is implemented by synthesis to render references: within
// a stack as Ref/GetAtt, across stacks as an import of an export.
type ReferenceResolver interface {
	ResolveReference(ctx *token.Context, ref *Reference) (any, error)
}

// Resolve renders the reference; without a ReferenceResolver in the context
// it renders the same-stack form.
func (r *Reference) Resolve(ctx *token.Context) (any, error) {
	if rr, ok := ctx.Resolver.(ReferenceResolver); ok {
		return rr.ResolveReference(ctx, r)
	}
	return r.ResolvedIntrinsic(), nil
}

// ResolvedIntrinsic returns Intrinsic as a token.Resolve result: marked
// token.Resolved, so that it is not copied again, when neither the logical
// ID nor the attribute holds a token.
func (r *Reference) ResolvedIntrinsic() any {
	id := r.Target.LogicalID()
	if !noToken(id, r.Attribute) {
		return r.Intrinsic()
	}
	if r.Attribute == "" {
		return token.Resolved(map[string]any{"Ref": id})
	}
	return token.Resolved(map[string]any{"Fn::GetAtt": []any{id, r.Attribute}})
}

// Intrinsic returns the same-stack form: {"Ref": id} or
// {"Fn::GetAtt": [id, attribute]}.
func (r *Reference) Intrinsic() map[string]any {
	if r.Attribute == "" {
		return map[string]any{"Ref": r.Target.LogicalID()}
	}
	return map[string]any{"Fn::GetAtt": []any{r.Target.LogicalID(), r.Attribute}}
}

// TokenHint names the reference inside markers and error messages.
func (r *Reference) TokenHint() string {
	p := r.Target.Node().Path()
	if r.Attribute == "" {
		return p + ".Ref"
	}
	return p + "." + r.Attribute
}

// String returns the reference encoded as a string.
func (r *Reference) String() string {
	if p := r.str.Load(); p != nil {
		return *p
	}
	// The registry hands out one marker a token: a second goroutine
	// making it at the same time makes the same.
	s := token.AsString(r)
	r.str.Store(&s)
	return s
}

// List returns the reference encoded as a list of strings, for attributes
// whose value is a list.
func (r *Reference) List() []string { return token.AsList(r) }

// Int returns the reference encoded as an int, for numeric attributes.
func (r *Reference) Int() int { return token.AsInt(r) }

// Number returns the reference encoded as a float64, for numeric attributes.
func (r *Reference) Number() float64 { return token.AsNumber(r) }

// refs hands out one Reference per attribute of an element; an element has
// few, so a list costs less memory than a map in a tree of many elements.
type refs []*Reference

func (m *refs) get(target Element, attr string) *Reference {
	for _, r := range *m {
		if r.Attribute == attr {
			return r
		}
	}
	r := &Reference{Target: target, Attribute: attr}
	*m = append(*m, r)
	return r
}
