// Package rules is forma's built-in best-practice rule pack, in the manner
// of cdk-nag's AwsSolutions pack: about thirty rules over S3, IAM, EC2/VPC,
// ELB, ECS, CodeBuild, Lambda, SQS, SNS, Secrets Manager, KMS, RDS, logs and
// DynamoDB, each with an id, a level (error or warning), an explanation and
// the fix.
//
// The rules visit every L1 resource of the construct tree once the app is
// synthesized, so that they read resolved properties and can follow
// references: "a bucket has a policy that denies plain HTTP" looks for the
// AWS::S3::BucketPolicy whose Bucket refers to the bucket. The forma CLI
// runs the pack on every synthesis, prints a table of the unsuppressed
// findings on stderr, and writes every finding into the cloud assembly as
// forma-rules.json and forma-rules.sarif (SARIF 2.1.0, which GitHub code
// scanning shows); synth --strict fails when an unsuppressed error is left.
//
// A finding is suppressed with Suppress on the resource or on any construct
// above it — an L2, a stack, the app — with a reason, which the report
// shows: a suppression applies to the whole subtree.
//
// Invariants: the package imports neither synth nor the CLI, so L2 and L3
// libraries may suppress; findings are sorted by construct path, then rule
// id; a suppression without a reason is an error on its construct, reported
// by synthesis with the construct's path.
package rules
