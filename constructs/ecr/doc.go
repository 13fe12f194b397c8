// Package ecr holds forma's constructs for AWS::ECR: the CloudFormation resource types
// AWS::ECR::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2 Repository with RepositoryFromName and RepositoryFromCfn, all three
// IRepository, the one repository interface of forma (ecs.ImageFromECRRepository takes it).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
// Repository renders what aws-cdk-lib 2.276.0 renders: no properties by default, retained
// on removal; lifecycle rules numbered and ordered as the CDK orders them, the policy text
// written byte for byte as the CDK's JSON.stringify writes it; a repository policy created
// by the first AddToResourcePolicy. Its URI is built from its ARN (account and region split
// out of it) as the CDK's repositoryUriForTag builds it. Grants follow the CDK's
// RepositoryBase.grant: a role of the repository's account gets identity statements, any
// other grantee (another account, a service, an ARN) a repository policy statement without
// Resource; a grant that can do neither (to a service, on an imported repository) is a
// synthesis error on the repository. An imported repository creates no resource; its ARN
// and URI use the stack's account and region.
package ecr
