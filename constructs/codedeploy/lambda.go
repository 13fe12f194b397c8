package codedeploy

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codedeploy/codedeploycfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda"
)

// LambdaDeploymentGroupProps configures NewLambdaDeploymentGroup.
type LambdaDeploymentGroupProps struct {
	DeploymentGroupOptions
	// Application default: a new LambdaApplication "Application" under the group.
	Application ILambdaApplication
	// Alias is the alias whose traffic shifts between versions (required).
	Alias *lambda.Alias
	// DeploymentConfig default: CodeDeployDefault.LambdaCanary10Percent5Minutes.
	DeploymentConfig ILambdaDeploymentConfig
	// PreHook runs before traffic shifts (BeforeAllowTraffic); default: none.
	PreHook lambda.IFunction
	// PostHook runs after traffic shifts (AfterAllowTraffic); default: none.
	PostHook lambda.IFunction
}

// LambdaDeploymentGroup shifts a Lambda alias's traffic to a new version,
// the AWS CDK's LambdaDeploymentGroup: a service role "ServiceRole" with
// service-role/AWSCodeDeployRoleForLambdaLimited, a new application unless
// one is given, deployment style BLUE_GREEN with traffic control, and on the
// alias the UpdatePolicy CodeDeployLambdaAliasUpdate that makes
// CloudFormation deploy a version change through the group. Hook functions
// may report their result (codedeploy:PutLifecycleEventHookExecutionStatus
// on the group) and the role may invoke them.
type LambdaDeploymentGroup struct {
	DeploymentGroup
	alias             *lambda.Alias
	preHook, postHook lambda.IFunction
}

// NewLambdaDeploymentGroup creates a Lambda deployment group.
func NewLambdaDeploymentGroup(scope constructs.Construct, id string, props LambdaDeploymentGroupProps) *LambdaDeploymentGroup {
	g := &LambdaDeploymentGroup{alias: props.Alias}
	g.Base = constructs.NewBase(g, scope, id)
	g.initRole(props.DeploymentGroupOptions, "ServiceRole", "service-role/AWSCodeDeployRoleForLambdaLimited")
	app := constructs.NormalizeNil(props.Application)
	if app == nil {
		app = NewLambdaApplication(g, "Application", ApplicationProps{})
	}
	p := g.baseProps(app)
	var config ILambdaDeploymentConfig = LambdaCanary10Percent5Minutes
	if c := constructs.NormalizeNil(props.DeploymentConfig); c != nil {
		config = c
	}
	g.config = config
	p.DeploymentConfigName = new(config.DeploymentConfigName())
	p.DeploymentStyle = &codedeploycfn.CfnDeploymentGroup_DeploymentStyleProperty{DeploymentType: new("BLUE_GREEN"), DeploymentOption: new("WITH_TRAFFIC_CONTROL")}
	g.Resource = codedeploycfn.NewCfnDeploymentGroup(g, "Resource", p)
	g.renderAlarms()
	if props.Alias == nil {
		g.Errorf("LambdaDeploymentGroupProps.Alias is required; create one with lambda.NewAlias (e.g. on fn.CurrentVersion()) and pass it")
	}
	if h := constructs.NormalizeNil(props.PreHook); h != nil {
		g.AddPreHook(h)
	}
	if h := constructs.NormalizeNil(props.PostHook); h != nil {
		g.AddPostHook(h)
	}
	g.renderUpdatePolicy()
	return g
}

// Alias returns the group's alias.
func (g *LambdaDeploymentGroup) Alias() *lambda.Alias { return g.alias }

// AddPreHook sets the function run before traffic shifts; a group has one.
func (g *LambdaDeploymentGroup) AddPreHook(fn lambda.IFunction) {
	if g.preHook != nil {
		g.Errorf("the group already has a pre-traffic hook function; a group has one")
		return
	}
	g.preHook = fn
	g.hook(fn)
}

// AddPostHook sets the function run after traffic shifts; a group has one.
func (g *LambdaDeploymentGroup) AddPostHook(fn lambda.IFunction) {
	if g.postHook != nil {
		g.Errorf("the group already has a post-traffic hook function; a group has one")
		return
	}
	g.postHook = fn
	g.hook(fn)
}

func (g *LambdaDeploymentGroup) hook(fn lambda.IFunction) {
	g.GrantPutLifecycleEventHookExecutionStatus(fn)
	fn.GrantInvoke(g.Role)
	g.renderUpdatePolicy()
}

// GrantPutLifecycleEventHookExecutionStatus lets grantee report a hook's
// result to the group.
func (g *LambdaDeploymentGroup) GrantPutLifecycleEventHookExecutionStatus(grantee iam.IGrantable) *iam.Grant {
	return iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{
		Grantee: grantee, Actions: []string{"codedeploy:PutLifecycleEventHookExecutionStatus"}, ResourceARNs: []string{g.DeploymentGroupARN()},
	})
}

// renderUpdatePolicy sets the alias's UpdatePolicy as the AWS CDK does.
func (g *LambdaDeploymentGroup) renderUpdatePolicy() {
	if g.alias == nil || g.alias.Resource == nil || g.Resource == nil {
		return
	}
	u := map[string]any{
		"ApplicationName":     g.app.ApplicationName(),
		"DeploymentGroupName": g.Resource.Ref(),
	}
	if g.preHook != nil {
		u["BeforeAllowTrafficHook"] = g.preHook.FunctionName()
	}
	if g.postHook != nil {
		u["AfterAllowTrafficHook"] = g.postHook.FunctionName()
	}
	g.alias.Resource.Options.UpdatePolicy = map[string]any{"CodeDeployLambdaAliasUpdate": u}
}
