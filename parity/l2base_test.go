package parity

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
)

// S3 buckets, KMS keys and aliases, EventBridge rules, Lambda functions,
// CloudWatch alarms, CodeCommit repositories and SNS topics
// (oracle/l2base.js).

func keyAlias(app *constructs.App) {
	stack := constructs.NewStack(app, "Keys", constructs.StackProps{})
	key := kms.NewKey(stack, "Key", kms.KeyProps{
		Alias:             "alias/release",
		Description:       "release artifacts",
		EnableKeyRotation: true,
		RemovalPolicy:     cfn.PolicyDelete,
	})
	key.AddAlias("other")
	role := iam.NewRole(stack, "User", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	key.GrantEncrypt(role)
	key.GrantDecrypt(iam.NewAccountPrincipal(otherAccount))
	other := kms.NewKey(stack, "Other", kms.KeyProps{})
	kms.NewAlias(stack, "Alias", kms.AliasProps{AliasName: "alias/named", TargetKey: other})
	other.GrantEncryptDecrypt(role)
	imported := kms.KeyFromKeyARN("arn:aws:kms:us-east-1:" + otherAccount + ":key/1234abcd-12ab-34cd-56ef-1234567890ab")
	imported.GrantDecrypt(role)
}

func init() {
	register(
		Case{Name: "key-alias", Build: keyAlias},
	)
}
