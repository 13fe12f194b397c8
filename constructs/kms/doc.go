// Package kms holds forma's constructs for AWS::KMS: the CloudFormation resource types
// AWS::KMS::* as generated L1 types (Cfn*, one *.generated.go file per type),
// and the hand-written L2s Key and Alias: the AWS CDK's default key policy (the account's root may
// use and administer the key), no rotation unless asked, retained on deletion; aliases (KeyProps.Alias,
// Key.AddAlias, NewAlias) with "alias/" prepended; grants (Grant, GrantEncrypt, GrantDecrypt,
// GrantEncryptDecrypt) that give a role of the key's account an identity policy statement and name
// other principals in the key policy; KeyFromKeyARN for a key defined
// elsewhere.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package kms
