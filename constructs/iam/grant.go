package iam

import (
	"fmt"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

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
		return &Grant{} // RequireSuccess reports it where a resource grants
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

// principalAccounter is implemented by principals that belong to a known
// account: a role (its stack's account), an account principal.
type principalAccounter interface {
	PrincipalAccount() string
}

// PrincipalAccount returns the account a principal belongs to, "" when
// unknown (a service principal, an ARN principal), as the AWS CDK's
// IPrincipal.principalAccount.
func PrincipalAccount(p IPrincipal) string {
	if a, ok := p.(principalAccounter); ok {
		return a.PrincipalAccount()
	}
	return ""
}

// sameAccount is the AWS CDK's comparison in Grant.addToPrincipalOrResource:
// the accounts are the same when both are literal and equal, or both are
// tokens (an environment-agnostic stack's account); an unknown principal
// account is never the same.
func sameAccount(resourceAccount, principalAccount string) bool {
	if principalAccount == "" {
		return false
	}
	ru, pu := token.IsUnresolved(resourceAccount), token.IsUnresolved(principalAccount)
	switch {
	case ru && pu:
		return true
	case ru || pu:
		return false
	}
	return resourceAccount == principalAccount
}

// GrantOnPrincipalOrResource gives the grantee the actions on the resource
// as the AWS CDK's Grant.addToPrincipalOrResource does: a grantee of the
// resource's account with a policy of its own (a role) gets an identity
// policy statement; any other grantee (another account, a service, an ARN)
// is named in a statement of the resource's policy instead, with the
// actions on ResourceSelfARNs. A role of another account gets both.
func GrantOnPrincipalOrResource(opts GrantOnPrincipalOrResourceOptions) *Grant {
	g := GrantOnPrincipal(GrantOnPrincipalOptions{Grantee: opts.Grantee, Actions: opts.Actions, ResourceARNs: opts.ResourceARNs, Conditions: opts.Conditions})
	if opts.Resource == nil || constructs.IsNil(opts.Grantee) {
		return g
	}
	principal := opts.Grantee.GrantPrincipal()
	account := constructs.StackOf(opts.Resource).Account()
	if g.PrincipalStatement != nil && sameAccount(account, PrincipalAccount(principal)) {
		return g
	}
	if _, ok := principal.(interface{ unnamable() }); ok {
		// A Policy's principal cannot be named in a resource policy (the
		// AWS CDK throws); its identity statement is the grant.
		return g
	}
	self := opts.ResourceSelfARNs
	if self == nil {
		self = opts.ResourceARNs
	}
	rs := NewPolicyStatement(PolicyStatementProps{Actions: opts.Actions, Resources: self, Principals: []IPrincipal{principal}, Conditions: opts.Conditions})
	if opts.Resource.AddToResourcePolicy(rs) {
		g.ResourceStatement = rs
		g.dependables = append(g.dependables, opts.Resource)
	}
	// Unlike the AWS CDK's Grant, the result names the principal statement
	// of a role of another account too: it was added.
	return g
}

// GrantOnPrincipalOrResourceOptions configures GrantOnPrincipalOrResource.
type GrantOnPrincipalOrResourceOptions struct {
	// Grantee receives the permissions (required).
	Grantee IGrantable
	// Actions to allow (required).
	Actions []string
	// ResourceARNs the actions apply to in the grantee's policy (required).
	ResourceARNs []string
	// ResourceSelfARNs are the resource policy statement's Resource; nil
	// means ResourceARNs, an empty non-nil slice means no Resource element
	// (as for an ECR repository policy).
	ResourceSelfARNs []string
	// Resource is the resource whose policy names other grantees (required).
	Resource IResourceWithPolicy
	// Conditions on the statements.
	Conditions map[string]map[string]any
}

// RequireSuccess records a synthesis error on scope when the grant added no
// statement anywhere (a grantee without a policy of its own, such as a
// service principal, and a resource whose policy cannot be changed, such as
// an imported one): a grant either changes the template or fails. what names
// the grant ("GrantPull"). It returns g.
func RequireSuccess(g *Grant, scope constructs.Construct, what string, grantee IGrantable) *Grant {
	if g.Success() {
		return g
	}
	if constructs.IsNil(grantee) {
		scope.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{what + " was given a nil grantee; pass the role or other principal to grant to"}
		}))
		return g
	}
	desc := describePrincipal(grantee)
	scope.Node().AddValidation(constructs.ValidationFunc(func() []string {
		return []string{what + " to " + desc + " added no statement: the grantee has no policy of its own and this resource has no resource policy forma can change; grant to a role (or the resource's own principal), or add the statement to a policy the grantee uses"}
	}))
	return g
}

// describePrincipal names a grantee in an error message.
func describePrincipal(grantee IGrantable) string {
	if c, ok := grantee.(constructs.Construct); ok {
		return c.Node().Path()
	}
	p := grantee.GrantPrincipal()
	if c, ok := p.(constructs.Construct); ok {
		return c.Node().Path()
	}
	switch x := p.(type) {
	case *ServicePrincipal:
		return "the service principal " + x.Service
	case *AccountPrincipal:
		return "the account principal " + x.AccountID
	case *AnyPrincipal:
		return "any principal (*)"
	case *ARNPrincipal:
		return "the principal " + x.ARN
	case *FederatedPrincipal:
		return "the federated principal " + x.Federated
	}
	return fmt.Sprintf("a %T", p)
}
