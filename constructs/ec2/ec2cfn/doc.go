// Package ec2cfn holds the L1 constructs of AWS::EC2: the CloudFormation resource
// types AWS::EC2::* as generated types (Cfn*, one *.generated.go file per type).
// Hand-written L2 constructs of the service, where forma has them, live in the
// parent package ec2.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
package ec2cfn
