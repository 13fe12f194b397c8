package pipelines

import (
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// bootstrapRole is a role of a target environment's bootstrap stack (the
// deploy role, the CloudFormation execution role), imported by ARN and
// immutable, as the AWS CDK's Role.fromRoleArn with mutable false and
// addGrantsToResources true: statements for it are not added to any policy
// of this stack, and grants on resources name it in the resource's policy.
type bootstrapRole struct {
	constructs.Base
	arn     string
	account string
}

func importBootstrapRole(scope constructs.Construct, placeholder, arn, account string) *bootstrapRole {
	id := "ImmutableRole" + strings.ReplaceAll(placeholder, "/", "--")
	if r, ok := scope.Node().TryFindChild(id).(*bootstrapRole); ok {
		return r
	}
	r := &bootstrapRole{arn: arn, account: account}
	r.Base = constructs.NewBase(r, scope, id)
	return r
}

func (r *bootstrapRole) GrantPrincipal() iam.IPrincipal { return r }
func (r *bootstrapRole) AssumeRoleAction() string       { return "sts:AssumeRole" }
func (r *bootstrapRole) PolicyFragment() iam.PrincipalPolicyFragment {
	return iam.PrincipalPolicyFragment{PrincipalJSON: map[string][]string{"AWS": {r.arn}}}
}

// AddToPrincipalPolicy adds nothing: the role belongs to the target
// environment's bootstrap stack.
func (r *bootstrapRole) AddToPrincipalPolicy(*iam.PolicyStatement) bool { return false }

// PrincipalAccount is the role's account, for grants that compare it with
// the resource's.
func (r *bootstrapRole) PrincipalAccount() string { return r.account }

func (r *bootstrapRole) RoleARN() string { return r.arn }
func (r *bootstrapRole) RoleName() string {
	if token.IsUnresolved(r.arn) {
		if i := strings.LastIndex(r.arn, "role/"); i >= 0 {
			return r.arn[i+len("role/"):]
		}
	}
	return r.arn[strings.LastIndex(r.arn, "/")+1:]
}

func (r *bootstrapRole) Grant(grantee iam.IGrantable, actions ...string) *iam.Grant {
	return iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{Grantee: grantee, Actions: actions, ResourceARNs: []string{r.arn}})
}

func (r *bootstrapRole) GrantPassRole(grantee iam.IGrantable) *iam.Grant {
	return r.Grant(grantee, "iam:PassRole")
}

func (r *bootstrapRole) AttachInlinePolicy(*iam.Policy)      {}
func (r *bootstrapRole) AddManagedPolicy(iam.IManagedPolicy) {}
