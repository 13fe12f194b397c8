package secretsmanager

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/secretsmanager/secretsmanagercfn"
)

// ResourcePolicyProps configures NewResourcePolicy.
type ResourcePolicyProps struct {
	// Secret the policy is attached to (required).
	Secret ISecret
}

// ResourcePolicy is an AWS::SecretsManager::ResourcePolicy, the AWS CDK's
// secretsmanager.ResourcePolicy: a secret's resource policy. A Secret
// creates its own (the child "Policy") on AddToResourcePolicy.
type ResourcePolicy struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *secretsmanagercfn.CfnResourcePolicy
	// Document is the policy; add statements to it.
	Document *iam.PolicyDocument
}

// NewResourcePolicy creates a resource policy for a secret.
func NewResourcePolicy(scope constructs.Construct, id string, props ResourcePolicyProps) *ResourcePolicy {
	props.Secret = constructs.NormalizeNil(props.Secret)
	p := &ResourcePolicy{Document: iam.NewPolicyDocument(iam.PolicyDocumentProps{})}
	p.Base = constructs.NewBase(p, scope, id)
	arn := ""
	if props.Secret != nil {
		arn = props.Secret.SecretARN()
	} else {
		p.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"ResourcePolicyProps.Secret is required: set the secret the policy is attached to"}
		}))
	}
	p.Resource = secretsmanagercfn.NewCfnResourcePolicy(p, "Resource", secretsmanagercfn.CfnResourcePolicyProps{ResourcePolicy: p.Document, SecretId: arn})
	return p
}
