package ecs

import (
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/secretsmanager"
	"github.com/forma-iac/forma/constructs/token"
)

// Secret is a value a container reads into an environment variable when its
// task starts: SecretsManagerSecret or SSMParameter.
type Secret interface {
	// ValueFrom is the container definition's Secrets[].ValueFrom for a
	// container under scope.
	ValueFrom(scope constructs.Construct) string
	// GrantRead lets grantee (the execution role) read the secret.
	GrantRead(scope constructs.Construct, grantee iam.IGrantable)
}

// SecretsManagerSecret is a secret of AWS Secrets Manager. Give either its
// complete ARN or its name.
type SecretsManagerSecret struct {
	// ARN is the secret's complete ARN (ending in the 6-character suffix
	// Secrets Manager adds).
	ARN string
	// Name is the secret's name: the ARN is built in the stack's partition,
	// region and account, and read access is granted on NAME-??????, as the
	// AWS CDK's Secret.fromSecretNameV2 does.
	Name string
	// Field is a JSON key of the secret's value; default: the whole value.
	Field string
	// VersionStage ("AWSPREVIOUS") or VersionID picks a version of the
	// secret; default: the current one (AWSCURRENT).
	VersionStage, VersionID string
}

func (s SecretsManagerSecret) arn(scope constructs.Construct) string {
	if s.ARN != "" {
		return s.ARN
	}
	st := constructs.StackOf(scope)
	return "arn:" + cfn.Partition() + ":secretsmanager:" + st.Region() + ":" + st.Account() + ":secret:" + s.Name
}

// ValueFrom returns the ARN, with ":FIELD:STAGE:ID" appended when Field or
// a version is set, as the AWS CDK's Secret.fromSecretsManager and
// fromSecretsManagerVersion write it.
func (s SecretsManagerSecret) ValueFrom(scope constructs.Construct) string {
	if s.VersionStage != "" || s.VersionID != "" {
		return s.arn(scope) + ":" + s.Field + ":" + s.VersionStage + ":" + s.VersionID
	}
	if s.Field != "" {
		return s.arn(scope) + ":" + s.Field + "::"
	}
	return s.arn(scope)
}

// GrantRead allows secretsmanager:GetSecretValue and DescribeSecret.
func (s SecretsManagerSecret) GrantRead(scope constructs.Construct, grantee iam.IGrantable) {
	res := s.arn(scope)
	if s.ARN == "" {
		res += "-??????"
	}
	iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{
		Grantee:      grantee,
		Actions:      []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
		ResourceARNs: []string{res},
	})
}

// SecretFromSecretsManager returns a container secret read from a Secrets
// Manager secret (a secretsmanager.Secret or an imported one), the AWS
// CDK's ecs.Secret.fromSecretsManager: field is a key of its JSON value,
// "" for the whole value. The execution role is granted read with the
// secret's GrantRead (and decryption with its key through Secrets
// Manager).
func SecretFromSecretsManager(secret secretsmanager.ISecret, field string) Secret {
	return secretsManagerL2{secret: constructs.NormalizeNil(secret), field: field}
}

type secretsManagerL2 struct {
	secret secretsmanager.ISecret
	field  string
}

func (s secretsManagerL2) ValueFrom(scope constructs.Construct) string {
	if s.secret == nil {
		scope.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"ecs.SecretFromSecretsManager was given a nil secret: pass a secretsmanager.Secret or an imported secret"}
		}))
		return ""
	}
	if s.field != "" {
		return s.secret.SecretARN() + ":" + s.field + "::"
	}
	return s.secret.SecretARN()
}

func (s secretsManagerL2) GrantRead(_ constructs.Construct, grantee iam.IGrantable) {
	if s.secret != nil {
		s.secret.GrantRead(grantee)
	}
}

// SSMParameter is a parameter of SSM Parameter Store. Give either its name
// or its ARN.
type SSMParameter struct {
	// Name is the parameter's name ("/prod/api-key"); the ARN is built in
	// the stack's partition, region and account.
	Name string
	// ARN is the parameter's ARN.
	ARN string
}

func (p SSMParameter) arn(scope constructs.Construct) string {
	if p.ARN != "" {
		return p.ARN
	}
	st := constructs.StackOf(scope)
	name := p.Name
	if !token.IsUnresolved(name) {
		name = strings.TrimPrefix(name, "/")
	}
	return "arn:" + cfn.Partition() + ":ssm:" + st.Region() + ":" + st.Account() + ":parameter/" + name
}

// ValueFrom returns the parameter's ARN.
func (p SSMParameter) ValueFrom(scope constructs.Construct) string { return p.arn(scope) }

// GrantRead allows the ssm read actions the AWS CDK's grantRead allows.
func (p SSMParameter) GrantRead(scope constructs.Construct, grantee iam.IGrantable) {
	iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{
		Grantee:      grantee,
		Actions:      []string{"ssm:DescribeParameters", "ssm:GetParameters", "ssm:GetParameter", "ssm:GetParameterHistory"},
		ResourceARNs: []string{p.arn(scope)},
	})
}
