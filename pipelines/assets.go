package pipelines

import (
	"sort"
	"strings"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/iam"
)

// stackAssets returns the assets a stack needs published, as the AWS
// CDK's StackDeployment reads them from the asset manifest.
func stackAssets(d *stackDeployment) []stackAsset {
	var out []stackAsset
	dest := "current_account-current_region"
	if d.account != "" && d.region != "" {
		dest = d.account + "-" + d.region
	}
	for _, e := range assets.Of(d.stack) {
		a := stackAsset{id: e.Hash(), selector: e.Hash() + ":" + dest, docker: e.Image != nil}
		role := assets.FilePublishingRoleARN
		if e.Image != nil {
			role = assets.ImagePublishingRoleARN
			a.displayName = e.Image.DisplayName
		} else {
			a.displayName = e.File.DisplayName
		}
		if d.account != "" {
			role = strings.ReplaceAll(role, "${AWS::AccountId}", d.account)
		}
		if d.region != "" {
			role = strings.ReplaceAll(role, "${AWS::Region}", d.region)
		}
		a.role = role
		a.stack = d
		out = append(out, a)
	}
	return out
}

// assetRole is the role of the asset publishing projects of one asset
// type, shared by them, as the AWS CDK's AssetSingletonRole: wildcard
// logging, report and build statements up front, later statements with
// the same actions dropped, and one sts:AssumeRole statement listing the
// publishing roles.
type assetRole struct {
	*iam.Role
	reject bool
	assume *iam.PolicyStatement
	arns   map[string]bool
}

var assetRoleDuplicates = []string{
	"logs:CreateLogGroup,logs:CreateLogStream,logs:PutLogEvents",
	"codebuild:CreateReportGroup,codebuild:CreateReport,codebuild:UpdateReport,codebuild:BatchPutTestCases,codebuild:BatchPutCodeCoverages",
	"codebuild:BatchGetBuilds,codebuild:StartBuild,codebuild:StopBuild",
}

func newAssetRole(scope constructs.Construct, id string) *assetRole {
	r := &assetRole{Role: iam.NewRole(scope, id, iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codebuild.amazonaws.com")}), arns: map[string]bool{}}
	st := constructs.StackOf(r.Role)
	arn := func(service, resource string) string {
		return "arn:" + st.Partition() + ":" + service + ":" + st.Region() + ":" + st.Account() + ":" + resource
	}
	r.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Resources: []string{arn("logs", "log-group:/aws/codebuild/*")},
		Actions:   []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
	}))
	r.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:   []string{"codebuild:CreateReportGroup", "codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases", "codebuild:BatchPutCodeCoverages"},
		Resources: []string{arn("codebuild", "report-group/*")},
	}))
	r.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Resources: []string{"*"},
		Actions:   []string{"codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"},
	}))
	r.reject = true
	return r
}

// GrantPrincipal is the role itself, so that grants go through
// AddToPrincipalPolicy.
func (r *assetRole) GrantPrincipal() iam.IPrincipal { return r }

// AddToPrincipalPolicy drops the statements the role holds with wildcard
// resources already, and the artifact key's encrypt and decrypt statement.
func (r *assetRole) AddToPrincipalPolicy(s *iam.PolicyStatement) bool {
	acts := strings.Join(s.Actions(), ",")
	if r.reject {
		for _, d := range assetRoleDuplicates {
			if acts == d {
				return true
			}
		}
	}
	if acts == "kms:Decrypt,kms:Encrypt,kms:ReEncrypt*,kms:GenerateDataKey*" {
		return true
	}
	return r.Role.AddToPrincipalPolicy(s)
}

// addAssumeRole lets the role assume a publishing role (ten ARNs a
// statement).
func (r *assetRole) addAssumeRole(arn string) {
	if r.arns[arn] {
		return
	}
	r.arns[arn] = true
	if r.assume == nil {
		r.assume = iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"sts:AssumeRole"}})
		r.AddToPrincipalPolicy(r.assume)
	}
	r.assume.AddResources(cfn.Sub(arn))
	if len(r.assume.Resources()) >= 10 {
		r.assume = nil
	}
}

func (p *CodePipeline) assetRoleFor(docker bool) *assetRole {
	id := "FileRole"
	if docker {
		id = "DockerRole"
	}
	scope := obtainScope(p, "Assets")
	if p.assetRoles == nil {
		p.assetRoles = map[bool]*assetRole{}
	}
	if r, ok := p.assetRoles[docker]; ok {
		return r
	}
	r := newAssetRole(scope, id)
	p.assetRoles[docker] = r
	return r
}

// publishAssetsAction publishes the assets of node: a CodeBuild project
// under Assets that installs forma and runs `forma --app . publish` for
// the stacks holding them (forma publish uploads what is missing and
// skips what is there).
func (p *CodePipeline) publishAssetsAction(stage *codepipeline.Stage, node *gnode, o produceOptions) error {
	as := node.data.assets
	docker := as[0].docker
	role := p.assetRoleFor(docker)
	for _, a := range as {
		role.addAssumeRole(a.role)
	}
	var stacks []string
	seen := map[string]bool{}
	for _, a := range as {
		if !seen[a.stack.displayName] {
			seen[a.stack.displayName] = true
			stacks = append(stacks, a.stack.displayName)
		}
	}
	sort.Strings(stacks)
	step := NewCodeBuildStep(node.id, CodeBuildStepProps{
		ShellStepProps: ShellStepProps{
			Input:           p.cloudAsm,
			InstallCommands: []string{p.formaInstall()},
			Commands:        []string{"forma --app . publish --exclusively " + strings.Join(quoteAll(stacks), " ")},
		},
		BuildEnvironment: codebuild.BuildEnvironment{Privileged: docker || p.props.CodeBuildDefaults.BuildEnvironment.Privileged},
		Role:             role,
	})
	f := &codeBuildFactory{constructID: node.id, step: &step.ShellStep, scope: obtainScope(p, "Assets")}
	f.fromCodeBuildStep(step)
	o.codeBuildDefaults = p.codeBuildDefaultsFor(projectAssets)
	_, err := f.produce(p, stage, o)
	return err
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "'" + x + "'"
	}
	return out
}
