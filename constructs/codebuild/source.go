package codebuild

import (
	"slices"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild/codebuildcfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
)

// Source types of CodeBuild projects.
const (
	SourceTypeCodePipeline = "CODEPIPELINE"
	SourceTypeNoSource     = "NO_SOURCE"
	SourceTypeCodeCommit   = "CODECOMMIT"
	SourceTypeS3           = "S3"
	SourceTypeGitHub       = "GITHUB"
)

// SourceConfig is what a source contributes to its project.
type SourceConfig struct {
	// Source is the project's Source property (BuildSpec is set by the
	// project).
	Source codebuildcfn.CfnProject_SourceProperty
	// SourceVersion is the project's SourceVersion.
	SourceVersion string
	// Triggers is the project's Triggers (webhooks).
	Triggers *codebuildcfn.CfnProject_ProjectTriggersProperty
}

// ISource is where a project's build input comes from, as the AWS CDK's
// ISource: Bind returns the project's source properties and grants the
// project what it needs to read the source.
type ISource interface {
	// Type is the CloudFormation source type ("CODECOMMIT", "S3", …).
	Type() string
	// Bind is called once by the project.
	Bind(project *Project) SourceConfig
}

// GitOptions are common to the Git sources.
type GitOptions struct {
	// Identifier names the source among several (secondary sources).
	Identifier string
	// CloneDepth is the clone depth; default: full clone.
	CloneDepth int
	// BranchOrRef is the version built; default: the default branch.
	BranchOrRef string
	// FetchSubmodules clones the Git submodules too.
	FetchSubmodules bool
}

func (g GitOptions) source(typ string) SourceConfig {
	sp := codebuildcfn.CfnProject_SourceProperty{Type: typ}
	if g.Identifier != "" {
		sp.SourceIdentifier = new(g.Identifier)
	}
	if g.CloneDepth != 0 {
		sp.GitCloneDepth = new(g.CloneDepth)
	}
	if g.FetchSubmodules {
		sp.GitSubmodulesConfig = &codebuildcfn.CfnProject_GitSubmodulesConfigProperty{FetchSubmodules: true}
	}
	return SourceConfig{Source: sp, SourceVersion: g.BranchOrRef}
}

// ICodeCommitRepository is the CodeCommit repository a CodeCommitSource reads.
type ICodeCommitRepository interface {
	constructs.Construct
	// RepositoryARN is the repository's ARN.
	RepositoryARN() string
	// RepositoryCloneURLHTTP is the repository's HTTPS clone URL.
	RepositoryCloneURLHTTP() string
}

// CodeCommitSourceProps configures CodeCommitSource.
type CodeCommitSourceProps struct {
	GitOptions
	// Repository is the repository built (required).
	Repository ICodeCommitRepository
}

type codeCommitSource struct{ props CodeCommitSourceProps }

// CodeCommitSource builds a CodeCommit repository; the project's role is
// granted codecommit:GitPull on it.
func CodeCommitSource(props CodeCommitSourceProps) ISource { return codeCommitSource{props} }

func (s codeCommitSource) Type() string { return SourceTypeCodeCommit }

func (s codeCommitSource) Bind(p *Project) SourceConfig {
	if constructs.IsNil(s.props.Repository) {
		p.problems = append(p.problems, "CodeCommitSource needs a Repository")
		return SourceConfig{Source: codebuildcfn.CfnProject_SourceProperty{Type: SourceTypeCodeCommit}}
	}
	p.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:   []string{"codecommit:GitPull"},
		Resources: []string{s.props.Repository.RepositoryARN()},
	}))
	c := s.props.source(SourceTypeCodeCommit)
	c.Source.Location = new(s.props.Repository.RepositoryCloneURLHTTP())
	return c
}

// S3SourceProps configures S3Source.
type S3SourceProps struct {
	// Identifier names the source among several.
	Identifier string
	// Bucket holds the source (required).
	Bucket s3.IBucket
	// Path is the object key of the source archive (required).
	Path string
	// Version is the object version built; default: the latest.
	Version string
}

type s3Source struct{ props S3SourceProps }

// S3Source builds an archive in an S3 bucket; the project's role is granted
// read on the object.
func S3Source(props S3SourceProps) ISource { return s3Source{props} }

func (s s3Source) Type() string { return SourceTypeS3 }

