package sns

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codestarnotifications"
	"github.com/forma-iac/forma/constructs/iam"
)

// BindAsNotificationRuleTarget makes the topic a target of CodeStar
// Notifications rules: the topic policy lets
// codestar-notifications.amazonaws.com publish, as the AWS CDK.
func (t *Topic) BindAsNotificationRuleTarget(constructs.Construct) codestarnotifications.NotificationRuleTargetConfig {
	t.GrantPublish(iam.NewServicePrincipal("codestar-notifications.amazonaws.com"))
	return codestarnotifications.NotificationRuleTargetConfig{TargetType: "SNS", TargetAddress: t.TopicARN()}
}

// BindAsNotificationRuleTarget makes the imported topic a target of
// CodeStar Notifications rules (its policy is not changed).
func (t *importedTopic) BindAsNotificationRuleTarget(constructs.Construct) codestarnotifications.NotificationRuleTargetConfig {
	return codestarnotifications.NotificationRuleTargetConfig{TargetType: "SNS", TargetAddress: t.TopicARN()}
}
