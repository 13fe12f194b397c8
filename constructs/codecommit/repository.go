package codecommit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codecommit/codecommitcfn"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/token"
)

// RepositoryProps configures NewRepository.
type RepositoryProps struct {
	// RepositoryName is the repository's name (required).
	RepositoryName string
	// Description of the repository; default: none.
	Description string
	// KMSKey encrypts the repository; default the AWS-managed key.
	KMSKey kms.IKey
}

// IRepository is a CodeCommit repository, defined here or imported.
type IRepository interface {
	constructs.Construct
	// RepositoryName is the repository's name.
	RepositoryName() string
	// RepositoryARN is the repository's ARN.
	RepositoryARN() string
	// RepositoryCloneURLHTTP is the HTTPS clone URL.
	RepositoryCloneURLHTTP() string
	// OnEvent creates a rule, the child id, matching the repository's events.
	OnEvent(id string, opts OnEventOptions) *events.Rule
	// OnStateChange matches "CodeCommit Repository State Change" events.
	OnStateChange(id string, opts OnEventOptions) *events.Rule
	// OnCommit matches pushes (reference created or updated).
	OnCommit(id string, opts OnCommitOptions) *events.Rule
	// Grant gives grantee the actions on the repository.
	Grant(grantee iam.IGrantable, actions ...string) *iam.Grant
	// GrantPull lets grantee pull (codecommit:GitPull).
	GrantPull(grantee iam.IGrantable) *iam.Grant
	// GrantPullPush lets grantee pull and push.
	GrantPullPush(grantee iam.IGrantable) *iam.Grant
	// GrantRead lets grantee pull and read the repository's metadata.
	GrantRead(grantee iam.IGrantable) *iam.Grant
}

// OnEventOptions configure an event rule of a repository.
type OnEventOptions struct {
	// Target receives the events; default none (add with Rule.AddTarget).
	Target events.IRuleTarget
	// RuleName is the rule's physical name.
	RuleName string
	// Description of the rule.
	Description string
	// EventPattern is merged into the rule's pattern.
	EventPattern *events.EventPattern
}

// OnCommitOptions configure OnCommit.
type OnCommitOptions struct {
	OnEventOptions
	// Branches limit the rule to pushes to these branches; default any.
	Branches []string
}

// Repository is a CodeCommit repository (AWS::CodeCommit::Repository), the
// AWS CDK's codecommit.Repository. It has no resource policy: grants add to
// the grantee's own policy.
//
// Differences from the AWS CDK: initial code (an asset) and notification
// rules are not offered here.
type Repository struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *codecommitcfn.CfnRepository
}

var repositoryNameRE = regexp.MustCompile(`^[\w.-]{1,100}$`)

// NewRepository creates a repository.
func NewRepository(scope constructs.Construct, id string, props RepositoryProps) *Repository {
	props.KMSKey = constructs.NormalizeNil(props.KMSKey)
	r := &Repository{}
	r.Base = constructs.NewBase(r, scope, id)
	var problems []string
	n := props.RepositoryName
	switch {
	case n == "":
		problems = append(problems, "RepositoryProps.RepositoryName is required: set the repository's name")
	case !token.IsUnresolved(n) && (!repositoryNameRE.MatchString(n) || strings.HasSuffix(n, ".git")):
		problems = append(problems, fmt.Sprintf("RepositoryName %q is invalid: 1 to 100 letters, digits, '.', '_' and '-', not ending in .git", n))
	}
	cp := codecommitcfn.CfnRepositoryProps{RepositoryName: n}
	if props.Description != "" {
		cp.RepositoryDescription = new(props.Description)
		if len(props.Description) > 1000 {
			problems = append(problems, "Description is longer than 1000 characters")
		}
	}
	if props.KMSKey != nil {
		cp.KmsKeyId = new(props.KMSKey.KeyARN())
	}
	r.Resource = codecommitcfn.NewCfnRepository(r, "Resource", cp)
	r.Node().AddValidation(constructs.ValidationFunc(func() []string { return problems }))
	return r
}

// RepositoryName returns the repository's name (Fn::GetAtt Name).
func (r *Repository) RepositoryName() string { return r.Resource.AttrName() }

// RepositoryARN returns the repository's ARN (Fn::GetAtt Arn).
func (r *Repository) RepositoryARN() string { return r.Resource.AttrArn() }

// RepositoryCloneURLHTTP returns the HTTPS clone URL.
func (r *Repository) RepositoryCloneURLHTTP() string { return r.Resource.AttrCloneUrlHttp() }

// RepositoryCloneURLSSH returns the SSH clone URL.
func (r *Repository) RepositoryCloneURLSSH() string { return r.Resource.AttrCloneUrlSsh() }

// OnEvent creates the rule id, a child of the repository, matching events
// from aws.codecommit about this repository, as the AWS CDK's onEvent.
func (r *Repository) OnEvent(id string, opts OnEventOptions) *events.Rule {
	return onEvent(r, id, opts)
}

// OnStateChange matches the repository's "CodeCommit Repository State
// Change" events.
func (r *Repository) OnStateChange(id string, opts OnEventOptions) *events.Rule {
	return onStateChange(r, id, opts)
}

// OnCommit matches pushes to the repository (reference created or
// updated), to opts.Branches only when given, as the AWS CDK's onCommit.
func (r *Repository) OnCommit(id string, opts OnCommitOptions) *events.Rule {
	return onCommit(r, id, opts)
}

