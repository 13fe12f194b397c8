package pipelines

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/token"
)

// CodePipelineSource is where the pipeline's code comes from: the first
// step of the pipeline, in its Source stage, the AWS CDK's
// pipelines.CodePipelineSource. Make one with CodePipelineSourceConnection,
// CodePipelineSourceCodeCommit or CodePipelineSourceS3.
type CodePipelineSource struct {
	stepBase
	kind string
	// action builds the source action.
	action func(output *codepipeline.Artifact, actionName string, runOrder int) codepipeline.IAction
	// describe is what the plan says of the source.
	describe string
}

// ConnectionOptions configures CodePipelineSourceConnection.
type ConnectionOptions struct {
	// ConnectionARN is the CodeStar (CodeConnections) connection to GitHub,
	// GitHub Enterprise, Bitbucket or GitLab (required).
	ConnectionARN string
	// ActionName default the repository ("owner_repo").
	ActionName string
	// TriggerOnPush default true (DetectChanges not written).
	TriggerOnPush *bool
	// CodeBuildCloneOutput passes a full clone to CodeBuild instead of a
	// ZIP of the files.
	CodeBuildCloneOutput bool
}

// CodePipelineSourceConnection is a repository reached through a CodeStar
// connection: repo is "owner/repo" (GitLab groups: "owner/group/repo").
func CodePipelineSourceConnection(repo, branch string, opts ConnectionOptions) *CodePipelineSource {
	s := &CodePipelineSource{kind: "connection", describe: repo + "@" + branch}
	s.id, s.isSource = repo, true
	parts := strings.Split(repo, "/")
	valid := !token.IsUnresolved(repo) && len(parts) >= 2 && len(parts) <= 23
	for _, p := range parts {
		valid = valid && p != ""
	}
	if !valid {
		s.problems = append(s.problems, "CodePipelineSourceConnection: the repository must be a literal 'owner/repo' or 'owner/group/…/repo', got '"+repo+"'")
	}
	if opts.ConnectionARN == "" {
		s.problems = append(s.problems, "CodePipelineSourceConnection("+repo+"): ConnectionOptions.ConnectionARN is required: the ARN of the CodeStar connection to the repository's host")
	}
	owner, name := parts[0], strings.Join(parts[1:], "/")
	s.primary = &FileSet{id: "Source", producer: s}
	s.action = func(out *codepipeline.Artifact, actionName string, runOrder int) codepipeline.IAction {
		if opts.ActionName != "" {
			actionName = opts.ActionName
		}
		return actions.NewCodeStarConnectionsSourceAction(actions.CodeStarConnectionsSourceActionProps{
			Common:        actions.Common{ActionName: actionName, RunOrder: runOrder},
			ConnectionARN: opts.ConnectionARN, Owner: owner, Repo: name, Branch: branch, Output: out,
			TriggerOnPush: opts.TriggerOnPush, CodeBuildCloneOutput: opts.CodeBuildCloneOutput,
		})
	}
	return s
}

// CodeCommitOptions configures CodePipelineSourceCodeCommit.
type CodeCommitOptions struct {
	// ActionName default the repository's name.
	ActionName string
	// Trigger default events (an EventBridge rule starts the pipeline).
	Trigger actions.Trigger
	// CodeBuildCloneOutput passes a full clone to CodeBuild.
	CodeBuildCloneOutput bool
}

// CodePipelineSourceCodeCommit is a branch of a CodeCommit repository.
func CodePipelineSourceCodeCommit(repo actions.CodeCommitRepository, branch string, opts CodeCommitOptions) *CodePipelineSource {
	repo = constructs.NormalizeNil(repo)
	s := &CodePipelineSource{kind: "codecommit"}
	s.isSource = true
	if repo == nil {
		s.id = "CodeCommit"
		s.problems = append(s.problems, "CodePipelineSourceCodeCommit: the repository is nil: pass the codecommit repository")
	} else if token.IsUnresolved(repo.RepositoryName()) {
		s.id = constructAddr(repo)
	} else {
		s.id = repo.RepositoryName()
	}
	s.describe = s.id + "@" + branch
	s.primary = &FileSet{id: "Source", producer: s}
	s.action = func(out *codepipeline.Artifact, _ string, runOrder int) codepipeline.IAction {
		name := opts.ActionName
		if name == "" && repo != nil {
			name = repo.RepositoryName()
		}
		return actions.NewCodeCommitSourceAction(actions.CodeCommitSourceActionProps{
			Common:     actions.Common{ActionName: name, RunOrder: runOrder},
			Repository: repo, Branch: branch, Output: out, Trigger: opts.Trigger,
			CodeBuildCloneOutput: opts.CodeBuildCloneOutput,
		})
	}
	return s
}

// S3SourceOptions configures CodePipelineSourceS3.
type S3SourceOptions struct {
	// ActionName default the bucket's name.
	ActionName string
	// Trigger default polling.
	Trigger actions.Trigger
}

// CodePipelineSourceS3 is an archive (ZIP) in a versioned S3 bucket.
func CodePipelineSourceS3(bucket s3.IBucket, key string, opts S3SourceOptions) *CodePipelineSource {
	bucket = constructs.NormalizeNil(bucket)
	s := &CodePipelineSource{kind: "s3", describe: "s3 " + key}
	s.isSource = true
	if bucket == nil {
		s.id = "S3"
		s.problems = append(s.problems, "CodePipelineSourceS3: the bucket is nil: pass the source bucket")
	} else {
		s.id = constructAddr(bucket)
	}
	s.primary = &FileSet{id: "Source", producer: s}
	s.action = func(out *codepipeline.Artifact, _ string, runOrder int) codepipeline.IAction {
		name := opts.ActionName
		if name == "" && bucket != nil {
			name = bucket.BucketName()
		}
		return actions.NewS3SourceAction(actions.S3SourceActionProps{
			Common: actions.Common{ActionName: name, RunOrder: runOrder},
			Bucket: bucket, BucketKey: key, Output: out, Trigger: opts.Trigger,
		})
	}
	return s
}

// constructAddr is the constructs library's node address: "c8" and the
// SHA-1 of the ids of the path, the root's empty one included, each
// followed by a newline ("Default" left out).
func constructAddr(c constructs.Construct) string {
	h := sha1.New()
	for _, sc := range c.Node().Scopes() {
		id := sc.Node().ID()
		if id == "Default" {
			continue
		}
		h.Write([]byte(id))
		h.Write([]byte("\n"))
	}
	return "c8" + hex.EncodeToString(h.Sum(nil))
}
