// Package logs holds forma's constructs for AWS::Logs: the CloudFormation resource types
// AWS::Logs::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2 LogGroup.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
// LogGroup renders what aws-cdk-lib 2.276.0 renders: retention two years unless set
// (RetentionInfinite leaves it out), retained on removal, grants on the log group's ARNs
// as the CDK's LogGroupGrants.
package logs
