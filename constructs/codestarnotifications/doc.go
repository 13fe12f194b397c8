// Package codestarnotifications holds forma's constructs for AWS::CodeStarNotifications: the CloudFormation resource types
// AWS::CodeStarNotifications::* as generated L1 types (Cfn*, one *.generated.go file per type).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
//
// NotificationRule is the AWS CDK's NotificationRule: it sends the events of
// an INotificationRuleSource (a CodeBuild project, a pipeline, …) to
// INotificationRuleTargets — an sns.Topic, whose policy then lets
// codestar-notifications.amazonaws.com publish, or an AWS Chatbot channel
// (SlackChannelTarget, TeamsChannelTarget). Defaults as in the CDK: FULL
// details, Status left out (enabled), Name the last 64 characters of the
// construct's unique id. NotifyOn is the helper behind the NotifyOn… methods
// of the resources that are sources; each adds its rule as a child of the
// resource. A rule without events or targets is a synthesis error.
package codestarnotifications
