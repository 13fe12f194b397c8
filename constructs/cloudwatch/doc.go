// Package cloudwatch holds forma's constructs for AWS::CloudWatch: the CloudFormation
// resource types AWS::CloudWatch::* as generated L1 types (Cfn*, one *.generated.go file
// per type), and the hand-written L2s, the AWS CDK's cloudwatch.Metric, Alarm and Dashboard.
//
// A Metric is a value (namespace, name, dimensions, statistic — default Average —, period —
// default 5 minutes); constructs that have metrics hand them out (lambda.Function's
// MetricErrors, elasticloadbalancingv2's MetricHTTPCodeELB, …) and MetricOptions change
// them. Metric.CreateAlarm and NewAlarm render an AWS::CloudWatch::Alarm as the AWS CDK
// does: the comparison operator defaults to GreaterThanOrEqualToThreshold, simple
// statistics go to Statistic and percentiles to ExtendedStatistic, dimensions sorted by
// name, TreatMissingData left out unless set; a metric with a Label or of another Account
// needs, as in the AWS CDK, the Metrics form (one query "m1"). ContainerInsightsMetric names a Container
// Insights metric of a cluster (the AWS CDK has no helper for these).
//
// A Dashboard holds rows of widgets (TextWidget, GraphWidget, SingleValueWidget,
// AlarmWidget, Row, Column, Spacer): each AddWidgets call is a row under the previous ones,
// its widgets laid out left to right and wrapped at 24 columns, as the AWS CDK's Row and
// Column do. The body is rendered at synthesis as the AWS CDK's Stack.toJsonString renders
// it: compact JSON with the keys in the CDK's order, undefined values left out, a metric as
// [namespace, name, dimension, value, ..., {options}] with only the options that differ
// from the defaults (Average, 300 seconds, the left axis), each metric once per graph, and
// tokens (a function's name, the region) joined in with Fn::Join.
//
// Not offered yet (aws-cdk-lib 2.276.0 has them): MathExpression and SearchExpression,
// CompositeAlarm and AlarmRule, AnomalyDetectionAlarm, PromQLAlarm, AlarmMuteRule,
// cloudwatch-actions other than an ARN (AddAlarmActions takes the ARN of an SNS topic or
// a scaling policy), TableWidget, GaugeWidget, AlarmStatusWidget, LogQueryWidget,
// CustomWidget and dashboard variables, and Metric.attachTo (set Account and Region).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package cloudwatch
