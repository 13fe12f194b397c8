// Package codestarnotificationscfn holds the L1 constructs of AWS::CodeStarNotifications: the CloudFormation resource
// types AWS::CodeStarNotifications::* as generated types (Cfn*, one *.generated.go file per type).
// Hand-written L2 constructs of the service, where forma has them, live in the
// parent package codestarnotifications.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
package codestarnotificationscfn
