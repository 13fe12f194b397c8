package iam

import "github.com/forma-iac/forma/constructs"

// Grant is the result of giving permissions: the statement added to the
// grantee's policy (and to a resource policy), and the policies that must
// exist before the permissions are usable.
type Grant struct {
	// PrincipalStatement is the statement added to the grantee's policy; nil
	// when the grantee has no policy (a service principal, an imported role
	// that cannot be changed).
	PrincipalStatement *PolicyStatement
	// ResourceStatement is the statement added to the resource policy, if any.
	ResourceStatement *PolicyStatement
	dependables       []constructs.Construct
}

// policyDependable is implemented by principals whose statements live in a
// construct that others can depend on (a role's default policy).
type policyDependable interface {
	PolicyDependable() constructs.Construct
}

func dependableOf(p IPrincipal) []constructs.Construct {
	if d, ok := p.(policyDependable); ok {
		if c := d.PolicyDependable(); c != nil {
			return []constructs.Construct{c}
		}
	}
	return nil
}

// GrantOnPrincipal adds a statement allowing the actions on the resources to
// the grantee's policy, as the AWS CDK's Grant.addToPrincipal does.
func GrantOnPrincipal(opts GrantOnPrincipalOptions) *Grant {
	if constructs.IsNil(opts.Grantee) {
		constructs.ReportError(nil, "a grant has a nil grantee (a Grant method was given nil); pass the role or other principal to grant to")
		return &Grant{}
	}
	s := NewPolicyStatement(PolicyStatementProps{Actions: opts.Actions, Resources: opts.ResourceARNs, Conditions: opts.Conditions})
	p := opts.Grantee.GrantPrincipal()
	if !p.AddToPrincipalPolicy(s) {
		return &Grant{}
	}
	return &Grant{PrincipalStatement: s, dependables: dependableOf(p)}
}

// GrantOnPrincipalAndResource adds the statement to the grantee's policy and
// a statement naming the grantee to the resource's policy, as the AWS CDK's
// Grant.addToPrincipalAndResource does.
func GrantOnPrincipalAndResource(opts GrantOnPrincipalAndResourceOptions) *Grant {
	g := GrantOnPrincipal(GrantOnPrincipalOptions{Grantee: opts.Grantee, Actions: opts.Actions, ResourceARNs: opts.ResourceARNs})
	if constructs.IsNil(opts.Grantee) {
		return g
	}
	principal := opts.ResourcePolicyPrincipal
	if principal == nil {
		principal = opts.Grantee.GrantPrincipal()
	}
	self := opts.ResourceSelfARNs
	if self == nil {
		self = opts.ResourceARNs
	}
	rs := NewPolicyStatement(PolicyStatementProps{Actions: opts.Actions, Resources: self, Principals: []IPrincipal{principal}})
	if opts.Resource != nil && opts.Resource.AddToResourcePolicy(rs) {
		g.ResourceStatement = rs
	}
	return g
}

// Success reports whether a statement was added somewhere.
func (g *Grant) Success() bool { return g.PrincipalStatement != nil || g.ResourceStatement != nil }

// ApplyBefore makes each construct depend on the policies the grant added
// to, so that it is deployed after the permissions exist.
func (g *Grant) ApplyBefore(cs ...constructs.Construct) {
	for _, c := range cs {
		c.Node().AddDependency(g.dependables...)
	}
}

// Dependables returns the policies the grant added statements to.
func (g *Grant) Dependables() []constructs.Construct {
	return append([]constructs.Construct(nil), g.dependables...)
}
