// Package cloudwatch holds forma's constructs for AWS::CloudWatch: the CloudFormation
// resource types AWS::CloudWatch::* as generated L1 types (Cfn*, one *.generated.go file
// per type), and the hand-written L2s, the AWS CDK's cloudwatch.Metric and Alarm.
//
// A Metric is a value (namespace, name, dimensions, statistic — default Average —, period —
// default 5 minutes); constructs that have metrics hand them out (lambda.Function's
// MetricErrors, elasticloadbalancingv2's MetricHTTPCodeELB, …) and MetricOptions change
// them. Metric.CreateAlarm and NewAlarm render an AWS::CloudWatch::Alarm as the AWS CDK
// does: the comparison operator defaults to GreaterThanOrEqualToThreshold, simple
// statistics go to Statistic and percentiles to ExtendedStatistic, dimensions sorted by
// name, TreatMissingData left out unless set.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package cloudwatch
