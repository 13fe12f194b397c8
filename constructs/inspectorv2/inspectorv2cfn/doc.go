// Package inspectorv2cfn holds the L1 constructs of AWS::InspectorV2: the CloudFormation resource
// types AWS::InspectorV2::* as generated types (Cfn*, one *.generated.go file per type).
// Hand-written L2 constructs of the service, where forma has them, live in the
// parent package inspectorv2.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
package inspectorv2cfn
