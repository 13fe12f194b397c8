package secretsmanager

import "github.com/forma-iac/forma/constructs/token"

// SecretValue is a secret, or a way to obtain one, the AWS CDK's
// SecretValue: a CloudFormation dynamic reference resolved at deployment
// ({{resolve:secretsmanager:...}}), a resource attribute, or a plain text
// value the program chose to write in the template. Its zero value is no
// value. UnsafeUnwrap returns the string to put in a property.
type SecretValue struct {
	value string
	// unsafe marks UnsafePlainText; literal marks a literal given where an
	// attribute was expected.
	unsafe, literal bool
}

// SecretsManagerOptions picks a part and a version of a secret for
// SecretValueFromSecretsManager.
type SecretsManagerOptions struct {
	// JSONField is a key of the secret's JSON value; default: the whole value.
	JSONField string
	// VersionStage ("AWSPREVIOUS") or VersionID picks a version; default
	// the current one. Only one of them may be set.
	VersionStage, VersionID string
}

// SecretValueFromSecretsManager returns the dynamic reference
// {{resolve:secretsmanager:SECRET:SecretString:FIELD:STAGE:ID}} that
// CloudFormation resolves at deployment, the AWS CDK's
// SecretValue.secretsManager: the secret's value never appears in the
// template. secretID is the secret's name or ARN.
func SecretValueFromSecretsManager(secretID string, opts SecretsManagerOptions) SecretValue {
	return SecretValue{value: "{{resolve:secretsmanager:" + secretID + ":SecretString:" + opts.JSONField + ":" + opts.VersionStage + ":" + opts.VersionID + "}}"}
}

// SecretValueFromAttribute returns a value produced by another resource
// (an attribute such as an access key's SecretAccessKey), the AWS CDK's
// SecretValue.resourceAttribute. A plain string is rejected at synthesis
// (IsZero/IsPlainText tell which); use UnsafePlainText for one.
func SecretValueFromAttribute(attr string) SecretValue {
	return SecretValue{value: attr, literal: !token.IsUnresolved(attr)}
}

// UnsafePlainText returns a value written as is in the template, visible
// to anyone who can read the template, the AWS CDK's
// SecretValue.unsafePlainText. Prefer a generated secret.
func UnsafePlainText(s string) SecretValue { return SecretValue{value: s, unsafe: true} }

// UnsafeUnwrap returns the string to write in a property: the dynamic
// reference, the attribute, or the plain text.
func (v SecretValue) UnsafeUnwrap() string { return v.value }

// IsZero reports whether v holds no value.
func (v SecretValue) IsZero() bool { return v == SecretValue{} }

// IsPlainText reports whether v is a literal string (UnsafePlainText, or a
// SecretValueFromAttribute given a literal).
func (v SecretValue) IsPlainText() bool { return v.unsafe || v.literal }
