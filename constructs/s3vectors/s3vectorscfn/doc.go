// Package s3vectorscfn holds the L1 constructs of AWS::S3Vectors: the CloudFormation resource
// types AWS::S3Vectors::* as generated types (Cfn*, one *.generated.go file per type).
// Hand-written L2 constructs of the service, where forma has them, live in the
// parent package s3vectors.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
package s3vectorscfn
