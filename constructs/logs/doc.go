// Package logs holds forma's constructs for AWS::Logs: the CloudFormation resource types
// AWS::Logs::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2 LogGroup with its ResourcePolicy.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
// LogGroup renders what aws-cdk-lib 2.276.0 renders: retention two years unless set
// (RetentionInfinite leaves it out), retained on removal, grants on the log group's ARNs
// as the CDK's LogGroupGrants: a role of the log group's account gets an identity
// statement, any other grantee a statement of the log group's resource policy
// (AWS::Logs::ResourcePolicy "Policy", its document a JSON string written as the CDK's
// JSON.stringify writes it, with the intrinsics inside joined in).
package logs
