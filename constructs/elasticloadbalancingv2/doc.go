// Package elasticloadbalancingv2 holds forma's constructs for AWS::ElasticLoadBalancingV2:
// the CloudFormation resource types AWS::ElasticLoadBalancingV2::* as generated L1 types
// (Cfn*, one *.generated.go file per type), and the hand-written L2s
// ApplicationLoadBalancer, ApplicationListener, ApplicationListenerRule (with the
// ListenerCondition constructors), ListenerAction (forward, weighted forward, redirect,
// fixed response), ApplicationTargetGroup and IPTarget, with the interface IApplicationLoadBalancerTarget that targets (an ECS
// service) implement to register themselves.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
// The L2s render what aws-cdk-lib 2.276.0 renders under its default feature flags:
// attributes in the order first set (deletion_protection.enabled and stickiness.enabled
// always written), security group rules through ec2.Connections, an internet-facing load
// balancer depending on its subnets' internet routes. Bad props are synthesis errors that
// name the construct path.
package elasticloadbalancingv2
