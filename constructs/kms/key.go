package kms

import (
	"fmt"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms/kmscfn"
	"github.com/forma-iac/forma/constructs/token"
)

// IKey is a KMS key, defined here or imported.
type IKey interface {
	// KeyARN is the key's ARN.
	KeyARN() string
	// AddToResourcePolicy adds a statement to the key policy; it reports
	// false when the key's policy is not part of the program (an imported key).
	AddToResourcePolicy(s *iam.PolicyStatement) bool
	// Grant gives grantee the actions on the key.
	Grant(grantee iam.IGrantable, actions ...string) *iam.Grant
	// GrantEncrypt lets grantee encrypt with the key.
	GrantEncrypt(grantee iam.IGrantable) *iam.Grant
	// GrantDecrypt lets grantee decrypt with the key.
	GrantDecrypt(grantee iam.IGrantable) *iam.Grant
	// GrantEncryptDecrypt lets grantee encrypt and decrypt with the key.
	GrantEncryptDecrypt(grantee iam.IGrantable) *iam.Grant
}

// The actions of the AWS CDK's key grants.
var (
	encryptActions        = []string{"kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"}
	decryptActions        = []string{"kms:Decrypt"}
	encryptDecryptActions = []string{"kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"}
)

// KeyProps configures NewKey.
type KeyProps struct {
	// Description of the key; default: none.
	Description string
	// Alias is an alias for the key ("alias/" is prepended when missing),
	// created as AddAlias creates it; default: none.
	Alias string
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
	Resource *kmscfn.CfnKey
	// Policy is the key policy; add statements with AddToResourcePolicy.
	Policy *iam.PolicyDocument

	aliases []*Alias
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
	p := kmscfn.CfnKeyProps{KeyPolicy: k.Policy}
	if props.Description != "" {
		p.Description = new(props.Description)
	}
	if props.EnableKeyRotation {
		p.EnableKeyRotation = new(true)
	}
	k.Resource = kmscfn.NewCfnKey(k, "Resource", p)
	rp := props.RemovalPolicy
	if rp == "" {
		rp = cfn.PolicyRetain
	}
	k.Resource.ApplyRemovalPolicy(rp)
	if props.Alias != "" {
		k.AddAlias(props.Alias)
	}
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

// AddAlias adds an alias to the key, as the AWS CDK's Key.addAlias: the
// first alias is the child "Alias", later ones "Alias<name>".
func (k *Key) AddAlias(name string) *Alias {
	id := "Alias"
	if len(k.aliases) > 0 {
		id = "Alias" + strings.ReplaceAll(name, "/", "--")
	}
	a := NewAlias(k, id, AliasProps{AliasName: name, TargetKey: k})
	k.aliases = append(k.aliases, a)
	return a
}

// Aliases returns the aliases added with AddAlias (and KeyProps.Alias).
func (k *Key) Aliases() []*Alias { return append([]*Alias(nil), k.aliases...) }

// Grant gives grantee the actions on the key, as the AWS CDK's Key.grant:
// a role of the key's account gets an identity policy statement on the
// key's ARN; another grantee (another account, a service) is named in a
// key policy statement on "*"; a role of a stack in another account or
// region gets both, on "*".
func (k *Key) Grant(grantee iam.IGrantable, actions ...string) *iam.Grant {
	if grantee = constructs.NormalizeNil(grantee); grantee == nil {
		k.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"a grant on the key was given a nil grantee: pass a role or a principal"}
		}))
		return &iam.Grant{}
	}
	if k.crossEnvironment(grantee) {
		return iam.GrantOnPrincipalAndResource(iam.GrantOnPrincipalAndResourceOptions{
			Grantee: grantee, Actions: actions, ResourceARNs: []string{"*"}, Resource: k,
		})
	}
	return iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{
		Grantee: grantee, Actions: actions, ResourceARNs: []string{k.KeyARN()}, ResourceSelfARNs: []string{"*"}, Resource: k,
	})
}

// crossEnvironment reports whether grantee is a construct of a stack with
// another account or region than the key's.
func (k *Key) crossEnvironment(grantee iam.IGrantable) bool {
	c, ok := grantee.(constructs.Construct)
	if !ok {
		return false
	}
	gs := constructs.TryStackOf(c)
	if gs == nil {
		return false
	}
	ks := constructs.StackOf(k)
	return gs.Account() != ks.Account() || gs.Region() != ks.Region()
}

// GrantEncrypt lets grantee encrypt: kms:Encrypt, kms:ReEncrypt*,
// kms:GenerateDataKey*.
func (k *Key) GrantEncrypt(grantee iam.IGrantable) *iam.Grant {
	return k.Grant(grantee, encryptActions...)
}

// GrantDecrypt lets grantee decrypt: kms:Decrypt.
func (k *Key) GrantDecrypt(grantee iam.IGrantable) *iam.Grant {
	return k.Grant(grantee, decryptActions...)
}

// GrantEncryptDecrypt lets grantee encrypt and decrypt.
func (k *Key) GrantEncryptDecrypt(grantee iam.IGrantable) *iam.Grant {
	return k.Grant(grantee, encryptDecryptActions...)
}

// importedKey is a key known by its ARN.
type importedKey string

func (k importedKey) KeyARN() string                                { return string(k) }
func (k importedKey) AddToResourcePolicy(*iam.PolicyStatement) bool { return false }

