// Package codedeploy holds forma's constructs for AWS::CodeDeploy: the CloudFormation resource types
// AWS::CodeDeploy::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// AWS CDK's CodeDeploy L2 constructs.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
//
// The L2 constructs render what aws-cdk-lib 2.276.0 renders, with its logical IDs:
//
//   - ServerApplication, ECSApplication, LambdaApplication: an application of
//     one compute platform (Server, ECS, Lambda); name generated unless given.
//   - ServerDeploymentGroup: EC2 instances by InstanceTagSet, on-premises
//     instances by tag, Auto Scaling groups by name, load balancers (ALB/NLB
//     target groups, classic by name) with traffic control. Default
//     configuration CodeDeployDefault.OneAtATime (left out of the template);
//     service role "Role" with service-role/AWSCodeDeployRole. InstallAgent
//     has no effect (Auto Scaling groups are names): AgentInstallCommands
//     returns the AWS CDK's install script for a launch template.
//   - ECSDeploymentGroup: blue/green for an ecs.FargateService that uses the
//     CODE_DEPLOY controller (anything else is a synthesis error), blue and
//     green target groups, production and optional test listener, approval
//     and termination wait times. Default CodeDeployDefault.ECSAllAtOnce;
//     role "ServiceRole" with AWSCodeDeployRoleForECS.
//   - LambdaDeploymentGroup: shifts a lambda.Alias (required) between
//     versions, with pre- and post-traffic hook functions, and sets the
//     alias's UpdatePolicy CodeDeployLambdaAliasUpdate. Default
//     CodeDeployDefault.LambdaCanary10Percent5Minutes; role "ServiceRole"
//     with service-role/AWSCodeDeployRoleForLambdaLimited.
//   - Every group: a new application "Application" under it unless one is
//     given; alarms; auto-rollback as the AWS CDK derives it (failed
//     deployments by default, stopped deployments on request, deployments
//     in alarm when the group has alarms); the
//     @aws-cdk/aws-codedeploy:removeAlarmsFromDeploymentGroup flag.
//   - Deployment configurations: every predefined CodeDeployDefault.* as a
//     constant (ServerOneAtATime, ECSCanary10Percent5Minutes,
//     LambdaLinear10PercentEvery1Minute, ...); custom ones with
//     NewServerDeploymentConfig (minimum healthy hosts, count or percent,
//     and ZonalConfig), NewECSDeploymentConfig and NewLambdaDeploymentConfig
//     (TrafficRoutingAllAtOnce, TimeBasedCanary, TimeBasedLinear; default
//     all at once). Percentages outside 0–100 are synthesis errors.
//
// ServerAppSpec, ECSAppSpec and LambdaAppSpec are typed AppSpecs, one for each
// compute platform, shaped as appspec.yml is: only the hooks the platform has,
// hook timeouts of at most 3600 s, exactly one event per ECS or Lambda hook
// item. AppSpecSchema derives their JSON Schemas from the Go types and
// CheckAppSpecFile checks a file with them, telling the platform from the file.
package codedeploy
