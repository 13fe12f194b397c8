package codedeploy

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codedeploy/codedeploycfn"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
)

// ECSBlueGreenDeploymentConfig is where an ECS blue/green deployment sends
// traffic: the blue and green target groups and the listeners.
type ECSBlueGreenDeploymentConfig struct {
	// BlueTargetGroup takes production traffic before the deployment (required).
	BlueTargetGroup ITargetGroup
	// GreenTargetGroup takes the replacement tasks (required).
	GreenTargetGroup ITargetGroup
	// Listener routes production traffic (required).
	Listener elbv2.IApplicationListener
	// TestListener routes test traffic to the green tasks before they take
	// production traffic; default: none.
	TestListener elbv2.IApplicationListener
	// DeploymentApprovalWaitTime is how long CodeDeploy waits for an
	// approval before shifting traffic (then stops the deployment); default
	// 0: shift at once. Whole minutes.
	DeploymentApprovalWaitTime time.Duration
	// TerminationWaitTime is how long the blue tasks are kept after a
	// successful deployment; default 0. Whole minutes, at most 2 days.
	TerminationWaitTime time.Duration
}

// ECSDeploymentGroupProps configures NewECSDeploymentGroup.
type ECSDeploymentGroupProps struct {
	DeploymentGroupOptions
	// Application default: a new ECSApplication "Application" under the group.
	Application IECSApplication
	// Service is deployed; it must use the CODE_DEPLOY deployment controller (required).
	Service *ecs.FargateService
	// BlueGreenDeploymentConfig (required).
	BlueGreenDeploymentConfig ECSBlueGreenDeploymentConfig
	// DeploymentConfig default: CodeDeployDefault.ECSAllAtOnce.
	DeploymentConfig IECSDeploymentConfig
}

// ECSDeploymentGroup deploys an ECS service blue/green through a load
// balancer, the AWS CDK's EcsDeploymentGroup: a service role "ServiceRole"
// with AWSCodeDeployRoleForECS, a new application unless one is given,
// deployment style BLUE_GREEN with traffic control, the target group pair
// with the production and optional test listener, and the ready and
// termination options (CONTINUE_DEPLOYMENT without an approval wait time,
// STOP_DEPLOYMENT with one; TERMINATE after the termination wait time).
type ECSDeploymentGroup struct {
	DeploymentGroup
}

// NewECSDeploymentGroup creates an ECS blue/green deployment group.
func NewECSDeploymentGroup(scope constructs.Construct, id string, props ECSDeploymentGroupProps) *ECSDeploymentGroup {
	g := &ECSDeploymentGroup{}
	g.Base = constructs.NewBase(g, scope, id)
	g.initRole(props.DeploymentGroupOptions, "ServiceRole", "AWSCodeDeployRoleForECS")
	app := constructs.NormalizeNil(props.Application)
	if app == nil {
		app = NewECSApplication(g, "Application", ApplicationProps{})
	}
	p := g.baseProps(app)
	var config IECSDeploymentConfig = ECSAllAtOnce
	if c := constructs.NormalizeNil(props.DeploymentConfig); c != nil {
		config = c
	}
	g.config = config
	p.DeploymentConfigName = new(config.DeploymentConfigName())
	p.DeploymentStyle = &codedeploycfn.CfnDeploymentGroup_DeploymentStyleProperty{DeploymentType: new("BLUE_GREEN"), DeploymentOption: new("WITH_TRAFFIC_CONTROL")}

	svc := props.Service
	if svc == nil {
		g.Errorf("ECSDeploymentGroupProps.Service is required; pass an ecs.FargateService with DeploymentController ecs.DeploymentControllerCodeDeploy")
	} else {
		if svc.Resource != nil {
			dc := svc.Resource.Props.DeploymentController
			if dc == nil || dc.Type == nil || *dc.Type != string(ecs.DeploymentControllerCodeDeploy) {
				g.Errorf("the ECS service %s must use the CODE_DEPLOY deployment controller; set FargateServiceProps.DeploymentController to ecs.DeploymentControllerCodeDeploy", svc.Node().Path())
			}
			if svc.Cluster != nil {
				p.ECSServices = []codedeploycfn.CfnDeploymentGroup_ECSServiceProperty{{ClusterName: svc.Cluster.ClusterName(), ServiceName: svc.ServiceName()}}
			}
		}
	}

	bg := props.BlueGreenDeploymentConfig
	blue, green := constructs.NormalizeNil(bg.BlueTargetGroup), constructs.NormalizeNil(bg.GreenTargetGroup)
	listener := constructs.NormalizeNil(bg.Listener)
	if blue == nil || green == nil || listener == nil {
		g.Errorf("BlueGreenDeploymentConfig needs BlueTargetGroup, GreenTargetGroup and Listener; give the two target groups and the production listener")
	} else {
		pair := codedeploycfn.CfnDeploymentGroup_TargetGroupPairInfoProperty{
			TargetGroups:     []codedeploycfn.CfnDeploymentGroup_TargetGroupInfoProperty{{Name: new(blue.TargetGroupName())}, {Name: new(green.TargetGroupName())}},
			ProdTrafficRoute: &codedeploycfn.CfnDeploymentGroup_TrafficRouteProperty{ListenerArns: []string{listener.ListenerARN()}},
		}
		if tl := constructs.NormalizeNil(bg.TestListener); tl != nil {
			pair.TestTrafficRoute = &codedeploycfn.CfnDeploymentGroup_TrafficRouteProperty{ListenerArns: []string{tl.ListenerARN()}}
		}
		p.LoadBalancerInfo = &codedeploycfn.CfnDeploymentGroup_LoadBalancerInfoProperty{TargetGroupPairInfoList: []codedeploycfn.CfnDeploymentGroup_TargetGroupPairInfoProperty{pair}}
	}
	action := "CONTINUE_DEPLOYMENT"
	if bg.DeploymentApprovalWaitTime != 0 {
		action = "STOP_DEPLOYMENT"
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"DeploymentApprovalWaitTime", bg.DeploymentApprovalWaitTime}, {"TerminationWaitTime", bg.TerminationWaitTime}} {
		if d.v < 0 || d.v%time.Minute != 0 {
			g.Errorf("BlueGreenDeploymentConfig.%s is %v; it must be a whole number of minutes", d.name, d.v)
		}
	}
	if bg.TerminationWaitTime > 48*time.Hour {
		g.Errorf("BlueGreenDeploymentConfig.TerminationWaitTime is %v; CodeDeploy allows at most 2 days (2880 minutes)", bg.TerminationWaitTime)
	}
	p.BlueGreenDeploymentConfiguration = &codedeploycfn.CfnDeploymentGroup_BlueGreenDeploymentConfigurationProperty{
		DeploymentReadyOption: &codedeploycfn.CfnDeploymentGroup_DeploymentReadyOptionProperty{
			ActionOnTimeout: new(action), WaitTimeInMinutes: new(int(bg.DeploymentApprovalWaitTime / time.Minute)),
		},
		TerminateBlueInstancesOnDeploymentSuccess: &codedeploycfn.CfnDeploymentGroup_BlueInstanceTerminationOptionProperty{
			Action: new("TERMINATE"), TerminationWaitTimeInMinutes: new(int(bg.TerminationWaitTime / time.Minute)),
		},
	}
	g.Resource = codedeploycfn.NewCfnDeploymentGroup(g, "Resource", p)
	g.renderAlarms()
	if c, ok := config.(constructs.Construct); ok {
		g.Node().AddDependency(c)
	}
	return g
}
