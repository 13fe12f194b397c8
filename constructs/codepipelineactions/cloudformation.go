package codepipelineactions

import (
	"sort"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/iam"
)

// Capability is a CloudFormation capability the stack may need.
type Capability string

// The CloudFormation capabilities.
const (
	CapabilityNone         Capability = ""
	CapabilityAnonymousIAM Capability = "CAPABILITY_IAM"
	CapabilityNamedIAM     Capability = "CAPABILITY_NAMED_IAM"
	// CapabilityAutoExpand is what a template with macros or the SAM
	// transform (AWS::Serverless-2016-10-31) needs.
	CapabilityAutoExpand Capability = "CAPABILITY_AUTO_EXPAND"
)

// CloudFormationDeployProps are the properties of the CloudFormation
// actions that deploy (create/update and change set replace).
type CloudFormationDeployProps struct {
	Common
	// StackName is the stack deployed (required).
	StackName string
	// DeploymentRole is the role CloudFormation deploys with; default a
	// role "Role" under the action trusting cloudformation.amazonaws.com
	// that may read the artifact bucket.
	DeploymentRole iam.IRole
	// AdminPermissions gives that role "*" on "*" (and CAPABILITY_NAMED_IAM
	// when Capabilities is nil).
	AdminPermissions bool
	// Capabilities of the stack.
	Capabilities []Capability
	// ParameterOverrides are the stack's parameters, written as JSON with
	// the keys sorted (the AWS CDK keeps the object's order; CloudFormation
	// reads either the same way).
	ParameterOverrides map[string]any
	// TemplateConfiguration is a template configuration file.
	TemplateConfiguration *codepipeline.ArtifactPath
	// ExtraInputs are more artifacts the overrides read.
	ExtraInputs []*codepipeline.Artifact
	// OutputFileName writes the stack's outputs to a file of Output
	// (default an artifact "<action>_<stack>_Artifact").
	OutputFileName string
	Output         *codepipeline.Artifact
	// Region deploys to another region (needs the pipeline's cross-region
	// support, which forma does not offer).
	Region string
}

// CloudFormationCreateUpdateStackActionProps configures
// NewCloudFormationCreateUpdateStackAction.
type CloudFormationCreateUpdateStackActionProps struct {
	CloudFormationDeployProps
	// TemplatePath is the template in an artifact (required).
	TemplatePath codepipeline.ArtifactPath
	// ReplaceOnFailure deletes and recreates a stack that failed.
	ReplaceOnFailure bool
}

// CloudFormationCreateReplaceChangeSetActionProps configures
// NewCloudFormationCreateReplaceChangeSetAction.
type CloudFormationCreateReplaceChangeSetActionProps struct {
	CloudFormationDeployProps
	// TemplatePath is the template in an artifact (required).
	TemplatePath codepipeline.ArtifactPath
	// ChangeSetName is the change set created (required).
	ChangeSetName string
}

// CloudFormationExecuteChangeSetActionProps configures
// NewCloudFormationExecuteChangeSetAction.
type CloudFormationExecuteChangeSetActionProps struct {
	Common
	StackName, ChangeSetName string
	OutputFileName           string
	Output                   *codepipeline.Artifact
	Region                   string
}

// CloudFormationDeleteStackActionProps configures
// NewCloudFormationDeleteStackAction.
type CloudFormationDeleteStackActionProps struct {
	CloudFormationDeployProps
}

type cfnMode int

const (
	cfnCreateUpdate cfnMode = iota
	cfnReplaceChangeSet
	cfnExecuteChangeSet
	cfnDelete
)

// CloudFormationAction is one of the AWS CDK's CloudFormation actions:
// create/update a stack, create or replace a change set, execute a change
// set, delete a stack.
type CloudFormationAction struct {
	mode             cfnMode
	deploy           CloudFormationDeployProps
	templatePath     codepipeline.ArtifactPath
	replaceOnFailure bool
	changeSetName    string
	output           *codepipeline.Artifact
	deploymentRole   iam.IRole
}

// NewCloudFormationCreateUpdateStackAction returns an action that creates
// or updates a stack (ActionMode CREATE_UPDATE or REPLACE_ON_FAILURE).
func NewCloudFormationCreateUpdateStackAction(props CloudFormationCreateUpdateStackActionProps) *CloudFormationAction {
	return newCFNAction(&CloudFormationAction{mode: cfnCreateUpdate, deploy: props.CloudFormationDeployProps, templatePath: props.TemplatePath, replaceOnFailure: props.ReplaceOnFailure})
}