func onEvent(r IRepository, id string, opts OnEventOptions) *events.Rule {
	rule := events.NewRule(r, id, events.RuleProps{RuleName: opts.RuleName, Description: opts.Description, EventPattern: opts.EventPattern})
	rule.AddEventPattern(events.EventPattern{Source: []string{"aws.codecommit"}, Resources: []string{r.RepositoryARN()}})
	rule.AddTarget(opts.Target)
	return rule
}

func onStateChange(r IRepository, id string, opts OnEventOptions) *events.Rule {
	rule := onEvent(r, id, opts)
	rule.AddEventPattern(events.EventPattern{DetailType: []string{"CodeCommit Repository State Change"}})
	return rule
}

func onCommit(r IRepository, id string, opts OnCommitOptions) *events.Rule {
	rule := onStateChange(r, id, opts.OnEventOptions)
	detail := map[string]any{"event": []string{"referenceCreated", "referenceUpdated"}}
	if len(opts.Branches) > 0 {
		detail["referenceName"] = append([]string(nil), opts.Branches...)
	}
	rule.AddEventPattern(events.EventPattern{Detail: detail})
	return rule
}

func grant(r IRepository, grantee iam.IGrantable, what string, actions []string) *iam.Grant {
	if grantee = constructs.NormalizeNil(grantee); grantee == nil {
		r.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{what + " was given a nil grantee: pass a role or a principal"}
		}))
		return &iam.Grant{}
	}
	g := iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{Grantee: grantee, Actions: actions, ResourceARNs: []string{r.RepositoryARN()}})
	return iam.RequireSuccess(g, r, what, grantee)
}

var readActions = []string{"codecommit:GitPull", "codecommit:EvaluatePullRequestApprovalRules", "codecommit:Get*", "codecommit:Describe*"}

// Grant gives grantee the actions on the repository, in its own policy.
func (r *Repository) Grant(grantee iam.IGrantable, actions ...string) *iam.Grant {
	return grant(r, grantee, "Grant", actions)
}

// GrantPull lets grantee pull: codecommit:GitPull.
func (r *Repository) GrantPull(grantee iam.IGrantable) *iam.Grant {
	return grant(r, grantee, "GrantPull", []string{"codecommit:GitPull"})
}

// GrantPullPush lets grantee pull and push: codecommit:GitPull, GitPush.
func (r *Repository) GrantPullPush(grantee iam.IGrantable) *iam.Grant {
	return grant(r, grantee, "GrantPullPush", []string{"codecommit:GitPull", "codecommit:GitPush"})
}

// GrantRead lets grantee pull and read: codecommit:GitPull,
// EvaluatePullRequestApprovalRules, Get*, Describe*.
func (r *Repository) GrantRead(grantee iam.IGrantable) *iam.Grant {
	return grant(r, grantee, "GrantRead", readActions)
}

// RepositoryFromRepositoryName imports a repository of the stack's account
// and region by name.
func RepositoryFromRepositoryName(scope constructs.Construct, id, name string) IRepository {
	r := &importedRepository{name: name}
	r.Base = constructs.NewBase(r, scope, id)
	st := constructs.StackOf(r)
	r.arn = "arn:" + st.Partition() + ":codecommit:" + st.Region() + ":" + st.Account() + ":" + name
	return r
}

// RepositoryFromRepositoryARN imports a repository by ARN; its name is the
// ARN's last part.
func RepositoryFromRepositoryARN(scope constructs.Construct, id, arn string) IRepository {
	r := &importedRepository{arn: arn}
	r.Base = constructs.NewBase(r, scope, id)
	if token.IsUnresolved(arn) {
		r.name = cfn.Select(5, cfn.Split(":", arn))
	} else {
		r.name = arn[strings.LastIndex(arn, ":")+1:]
	}
	return r
}

type importedRepository struct {
	constructs.Base
	name, arn string
}

func (r *importedRepository) RepositoryName() string { return r.name }
func (r *importedRepository) RepositoryARN() string  { return r.arn }

// RepositoryCloneURLHTTP is https://git-codecommit.REGION.URLSUFFIX/v1/repos/NAME.
func (r *importedRepository) RepositoryCloneURLHTTP() string {
	st := constructs.StackOf(r)
	return "https://git-codecommit." + st.Region() + "." + st.URLSuffix() + "/v1/repos/" + r.name
}
func (r *importedRepository) OnEvent(id string, o OnEventOptions) *events.Rule {
	return onEvent(r, id, o)
}
func (r *importedRepository) OnStateChange(id string, o OnEventOptions) *events.Rule {
	return onStateChange(r, id, o)
}
func (r *importedRepository) OnCommit(id string, o OnCommitOptions) *events.Rule {
	return onCommit(r, id, o)
}
func (r *importedRepository) Grant(g iam.IGrantable, actions ...string) *iam.Grant {
	return grant(r, g, "Grant", actions)
}
func (r *importedRepository) GrantPull(g iam.IGrantable) *iam.Grant {
	return grant(r, g, "GrantPull", []string{"codecommit:GitPull"})
}
func (r *importedRepository) GrantPullPush(g iam.IGrantable) *iam.Grant {
	return grant(r, g, "GrantPullPush", []string{"codecommit:GitPull", "codecommit:GitPush"})
}
func (r *importedRepository) GrantRead(g iam.IGrantable) *iam.Grant {
	return grant(r, g, "GrantRead", readActions)
}
