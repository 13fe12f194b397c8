// Package events holds forma's constructs for AWS::Events: the CloudFormation resource
// types AWS::Events::* as generated L1 types (Cfn*, one *.generated.go file per type), and
// the hand-written L2 Rule, the AWS CDK's events.Rule.
//
// A Rule runs on a Schedule (ScheduleCron, ScheduleRate, ScheduleExpression, rendered
// exactly as the AWS CDK renders them: "cron(0 3 * * ? *)", "rate(1 day)") or matches an
// EventPattern (lists joined and Detail maps merged by AddEventPattern); State is always
// written, ENABLED unless Disabled. Targets implement IRuleTarget: Rule.AddTarget calls
// Bind with the id "Target<n>" and writes the returned RuleTargetConfig (ARN, role, input,
// other L1 target properties). Each service's package offers its targets as a type named
// EventTarget (lambda.EventTarget, sns.EventTarget, …) that creates what the AWS CDK's
// aws-events-targets creates: a Lambda permission, a topic policy statement, or — for
// targets EventBridge reaches with a role — the role from SingletonEventRole, the child
// "EventsRole" of the target construct, shared by every rule targeting it.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package events
