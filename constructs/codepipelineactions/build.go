package codepipelineactions

import (
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/s3"
)

// CodeBuildProject is what the CodeBuild action needs of a project
// (codebuild.Project or PipelineProject, or an imported one).
type CodeBuildProject interface {
	iam.IGrantable
	ProjectName() string
	ProjectARN() string
}

// codePipelineBinder is implemented by projects that adopt the artifact
// bucket's key when a pipeline uses them (the AWS CDK's
// Project.bindToCodePipeline).
type codePipelineBinder interface {
	BindToCodePipeline(artifactBucket s3.IBucket)
}

// roleHaver tells whether a project has a role (an imported project may
// not); projects without the method are taken to have one.
type roleHaver interface {
	Role() iam.IRole
}

// CodeBuildActionType is a build or a test.
type CodeBuildActionType int

// The CodeBuild action types.
const (
	CodeBuildBuild CodeBuildActionType = iota
	CodeBuildTest
)

// BuildEnvironmentVariable is an environment variable of a CodeBuild
// action: Type "PLAINTEXT" (default), "PARAMETER_STORE" (Value is the
// parameter's name) or "SECRETS_MANAGER" (Value is the secret's name or
// ARN, optionally followed by ":<json-key>…"). The project's role may read
// the parameters and secrets named, as the AWS CDK grants.
type BuildEnvironmentVariable struct {
	Name, Value, Type string
}

// CodeBuildActionProps configures NewCodeBuildAction.
type CodeBuildActionProps struct {
	Common
	// Project runs the build (required).
	Project CodeBuildProject
	// Input is the primary source (required); ExtraInputs are secondary.
	Input       *codepipeline.Artifact
	ExtraInputs []*codepipeline.Artifact
	// Outputs are the build's artifacts.
	Outputs []*codepipeline.Artifact
	// Type default CodeBuildBuild.
	Type CodeBuildActionType
	// EnvironmentVariables override the project's.
	EnvironmentVariables []BuildEnvironmentVariable
	// ExecuteBatchBuild runs a batch build; CombineBatchBuildArtifacts
	// combines its artifacts.
	ExecuteBatchBuild          bool
	CombineBatchBuildArtifacts bool
}

// CodeBuildAction is the AWS CDK's CodeBuildAction.
type CodeBuildAction struct{ props CodeBuildActionProps }

// NewCodeBuildAction returns a CodeBuild build or test action.
func NewCodeBuildAction(props CodeBuildActionProps) *CodeBuildAction {
	props.Project = constructs.NormalizeNil(props.Project)
	return &CodeBuildAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *CodeBuildAction) ActionProperties() codepipeline.ActionProperties {
	cat := codepipeline.CategoryBuild
	if a.props.Type == CodeBuildTest {
		cat = codepipeline.CategoryTest
	}
	p := a.props.props(cat, "CodeBuild", codepipeline.ArtifactBounds{MinInputs: 1, MaxInputs: 5, MinOutputs: 0, MaxOutputs: 5})
	p.Inputs = append([]*codepipeline.Artifact{a.props.Input}, a.props.ExtraInputs...)
	p.Outputs = a.props.Outputs
	return p
}

// Bind implements codepipeline.IAction.
func (a *CodeBuildAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	if p.Project == nil || p.Input == nil {
		stage.Pipeline().Errorf("action %q: CodeBuildActionProps.Project and Input are required", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	verbs := []string{"codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"}
	if p.ExecuteBatchBuild {
		verbs = []string{"codebuild:BatchGetBuildBatches", "codebuild:StartBuildBatch", "codebuild:StopBuildBatch"}
	}
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{p.Project.ProjectARN()}, Actions: verbs}))
	hasRole := true
	if rh, ok := p.Project.(roleHaver); ok {
		hasRole = !constructs.IsNil(rh.Role())
	}
	if hasRole {
		if len(p.Outputs) > 0 {
			opts.Bucket.GrantReadWrite(p.Project)
		} else {
			opts.Bucket.GrantRead(p.Project)
		}
	}
	if b, ok := p.Project.(codePipelineBinder); ok {
		b.BindToCodePipeline(opts.Bucket)
	}
	cfg := map[string]any{"ProjectName": p.Project.ProjectName()}
	if len(p.EnvironmentVariables) > 0 {
		grantEnvironmentReads(stage.Pipeline(), a.props.ActionName, p.Project, p.EnvironmentVariables)
		type envVar struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Value string `json:"value"`
		}
		var vs []envVar
		for _, v := range p.EnvironmentVariables {
			t := v.Type
			if t == "" {
				t = "PLAINTEXT"
			}
			vs = append(vs, envVar{Name: v.Name, Type: t, Value: v.Value})
		}
		cfg["EnvironmentVariables"] = jsonString(vs)
	}
	if len(p.ExtraInputs) > 0 {
		cfg["PrimarySource"] = p.Input.ArtifactName()
	}
	if p.ExecuteBatchBuild {
		cfg["BatchEnabled"] = "true"
		if p.CombineBatchBuildArtifacts {
			cfg["CombineArtifacts"] = "true"
		}
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// CommandsActionProps configures NewCommandsAction, the V2 Commands action:
// shell commands run by CodePipeline on a managed CodeBuild compute,
// without a build project.
type CommandsActionProps struct {
	Common
	// Commands to run, 1 to 50 (required).
	Commands []string
	// Input (required) and ExtraInputs are the artifacts the commands see.
	Input       *codepipeline.Artifact
	ExtraInputs []*codepipeline.Artifact
	// Output collects files of the working directory.
	Output *codepipeline.Artifact
	// OutputVariables are the environment variables exported, 1 to 15.
	OutputVariables []string
	// Timeout of the action.
	Timeout time.Duration
}

// CommandsAction is the AWS CDK's CommandsAction.
type CommandsAction struct{ props CommandsActionProps }

// NewCommandsAction returns a Commands action.
func NewCommandsAction(props CommandsActionProps) *CommandsAction {
	return &CommandsAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *CommandsAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryCompute, "Commands", codepipeline.ArtifactBounds{MinInputs: 1, MaxInputs: 10, MinOutputs: 0, MaxOutputs: 1})
	p.Inputs = append([]*codepipeline.Artifact{a.props.Input}, a.props.ExtraInputs...)
	if a.props.Output != nil {
		p.Outputs = []*codepipeline.Artifact{a.props.Output}
	}
	p.Commands = a.props.Commands
	p.OutputVariables = a.props.OutputVariables
	p.Timeout = a.props.Timeout
	return p
}

