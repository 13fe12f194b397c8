package ecr

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
)

// The actions of the AWS CDK's RepositoryBase.
var (
	pullActions = []string{"ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"}
	pushActions = []string{"ecr:CompleteLayerUpload", "ecr:UploadLayerPart", "ecr:InitiateLayerUpload", "ecr:BatchCheckLayerAvailability", "ecr:PutImage"}
)

// grant is the AWS CDK's RepositoryBase.grant: a role of the repository's
// account gets an identity policy statement on the repository's ARN; any
// other grantee (another account, a service, an ARN principal) is named in
// a repository policy statement (no Resource element). A grant that can do
// neither (a service principal and an imported repository) is a synthesis
// error on the repository.
func grant(r IRepository, what string, grantee iam.IGrantable, actions []string) *iam.Grant {
	g := iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{
		Grantee:          grantee,
		Actions:          actions,
		ResourceARNs:     []string{r.RepositoryARN()},
		ResourceSelfARNs: []string{},
		Resource:         r,
	})
	return iam.RequireSuccess(g, r, what, grantee)
}

// withAuthToken adds ecr:GetAuthorizationToken on * to the grantee's own
// policy (nothing for a grantee without one), as the AWS CDK's grantPull.
func withAuthToken(g *iam.Grant, grantee iam.IGrantable) *iam.Grant {
	iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{Grantee: grantee, Actions: []string{"ecr:GetAuthorizationToken"}, ResourceARNs: []string{"*"}})
	return g
}

func grantRead(r IRepository, grantee iam.IGrantable) *iam.Grant {
	return grant(r, "GrantRead", grantee, []string{"ecr:DescribeRepositories", "ecr:DescribeImages"})
}

func grantPull(r IRepository, grantee iam.IGrantable) *iam.Grant {
	return withAuthToken(grant(r, "GrantPull", grantee, pullActions), grantee)
}

func grantPush(r IRepository, grantee iam.IGrantable) *iam.Grant {
	return withAuthToken(grant(r, "GrantPush", grantee, pushActions), grantee)
}

func grantPullPush(r IRepository, grantee iam.IGrantable) *iam.Grant {
	return withAuthToken(grant(r, "GrantPullPush", grantee, append(append([]string(nil), pullActions...), pushActions...)), grantee)
}

// Grant gives grantee the actions on the repository, as the AWS CDK's
// Repository.grant (see the package documentation for who gets what).
func (r *Repository) Grant(grantee iam.IGrantable, actions ...string) *iam.Grant {
	return grant(r, "Grant", grantee, actions)
}

// GrantRead lets grantee describe the repository and its images.
func (r *Repository) GrantRead(grantee iam.IGrantable) *iam.Grant { return grantRead(r, grantee) }

// GrantPull lets grantee pull images, as the AWS CDK's grantPull: the layer
// and image actions on the repository, and ecr:GetAuthorizationToken on *
// in the grantee's own policy.
func (r *Repository) GrantPull(grantee iam.IGrantable) *iam.Grant { return grantPull(r, grantee) }

// GrantPush lets grantee push images, as the AWS CDK's grantPush.
func (r *Repository) GrantPush(grantee iam.IGrantable) *iam.Grant { return grantPush(r, grantee) }

// GrantPullPush lets grantee pull and push images, as the AWS CDK's
// grantPullPush.
func (r *Repository) GrantPullPush(grantee iam.IGrantable) *iam.Grant {
	return grantPullPush(r, grantee)
}

func (r *importedRepository) Grant(grantee iam.IGrantable, actions ...string) *iam.Grant {
	return grant(r, "Grant", grantee, actions)
}
func (r *importedRepository) GrantRead(grantee iam.IGrantable) *iam.Grant {
	return grantRead(r, grantee)
}
func (r *importedRepository) GrantPull(grantee iam.IGrantable) *iam.Grant {
	return grantPull(r, grantee)
}
func (r *importedRepository) GrantPush(grantee iam.IGrantable) *iam.Grant {
	return grantPush(r, grantee)
}
func (r *importedRepository) GrantPullPush(grantee iam.IGrantable) *iam.Grant {
	return grantPullPush(r, grantee)
}

var _ constructs.Construct = (*importedRepository)(nil)
