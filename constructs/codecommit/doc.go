// Package codecommit holds forma's constructs for AWS::CodeCommit: the CloudFormation
// resource types AWS::CodeCommit::* as generated L1 types (Cfn*, one *.generated.go file per
// type), and the hand-written L2 Repository, the AWS CDK's codecommit.Repository: a named
// repository (RepositoryName required, Description optional, deleted with the stack as the
// AWS CDK leaves it); OnEvent, OnStateChange and OnCommit create EventBridge rules, children
// of the repository, with the AWS CDK's event patterns (OnCommit: source aws.codecommit, the
// repository's ARN, "CodeCommit Repository State Change", events referenceCreated and
// referenceUpdated, the branches when given). A repository has no resource policy, so
// GrantPull, GrantPullPush, GrantRead and Grant add to the grantee's own policy.
// RepositoryFromRepositoryName and RepositoryFromRepositoryARN import one.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package codecommit
