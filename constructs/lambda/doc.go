// Package lambda holds forma's constructs for AWS::Lambda: the CloudFormation resource types
// AWS::Lambda::* as generated L1 types (Cfn*, one *.generated.go file per type).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package lambda
