// Package applicationautoscaling holds forma's constructs for AWS::ApplicationAutoScaling: the CloudFormation resource types
// AWS::ApplicationAutoScaling::* as generated L1 types (Cfn*, one *.generated.go file per type),
// and the hand-written L2s ScalableTarget (with scheduled actions: cron, rate and at
// schedules written as the AWS CDK writes them) and TargetTrackingScalingPolicy, named
// by its unique id unless a name is given, as the AWS CDK names it.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package applicationautoscaling
