package codepipelineactions

import (
	"fmt"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
)

var sourceBounds = codepipeline.ArtifactBounds{MinInputs: 0, MaxInputs: 0, MinOutputs: 1, MaxOutputs: 1}

// Common are the properties every action takes.
type Common struct {
	// ActionName is the action's name, unique in its stage (required).
	ActionName string
	// RunOrder orders the actions of a stage; default 1.
	RunOrder int
	// VariablesNamespace names the action's output variables.
	VariablesNamespace string
	// Role replaces the role the pipeline creates for the action.
	Role iam.IRole
}

func (c Common) props(cat codepipeline.ActionCategory, provider string, bounds codepipeline.ArtifactBounds) codepipeline.ActionProperties {
	return codepipeline.ActionProperties{
		ActionName: c.ActionName, RunOrder: c.RunOrder, VariablesNamespace: c.VariablesNamespace,
		Role: constructs.NormalizeNil(c.Role), Category: cat, Provider: provider, Bounds: bounds,
	}
}

// Trigger is how a CodeCommit or S3 source notices changes.
type Trigger string

// The source triggers.
const (
	// TriggerEvents starts the pipeline from an EventBridge rule.
	TriggerEvents Trigger = "Events"
	// TriggerPoll has CodePipeline poll the source.
	TriggerPoll Trigger = "Poll"
	// TriggerNone starts the pipeline only by hand or by API.
	TriggerNone Trigger = "None"
)

// CodeCommitRepository is what the CodeCommit source needs of a repository
// (codecommit.Repository, or an imported one).
type CodeCommitRepository interface {
	constructs.Construct
	RepositoryName() string
	RepositoryARN() string
}

// CodeCommitSourceActionProps configures NewCodeCommitSourceAction.
type CodeCommitSourceActionProps struct {
	Common
	// Repository is the source repository (required).
	Repository CodeCommitRepository
	// Output receives the source (required).
	Output *codepipeline.Artifact
	// Branch default "master" ("main" under the AWS CDK's
	// @aws-cdk/aws-codepipeline-actions:useNewDefaultBranchForCodeCommitSource).
	Branch string
	// Trigger default TriggerEvents: an EventBridge rule on the repository.
	Trigger Trigger
	// EventRole replaces the pipeline's events role for that rule.
	EventRole iam.IRole
	// CodeBuildCloneOutput outputs a full clone reference for CodeBuild.
	CodeBuildCloneOutput bool
}

// CodeCommitSourceAction is the AWS CDK's CodeCommitSourceAction.
type CodeCommitSourceAction struct{ props CodeCommitSourceActionProps }

// FlagCodeCommitDefaultBranchMain makes "main" the default branch of the
// CodeCommit source.
const FlagCodeCommitDefaultBranchMain = "@aws-cdk/aws-codepipeline-actions:useNewDefaultBranchForCodeCommitSource"

// NewCodeCommitSourceAction returns a CodeCommit source action.
func NewCodeCommitSourceAction(props CodeCommitSourceActionProps) *CodeCommitSourceAction {
	props.Repository = constructs.NormalizeNil(props.Repository)
	return &CodeCommitSourceAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *CodeCommitSourceAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategorySource, "CodeCommit", sourceBounds)
	p.Outputs = []*codepipeline.Artifact{a.props.Output}
	return p
}

