package iam

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// literalStringKey marks a principal rendered as a bare string ("*").
const literalStringKey = "LiteralString"

// principalBase gives a principal without a policy of its own the parts of
// IPrincipal that do not depend on its kind.
type principalBase struct{}

// AssumeRoleAction returns "sts:AssumeRole".
func (principalBase) AssumeRoleAction() string { return "sts:AssumeRole" }

// AddToPrincipalPolicy returns false: the principal has no policy to add to.
func (principalBase) AddToPrincipalPolicy(*PolicyStatement) bool { return false }

// ServicePrincipal is an AWS service ("ecs-tasks.amazonaws.com").
type ServicePrincipal struct {
	principalBase
	// Service is the service principal name.
	Service    string
	conditions map[string]map[string]any
}

// NewServicePrincipal returns the principal of an AWS service, written
// {"Service": "<service>"}.
func NewServicePrincipal(service string) *ServicePrincipal {
	return &ServicePrincipal{Service: service}
}

// GrantPrincipal returns p.
func (p *ServicePrincipal) GrantPrincipal() IPrincipal { return p }

// PolicyFragment returns {"Service": [service]}.
func (p *ServicePrincipal) PolicyFragment() PrincipalPolicyFragment {
	return PrincipalPolicyFragment{PrincipalJSON: map[string][]string{"Service": {p.Service}}, Conditions: p.conditions}
}

// ARNPrincipal is an IAM entity named by its ARN (a user, a role, an account root).
type ARNPrincipal struct {
	principalBase
	// ARN is the entity's ARN.
	ARN string
}

// NewARNPrincipal returns the principal with the ARN, written {"AWS": "<arn>"}.
func NewARNPrincipal(arn string) *ARNPrincipal { return &ARNPrincipal{ARN: arn} }

// GrantPrincipal returns p.
func (p *ARNPrincipal) GrantPrincipal() IPrincipal { return p }

// PolicyFragment returns {"AWS": [arn]}.
func (p *ARNPrincipal) PolicyFragment() PrincipalPolicyFragment {
	return PrincipalPolicyFragment{PrincipalJSON: map[string][]string{"AWS": {p.ARN}}}
}

// AccountPrincipal is an AWS account, written as the ARN of its root:
// arn:${AWS::Partition}:iam::<account>:root.
type AccountPrincipal struct {
	ARNPrincipal
	// AccountID is the account.
	AccountID string
}

// NewAccountPrincipal returns the principal of an account.
func NewAccountPrincipal(accountID string) *AccountPrincipal {
	p := &AccountPrincipal{AccountID: accountID}
	p.ARN = "arn:" + cfn.Partition() + ":iam::" + accountID + ":root"
	return p
}

// GrantPrincipal returns p.
func (p *AccountPrincipal) GrantPrincipal() IPrincipal { return p }

// NewAccountRootPrincipal returns the principal of the account of the stack
// the policy is rendered in (its account, or {"Ref": "AWS::AccountId"} for an
// environment-agnostic stack).
func NewAccountRootPrincipal() *AccountPrincipal {
	return NewAccountPrincipal(stackAccount())
}

// stackAccount is a token for the account of the stack being rendered.
func stackAccount() string {
	return token.AsString(token.Func(func(ctx *token.Context) (any, error) {
		if c, ok := ctx.Scope.(constructs.Construct); ok {
			if s := constructs.TryStackOf(c); s != nil {
				return s.Account(), nil
			}
		}
		return cfn.AccountID(), nil
	}))
}

// AnyPrincipal is every identity in every account, written {"AWS": "*"}.
type AnyPrincipal struct{ ARNPrincipal }

// NewAnyPrincipal returns the principal "*".
func NewAnyPrincipal() *AnyPrincipal { return &AnyPrincipal{ARNPrincipal{ARN: "*"}} }

// GrantPrincipal returns p.
func (p *AnyPrincipal) GrantPrincipal() IPrincipal { return p }

// FederatedPrincipal is a federated identity provider (Cognito, an OIDC or
// SAML provider), with the conditions of the trust.
type FederatedPrincipal struct {
	principalBase
	// Federated is the provider.
	Federated string
	// Conditions are added to the statements naming the principal.
	Conditions map[string]map[string]any
	action     string
}

// NewFederatedPrincipal returns a federated principal; assumeRoleAction
// defaults to "sts:AssumeRole" when empty.
func NewFederatedPrincipal(federated string, conditions map[string]map[string]any, assumeRoleAction string) *FederatedPrincipal {
	if assumeRoleAction == "" {
		assumeRoleAction = "sts:AssumeRole"
	}
	return &FederatedPrincipal{Federated: federated, Conditions: conditions, action: assumeRoleAction}
}

// NewWebIdentityPrincipal returns a federated principal that assumes roles
// with sts:AssumeRoleWithWebIdentity.
func NewWebIdentityPrincipal(identityProvider string, conditions map[string]map[string]any) *FederatedPrincipal {
	return NewFederatedPrincipal(identityProvider, conditions, "sts:AssumeRoleWithWebIdentity")
}

// GrantPrincipal returns p.
func (p *FederatedPrincipal) GrantPrincipal() IPrincipal { return p }

// AssumeRoleAction returns the action given to NewFederatedPrincipal.
func (p *FederatedPrincipal) AssumeRoleAction() string { return p.action }

// PolicyFragment returns {"Federated": [provider]} and the conditions.
func (p *FederatedPrincipal) PolicyFragment() PrincipalPolicyFragment {
	return PrincipalPolicyFragment{PrincipalJSON: map[string][]string{"Federated": {p.Federated}}, Conditions: p.Conditions}
}

// PrincipalAccount returns the account.
func (p *AccountPrincipal) PrincipalAccount() string { return p.AccountID }