// NewCloudFormationCreateReplaceChangeSetAction returns an action that
// creates or replaces a change set (CHANGE_SET_REPLACE).
func NewCloudFormationCreateReplaceChangeSetAction(props CloudFormationCreateReplaceChangeSetActionProps) *CloudFormationAction {
	return newCFNAction(&CloudFormationAction{mode: cfnReplaceChangeSet, deploy: props.CloudFormationDeployProps, templatePath: props.TemplatePath, changeSetName: props.ChangeSetName})
}

// NewCloudFormationExecuteChangeSetAction returns an action that executes
// a change set (CHANGE_SET_EXECUTE).
func NewCloudFormationExecuteChangeSetAction(props CloudFormationExecuteChangeSetActionProps) *CloudFormationAction {
	return newCFNAction(&CloudFormationAction{mode: cfnExecuteChangeSet, changeSetName: props.ChangeSetName, deploy: CloudFormationDeployProps{
		Common: props.Common, StackName: props.StackName, OutputFileName: props.OutputFileName, Output: props.Output, Region: props.Region,
	}})
}

// NewCloudFormationDeleteStackAction returns an action that deletes a
// stack (DELETE_ONLY).
func NewCloudFormationDeleteStackAction(props CloudFormationDeleteStackActionProps) *CloudFormationAction {
	return newCFNAction(&CloudFormationAction{mode: cfnDelete, deploy: props.CloudFormationDeployProps})
}

func newCFNAction(a *CloudFormationAction) *CloudFormationAction {
	a.deploy.DeploymentRole = constructs.NormalizeNil(a.deploy.DeploymentRole)
	if a.deploy.OutputFileName != "" {
		a.output = a.deploy.Output
		if a.output == nil {
			a.output = codepipeline.NewArtifact(a.deploy.ActionName + "_" + a.deploy.StackName + "_Artifact")
		}
	}
	return a
}

// DeploymentRole returns the role CloudFormation deploys with, nil before
// the action is added to a pipeline.
func (a *CloudFormationAction) DeploymentRole() iam.IRole { return a.deploymentRole }

// ActionProperties implements codepipeline.IAction.
func (a *CloudFormationAction) ActionProperties() codepipeline.ActionProperties {
	p := a.deploy.props(codepipeline.CategoryDeploy, "CloudFormation", codepipeline.ArtifactBounds{MaxInputs: 10, MaxOutputs: 1})
	p.Region = a.deploy.Region
	if a.mode == cfnCreateUpdate || a.mode == cfnReplaceChangeSet || a.mode == cfnDelete {
		p.Inputs = append(p.Inputs, a.deploy.ExtraInputs...)
	}
	if a.mode == cfnCreateUpdate || a.mode == cfnReplaceChangeSet {
		if a.templatePath.Artifact != nil {
			p.Inputs = append(p.Inputs, a.templatePath.Artifact)
		}
		if t := a.deploy.TemplateConfiguration; t != nil && t.Artifact != nil {
			p.Inputs = append(p.Inputs, t.Artifact)
		}
	}
	if a.output != nil {
		p.Outputs = []*codepipeline.Artifact{a.output}
	}
	return p
}

