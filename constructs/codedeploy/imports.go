package codedeploy

import "github.com/forma-iac/forma/constructs"

// IDeploymentGroup is a deployment group, defined here or imported: what a
// pipeline's CodeDeploy action names and grants on.
type IDeploymentGroup interface {
	// DeploymentGroupName is the group's name.
	DeploymentGroupName() string
	// DeploymentGroupARN is the group's ARN.
	DeploymentGroupARN() string
	// Application is the group's application.
	Application() IApplication
	// DeploymentConfig is the group's deployment configuration.
	DeploymentConfig() IDeploymentConfig
	// DeploymentConfigARN is the configuration's ARN as the group sees it.
	DeploymentConfigARN() string
}

// IServerDeploymentGroup is a deployment group for EC2 and on-premises instances.
type IServerDeploymentGroup interface {
	IDeploymentGroup
	// AutoScalingGroups are the names of the group's Auto Scaling groups.
	AutoScalingGroups() []string
	isServerGroup()
}

// IECSDeploymentGroup is a deployment group for an ECS service.
type IECSDeploymentGroup interface {
	IDeploymentGroup
	isECSGroup()
}

// ILambdaDeploymentGroup is a deployment group for a Lambda alias.
type ILambdaDeploymentGroup interface {
	IDeploymentGroup
	isLambdaGroup()
}

// AutoScalingGroups returns the names of the group's Auto Scaling groups.
func (g *ServerDeploymentGroup) AutoScalingGroups() []string {
	return append([]string(nil), g.Resource.Props.AutoScalingGroups...)
}
func (*ServerDeploymentGroup) isServerGroup() {}
func (*ECSDeploymentGroup) isECSGroup()       {}
func (*LambdaDeploymentGroup) isLambdaGroup() {}

// DeploymentGroupAttributes name an existing deployment group.
type DeploymentGroupAttributes struct {
	// Application is the group's application (required).
	Application IApplication
	// DeploymentGroupName (required).
	DeploymentGroupName string
	// DeploymentConfig default: the platform's default (OneAtATime,
	// ECSAllAtOnce, LambdaCanary10Percent5Minutes).
	DeploymentConfig IDeploymentConfig
}

type importedGroup struct {
	scope constructs.Construct
	attrs DeploymentGroupAttributes
}

func (g importedGroup) DeploymentGroupName() string { return g.attrs.DeploymentGroupName }
func (g importedGroup) DeploymentGroupARN() string {
	return codedeployARN(g.scope, "deploymentgroup", g.attrs.Application.ApplicationName()+"/"+g.attrs.DeploymentGroupName)
}
func (g importedGroup) Application() IApplication           { return g.attrs.Application }
func (g importedGroup) DeploymentConfig() IDeploymentConfig { return g.attrs.DeploymentConfig }
func (g importedGroup) DeploymentConfigARN() string {
	return g.attrs.DeploymentConfig.DeploymentConfigARN(g.scope)
}
func (importedGroup) AutoScalingGroups() []string { return nil }
func (importedGroup) isServerGroup()              {}
func (importedGroup) isECSGroup()                 {}
func (importedGroup) isLambdaGroup()              {}

func importGroup(scope constructs.Construct, attrs DeploymentGroupAttributes, def IDeploymentConfig) importedGroup {
	if constructs.NormalizeNil(attrs.DeploymentConfig) == nil {
		attrs.DeploymentConfig = def
	}
	return importedGroup{scope: scope, attrs: attrs}
}

// ServerDeploymentGroupFromAttributes returns an existing server
// deployment group, its ARN in the account and region of scope's stack.
func ServerDeploymentGroupFromAttributes(scope constructs.Construct, attrs DeploymentGroupAttributes) IServerDeploymentGroup {
	return importGroup(scope, attrs, ServerOneAtATime)
}

// ECSDeploymentGroupFromAttributes returns an existing ECS deployment group.
func ECSDeploymentGroupFromAttributes(scope constructs.Construct, attrs DeploymentGroupAttributes) IECSDeploymentGroup {
	return importGroup(scope, attrs, ECSAllAtOnce)
}

// LambdaDeploymentGroupFromAttributes returns an existing Lambda deployment group.
func LambdaDeploymentGroupFromAttributes(scope constructs.Construct, attrs DeploymentGroupAttributes) ILambdaDeploymentGroup {
	return importGroup(scope, attrs, LambdaCanary10Percent5Minutes)
}

var (
	_ IServerDeploymentGroup = (*ServerDeploymentGroup)(nil)
	_ IECSDeploymentGroup    = (*ECSDeploymentGroup)(nil)
	_ ILambdaDeploymentGroup = (*LambdaDeploymentGroup)(nil)
)
