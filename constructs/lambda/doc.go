// Package lambda holds forma's constructs for AWS::Lambda: the CloudFormation resource types
// AWS::Lambda::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2s Function, Version, Alias and FunctionURL, the AWS CDK's lambda.Function and
// friends.
//
// A Function needs a Runtime (the package's variables are every runtime of the registry
// schema, deprecated ones marked), a Handler and Code (CodeFromInline, CodeFromBucket,
// CodeFromAsset); NewGoFunction builds a Go package of the module into its code. With zero other props it gets the AWS CDK's defaults: an execution
// role, the child "ServiceRole", with the AWS-managed AWSLambdaBasicExecutionRole policy, on
// which the function depends; 3 seconds of timeout, 128 MiB and x86_64, none of them written.
// CurrentVersion publishes the child "CurrentVersion", whose logical ID ends with the MD5 of
// the function's version-locked properties as the AWS CDK computes it, so a change of code or
// configuration makes a new version and nothing else does; NewAlias names a version.
// AddPermission writes AWS::Lambda::Permission; GrantInvoke gives a role of the function's
// account an identity policy statement and any other principal a permission; MetricErrors,
// MetricThrottles, MetricInvocations and MetricDuration return cloudwatch.Metric values.
// EventTarget is the EventBridge rule target, with its permission on the rule.
// AddFunctionURL (or NewFunctionURL) gives a function or an alias an HTTPS endpoint,
// AWS::Lambda::Url: of auth type AWS_IAM by default, where GrantInvokeURL admits callers, or
// NONE, public, with the two permissions for anyone the AWS CDK adds.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package lambda
