package kms

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
)

// IKey is a KMS key, defined here or imported.
type IKey interface {
	// KeyARN is the key's ARN.
	KeyARN() string
	// AddToResourcePolicy adds a statement to the key policy; it reports
	// false when the key's policy is not part of the program (an imported key).
	AddToResourcePolicy(s *iam.PolicyStatement) bool
}

// KeyProps configures NewKey.
type KeyProps struct {
	// Description of the key; default: none.
	Description string
	// EnableKeyRotation rotates the key material every year; default false.
	EnableKeyRotation bool
	// RemovalPolicy default cfn.PolicyRetain, as the AWS CDK: the key
	// outlives the stack.
	RemovalPolicy cfn.RemovalPolicy
}

// Key is an AWS::KMS::Key, the AWS CDK's kms.Key with its default key
// policy: the account's root may use and administer the key (kms:*), so IAM
// policies in the account decide who else may.
type Key struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *CfnKey
	// Policy is the key policy; add statements with AddToResourcePolicy.
	Policy *iam.PolicyDocument
}

// NewKey creates a key with the default key policy.
func NewKey(scope constructs.Construct, id string, props KeyProps) *Key {
	k := &Key{Policy: iam.NewPolicyDocument(iam.PolicyDocumentProps{})}
	k.Base = constructs.NewBase(k, scope, id)
	k.Policy.AddStatements(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:    []string{"kms:*"},
		Principals: []iam.IPrincipal{iam.NewAccountRootPrincipal()},
		Resources:  []string{"*"},
	}))
	p := CfnKeyProps{KeyPolicy: k.Policy}
	if props.Description != "" {
		p.Description = new(props.Description)
	}
	if props.EnableKeyRotation {
		p.EnableKeyRotation = new(true)
	}
	k.Resource = NewCfnKey(k, "Resource", p)
	rp := props.RemovalPolicy
	if rp == "" {
		rp = cfn.PolicyRetain
	}
	k.Resource.ApplyRemovalPolicy(rp)
	k.Node().AddValidation(constructs.ValidationFunc(k.Policy.ValidateForResourcePolicy))
	return k
}

// KeyARN returns the key's Arn attribute.
func (k *Key) KeyARN() string { return k.Resource.AttrArn() }

// KeyID returns the key's Ref (its id).
func (k *Key) KeyID() string { return k.Resource.Ref() }

// AddToResourcePolicy adds a statement to the key policy; identical
// statements are written once.
func (k *Key) AddToResourcePolicy(s *iam.PolicyStatement) bool {
	k.Policy.AddStatements(s)
	return true
}

// importedKey is a key known by its ARN.
type importedKey string

func (k importedKey) KeyARN() string                                { return string(k) }
func (k importedKey) AddToResourcePolicy(*iam.PolicyStatement) bool { return false }

// KeyFromKeyARN returns a key defined elsewhere; its key policy cannot be
// changed from here.
func KeyFromKeyARN(arn string) IKey { return importedKey(arn) }
