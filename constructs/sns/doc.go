// Package sns holds forma's constructs for AWS::SNS: the CloudFormation resource types
// AWS::SNS::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2s Topic and TopicPolicy, the AWS CDK's sns.Topic: with zero props a
// standard topic with no properties; statements added to its policy (GrantPublish to
// another account, an event target) go to the child "Policy", numbered "0", "1", … as Sid.
// GrantPublish gives a role of the topic's account an identity policy statement and names
// any other principal in the topic policy. EventTarget sends an EventBridge rule's events
// to a topic; TopicFromTopicARN imports one. AddSubscription subscribes e-mail addresses
// and URLs (EmailSubscription, URLSubscription), each the child named after its address.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package sns
