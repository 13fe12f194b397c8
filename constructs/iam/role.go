package iam

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam/iamcfn"
	"github.com/forma-iac/forma/constructs/token"
)

// Role is an IAM role (AWS::IAM::Role), the counterpart of the AWS CDK's
// Role: its trust policy lets AssumedBy assume it, statements added with
// AddToPolicy go into a Policy named "DefaultPolicy" created on first use,
// and managed policy ARNs are written once each.
//
// Differences from the AWS CDK: InlinePolicies are written in order of their
// names (Go maps have no order; the AWS CDK keeps insertion order; give
// OrderedInlinePolicies for the order of the program); the AWS
// CDK's splitting of oversized policies into extra managed policies is not
// done (IAM then rejects a policy over its size limit at deployment).
type Role struct {
	constructs.Base
	constructs.Problems
	// Resource is the L1 resource.
	Resource *iamcfn.CfnRole
	// AssumeRolePolicy is the trust policy.
	AssumeRolePolicy *PolicyDocument
	// DefaultPolicy is created by the first AddToPolicy; nil before.
	DefaultPolicy *Policy

	managed  []IManagedPolicy
	attached []*Policy
}

// NewRole creates a role.
func NewRole(scope constructs.Construct, id string, props RoleProps) *Role {
	props.AssumedBy, props.PermissionsBoundary = constructs.NormalizeNil(props.AssumedBy), constructs.NormalizeNil(props.PermissionsBoundary)
	r := &Role{}
	r.Base = constructs.NewBase(r, scope, id)
	if props.AssumedBy == nil {
		r.Errorf("RoleProps.AssumedBy is required: set the principal allowed to assume the role, e.g. iam.NewServicePrincipal(\"lambda.amazonaws.com\")")
	} else {
		r.AssumeRolePolicy = assumeRolePolicy(props.AssumedBy, props.ExternalIDs)
	}
	cp := iamcfn.CfnRoleProps{
		ManagedPolicyArns: uniqueList(func() []string {
			out := make([]string, len(r.managed))
			for i, m := range r.managed {
				out[i] = m.ManagedPolicyARN()
			}
			return out
		}),
	}
	if r.AssumeRolePolicy != nil {
		cp.AssumeRolePolicyDocument = r.AssumeRolePolicy
	}
	inline := inlinePolicies(props)
	seen := map[string]bool{}
	for _, p := range inline {
		switch {
		case p.Name == "":
			r.Errorf("an inline policy has no name; set InlinePolicy.Name")
			continue
		case seen[p.Name]:
			r.Errorf("inline policy %q is given twice (OrderedInlinePolicies and InlinePolicies share one namespace); give each policy one name", p.Name)
			continue
		case p.Document == nil:
			r.Errorf("inline policy %q has no document; set InlinePolicy.Document", p.Name)
			continue
		}
		seen[p.Name] = true
		cp.Policies = append(cp.Policies, iamcfn.CfnRole_PolicyProperty{PolicyName: p.Name, PolicyDocument: p.Document})
	}
	if props.RoleName != "" {
		cp.RoleName = new(props.RoleName)
		if len(props.RoleName) > 64 {
			r.Errorf("RoleName %q is %d characters; IAM allows at most 64", props.RoleName, len(props.RoleName))
		}
	}
	if props.Description != "" {
		cp.Description = new(props.Description)
		if len(props.Description) > 1000 {
			r.Errorf("Description is %d characters; IAM allows at most 1000", len(props.Description))
		}
	}
	if props.Path != "" {
		cp.Path = new(props.Path)
		if len(props.Path) > 512 {
			r.Errorf("Path is %d characters; IAM allows at most 512", len(props.Path))
		}
	}
	if d := props.MaxSessionDuration; d != 0 {
		secs := int(d / time.Second)
		cp.MaxSessionDuration = new(secs)
		if d < time.Hour || d > 12*time.Hour || d%time.Second != 0 {
			r.Errorf("MaxSessionDuration is %v; it must be whole seconds between 1h and 12h", d)
		}
	}
	if props.PermissionsBoundary != nil {
		cp.PermissionsBoundary = new(props.PermissionsBoundary.ManagedPolicyARN())
	}
	r.Resource = iamcfn.NewCfnRole(r, "Resource", cp)
	for _, m := range props.ManagedPolicies {
		r.AddManagedPolicy(m)
	}
	r.Node().AddValidation(constructs.ValidationFunc(func() []string {
		var msgs []string
		if p := props.Path; p != "" && !token.IsUnresolved(p) && (!strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/")) {
			msgs = append(msgs, fmt.Sprintf("Path %q must start and end with '/', e.g. %q", p, "/"+strings.Trim(p, "/")+"/"))
		}
		if r.AssumeRolePolicy != nil {
			for _, m := range r.AssumeRolePolicy.ValidateForAnyPolicy() {
				msgs = append(msgs, "trust policy: "+m)
			}
		}
		for _, p := range inline {
			if p.Document == nil {
				continue
			}
			for _, m := range p.Document.ValidateForIdentityPolicy() {
				msgs = append(msgs, "inline policy "+p.Name+": "+m)
			}
		}
		return msgs
	}))
	return r
}