// Bind implements codepipeline.IAction.
func (a *CodeCommitSourceAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	if p.Repository == nil {
		stage.Pipeline().Errorf("action %q: CodeCommitSourceActionProps.Repository is required", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	branch := p.Branch
	if branch == "" {
		branch = "master"
		if constructs.FeatureFlag(scope, FlagCodeCommitDefaultBranchMain) {
			branch = "main"
		}
	}
	pipe := stage.Pipeline()
	if p.Trigger == "" || p.Trigger == TriggerEvents {
		id := constructs.UniqueID(pipe)
		if p.Branch != "" && p.Branch != "master" {
			id += "-" + p.Branch + "-"
		}
		id += "EventRule"
		rule := events.NewRule(p.Repository, id, events.RuleProps{})
		rule.AddEventPattern(events.EventPattern{Source: []string{"aws.codecommit"}, Resources: []string{p.Repository.RepositoryARN()}})
		rule.AddEventPattern(events.EventPattern{DetailType: []string{"CodeCommit Repository State Change"}})
		rule.AddEventPattern(events.EventPattern{Detail: map[string]any{"event": []any{"referenceCreated", "referenceUpdated"}}})
		rule.AddEventPattern(events.EventPattern{Detail: map[string]any{"referenceName": []any{branch}}})
		rule.AddTarget(codepipeline.EventTarget{Pipeline: pipe, Role: p.EventRole})
	}
	opts.Bucket.GrantReadWrite(opts.Role)
	actions := []string{"codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive", "codecommit:GetUploadArchiveStatus", "codecommit:CancelUploadArchive"}
	if p.CodeBuildCloneOutput {
		actions = append(actions, "codecommit:GetRepository")
	}
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{p.Repository.RepositoryARN()}, Actions: actions}))
	cfg := map[string]any{
		"RepositoryName":       p.Repository.RepositoryName(),
		"BranchName":           branch,
		"PollForSourceChanges": p.Trigger == TriggerPoll,
	}
	if p.CodeBuildCloneOutput {
		cfg["OutputArtifactFormat"] = "CODEBUILD_CLONE_REF"
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// S3SourceActionProps configures NewS3SourceAction.
type S3SourceActionProps struct {
	Common
	// Bucket is the source bucket, versioned (required).
	Bucket s3.IBucket
	// BucketKey is the object key of the source archive (required).
	BucketKey string
	// Output receives the source (required).
	Output *codepipeline.Artifact
	// Trigger default TriggerPoll (PollForSourceChanges not written, which
	// CodePipeline takes as true). TriggerEvents adds an EventBridge rule
	// on the CloudTrail events of the object: the bucket's writes must be
	// recorded by a CloudTrail trail.
	Trigger Trigger
}

// S3SourceAction is the AWS CDK's S3SourceAction.
type S3SourceAction struct{ props S3SourceActionProps }

// NewS3SourceAction returns an S3 source action.
func NewS3SourceAction(props S3SourceActionProps) *S3SourceAction {
	props.Bucket = constructs.NormalizeNil(props.Bucket)
	return &S3SourceAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *S3SourceAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategorySource, "S3", sourceBounds)
	p.Outputs = []*codepipeline.Artifact{a.props.Output}
	return p
}

