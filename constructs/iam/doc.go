// Package iam holds forma's constructs for AWS::IAM: the CloudFormation resource types
// AWS::IAM::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2s: Role, Policy, ManagedPolicy, PolicyStatement, PolicyDocument, the
// principals (service, account, account root, ARN, federated, any) and Grant.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
// The L2s render what aws-cdk-lib 2.276.0 renders: statement elements are ordered sets,
// one value written as a string; documents drop statements identical after resolution and
// merge statements as the CDK's merge-statements when the feature flag
// @aws-cdk/aws-iam:minimizePolicies is on in the context of the construct rendering them
// (or PolicyDocumentProps.Minimize / SetMinimize says so); a Role's statements go to a
// Policy "DefaultPolicy" created on first use, named by its logical ID, which keeps one
// of statements equal as sets when not minimizing (the CDK's splitLargePolicy); a Role's
// OrderedInlinePolicies keeps the program's order. Grants follow the CDK's Grant: a grantee of
// the resource's account with a policy of its own gets an identity statement, any other
// grantee a resource-policy statement (GrantOnPrincipalOrResource); a grant that can add
// neither is reported at synthesis on the granting construct (RequireSuccess), never
// dropped. Misuse (no actions, an invalid action, principals in an identity policy) is
// reported at synthesis with the construct path, never by panicking.
package iam