// Grant adds the statement to the grantee's own policy only: an imported
// key's policy is not managed here, so it must already trust the grantee's
// account.
func (k importedKey) Grant(grantee iam.IGrantable, actions ...string) *iam.Grant {
	if grantee = constructs.NormalizeNil(grantee); grantee == nil {
		return &iam.Grant{}
	}
	return iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{Grantee: grantee, Actions: actions, ResourceARNs: []string{string(k)}})
}
func (k importedKey) GrantEncrypt(g iam.IGrantable) *iam.Grant { return k.Grant(g, encryptActions...) }
func (k importedKey) GrantDecrypt(g iam.IGrantable) *iam.Grant { return k.Grant(g, decryptActions...) }
func (k importedKey) GrantEncryptDecrypt(g iam.IGrantable) *iam.Grant {
	return k.Grant(g, encryptDecryptActions...)
}

// KeyFromKeyARN returns a key defined elsewhere; its key policy cannot be
// changed from here, so grants add to the grantee's policy only.
func KeyFromKeyARN(arn string) IKey { return importedKey(arn) }

// AliasProps configures NewAlias.
type AliasProps struct {
	// AliasName is the alias (required); "alias/" is prepended when missing.
	// It may not start with "alias/aws/" (reserved for AWS-managed keys).
	AliasName string
	// TargetKey is the key the alias names (required).
	TargetKey IKey
	// RemovalPolicy default: none written (the alias is deleted with the
	// stack), as the AWS CDK.
	RemovalPolicy cfn.RemovalPolicy
}

// Alias is an AWS::KMS::Alias, the AWS CDK's kms.Alias: a friendly name for
// a key, its TargetKeyId the key's ARN.
type Alias struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *kmscfn.CfnAlias
	// Key is the target key.
	Key  IKey
	name string
}

// NewAlias creates an alias of a key.
func NewAlias(scope constructs.Construct, id string, props AliasProps) *Alias {
	props.TargetKey = constructs.NormalizeNil(props.TargetKey)
	a := &Alias{Key: props.TargetKey}
	a.Base = constructs.NewBase(a, scope, id)
	var problems []string
	name := props.AliasName
	if name == "" {
		problems = append(problems, "AliasProps.AliasName is required: set a name such as \"alias/my-key\"")
	} else if !token.IsUnresolved(name) && !strings.HasPrefix(name, "alias/") {
		name = "alias/" + name
	}
	if !token.IsUnresolved(name) && name != "" {
		switch {
		case strings.HasPrefix(name, "alias/aws/"):
			problems = append(problems, fmt.Sprintf("AliasName %q starts with \"alias/aws/\", which is reserved for AWS-managed keys; choose another name", name))
		case len(name) > 256:
			problems = append(problems, fmt.Sprintf("AliasName %q is longer than 256 characters", name))
		case strings.TrimLeft(strings.TrimPrefix(name, "alias/"), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-") != "":
			problems = append(problems, fmt.Sprintf("AliasName %q may hold only letters, digits, '/', '_' and '-' after \"alias/\"", name))
		case name == "alias/":
			problems = append(problems, "AliasName \"alias/\" names no alias; add a name after the prefix")
		}
	}
	a.name = name
	target := ""
	if props.TargetKey == nil {
		problems = append(problems, "AliasProps.TargetKey is required: set the key the alias names")
	} else {
		target = props.TargetKey.KeyARN()
	}
	a.Resource = kmscfn.NewCfnAlias(a, "Resource", kmscfn.CfnAliasProps{AliasName: name, TargetKeyId: target})
	if props.RemovalPolicy != "" {
		a.Resource.ApplyRemovalPolicy(props.RemovalPolicy)
	}
	a.Node().AddValidation(constructs.ValidationFunc(func() []string { return problems }))
	return a
}

// AliasName returns the alias name, "alias/" included; a Ref to the alias
// when the context sets the AWS CDK feature flag @aws-cdk/aws-kms:aliasNameRef
// (so that users of the name depend on the alias).
func (a *Alias) AliasName() string {
	if constructs.FeatureFlag(a, "@aws-cdk/aws-kms:aliasNameRef") {
		return a.Resource.Ref()
	}
	return a.name
}

// KeyARN returns the target key's ARN, so an alias can stand for its key.
func (a *Alias) KeyARN() string { return a.Key.KeyARN() }

// AddToResourcePolicy adds to the target key's policy.
func (a *Alias) AddToResourcePolicy(s *iam.PolicyStatement) bool {
	return a.Key.AddToResourcePolicy(s)
}

// Grant grants on the target key.
func (a *Alias) Grant(grantee iam.IGrantable, actions ...string) *iam.Grant {
	return a.Key.Grant(grantee, actions...)
}

// GrantEncrypt grants encryption with the target key.
func (a *Alias) GrantEncrypt(g iam.IGrantable) *iam.Grant { return a.Key.GrantEncrypt(g) }

// GrantDecrypt grants decryption with the target key.
func (a *Alias) GrantDecrypt(g iam.IGrantable) *iam.Grant { return a.Key.GrantDecrypt(g) }

// GrantEncryptDecrypt grants both with the target key.
func (a *Alias) GrantEncryptDecrypt(g iam.IGrantable) *iam.Grant {
	return a.Key.GrantEncryptDecrypt(g)
}