// inlinePolicies returns OrderedInlinePolicies, then InlinePolicies in order of
// their names.
func inlinePolicies(props RoleProps) []InlinePolicy {
	out := append([]InlinePolicy(nil), props.OrderedInlinePolicies...)
	for _, name := range slices.Sorted(maps.Keys(props.InlinePolicies)) {
		out = append(out, InlinePolicy{Name: name, Document: props.InlinePolicies[name]})
	}
	return out
}

func assumeRolePolicy(p IPrincipal, externalIDs []string) *PolicyDocument {
	s := NewPolicyStatement(PolicyStatementProps{Actions: []string{p.AssumeRoleAction()}, Principals: []IPrincipal{p}})
	switch len(externalIDs) {
	case 0:
	case 1:
		s.AddCondition("StringEquals", map[string]any{"sts:ExternalId": externalIDs[0]})
	default:
		s.AddCondition("StringEquals", map[string]any{"sts:ExternalId": externalIDs})
	}
	return NewPolicyDocument(PolicyDocumentProps{Statements: []*PolicyStatement{s}})
}

// RoleARN returns the role's ARN (Fn::GetAtt Arn).
func (r *Role) RoleARN() string { return r.Resource.AttrArn() }

// RoleName returns the role's name (Ref).
func (r *Role) RoleName() string { return r.Resource.Ref() }

// RoleID returns the role's stable id (Fn::GetAtt RoleId).
func (r *Role) RoleID() string { return r.Resource.AttrRoleId() }

// GrantPrincipal returns r.
func (r *Role) GrantPrincipal() IPrincipal { return r }

// AssumeRoleAction returns "sts:AssumeRole".
func (r *Role) AssumeRoleAction() string { return "sts:AssumeRole" }

// PolicyFragment returns {"AWS": roleArn}.
func (r *Role) PolicyFragment() PrincipalPolicyFragment {
	return PrincipalPolicyFragment{PrincipalJSON: map[string][]string{"AWS": {r.RoleARN()}}}
}

// AddToPrincipalPolicy adds the statement to the role's default policy,
// creating it (construct id "DefaultPolicy") on first use.
func (r *Role) AddToPrincipalPolicy(s *PolicyStatement) bool {
	if r.DefaultPolicy == nil {
		r.DefaultPolicy = NewPolicy(r, "DefaultPolicy", PolicyProps{})
		r.DefaultPolicy.Document.mergeEqual = true
		r.DefaultPolicy.AttachToRole(r)
	}
	r.DefaultPolicy.AddStatements(s)
	return true
}

// AddToPolicy is AddToPrincipalPolicy.
func (r *Role) AddToPolicy(s *PolicyStatement) bool { return r.AddToPrincipalPolicy(s) }

// PolicyDependable returns the default policy (nil before the first
// AddToPolicy): what needs the role's permissions should depend on it.
func (r *Role) PolicyDependable() constructs.Construct {
	if r.DefaultPolicy == nil {
		return nil
	}
	return r.DefaultPolicy
}

// AttachInlinePolicy attaches a Policy to the role.
func (r *Role) AttachInlinePolicy(p *Policy) {
	for _, x := range r.attached {
		if x == p {
			return
		}
	}
	r.attached = append(r.attached, p)
	p.AttachToRole(r)
}

// AddManagedPolicy attaches a managed policy.
func (r *Role) AddManagedPolicy(p IManagedPolicy) {
	if constructs.IsNil(p) {
		r.Errorf("a managed policy is nil; pass the policy to attach (iam.ManagedPolicyFromAWSManagedPolicyName...)")
		return
	}
	for _, x := range r.managed {
		if x == p {
			return
		}
	}
	r.managed = append(r.managed, p)
}

// Grant gives grantee the actions on this role, in the grantee's own
// policy. A grantee without one (a service principal, another account) is a
// synthesis error on the role: the AWS CDK silently drops such a grant.
func (r *Role) Grant(grantee IGrantable, actions ...string) *Grant {
	g := GrantOnPrincipal(GrantOnPrincipalOptions{Grantee: grantee, Actions: actions, ResourceARNs: []string{r.RoleARN()}})
	return RequireSuccess(g, r, "a grant on the role", grantee)
}

// GrantPassRole lets grantee pass this role to a service (iam:PassRole).
func (r *Role) GrantPassRole(grantee IGrantable) *Grant { return r.Grant(grantee, "iam:PassRole") }

// GrantAssumeRole lets grantee assume this role (sts:AssumeRole).
func (r *Role) GrantAssumeRole(grantee IGrantable) *Grant { return r.Grant(grantee, "sts:AssumeRole") }

// PrincipalAccount returns the account of the role's stack (a token for an
// environment-agnostic stack), as the AWS CDK's Role.principalAccount.
func (r *Role) PrincipalAccount() string { return constructs.StackOf(r).Account() }