func (s s3Source) Bind(p *Project) SourceConfig {
	if constructs.IsNil(s.props.Bucket) {
		p.problems = append(p.problems, "S3Source needs a Bucket")
		return SourceConfig{Source: codebuildcfn.CfnProject_SourceProperty{Type: SourceTypeS3}}
	}
	s.props.Bucket.GrantRead(p, s.props.Path)
	sp := codebuildcfn.CfnProject_SourceProperty{Type: SourceTypeS3, Location: new(s.props.Bucket.BucketName() + "/" + s.props.Path)}
	if s.props.Identifier != "" {
		sp.SourceIdentifier = new(s.props.Identifier)
	}
	return SourceConfig{Source: sp, SourceVersion: s.props.Version}
}

// EventAction is a webhook event that starts a build.
type EventAction string

// Webhook event actions.
const (
	EventPush                EventAction = "PUSH"
	EventPullRequestCreated  EventAction = "PULL_REQUEST_CREATED"
	EventPullRequestUpdated  EventAction = "PULL_REQUEST_UPDATED"
	EventPullRequestClosed   EventAction = "PULL_REQUEST_CLOSED"
	EventPullRequestMerged   EventAction = "PULL_REQUEST_MERGED"
	EventPullRequestReopened EventAction = "PULL_REQUEST_REOPENED"
	EventReleased            EventAction = "RELEASED"
	EventPrereleased         EventAction = "PRERELEASED"
	EventWorkflowJobQueued   EventAction = "WORKFLOW_JOB_QUEUED"
)

type webhookFilter struct {
	typ, pattern string
	exclude      bool
}

// FilterGroup is a webhook filter group: the events that start a build and
// conditions on them, as the AWS CDK's FilterGroup. Start with
// FilterGroupInEventOf and chain And… methods; each returns a new group.
type FilterGroup struct {
	actions []EventAction
	filters []webhookFilter
}

// FilterGroupInEventOf starts a filter group matching the event actions.
func FilterGroupInEventOf(actions ...EventAction) FilterGroup {
	var uniq []EventAction
	for _, a := range actions {
		if !slices.Contains(uniq, a) {
			uniq = append(uniq, a)
		}
	}
	return FilterGroup{actions: uniq}
}

func (g FilterGroup) add(typ, pattern string, include bool) FilterGroup {
	return FilterGroup{actions: g.actions, filters: append(slices.Clone(g.filters), webhookFilter{typ, pattern, !include})}
}

// AndBranchIs matches pushes to (or pull requests from) the branch.
func (g FilterGroup) AndBranchIs(name string) FilterGroup {
	return g.add("HEAD_REF", "refs/heads/"+name, true)
}

// AndBranchIsNot excludes the branch.
func (g FilterGroup) AndBranchIsNot(name string) FilterGroup {
	return g.add("HEAD_REF", "refs/heads/"+name, false)
}

// AndTagIs matches the tag.
func (g FilterGroup) AndTagIs(name string) FilterGroup {
	return g.add("HEAD_REF", "refs/tags/"+name, true)
}

// AndTagIsNot excludes the tag.
func (g FilterGroup) AndTagIsNot(name string) FilterGroup {
	return g.add("HEAD_REF", "refs/tags/"+name, false)
}

// AndHeadRefIs matches head refs against a regular expression.
func (g FilterGroup) AndHeadRefIs(pattern string) FilterGroup {
	return g.add("HEAD_REF", pattern, true)
}

// AndHeadRefIsNot excludes head refs matching a regular expression.
func (g FilterGroup) AndHeadRefIsNot(pattern string) FilterGroup {
	return g.add("HEAD_REF", pattern, false)
}

// AndBaseBranchIs matches pull requests into the branch.
func (g FilterGroup) AndBaseBranchIs(name string) FilterGroup {
	return g.add("BASE_REF", "refs/heads/"+name, true)
}

// AndBaseBranchIsNot excludes pull requests into the branch.
func (g FilterGroup) AndBaseBranchIsNot(name string) FilterGroup {
	return g.add("BASE_REF", "refs/heads/"+name, false)
}

// AndFilePathIs matches changes to files matching a regular expression.
func (g FilterGroup) AndFilePathIs(pattern string) FilterGroup {
	return g.add("FILE_PATH", pattern, true)
}

// AndFilePathIsNot excludes changes to files matching a regular expression.
func (g FilterGroup) AndFilePathIsNot(pattern string) FilterGroup {
	return g.add("FILE_PATH", pattern, false)
}

