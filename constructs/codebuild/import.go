package codebuild

import (
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/constructs/token"
)

type importedProject struct {
	constructs.Base
	arn, name string
}

// ProjectFromProjectName imports a project of the stack's account and
// region by name. Grants to it are grants to nobody: its role is not known.
func ProjectFromProjectName(scope constructs.Construct, id, name string) IProject {
	p := &importedProject{name: name}
	p.Base = constructs.NewBase(p, scope, id)
	stack := constructs.StackOf(p)
	p.arn = "arn:" + stack.Partition() + ":codebuild:" + stack.Region() + ":" + stack.Account() + ":project/" + name
	return p
}

// ProjectFromProjectARN imports a project by ARN; its name is the ARN's
// resource name.
func ProjectFromProjectARN(scope constructs.Construct, id, arn string) IProject {
	p := &importedProject{arn: arn}
	p.Base = constructs.NewBase(p, scope, id)
	switch {
	case token.IsUnresolved(arn):
		p.name = cfn.Select(1, cfn.Split("/", cfn.Select(5, cfn.Split(":", arn))))
	case strings.Contains(arn, ":project/"):
		p.name = arn[strings.LastIndex(arn, ":project/")+len(":project/"):]
	default:
		p.Node().AddValidation(constructs.ValidationFunc(func() []string {
			return []string{"ProjectFromProjectARN: " + arn + " is not a CodeBuild project ARN (arn:PARTITION:codebuild:REGION:ACCOUNT:project/NAME)"}
		}))
	}
	return p
}

func (p *importedProject) ProjectARN() string                   { return p.arn }
func (p *importedProject) ProjectName() string                  { return p.name }
func (p *importedProject) Role() iam.IRole                      { return nil }
func (p *importedProject) AddToRolePolicy(*iam.PolicyStatement) {}
func (p *importedProject) BindToCodePipeline(s3.IBucket)        {}
func (p *importedProject) GrantPrincipal() iam.IPrincipal       { return unknownPrincipal{p} }

// unknownPrincipal is the principal of an imported project: statements
// added to it go nowhere, as the AWS CDK's UnknownPrincipal.
type unknownPrincipal struct{ p *importedProject }

func (u unknownPrincipal) GrantPrincipal() iam.IPrincipal { return u }
func (u unknownPrincipal) AssumeRoleAction() string       { return "sts:AssumeRole" }
func (u unknownPrincipal) PolicyFragment() iam.PrincipalPolicyFragment {
	return iam.PrincipalPolicyFragment{}
}
func (u unknownPrincipal) AddToPrincipalPolicy(*iam.PolicyStatement) bool {
	constructs.AnnotationsOf(u.p).AddWarning("a grant to the imported project " + u.p.Node().Path() + " is not written: its role is not known; grant to the role instead")
	return true
}

func (p *importedProject) EnableBatchBuilds() iam.IRole { return nil }
