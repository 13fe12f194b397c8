// Package elasticloadbalancingv2cfn holds the L1 constructs of AWS::ElasticLoadBalancingV2: the CloudFormation resource
// types AWS::ElasticLoadBalancingV2::* as generated types (Cfn*, one *.generated.go file per type).
// Hand-written L2 constructs of the service, where forma has them, live in the
// parent package elasticloadbalancingv2.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
package elasticloadbalancingv2cfn