// AndCommitMessageIs matches head commit messages against a regular expression.
func (g FilterGroup) AndCommitMessageIs(pattern string) FilterGroup {
	return g.add("COMMIT_MESSAGE", pattern, true)
}

// AndCommitMessageIsNot excludes head commit messages matching a regular expression.
func (g FilterGroup) AndCommitMessageIsNot(pattern string) FilterGroup {
	return g.add("COMMIT_MESSAGE", pattern, false)
}

// AndActorIs matches events from the account id (a regular expression).
func (g FilterGroup) AndActorIs(pattern string) FilterGroup {
	return g.add("ACTOR_ACCOUNT_ID", pattern, true)
}

// AndActorIsNot excludes events from the account id (a regular expression).
func (g FilterGroup) AndActorIsNot(pattern string) FilterGroup {
	return g.add("ACTOR_ACCOUNT_ID", pattern, false)
}

func (g FilterGroup) render() []any {
	names := make([]string, len(g.actions))
	for i, a := range g.actions {
		names[i] = string(a)
	}
	out := []any{map[string]any{"Type": "EVENT", "Pattern": strings.Join(names, ", ")}}
	for _, f := range g.filters {
		m := map[string]any{"Type": f.typ, "Pattern": f.pattern}
		if f.exclude {
			m["ExcludeMatchedPattern"] = true
		}
		out = append(out, m)
	}
	return out
}

// GitHubSourceProps configures GitHubSource.
type GitHubSourceProps struct {
	GitOptions
	// Owner is the GitHub user or organization (required).
	Owner string
	// Repo is the repository name; empty for an organization webhook
	// (builds of GitHub Actions runners for every repository of Owner).
	Repo string
	// Webhook creates a webhook that starts builds; default: true when
	// WebhookFilters are given, else left out.
	Webhook *bool
	// WebhookFilters are the filter groups of the webhook.
	WebhookFilters []FilterGroup
	// WebhookTriggersBatchBuild makes the webhook start batch builds (and
	// enables them on the project).
	WebhookTriggersBatchBuild bool
	// ReportBuildStatus reports the build's status to GitHub; default true.
	ReportBuildStatus *bool
	// BuildStatusContext is the status context; default: CodeBuild's.
	BuildStatusContext string
	// BuildStatusURL is the status' target URL; default: CodeBuild's.
	BuildStatusURL string
}

type gitHubSource struct{ props GitHubSourceProps }

// GitHubSource builds a GitHub repository (the account's GitHub credentials
// in CodeBuild are used), with an optional webhook.
func GitHubSource(props GitHubSourceProps) ISource { return gitHubSource{props} }

func (s gitHubSource) Type() string { return SourceTypeGitHub }

func (s gitHubSource) Bind(p *Project) SourceConfig {
	pr := s.props
	c := pr.source(SourceTypeGitHub)
	if pr.Owner == "" {
		p.problems = append(p.problems, "GitHubSource needs an Owner")
	}
	org := pr.Repo == ""
	if org {
		c.Source.Location = new("CODEBUILD_DEFAULT_WEBHOOK_SOURCE_LOCATION")
		if pr.WebhookFilters == nil {
			pr.WebhookFilters = []FilterGroup{FilterGroupInEventOf(EventWorkflowJobQueued)}
		}
	} else {
		c.Source.Location = new("https://github.com/" + pr.Owner + "/" + pr.Repo + ".git")
	}
	report := true
	if pr.ReportBuildStatus != nil {
		report = *pr.ReportBuildStatus
	}
	c.Source.ReportBuildStatus = new(report)
	if pr.BuildStatusContext != "" || pr.BuildStatusURL != "" {
		bs := &codebuildcfn.CfnProject_BuildStatusConfigProperty{}
		if pr.BuildStatusContext != "" {
			bs.Context = new(pr.BuildStatusContext)
		}
		if pr.BuildStatusURL != "" {
			bs.TargetUrl = new(pr.BuildStatusURL)
		}
		c.Source.BuildStatusConfig = bs
	}
	webhook := pr.Webhook
	if webhook == nil && len(pr.WebhookFilters) > 0 {
		webhook = new(true)
	}
	if webhook != nil && !*webhook && len(pr.WebhookFilters) > 0 {
		p.problems = append(p.problems, "GitHubSource: WebhookFilters cannot be used when Webhook is false")
	}
	if (webhook == nil || !*webhook) && pr.WebhookTriggersBatchBuild {
		p.problems = append(p.problems, "GitHubSource: WebhookTriggersBatchBuild cannot be used when Webhook is false")
	}
	if webhook != nil {
		t := &codebuildcfn.CfnProject_ProjectTriggersProperty{Webhook: webhook}
		if pr.WebhookTriggersBatchBuild {
			t.BuildType = new("BUILD_BATCH")
			p.wantBatch = true
		}
		for _, g := range pr.WebhookFilters {
			if len(g.actions) == 0 {
				p.problems = append(p.problems, "GitHubSource: a filter group must contain at least one event action; start it with codebuild.FilterGroupInEventOf")
				continue
			}
			t.FilterGroups = append(t.FilterGroups, g.render())
		}
		c.Triggers = t
	}
	if org {
		if c.Triggers == nil {
			c.Triggers = &codebuildcfn.CfnProject_ProjectTriggersProperty{}
		}
		c.Triggers.ScopeConfiguration = &codebuildcfn.CfnProject_ScopeConfigurationProperty{Name: pr.Owner}
	}
	return c
}

