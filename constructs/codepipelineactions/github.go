package codepipelineactions

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/codepipeline/codepipelinecfn"
)

// GitHubTrigger is how the GitHub (version 1) source notices pushes.
type GitHubTrigger string

// The GitHub triggers.
const (
	// GitHubWebhook (the default) registers a webhook with GitHub.
	GitHubWebhook GitHubTrigger = "WebHook"
	GitHubPoll    GitHubTrigger = "Poll"
	GitHubNone    GitHubTrigger = "None"
)

// SecretsManagerSecretValue returns the dynamic reference
// "{{resolve:secretsmanager:<secret>:SecretString:<field>::}}" that
// CloudFormation replaces with a Secrets Manager secret at deployment, as
// the AWS CDK's SecretValue.secretsManager (field may be empty: the whole
// secret string).
func SecretsManagerSecretValue(secret, field string) string {
	return "{{resolve:secretsmanager:" + secret + ":SecretString:" + field + "::}}"
}

// GitHubSourceActionProps configures NewGitHubSourceAction.
type GitHubSourceActionProps struct {
	Common
	// Owner and Repo name the repository (required).
	Owner, Repo string
	// Branch default "master".
	Branch string
	// OAuthToken is a GitHub token with the repo and admin:repo_hook
	// scopes, written as a dynamic reference (SecretsManagerSecretValue)
	// (required).
	OAuthToken string
	// Output receives the source (required).
	Output *codepipeline.Artifact
	// Trigger default GitHubWebhook.
	Trigger GitHubTrigger
}

// GitHubSourceAction is the AWS CDK's GitHubSourceAction (GitHub version 1,
// an OAuth token; CodeStarConnectionsSourceAction is the newer way): with
// the webhook trigger it adds an AWS::CodePipeline::Webhook
// "WebhookResource" under the action.
type GitHubSourceAction struct{ props GitHubSourceActionProps }

// NewGitHubSourceAction returns a GitHub (version 1) source action.
func NewGitHubSourceAction(props GitHubSourceActionProps) *GitHubSourceAction {
	return &GitHubSourceAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *GitHubSourceAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategorySource, "GitHub", sourceBounds)
	p.Owner = "ThirdParty"
	p.Outputs = []*codepipeline.Artifact{a.props.Output}
	return p
}

// Bind implements codepipeline.IAction.
func (a *GitHubSourceAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, _ codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	if p.Owner == "" || p.Repo == "" || p.OAuthToken == "" {
		stage.Pipeline().Errorf("action %q: GitHubSourceActionProps.Owner, Repo and OAuthToken are required", p.ActionName)
	}
	if p.Trigger == "" || p.Trigger == GitHubWebhook {
		codepipelinecfn.NewCfnWebhook(scope, "WebhookResource", codepipelinecfn.CfnWebhookProps{
			Authentication:              "GITHUB_HMAC",
			AuthenticationConfiguration: &codepipelinecfn.CfnWebhook_WebhookAuthConfigurationProperty{SecretToken: new(p.OAuthToken)},
			Filters:                     []codepipelinecfn.CfnWebhook_WebhookFilterRuleProperty{{JsonPath: "$.ref", MatchEquals: new("refs/heads/{Branch}")}},
			TargetAction:                p.ActionName,
			TargetPipeline:              stage.Pipeline().PipelineName(),
			TargetPipelineVersion:       new(1),
			RegisterWithThirdParty:      new(true),
		})
	}
	branch := p.Branch
	if branch == "" {
		branch = "master"
	}
	return codepipeline.ActionConfig{Configuration: map[string]any{
		"Owner": p.Owner, "Repo": p.Repo, "Branch": branch, "OAuthToken": p.OAuthToken,
		"PollForSourceChanges": p.Trigger == GitHubPoll,
	}}
}
