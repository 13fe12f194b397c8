package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/codedeploy"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/lambda"
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

type cdECS struct {
	stack                  *constructs.Stack
	service                *ecs.FargateService
	blue, green            *elbv2.ApplicationTargetGroup
	listener, testListener *elbv2.ApplicationListener
}

func cdECSBase(app *constructs.App) cdECS {
	stack := constructs.NewStack(app, "CodeDeploy", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{
		Image:        ecs.ImageFromRegistry("nginx"),
		PortMappings: []ecs.PortMapping{{ContainerPort: 80}},
	})
	svc := ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{
		Cluster: cluster, TaskDefinition: td, DeploymentController: ecs.DeploymentControllerCodeDeploy,
	})
	lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
	blue := elbv2.NewApplicationTargetGroup(stack, "Blue", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	green := elbv2.NewApplicationTargetGroup(stack, "Green", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	listener := lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{blue}})
	test := lb.AddListener("TestListener", elbv2.ApplicationListenerProps{Port: 8080, Protocol: elbv2.ProtocolHTTP, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{green}})
	svc.AttachToApplicationTargetGroup(blue)
	return cdECS{stack, svc, blue, green, listener, test}
}

func cdLambdaBase(app *constructs.App) (*constructs.Stack, func(id string) *lambda.Function, *lambda.Alias) {
	stack := constructs.NewStack(app, "CodeDeploy", constructs.StackProps{})
	mk := func(id string) *lambda.Function {
		return lambda.NewFunction(stack, id, lambda.FunctionProps{
			Runtime: lambda.NodeJS22X, Handler: "index.handler",
			Code: lambda.CodeFromInline(`exports.handler = async () => "` + id + `";`),
		})
	}
	f := mk("Fn")
	alias := lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: f.CurrentVersion()})
	return stack, mk, alias
}

func init() {
	register(Case{Name: "codedeploy-ecs-default", Build: func(app *constructs.App) {
		b := cdECSBase(app)
		codedeploy.NewECSDeploymentGroup(b.stack, "Group", codedeploy.ECSDeploymentGroupProps{
			Service: b.service,
			BlueGreenDeploymentConfig: codedeploy.ECSBlueGreenDeploymentConfig{
				BlueTargetGroup: b.blue, GreenTargetGroup: b.green, Listener: b.listener,
			},
		})
	}})

	register(Case{Name: "codedeploy-ecs-full", Build: func(app *constructs.App) {
		b := cdECSBase(app)
		config := codedeploy.NewECSDeploymentConfig(b.stack, "Config", codedeploy.ECSDeploymentConfigProps{
			DeploymentConfigName: "Canary20",
			TrafficRouting:       codedeploy.TimeBasedCanary(codedeploy.TimeBasedProps{Interval: 15 * time.Minute, Percentage: 20}),
		})
		codedeploy.NewECSDeploymentConfig(b.stack, "Linear", codedeploy.ECSDeploymentConfigProps{
			TrafficRouting: codedeploy.TimeBasedLinear(codedeploy.TimeBasedProps{Interval: 2 * time.Minute, Percentage: 25}),
		})
		codedeploy.NewECSDeploymentConfig(b.stack, "AllAtOnce", codedeploy.ECSDeploymentConfigProps{})
		codedeploy.NewECSDeploymentGroup(b.stack, "Group", codedeploy.ECSDeploymentGroupProps{
			Application:      codedeploy.NewECSApplication(b.stack, "App", codedeploy.ApplicationProps{}),
			Service:          b.service,
			DeploymentConfig: config,
			BlueGreenDeploymentConfig: codedeploy.ECSBlueGreenDeploymentConfig{
				BlueTargetGroup: b.blue, GreenTargetGroup: b.green, Listener: b.listener, TestListener: b.testListener,
				TerminationWaitTime:        30 * time.Minute,
				DeploymentApprovalWaitTime: time.Hour,
			},
			DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{
				Alarms:       []cloudwatch.IAlarm{cdAlarm(b.stack, "Errors")},
				AutoRollback: &codedeploy.AutoRollbackConfig{FailedDeployment: new(false)},
			},
		})
		codedeploy.NewECSDeploymentGroup(b.stack, "Canary", codedeploy.ECSDeploymentGroupProps{
			Service: b.service, DeploymentConfig: codedeploy.ECSCanary10Percent5Minutes,
			BlueGreenDeploymentConfig: codedeploy.ECSBlueGreenDeploymentConfig{
				BlueTargetGroup: b.blue, GreenTargetGroup: b.green, Listener: b.listener,
			},
		})
	}})

	register(Case{Name: "codedeploy-lambda-default", Build: func(app *constructs.App) {
		stack, _, alias := cdLambdaBase(app)
		codedeploy.NewLambdaDeploymentGroup(stack, "Group", codedeploy.LambdaDeploymentGroupProps{Alias: alias})
	}})

	register(Case{Name: "codedeploy-lambda-hooks", Build: func(app *constructs.App) {
		stack, mk, alias := cdLambdaBase(app)
		config := codedeploy.NewLambdaDeploymentConfig(stack, "Config", codedeploy.LambdaDeploymentConfigProps{
			TrafficRouting: codedeploy.TimeBasedLinear(codedeploy.TimeBasedProps{Interval: 5 * time.Minute, Percentage: 10}),
		})
		group := codedeploy.NewLambdaDeploymentGroup(stack, "Group", codedeploy.LambdaDeploymentGroupProps{
			Alias: alias, DeploymentConfig: config, PreHook: mk("Pre"),
			Application: codedeploy.NewLambdaApplication(stack, "App", codedeploy.ApplicationProps{ApplicationName: "Fns"}),
			DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{
				DeploymentGroupName: "live-group",
				Alarms:              []cloudwatch.IAlarm{cdAlarm(stack, "Errors")},
			},
		})
		group.AddPostHook(mk("Post"))
		codedeploy.NewLambdaDeploymentGroup(stack, "Canary", codedeploy.LambdaDeploymentGroupProps{
			Alias:            lambda.NewAlias(stack, "Beta", lambda.AliasProps{AliasName: "beta", Version: alias.Version()}),
			DeploymentConfig: codedeploy.LambdaCanary10Percent10Minutes,
		})
	}})
}

