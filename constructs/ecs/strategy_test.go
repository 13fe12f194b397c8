package ecs_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/iam"
)

type hookFunction struct{ arn string }

func (h hookFunction) FunctionARN() string { return h.arn }
func (h hookFunction) GrantInvoke(g iam.IGrantable) *iam.Grant {
	return iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{Grantee: g, Actions: []string{"lambda:InvokeFunction"}, ResourceARNs: []string{h.arn}})
}

func TestDeploymentStrategyRendering(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{
		DeploymentStrategy:  ecs.DeploymentStrategyLinear,
		BakeTime:            5 * time.Minute,
		LinearConfiguration: &ecs.TrafficShiftConfig{StepPercent: 12.5, StepBakeTime: 2 * time.Minute},
		LifecycleHooks: []ecs.IDeploymentLifecycleHookTarget{ecs.NewDeploymentLifecycleLambdaTarget(hookFunction{"arn:aws:lambda:us-east-1:1:function:h"}, "Hook",
			ecs.DeploymentLifecycleLambdaTargetProps{LifecycleStages: []ecs.DeploymentLifecycleStage{ecs.StagePostScaleUp}})},
	})
	dc := resource(t, template(t, f.app), "ServiceD69D759B")["Properties"].(map[string]any)["DeploymentConfiguration"].(map[string]any)
	delete(dc, "Alarms")
	want := decode(t, `{"BakeTimeInMinutes":5,"MaximumPercent":200,"MinimumHealthyPercent":50,"Strategy":"LINEAR",
		"LinearConfiguration":{"StepPercent":12.5,"StepBakeTimeInMinutes":2},
		"LifecycleHooks":[{"HookTargetArn":"arn:aws:lambda:us-east-1:1:function:h","LifecycleStages":["POST_SCALE_UP"],"RoleArn":{"Fn::GetAtt":["ServiceHookRoleC6037AEF","Arn"]}}]}`)
	if d := cmp.Diff(want, any(dc)); d != "" {
		t.Errorf("DeploymentConfiguration (-want +got):\n%s", d)
	}
}

func TestDeploymentStrategyErrors(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{
		DeploymentStrategy:  ecs.DeploymentStrategyBlueGreen,
		BakeTime:            90 * time.Second,
		LinearConfiguration: &ecs.TrafficShiftConfig{StepPercent: 2},
		CanaryConfiguration: &ecs.TrafficShiftConfig{StepPercent: 0.15, StepBakeTime: 1441 * time.Minute},
	})
	synthError(t, f.app,
		"Bonjour/Service: BakeTime is 1m30s; it must be a whole number of minutes between 0 and 1440",
		"LinearConfiguration requires DeploymentStrategy ecs.DeploymentStrategyLinear",
		"LinearConfiguration.StepPercent is 2; it must be between 3 and 100",
		"CanaryConfiguration requires DeploymentStrategy ecs.DeploymentStrategyCanary",
		"CanaryConfiguration.StepPercent is 0.15; it must be a multiple of 0.1",
		"CanaryConfiguration.StepBakeTime is 24h1m0s")
}

func TestLifecycleHooksAndAlternateTargetRequireECSController(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	svc := f.service(ecs.FargateServiceProps{
		DeploymentController: ecs.DeploymentControllerCodeDeploy,
		LifecycleHooks: []ecs.IDeploymentLifecycleHookTarget{ecs.NewDeploymentLifecycleLambdaTarget(hookFunction{"arn:h"}, "Hook",
			ecs.DeploymentLifecycleLambdaTargetProps{LifecycleStages: []ecs.DeploymentLifecycleStage{ecs.StagePreScaleUp}})},
	})
	l := f.listener()
	l.AddTargets("ECS", elbv2AddTargets(svc.LoadBalancerTarget(ecs.LoadBalancerTargetOptions{
		ContainerName: "web", AlternateTarget: ecs.NewAlternateTarget("Alt", ecs.AlternateTargetProps{}),
	})))
	synthError(t, f.app,
		"Bonjour/Service: deployment lifecycle hooks require the ECS deployment controller",
		"an AlternateTarget requires the ECS deployment controller",
		`AlternateTarget "Alt" has no AlternateTargetGroup`,
		`AlternateTarget "Alt" has no ProductionListener`)
}

func elbv2AddTargets(t elbv2.IApplicationLoadBalancerTarget) elbv2.AddApplicationTargetsProps {
	return elbv2.AddApplicationTargetsProps{Port: 80, Targets: []elbv2.IApplicationLoadBalancerTarget{t}}
}

func TestDeploymentAlarms(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	svc := f.service(ecs.FargateServiceProps{DeploymentAlarms: &ecs.DeploymentAlarmConfig{AlarmNames: []string{"a"}}})
	svc.EnableDeploymentAlarms([]string{"b"}, ecs.RollbackOnAlarm)
	dc := resource(t, template(t, f.app), "ServiceD69D759B")["Properties"].(map[string]any)["DeploymentConfiguration"].(map[string]any)
	if d := cmp.Diff(decode(t, `{"AlarmNames":["a","b"],"Enable":true,"Rollback":true}`), dc["Alarms"]); d != "" {
		t.Errorf("Alarms (-want +got):\n%s", d)
	}

	f = newFixture(ecs.ClusterProps{}, nil)
	svc = f.service(ecs.FargateServiceProps{DeploymentAlarms: &ecs.DeploymentAlarmConfig{AlarmNames: []string{"a"}}})
	svc.EnableDeploymentAlarms([]string{"b"}, ecs.FailOnAlarm)
	svc.EnableDeploymentAlarms(nil, "")
	synthError(t, f.app,
		"Bonjour/Service: every deployment alarm of a service has the same AlarmBehavior",
		"EnableDeploymentAlarms needs at least one alarm name")

	f = newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{DeploymentController: ecs.DeploymentControllerCodeDeploy, DeploymentAlarms: &ecs.DeploymentAlarmConfig{AlarmNames: []string{"a"}}})
	synthError(t, f.app, "Bonjour/Service: DeploymentAlarms require the ECS deployment controller")
}
