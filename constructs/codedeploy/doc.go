// Package codedeploy holds forma's constructs for AWS::CodeDeploy: the CloudFormation resource types
// AWS::CodeDeploy::* as generated L1 types (Cfn*, one *.generated.go file per type).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
//
// ServerAppSpec, ECSAppSpec and LambdaAppSpec are typed AppSpecs, one for each
// compute platform, shaped as appspec.yml is: only the hooks the platform has,
// hook timeouts of at most 3600 s, exactly one event per ECS or Lambda hook
// item. AppSpecSchema derives their JSON Schemas from the Go types and
// CheckAppSpecFile checks a file with them, telling the platform from the file.
package codedeploy