// Variable returns "#{<namespace>.<name>}" for an exported variable.
func (a *CommandsAction) Variable(name string) string {
	return "#{" + a.props.VariablesNamespace + "." + name + "}"
}

// Bind implements codepipeline.IAction.
func (a *CommandsAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	pipe := stage.Pipeline()
	if n := len(p.Commands); n < 1 || n > 50 {
		pipe.Errorf("action %q: Commands must hold 1 to 50 commands, got %d", p.ActionName, n)
	}
	if n := len(p.OutputVariables); p.OutputVariables != nil && (n < 1 || n > 15) {
		pipe.Errorf("action %q: OutputVariables must hold 1 to 15 names, got %d", p.ActionName, n)
	}
	if pipe.PipelineType != codepipeline.PipelineV2 {
		pipe.Errorf("action %q: the Commands action runs in V2 pipelines only: set PipelineType to codepipeline.PipelineV2", p.ActionName)
	}
	s := constructs.StackOf(scope)
	logGroup := "arn:" + s.Partition() + ":logs:" + s.Region() + ":" + s.Account() + ":log-group:/aws/codepipeline/" + pipe.PipelineName()
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{logGroup, logGroup + ":*"}, Actions: []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}}))
	opts.Role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{logGroup + ":*"}, Actions: []string{"logs:GetLogEvents"}}))
	opts.Bucket.GrantRead(opts.Role)
	if p.Output != nil {
		opts.Bucket.GrantWrite(opts.Role)
	}
	return codepipeline.ActionConfig{}
}

// rolePolicyAdder is a project whose role takes statements.
type rolePolicyAdder interface {
	AddToRolePolicy(s *iam.PolicyStatement)
}

// grantEnvironmentReads lets the project read the parameters and secrets
// the variables name, as the AWS CDK's Project.serializeEnvVariables.
func grantEnvironmentReads(pipe *codepipeline.Pipeline, action string, project CodeBuildProject, vars []BuildEnvironmentVariable) {
	s := constructs.StackOf(pipe)
	var ssmARNs, secretARNs, kmsARNs []string
	add := func(l *[]string, v string) {
		for _, x := range *l {
			if x == v {
				return
			}
		}
		*l = append(*l, v)
	}
	for _, v := range vars {
		switch v.Type {
		case "", "PLAINTEXT":
		case "PARAMETER_STORE":
			ssmARNs = append(ssmARNs, "arn:"+s.Partition()+":ssm:"+s.Region()+":"+s.Account()+":parameter/"+strings.TrimPrefix(v.Value, "/"))
		case "SECRETS_MANAGER":
			secret, key, err := codebuild.SecretVariableResources(s, v.Value)
			if err != nil {
				pipe.Errorf("action %q: environment variable %s: %v", action, v.Name, err)
				continue
			}
			add(&secretARNs, secret)
			if key != "" {
				add(&kmsARNs, key)
			}
		default:
			pipe.Errorf("action %q: environment variable %s: unknown type %q; use PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER", action, v.Name, v.Type)
		}
	}
	adder, ok := project.(rolePolicyAdder)
	if !ok {
		return
	}
	if len(ssmARNs) > 0 {
		adder.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"ssm:GetParameters"}, Resources: ssmARNs}))
	}
	if len(secretARNs) > 0 {
		adder.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"secretsmanager:GetSecretValue"}, Resources: secretARNs}))
	}
	if len(kmsARNs) > 0 {
		adder.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"kms:Decrypt"}, Resources: kmsARNs}))
	}
}
