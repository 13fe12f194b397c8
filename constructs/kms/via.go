package kms

import "github.com/forma-iac/forma/constructs/iam"

// ViaServicePrincipal is a principal whose use of a key is allowed only
// through an AWS service, the AWS CDK's kms.ViaServicePrincipal: the base
// principal with the condition {"StringEquals": {"kms:ViaService": SERVICE}}.
// It holds no policy of its own, so a grant to it is written in the key
// policy (and has no effect on an imported key).
type ViaServicePrincipal struct {
	// Service is the service endpoint, e.g. "secretsmanager.us-east-1.amazonaws.com".
	Service string
	// Base is the principal the condition restricts; default the account
	// root principal of the stack.
	Base iam.IPrincipal
}

// NewViaServicePrincipal returns base restricted to using the key through
// service; a nil base is the stack's account root.
func NewViaServicePrincipal(service string, base iam.IPrincipal) *ViaServicePrincipal {
	return &ViaServicePrincipal{Service: service, Base: base}
}

func (p *ViaServicePrincipal) base() iam.IPrincipal {
	if b := p.Base; b != nil && b.GrantPrincipal() != nil {
		return b
	}
	return iam.NewAccountRootPrincipal()
}

// GrantPrincipal returns p.
func (p *ViaServicePrincipal) GrantPrincipal() iam.IPrincipal { return p }

// AssumeRoleAction is the base principal's.
func (p *ViaServicePrincipal) AssumeRoleAction() string { return p.base().AssumeRoleAction() }

// AddToPrincipalPolicy reports false: the principal has no policy of its
// own, as the AWS CDK's.
func (p *ViaServicePrincipal) AddToPrincipalPolicy(*iam.PolicyStatement) bool { return false }

// PrincipalAccount is the base principal's account.
func (p *ViaServicePrincipal) PrincipalAccount() string { return iam.PrincipalAccount(p.base()) }

// PolicyFragment is the base principal's, with the kms:ViaService condition.
func (p *ViaServicePrincipal) PolicyFragment() iam.PrincipalPolicyFragment {
	f := p.base().PolicyFragment()
	conds := map[string]map[string]any{}
	for op, kv := range f.Conditions {
		m := map[string]any{}
		for k, v := range kv {
			m[k] = v
		}
		conds[op] = m
	}
	if conds["StringEquals"] == nil {
		conds["StringEquals"] = map[string]any{}
	}
	conds["StringEquals"]["kms:ViaService"] = p.Service
	return iam.PrincipalPolicyFragment{PrincipalJSON: f.PrincipalJSON, Conditions: conds}
}
