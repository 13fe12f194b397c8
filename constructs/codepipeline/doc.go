// Package codepipeline holds forma's constructs for AWS::CodePipeline: the CloudFormation resource types
// AWS::CodePipeline::* as generated L1 types (Cfn*, one *.generated.go file per type), and the L2 Pipeline.
//
// Pipeline is the AWS CDK's codepipeline.Pipeline, template for template and with its logical IDs: the
// artifact bucket "ArtifactsBucket" (KMS-encrypted with a key "ArtifactsBucketEncryptionKey" and its alias
// "alias/codepipeline-<unique id>", both destroyed with the stack, the bucket retained, TLS enforced, public
// access blocked), the role "Role" trusting codepipeline.amazonaws.com, and for each AWS action a role
// "<stage>/<action>/CodePipelineActionRole" that trusts the pipeline role and that the pipeline role may
// assume. Stages hold actions (package codepipelineactions); Artifacts without a name are named
// "Artifact_<stage>_<action>" by the action that produces them.
//
// Defaults without feature flags are the AWS CDK's: a V1 pipeline whose template has no PipelineType, with
// the bucket key. The AWS CDK's flags are read from context with their names and effects:
// FlagDefaultPipelineTypeToV2 (V2 by default, PipelineType written), FlagCrossAccountKeysDefaultValueToFalse
// (no key: the bucket uses the AWS-managed key), FlagCrossAccountKeyAliasStackSafeResourceName (the alias
// names the stack) and FlagReduceStageRoleTrustScope (on unless the context turns it off: action roles trust
// the pipeline role rather than the account).
//
// V2 pipelines take Variables, Triggers (push and pull request filters on branches, tags and file paths of a
// CodeStar connections source), ExecutionMode QUEUED or PARALLEL, and stage conditions (BeforeEntry,
// OnSuccess, OnFailure with ROLLBACK for automatic stage rollback or RETRY). EventTarget starts a pipeline
// from an EventBridge rule (a schedule, FargatePlatformRetirementPattern, …) through the pipeline's
// "EventsRole"; Webhook starts it from third-party tools; NotifyOn… send CodeStar Notifications.
//
// Synthesis reports, with the pipeline's path: fewer than two stages, a stage without actions, a source
// action outside the first stage or another action in it, an artifact consumed before it is produced or never
// produced, an artifact produced twice, duplicate stage or action names, variables, triggers, stage
// conditions, QUEUED or PARALLEL on a V1 pipeline.
//
// Differences from the AWS CDK: cross-region and cross-account actions (support stacks and replication
// buckets) are not offered; an action's variables need its VariablesNamespace set.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package codepipeline
