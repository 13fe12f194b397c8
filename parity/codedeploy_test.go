package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/codedeploy"
)

// The CodeDeploy cases; parity/oracle/codedeploy.js builds the same stacks.

func cdAlarm(stack *constructs.Stack, id string) *cloudwatch.Alarm {
	return cloudwatch.NewAlarm(stack, id, cloudwatch.AlarmProps{
		Metric:             cloudwatch.Metric{Namespace: "App", MetricName: id},
		CreateAlarmOptions: cloudwatch.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1},
	})
}

func init() {
	register(Case{Name: "codedeploy-server-default", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "CodeDeploy", constructs.StackProps{})
		codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{})
	}})

	register(Case{Name: "codedeploy-server-full", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "CodeDeploy", constructs.StackProps{})
		application := codedeploy.NewServerApplication(stack, "App", codedeploy.ApplicationProps{ApplicationName: "MyApp"})
		config := codedeploy.NewServerDeploymentConfig(stack, "Config", codedeploy.ServerDeploymentConfigProps{
			MinimumHealthyHosts: codedeploy.MinimumHealthyHostsPercentage(75),
			ZonalConfig: &codedeploy.ZonalConfig{
				MonitorDuration:            5 * time.Minute,
				MinimumHealthyHostsPerZone: codedeploy.MinimumHealthyHostsCount(1),
			},
		})
		lb := codedeploy.LoadBalancerClassic("classic-lb")
		group := codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{
			DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{
				DeploymentGroupName: "MyGroup",
				Alarms:              []cloudwatch.IAlarm{cdAlarm(stack, "Errors")},
				AutoRollback:        &codedeploy.AutoRollbackConfig{StoppedDeployment: true},
			},
			Application:           application,
			DeploymentConfig:      config,
			EC2InstanceTags:       codedeploy.InstanceTagSet{{"Env": nil, "Name": {"web", "api"}}, {"": {"blue"}}},
			OnPremiseInstanceTags: codedeploy.InstanceTagSet{{"Site": {"dc1"}}},
			LoadBalancer:          &lb,
		})
		group.AddAlarm(cdAlarm(stack, "Latency"))
	}})

	register(Case{Name: "codedeploy-server-flags",
		Context: map[string]any{codedeploy.FlagRemoveAlarmsFromDeploymentGroup: true},
		Build: func(app *constructs.App) {
			stack := constructs.NewStack(app, "CodeDeploy", constructs.StackProps{})
			codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{
				DeploymentConfig:  codedeploy.ServerHalfAtATime,
				AutoScalingGroups: []string{},
				DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{
					AutoRollback: &codedeploy.AutoRollbackConfig{FailedDeployment: new(false), DeploymentInAlarm: new(false)},
				},
			})
			codedeploy.NewServerDeploymentGroup(stack, "WithAlarm", codedeploy.ServerDeploymentGroupProps{
				DeploymentConfig: codedeploy.ServerConfigName("Custom.Config"),
				DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{
					Alarms:                  []cloudwatch.IAlarm{cdAlarm(stack, "Errors")},
					IgnorePollAlarmsFailure: true,
				},
			})
		}})
}
