// Package codebuild holds forma's constructs for AWS::CodeBuild: the CloudFormation resource types
// AWS::CodeBuild::* as generated L1 types (Cfn*, one *.generated.go file per type).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
//
// BuildSpec is a typed buildspec (version 0.2 in full: env, phases, reports,
// artifacts, cache, batch). A project's buildspec comes from a BuildSpecSource:
// a BuildSpec rendered inline as JSON (as the AWS CDK's BuildSpec.fromObject),
// BuildSpecYAML (inline YAML), BuildSpecFromFile (a file of this repository,
// checked and inlined) or BuildSpecFromSourceFilename (a file CodeBuild reads
// from the build's source). Every form forma can read is checked against
// BuildSpecSchema, the JSON Schema derived from these Go types, with the key
// path and, in files, the line of each problem; keys CodeBuild still accepts
// from older buildspecs (artifacts' type) are warnings, and yes/no are booleans
// as CodeBuild reads them. Maps are written with sorted keys.
package codebuild
