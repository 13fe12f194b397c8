package iam

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam/iamcfn"
	"github.com/forma-iac/forma/constructs/token"
)

// maxPolicyNameLen is the longest name IAM accepts for an inline policy.
const maxPolicyNameLen = 128

// Policy is an inline policy (AWS::IAM::Policy) attached to roles, the
// counterpart of the AWS CDK's Policy. Its default PolicyName is the last
// 128 characters of its resource's logical ID, as the AWS CDK generates it.
//
// Difference from the AWS CDK: the AWS CDK silently leaves an empty or
// unattached policy out of the template (unless Force is set); forma always
// writes the resource and reports an empty or unattached policy as a
// synthesis error, since such a policy is almost always a mistake.
type Policy struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *iamcfn.CfnPolicy
	// Document is the policy document.
	Document *PolicyDocument
	roles    []IRole
	name     string
}

// NewPolicy creates an inline policy.
func NewPolicy(scope constructs.Construct, id string, props PolicyProps) *Policy {
	p := &Policy{Document: props.Document}
	p.Base = constructs.NewBase(p, scope, id)
	if p.Document == nil {
		p.Document = NewPolicyDocument(PolicyDocumentProps{})
	}
	p.name = props.PolicyName
	if p.name == "" {
		p.name = lazyString(func() string {
			id := p.Resource.LogicalID()
			if len(id) > maxPolicyNameLen {
				id = id[len(id)-maxPolicyNameLen:]
			}
			return id
		})
	}
	p.Resource = iamcfn.NewCfnPolicy(p, "Resource", iamcfn.CfnPolicyProps{
		PolicyDocument: p.Document,
		PolicyName:     p.name,
		Roles: token.AsList(token.Func(func(*token.Context) (any, error) {
			if len(p.roles) == 0 {
				return nil, nil
			}
			return roleNames(p.roles), nil
		})),
	})
	for _, r := range props.Roles {
		p.AttachToRole(r)
	}
	p.Document.AddStatements(props.Statements...)
	p.Node().AddValidation(constructs.ValidationFunc(p.validate))
	return p
}

func (p *Policy) validate() []string {
	var msgs []string
	if p.Document.IsEmpty() {
		msgs = append(msgs, "the policy has no statements; add one with AddStatements or PolicyProps.Statements")
	}
	if len(p.roles) == 0 {
		msgs = append(msgs, "the policy is not attached to any role; set PolicyProps.Roles or call AttachToRole")
	}
	return append(msgs, p.Document.ValidateForIdentityPolicy()...)
}

// PolicyName returns the policy's name.
func (p *Policy) PolicyName() string { return p.name }

// AddStatements adds statements to the policy.
func (p *Policy) AddStatements(s ...*PolicyStatement) { p.Document.AddStatements(s...) }

// AttachToRole attaches the policy to a role (once).
func (p *Policy) AttachToRole(r IRole) {
	for _, x := range p.roles {
		if x == r {
			return
		}
	}
	p.roles = append(p.roles, r)
	r.AttachInlinePolicy(p)
}

// GrantPrincipal returns a principal whose statements go into this policy.
func (p *Policy) GrantPrincipal() IPrincipal { return policyPrincipal{p} }

// policyPrincipal adds statements to a Policy; it cannot be named in a
// statement's Principal element.
type policyPrincipal struct{ p *Policy }

func (pp policyPrincipal) GrantPrincipal() IPrincipal { return pp }
func (pp policyPrincipal) AssumeRoleAction() string   { return "sts:AssumeRole" }
func (pp policyPrincipal) PolicyFragment() PrincipalPolicyFragment {
	panic("iam: the policy " + pp.p.Node().Path() + " cannot be used as the Principal of a statement; name a role instead")
}
func (pp policyPrincipal) AddToPrincipalPolicy(s *PolicyStatement) bool {
	pp.p.AddStatements(s)
	return true
}

// PrincipalAccount returns the account of the policy's stack, as the AWS
// CDK's PolicyGrantPrincipal.
func (pp policyPrincipal) PrincipalAccount() string { return constructs.StackOf(pp.p).Account() }

// unnamable marks a principal that cannot be written in a Principal element.
func (pp policyPrincipal) unnamable() {}

// PolicyDependable returns the policy: constructs that need the permissions
// should depend on it.
func (pp policyPrincipal) PolicyDependable() constructs.Construct { return pp.p }
