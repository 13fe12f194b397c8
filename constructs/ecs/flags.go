package ecs

import "github.com/forma-iac/forma/constructs"

// The AWS CDK feature flags that change what the ECS constructs write; forma
// reads them from the app's context (cdk.json, forma.json, AppProps.Context)
// as the AWS CDK does, each off unless set to true. The other ECS flags do not
// apply to forma's constructs: @aws-cdk/aws-ecs:arnFormatIncludesClusterName
// (a service's ARN is its Ref), @aws-cdk/aws-ecs:disableEcsImdsBlocking and
// enableImdsBlockingDeprecatedFeature (EC2 capacity), and
// @aws-cdk/aws-ecs-patterns:secGroupsDisablesImplicitOpenListener (the
// pattern creates its load balancer); patterns.FlagUniqueTargetGroupID is
// honoured by the pattern.
const (
	// FlagRemoveDefaultDeploymentAlarm leaves out the empty deployment
	// alarms configuration ECS-controlled services otherwise get.
	FlagRemoveDefaultDeploymentAlarm = "@aws-cdk/aws-ecs:removeDefaultDeploymentAlarm"
	// FlagDisableExplicitDeploymentControllerForCircuitBreaker stops a
	// circuit breaker from writing the ECS deployment controller.
	FlagDisableExplicitDeploymentControllerForCircuitBreaker = "@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker"
	// FlagReduceCloudWatchPermissions grants ECS Exec log permissions only
	// for a log group of the cluster's ExecuteCommandConfiguration.
	FlagReduceCloudWatchPermissions = "@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions"
)

// FeatureFlag reports whether the context flag is on for c: the value true
// or "true", as the AWS CDK's FeatureFlags.isEnabled reads it.
func FeatureFlag(c constructs.Construct, flag string) bool { return constructs.FeatureFlag(c, flag) }
