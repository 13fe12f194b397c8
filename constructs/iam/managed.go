package iam

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam/iamcfn"
)

// managedPolicyARN is an IManagedPolicy known by its ARN.
type managedPolicyARN string

func (a managedPolicyARN) ManagedPolicyARN() string { return string(a) }

// ManagedPolicyFromAWSManagedPolicyName returns the AWS-managed policy with the
// name ("service-role/AmazonECSTaskExecutionRolePolicy"); its ARN renders
// as the AWS CDK writes it: arn:${AWS::Partition}:iam::aws:policy/<name>.
func ManagedPolicyFromAWSManagedPolicyName(name string) IManagedPolicy {
	return managedPolicyARN("arn:" + cfn.Partition() + ":iam::aws:policy/" + name)
}

// ManagedPolicyFromManagedPolicyARN returns the managed policy with the ARN.
func ManagedPolicyFromManagedPolicyARN(arn string) IManagedPolicy { return managedPolicyARN(arn) }

// ManagedPolicyFromManagedPolicyName returns the customer-managed policy with
// the name in the account of the stack it is used in.
func ManagedPolicyFromManagedPolicyName(name string) IManagedPolicy {
	return managedPolicyARN("arn:" + cfn.Partition() + ":iam::" + stackAccount() + ":policy/" + name)
}

// ManagedPolicy is a customer-managed policy (AWS::IAM::ManagedPolicy).
type ManagedPolicy struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *iamcfn.CfnManagedPolicy
	// Document is the policy document; add statements with AddStatements.
	Document *PolicyDocument
	roles    []IRole
}

// NewManagedPolicy creates a customer-managed policy.
func NewManagedPolicy(scope constructs.Construct, id string, props ManagedPolicyProps) *ManagedPolicy {
	p := &ManagedPolicy{Document: props.Document}
	p.Base = constructs.NewBase(p, scope, id)
	if p.Document == nil {
		p.Document = NewPolicyDocument(PolicyDocumentProps{})
	}
	cp := iamcfn.CfnManagedPolicyProps{
		PolicyDocument: p.Document,
		Roles:          uniqueList(func() []string { return roleNames(p.roles) }),
	}
	if props.ManagedPolicyName != "" {
		cp.ManagedPolicyName = new(props.ManagedPolicyName)
	}
	// The AWS CDK writes Description always, "" when not given.
	cp.Description = new(props.Description)
	path := props.Path
	if path == "" {
		path = "/"
	}
	cp.Path = new(path)
	p.Resource = iamcfn.NewCfnManagedPolicy(p, "Resource", cp)
	p.Document.AddStatements(props.Statements...)
	for _, r := range props.Roles {
		p.AttachToRole(r)
	}
	p.Node().AddValidation(constructs.ValidationFunc(func() []string {
		msgs := p.Document.ValidateForIdentityPolicy()
		if p.Document.IsEmpty() {
			msgs = append(msgs, "the managed policy has no statements; add one with AddStatements or ManagedPolicyProps.Statements")
		}
		return msgs
	}))
	return p
}

// ManagedPolicyARN returns the policy's ARN (its Ref).
func (p *ManagedPolicy) ManagedPolicyARN() string { return p.Resource.Ref() }

// AddStatements adds statements to the policy.
func (p *ManagedPolicy) AddStatements(s ...*PolicyStatement) { p.Document.AddStatements(s...) }

// AttachToRole attaches the policy to a role.
func (p *ManagedPolicy) AttachToRole(r IRole) {
	for _, x := range p.roles {
		if x == r {
			return
		}
	}
	p.roles = append(p.roles, r)
}

func roleNames(roles []IRole) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = r.RoleName()
	}
	return out
}
