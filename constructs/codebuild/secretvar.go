package codebuild

import (
	"fmt"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// SecretVariableResources returns what a SECRETS_MANAGER environment
// variable whose value is value is granted, as the AWS CDK grants a
// project's: secret, the resource of secretsmanager:GetSecretValue (a token
// as is, up to a JSON key; an ARN with its random suffix open; a name, or
// "name:json-key", with the suffix's six characters), and key, the resource
// of kms:Decrypt for the ARN of a secret in another account ("" otherwise).
// An ARN without a secret name is an error. Projects, the CodeBuild action
// and the EKS deploy action grant their variables through it.
func SecretVariableResources(stack *constructs.Stack, value string) (secret, key string, err error) {
	switch {
	case token.IsUnresolved(value):
		if i := strings.Index(value, ":"); i >= 0 && !strings.HasPrefix(value, "arn:") {
			value = value[:i]
		}
		return value, "", nil
	case strings.HasPrefix(value, "arn:"):
		parts := strings.Split(value, ":")
		if len(parts) < 7 || parts[6] == "" {
			return "", "", fmt.Errorf("the Secrets Manager ARN %q is missing the name of the secret", value)
		}
		partition, region, account := parts[1], parts[3], parts[4]
		secret = "arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:" + parts[6] + "*"
		if account != "" && !token.IsUnresolved(stack.Account()) && account != stack.Account() {
			key = "arn:" + partition + ":kms:" + region + ":" + account + ":key/*"
		}
		return secret, key, nil
	}
	name, _, _ := strings.Cut(value, ":")
	return "arn:" + stack.Partition() + ":secretsmanager:" + stack.Region() + ":" + stack.Account() + ":secret:" + name + "-??????", "", nil
}
