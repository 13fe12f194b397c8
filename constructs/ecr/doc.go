// Package ecr holds forma's constructs for AWS::ECR: the CloudFormation resource types
// AWS::ECR::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2 Repository with RepositoryFromName.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
// Repository renders what aws-cdk-lib 2.276.0 renders: no properties by default, retained
// on removal; its URI is built from its ARN (account and region split out of it) as the
// CDK's repositoryUriForTag builds it, and GrantPull gives the CDK's pull statements.
// An imported repository creates no resource; its ARN and URI use the stack's account and
// region.
package ecr