type codePipelineSource struct{}

func (codePipelineSource) Type() string { return SourceTypeCodePipeline }
func (codePipelineSource) Bind(*Project) SourceConfig {
	return SourceConfig{Source: codebuildcfn.CfnProject_SourceProperty{Type: SourceTypeCodePipeline}}
}

type noSource struct{}

func (noSource) Type() string { return SourceTypeNoSource }
func (noSource) Bind(*Project) SourceConfig {
	return SourceConfig{Source: codebuildcfn.CfnProject_SourceProperty{Type: SourceTypeNoSource}}
}

// IArtifacts is where a project puts its build output, as the AWS CDK's
// IArtifacts.
type IArtifacts interface {
	// Type is the CloudFormation artifacts type ("S3", "CODEPIPELINE", …).
	Type() string
	// Bind is called once by the project.
	Bind(project *Project) codebuildcfn.CfnProject_ArtifactsProperty
}

type simpleArtifacts string

func (a simpleArtifacts) Type() string { return string(a) }
func (a simpleArtifacts) Bind(*Project) codebuildcfn.CfnProject_ArtifactsProperty {
	return codebuildcfn.CfnProject_ArtifactsProperty{Type: string(a)}
}

// S3ArtifactsProps configures S3Artifacts.
type S3ArtifactsProps struct {
	// Identifier names the artifact among several.
	Identifier string
	// Bucket receives the artifacts (required).
	Bucket s3.IBucket
	// Path is the key prefix; default: the bucket's root.
	Path string
	// Name is the artifact's name; default: the buildspec's artifact name
	// (OverrideArtifactName true).
	Name string
	// ExcludeBuildID leaves the build id out of the key (NamespaceType NONE);
	// default: the key includes it.
	ExcludeBuildID bool
	// NoZip stores the files as they are; default: one zip archive.
	NoZip bool
	// DisableEncryption stores the artifacts unencrypted.
	DisableEncryption bool
}

type s3Artifacts struct{ props S3ArtifactsProps }

// S3Artifacts puts the build output in an S3 bucket; the project's role is
// granted read and write on the bucket.
func S3Artifacts(props S3ArtifactsProps) IArtifacts { return s3Artifacts{props} }

func (a s3Artifacts) Type() string { return "S3" }

func (a s3Artifacts) Bind(p *Project) codebuildcfn.CfnProject_ArtifactsProperty {
	pr := a.props
	out := codebuildcfn.CfnProject_ArtifactsProperty{Type: "S3"}
	if constructs.IsNil(pr.Bucket) {
		p.problems = append(p.problems, "S3Artifacts needs a Bucket")
		return out
	}
	pr.Bucket.GrantReadWrite(p)
	if pr.Identifier != "" {
		out.ArtifactIdentifier = new(pr.Identifier)
	}
	out.Location = new(pr.Bucket.BucketName())
	if pr.Path != "" {
		out.Path = new(pr.Path)
	}
	out.NamespaceType = new("BUILD_ID")
	if pr.ExcludeBuildID {
		out.NamespaceType = new("NONE")
	}
	if pr.Name != "" {
		out.Name = new(pr.Name)
	} else {
		out.OverrideArtifactName = new(true)
	}
	out.Packaging = new("ZIP")
	if pr.NoZip {
		out.Packaging = new("NONE")
	}
	if pr.DisableEncryption {
		out.EncryptionDisabled = new(true)
	}
	return out
}