// Bind implements codepipeline.IAction.
func (a *CloudFormationAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	d := a.deploy
	pipe := stage.Pipeline()
	if d.StackName == "" {
		pipe.Errorf("action %q: StackName is required", d.ActionName)
	}
	if (a.mode == cfnCreateUpdate || a.mode == cfnReplaceChangeSet) && a.templatePath.Artifact == nil {
		pipe.Errorf("action %q: TemplatePath is required: name the template in an artifact with artifact.AtPath(\"template.yaml\")", d.ActionName)
	}
	sp := singletonPolicyFor(opts.Role)
	stackARN := stackARN(scope, d.Region, d.StackName)
	var cfg map[string]any
	if a.mode == cfnExecuteChangeSet {
		sp.statementFor([]string{"cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet"},
			map[string]map[string]any{"StringEqualsIfExists": {"cloudformation:ChangeSetName": a.changeSetName}}).AddResources(stackARN)
		cfg = a.baseConfig(opts, sp)
		cfg["ActionMode"] = "CHANGE_SET_EXECUTE"
		cfg["ChangeSetName"] = a.changeSetName
		return codepipeline.ActionConfig{Configuration: cfg}
	}
	// The deploying actions.
	if d.DeploymentRole != nil {
		a.deploymentRole = d.DeploymentRole
	} else {
		r := iam.NewRole(scope, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("cloudformation.amazonaws.com")})
		opts.Bucket.GrantRead(r)
		if d.AdminPermissions {
			r.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"*"}, Resources: []string{"*"}}))
		}
		a.deploymentRole = r
	}
	sp.statementFor([]string{"iam:PassRole"}, nil).AddResources(a.deploymentRole.RoleARN())
	caps := d.Capabilities
	if d.AdminPermissions && caps == nil {
		caps = []Capability{CapabilityNamedIAM}
	}
	cfg = a.baseConfig(opts, sp)
	if c := renderCapabilities(caps); c != "" {
		cfg["Capabilities"] = c
	}
	cfg["RoleArn"] = a.deploymentRole.RoleARN()
	if d.ParameterOverrides != nil {
		cfg["ParameterOverrides"] = jsonString(d.ParameterOverrides)
	}
	if t := d.TemplateConfiguration; t != nil {
		cfg["TemplateConfiguration"] = t.Location()
	}
	switch a.mode {
	case cfnReplaceChangeSet:
		sp.statementFor([]string{"cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:DescribeStacks"},
			map[string]map[string]any{"StringEqualsIfExists": {"cloudformation:ChangeSetName": a.changeSetName}}).AddResources(stackARN)
		cfg["ActionMode"] = "CHANGE_SET_REPLACE"
		cfg["ChangeSetName"] = a.changeSetName
		cfg["TemplatePath"] = a.templatePath.Location()
	case cfnCreateUpdate:
		verbs := []string{"cloudformation:DescribeStack*", "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:GetTemplate*", "cloudformation:ValidateTemplate", "cloudformation:GetStackPolicy", "cloudformation:SetStackPolicy"}
		mode := "CREATE_UPDATE"
		if a.replaceOnFailure {
			verbs = append(verbs, "cloudformation:DeleteStack")
			mode = "REPLACE_ON_FAILURE"
		}
		sp.statementFor(verbs, nil).AddResources(stackARN)
		cfg["ActionMode"] = mode
		cfg["TemplatePath"] = a.templatePath.Location()
	case cfnDelete:
		sp.statementFor([]string{"cloudformation:DescribeStack*", "cloudformation:DeleteStack"}, nil).AddResources(stackARN)
		cfg["ActionMode"] = "DELETE_ONLY"
	}
	return codepipeline.ActionConfig{Configuration: cfg}
}

// baseConfig is the AWS CDK's CloudFormationAction.bound: the bucket grant
// and StackName / OutputFileName.
func (a *CloudFormationAction) baseConfig(opts codepipeline.ActionBindOptions, sp *singletonPolicy) map[string]any {
	props := a.ActionProperties()
	if len(props.Outputs) > 0 {
		opts.Bucket.GrantReadWrite(sp.role)
	} else if len(props.Inputs) > 0 {
		opts.Bucket.GrantRead(sp.role)
	}
	cfg := map[string]any{"StackName": a.deploy.StackName}
	if a.deploy.OutputFileName != "" {
		cfg["OutputFileName"] = a.deploy.OutputFileName
	}
	return cfg
}

func renderCapabilities(caps []Capability) string {
	var parts []string
	for _, c := range caps {
		parts = append(parts, string(c))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts, ",")
}

func stackARN(scope constructs.Construct, region, stackName string) string {
	s := constructs.StackOf(scope)
	if region == "" {
		region = s.Region()
	}
	return "arn:" + s.Partition() + ":cloudformation:" + region + ":" + s.Account() + ":stack/" + stackName + "/*"
}

// singletonPolicy is the AWS CDK's SingletonPolicy: one statement per set
// of actions and conditions in the role's policy, to which later actions
// add their stacks.
type singletonPolicy struct {
	constructs.Base
	role       iam.IRole
	statements map[string]*iam.PolicyStatement
}

const singletonPolicyID = "8389e75f-0810-4838-bf64-d6f85a95cf83"

func singletonPolicyFor(role iam.IRole) *singletonPolicy {
	if sp, ok := role.Node().TryFindChild(singletonPolicyID).(*singletonPolicy); ok {
		return sp
	}
	sp := &singletonPolicy{role: role, statements: map[string]*iam.PolicyStatement{}}
	sp.Base = constructs.NewBase(sp, role, singletonPolicyID)
	return sp
}

func (sp *singletonPolicy) statementFor(actions []string, conditions map[string]map[string]any) *iam.PolicyStatement {
	sorted := append([]string(nil), actions...)
	sort.Strings(sorted)
	key := strings.Join(sorted, "")
	var ops []string
	for op := range conditions {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		key += op
		var attrs []string
		for at := range conditions[op] {
			attrs = append(attrs, at)
		}
		sort.Strings(attrs)
		for _, at := range attrs {
			key += conditions[op][at].(string)
		}
	}
	if s, ok := sp.statements[key]; ok {
		return s
	}
	// The AWS CDK sorts the actions array in place before it builds the
	// statement, so the statement lists them sorted.
	s := iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: sorted})
	if conditions != nil {
		s.AddConditions(conditions)
	}
	sp.role.AddToPrincipalPolicy(s)
	sp.statements[key] = s
	return s
}