func init() {
	register(Case{Name: "ecs-native-bluegreen", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "CodeDeploy", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
		cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
		td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
		td.AddContainer("web", ecs.ContainerDefinitionOptions{
			Image:        ecs.ImageFromRegistry("nginx"),
			PortMappings: []ecs.PortMapping{{ContainerPort: 80}},
		})
		hook := lambda.NewFunction(stack, "Hook", lambda.FunctionProps{
			Runtime: lambda.NodeJS22X, Handler: "index.handler",
			Code: lambda.CodeFromInline(`exports.handler = async () => ({ hookStatus: "SUCCEEDED" });`),
		})
		svc := ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{
			Cluster: cluster, TaskDefinition: td,
			DeploymentStrategy: ecs.DeploymentStrategyBlueGreen,
			BakeTime:           10 * time.Minute,
			LifecycleHooks: []ecs.IDeploymentLifecycleHookTarget{ecs.NewDeploymentLifecycleLambdaTarget(hook, "PreScaleUp", ecs.DeploymentLifecycleLambdaTargetProps{
				LifecycleStages: []ecs.DeploymentLifecycleStage{ecs.StagePreScaleUp, ecs.StagePostTestTrafficShift},
			})},
		})
		lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
		listener := lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80, DefaultAction: elbv2.FixedResponseAction(404, elbv2.FixedResponseOptions{})})
		blue := elbv2.NewApplicationTargetGroup(stack, "Blue", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
		green := elbv2.NewApplicationTargetGroup(stack, "Green", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
		rule := elbv2.NewApplicationListenerRule(stack, "Rule", elbv2.ApplicationListenerRuleProps{
			Listener: listener, Priority: 1, Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/*")},
			Action: elbv2.WeightedForwardAction([]elbv2.WeightedTargetGroup{{TargetGroup: blue, Weight: new(100)}, {TargetGroup: green, Weight: new(0)}}),
		})
		svc.LoadBalancerTarget(ecs.LoadBalancerTargetOptions{
			ContainerName: "web", ContainerPort: 80,
			AlternateTarget: ecs.NewAlternateTarget("Alternate", ecs.AlternateTargetProps{
				AlternateTargetGroup: green,
				ProductionListener:   ecs.ApplicationListenerRuleConfiguration(rule),
			}),
		}).AttachToApplicationTargetGroup(blue)
		ecs.NewFargateService(stack, "Canary", ecs.FargateServiceProps{
			Cluster: cluster, TaskDefinition: td,
			DeploymentStrategy:  ecs.DeploymentStrategyCanary,
			CanaryConfiguration: &ecs.TrafficShiftConfig{StepPercent: 5, StepBakeTime: 3 * time.Minute},
			DeploymentAlarms:    &ecs.DeploymentAlarmConfig{AlarmNames: []string{"canary-5xx"}, Behavior: ecs.FailOnAlarm},
		})
		linear := ecs.NewFargateService(stack, "Linear", ecs.FargateServiceProps{
			Cluster: cluster, TaskDefinition: td,
			DeploymentStrategy:  ecs.DeploymentStrategyLinear,
			LinearConfiguration: &ecs.TrafficShiftConfig{StepPercent: 25},
		})
		linear.EnableDeploymentAlarms([]string{"linear-5xx", "linear-latency"}, "")
	}})
}

func init() {
	register(Case{Name: "codedeploy-server-alb", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "CodeDeploy", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
		lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
		tg := elbv2.NewApplicationTargetGroup(stack, "Web", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetInstance})
		lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{tg}})
		codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{
			DeploymentConfig:  codedeploy.ServerAllAtOnce,
			AutoScalingGroups: []string{"web-asg"},
			InstallAgent:      new(false),
			LoadBalancers:     []codedeploy.LoadBalancer{codedeploy.LoadBalancerApplication(tg), codedeploy.LoadBalancerClassic("legacy")},
			TerminationHook:   true,
		})
	}})
}

func init() {
	register(Case{Name: "codedeploy-lambda-flags",
		Context: map[string]any{codedeploy.FlagRemoveAlarmsFromDeploymentGroup: true},
		Build: func(app *constructs.App) {
			stack, _, alias := cdLambdaBase(app)
			codedeploy.NewLambdaDeploymentGroup(stack, "Group", codedeploy.LambdaDeploymentGroupProps{
				Alias: alias, DeploymentConfig: codedeploy.LambdaAllAtOnce,
				DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{
					Alarms:                   []cloudwatch.IAlarm{cdAlarm(stack, "Errors")},
					IgnoreAlarmConfiguration: true,
					AutoRollback:             &codedeploy.AutoRollbackConfig{StoppedDeployment: true, DeploymentInAlarm: new(false)},
				},
			})
		}})
}