// Bind implements codepipeline.IAction.
func (a *S3SourceAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	pipe := stage.Pipeline()
	if p.Bucket == nil || p.BucketKey == "" {
		pipe.Errorf("action %q: S3SourceActionProps.Bucket and BucketKey are required", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	if p.Trigger == TriggerEvents {
		id := constructs.UniqueID(pipe) + "SourceEventRule" + p.BucketKey
		if p.Bucket.Node().TryFindChild(id) != nil {
			pipe.Errorf("action %q: an S3 source action with key %q is already in the pipeline for this bucket", p.ActionName, p.BucketKey)
		} else {
			rule := events.NewRule(p.Bucket, id, events.RuleProps{})
			rule.AddEventPattern(events.EventPattern{
				Source: []string{"aws.s3"}, DetailType: []string{"AWS API Call via CloudTrail"},
				Detail: map[string]any{"resources": map[string]any{"ARN": []any{p.Bucket.ARNForObjects(p.BucketKey)}}},
			})
			rule.AddEventPattern(events.EventPattern{Detail: map[string]any{
				"eventName":         []any{"CompleteMultipartUpload", "CopyObject", "PutObject"},
				"requestParameters": map[string]any{"bucketName": []any{p.Bucket.BucketName()}, "key": []any{p.BucketKey}},
			}})
			rule.AddTarget(codepipeline.EventTarget{Pipeline: pipe})
		}
	}
	p.Bucket.GrantRead(opts.Role, p.BucketKey)
	opts.Bucket.GrantWrite(opts.Role)
	cfg := map[string]any{"S3Bucket": p.Bucket.BucketName(), "S3ObjectKey": p.BucketKey}
	if p.Trigger != "" {
		cfg["PollForSourceChanges"] = p.Trigger == TriggerPoll
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// ECRRepository is what the ECR source needs of a repository (ecr.Repository).
type ECRRepository interface {
	RepositoryName() string
	RepositoryARN() string
}

// ECRSourceActionProps configures NewECRSourceAction.
type ECRSourceActionProps struct {
	Common
	// Repository is the image repository (required).
	Repository ECRRepository
	// ImageTag default "latest" ("" in the rule with AnyTag).
	ImageTag string
	// AnyTag starts the pipeline on a push of any tag (the AWS CDK's
	// imageTag: "").
	AnyTag bool
	// Output receives the image details (required).
	Output *codepipeline.Artifact
}

// ECRSourceAction is the AWS CDK's EcrSourceAction: an EventBridge rule
// (under the action) starts the pipeline when the tag is pushed.
type ECRSourceAction struct{ props ECRSourceActionProps }

// NewECRSourceAction returns an ECR source action.
func NewECRSourceAction(props ECRSourceActionProps) *ECRSourceAction {
	props.Repository = constructs.NormalizeNil(props.Repository)
	return &ECRSourceAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *ECRSourceAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategorySource, "ECR", sourceBounds)
	p.Outputs = []*codepipeline.Artifact{a.props.Output}
	return p
}

// Bind implements codepipeline.IAction.
func (a *ECRSourceAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	pipe := stage.Pipeline()
	if p.Repository == nil {
		pipe.Errorf("action %q: ECRSourceActionProps.Repository is required", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"ecr:DescribeImages"}, Resources: []string{p.Repository.RepositoryARN()}}))
	detail := map[string]any{"result": []any{"SUCCESS"}, "repository-name": []any{p.Repository.RepositoryName()}, "action-type": []any{"PUSH"}}
	if !p.AnyTag {
		tag := p.ImageTag
		if tag == "" {
			tag = "latest"
		}
		detail["image-tag"] = []any{tag}
	}
	events.NewRule(scope, constructs.UniqueID(pipe)+"SourceEventRule", events.RuleProps{
		EventPattern: &events.EventPattern{DetailType: []string{"ECR Image Action"}, Source: []string{"aws.ecr"}, Detail: detail},
		Targets:      []events.IRuleTarget{codepipeline.EventTarget{Pipeline: pipe}},
	})
	opts.Bucket.GrantWrite(opts.Role)
	cfg := map[string]any{"RepositoryName": p.Repository.RepositoryName()}
	if p.ImageTag != "" && !p.AnyTag {
		cfg["ImageTag"] = p.ImageTag
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// CodeStarConnectionsSourceActionProps configures
// NewCodeStarConnectionsSourceAction: a GitHub, GitHub Enterprise,
// Bitbucket or GitLab repository reached through a CodeConnections
// (CodeStar connections) connection.
type CodeStarConnectionsSourceActionProps struct {
	Common
	// ConnectionARN is the connection's ARN (required).
	ConnectionARN string
	// Owner and Repo name the repository (required): Owner/Repo.
	Owner, Repo string
	// Branch default "master".
	Branch string
	// Output receives the source (required).
	Output *codepipeline.Artifact
	// TriggerOnPush sets DetectChanges; nil leaves it out (true).
	TriggerOnPush *bool
	// CodeBuildCloneOutput outputs a full clone reference for CodeBuild.
	CodeBuildCloneOutput bool
}

// CodeStarConnectionsSourceAction is the AWS CDK's
// CodeStarConnectionsSourceAction.
type CodeStarConnectionsSourceAction struct {
	props CodeStarConnectionsSourceActionProps
}

// NewCodeStarConnectionsSourceAction returns a connection source action.
func NewCodeStarConnectionsSourceAction(props CodeStarConnectionsSourceActionProps) *CodeStarConnectionsSourceAction {
	return &CodeStarConnectionsSourceAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *CodeStarConnectionsSourceAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategorySource, "CodeStarSourceConnection", sourceBounds)
	p.Outputs = []*codepipeline.Artifact{a.props.Output}
	return p
}

// Bind implements codepipeline.IAction.
func (a *CodeStarConnectionsSourceAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	if p.ConnectionARN == "" || p.Owner == "" || p.Repo == "" {
		stage.Pipeline().Errorf("action %q: CodeStarConnectionsSourceActionProps.ConnectionARN, Owner and Repo are required", p.ActionName)
	}
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"codestar-connections:UseConnection"}, Resources: []string{p.ConnectionARN}}))
	opts.Bucket.GrantReadWrite(opts.Role)
	grantPutACL(opts.Bucket, opts.Role)
	branch := p.Branch
	if branch == "" {
		branch = "master"
	}
	cfg := map[string]any{"ConnectionArn": p.ConnectionARN, "FullRepositoryId": fmt.Sprintf("%s/%s", p.Owner, p.Repo), "BranchName": branch}
	if p.CodeBuildCloneOutput {
		cfg["OutputArtifactFormat"] = "CODEBUILD_CLONE_REF"
	}
	if p.TriggerOnPush != nil {
		cfg["DetectChanges"] = *p.TriggerOnPush
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// grantPutACL is the AWS CDK's bucket.grantPutAcl.
func grantPutACL(b s3.IBucket, grantee iam.IGrantable) {
	grantee.GrantPrincipal().AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions: []string{"s3:PutObjectAcl", "s3:PutObjectVersionAcl"}, Resources: []string{b.ARNForObjects("*")},
	}))
}
