package codedeploy_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/codedeploy"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/synth"
)

func newStack(ctx map[string]any) (*constructs.App, *constructs.Stack) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: ctx})
	return app, constructs.NewStack(app, "Deploy", constructs.StackProps{})
}

func template(t *testing.T, app *constructs.App) map[string]any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatalf("synthesis failed:\n%v", err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	var tpl map[string]any
	if err := json.Unmarshal(files["Deploy.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func props(t *testing.T, tpl map[string]any, id string) map[string]any {
	t.Helper()
	r, ok := tpl["Resources"].(map[string]any)[id].(map[string]any)
	if !ok {
		t.Fatalf("no resource %s in %v", id, tpl["Resources"])
	}
	p, _ := r["Properties"].(map[string]any)
	return p
}

func synthError(t *testing.T, app *constructs.App, want ...string) {
	t.Helper()
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded; want an error")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not contain %q:\n%v", w, err)
		}
	}
}

func alarm(stack *constructs.Stack, id string) *cloudwatch.Alarm {
	return cloudwatch.NewAlarm(stack, id, cloudwatch.AlarmProps{
		Metric:             cloudwatch.Metric{Namespace: "App", MetricName: id},
		CreateAlarmOptions: cloudwatch.CreateAlarmOptions{Threshold: 1, EvaluationPeriods: 1},
	})
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestServerGroupDefaults(t *testing.T) {
	app, stack := newStack(nil)
	g := codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{})
	if g.DeploymentConfig() != codedeploy.ServerOneAtATime {
		t.Errorf("DeploymentConfig = %v, want OneAtATime", g.DeploymentConfig())
	}
	tpl := template(t, app)
	p := props(t, tpl, "GroupC77FDACD")
	if _, ok := p["DeploymentConfigName"]; ok {
		t.Error("the default configuration is written; the AWS CDK leaves it out")
	}
	if d := cmp.Diff(decode(t, `{"Enabled":true,"Events":["DEPLOYMENT_FAILURE"]}`), p["AutoRollbackConfiguration"]); d != "" {
		t.Errorf("AutoRollbackConfiguration (-want +got):\n%s", d)
	}
	if _, ok := p["AlarmConfiguration"]; ok {
		t.Error("a group without alarms writes an alarm configuration without the flag")
	}
	if got := props(t, tpl, "GroupApplication6E8A938A")["ComputePlatform"]; got != "Server" {
		t.Errorf("application ComputePlatform = %v", got)
	}
}

func TestAutoRollbackDerivation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rb     *codedeploy.AutoRollbackConfig
		alarms int
		want   string
	}{
		{"alarms add stop on alarm", nil, 1, `{"Enabled":true,"Events":["DEPLOYMENT_FAILURE","DEPLOYMENT_STOP_ON_ALARM"]}`},
		{"stopped", &codedeploy.AutoRollbackConfig{StoppedDeployment: true}, 0, `{"Enabled":true,"Events":["DEPLOYMENT_FAILURE","DEPLOYMENT_STOP_ON_REQUEST"]}`},
		{"all off", &codedeploy.AutoRollbackConfig{FailedDeployment: new(false), DeploymentInAlarm: new(false)}, 1, `{"Enabled":false}`},
		{"no failed, no alarms", &codedeploy.AutoRollbackConfig{FailedDeployment: new(false)}, 0, `null`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, stack := newStack(nil)
			opts := codedeploy.DeploymentGroupOptions{AutoRollback: tc.rb}
			for i := 0; i < tc.alarms; i++ {
				opts.Alarms = append(opts.Alarms, alarm(stack, "A"))
			}
			codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{DeploymentGroupOptions: opts})
			got := props(t, template(t, app), "GroupC77FDACD")["AutoRollbackConfiguration"]
			if d := cmp.Diff(decode(t, tc.want), got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestAddAlarmUpdatesConfiguration(t *testing.T) {
	app, stack := newStack(map[string]any{codedeploy.FlagRemoveAlarmsFromDeploymentGroup: true})
	g := codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{})
	g.AddAlarm(alarm(stack, "A"))
	p := props(t, template(t, app), "GroupC77FDACD")
	want := decode(t, `{"Alarms":[{"Name":{"Ref":"ACCC8ACD5"}}],"Enabled":true}`)
	if d := cmp.Diff(want, p["AlarmConfiguration"]); d != "" {
		t.Errorf("AlarmConfiguration (-want +got):\n%s", d)
	}
}

func TestDeploymentInAlarmWithoutAlarms(t *testing.T) {
	app, stack := newStack(nil)
	codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{
		DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{AutoRollback: &codedeploy.AutoRollbackConfig{DeploymentInAlarm: new(true)}},
	})
	synthError(t, app, "Deploy/Group: AutoRollback.DeploymentInAlarm has no effect unless the group has a CloudWatch alarm")
}

func TestServerGroupErrors(t *testing.T) {
	app, stack := newStack(nil)
	codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{
		DeploymentGroupOptions: codedeploy.DeploymentGroupOptions{DeploymentGroupName: "bad name"},
		EC2InstanceTags:        codedeploy.InstanceTagSet{{"": nil}, {"a": nil}, {"b": nil}, {"c": nil}},
		LoadBalancers:          []codedeploy.LoadBalancer{},
	})
	synthError(t, app,
		`Deploy/Group: Deployment group name "bad name" can only contain`,
		"EC2InstanceTags has 4 tag groups; an instance tag set can have at most 3",
		"EC2InstanceTags: a tag filter has an empty key and no values",
		"LoadBalancers is empty")
}

func TestCustomConfigOutOfRange(t *testing.T) {
	app, stack := newStack(nil)
	codedeploy.NewServerDeploymentConfig(stack, "Server", codedeploy.ServerDeploymentConfigProps{
		MinimumHealthyHosts: codedeploy.MinimumHealthyHostsPercentage(101),
		ZonalConfig: &codedeploy.ZonalConfig{
			MonitorDuration:            500 * time.Millisecond,
			MinimumHealthyHostsPerZone: codedeploy.MinimumHealthyHostsPercentage(-1),
		},
	})
	codedeploy.NewServerDeploymentConfig(stack, "NoHosts", codedeploy.ServerDeploymentConfigProps{})
	codedeploy.NewECSDeploymentConfig(stack, "ECS", codedeploy.ECSDeploymentConfigProps{
		TrafficRouting: codedeploy.TimeBasedCanary(codedeploy.TimeBasedProps{Interval: 5 * time.Minute, Percentage: 120}),
	})
	codedeploy.NewLambdaDeploymentConfig(stack, "Lambda", codedeploy.LambdaDeploymentConfigProps{
		TrafficRouting: codedeploy.TimeBasedLinear(codedeploy.TimeBasedProps{Interval: 90 * time.Second, Percentage: -5}),
	})
	synthError(t, app,
		"Deploy/Server: MinimumHealthyHosts is 101 percent; a percentage must be between 0 and 100",
		"Deploy/Server: ZonalConfig.MonitorDuration is 500ms",
		"Deploy/Server: ZonalConfig.MinimumHealthyHostsPerZone is -1 percent",
		"Deploy/NoHosts: ServerDeploymentConfigProps.MinimumHealthyHosts is required",
		"Deploy/ECS: TrafficRouting percentage is 120; it must be between 0 and 100",
		"Deploy/Lambda: TrafficRouting percentage is -5",
		"Deploy/Lambda: TrafficRouting interval is 1m30s; it must be a whole number of minutes")
}

func TestPredefinedConfigARN(t *testing.T) {
	app, stack := newStack(nil)
	g := codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{DeploymentConfig: codedeploy.ServerAllAtOnce})
	cfnOutput(stack, "ConfigArn", g.DeploymentConfigARN())
	cfnOutput(stack, "GroupArn", g.DeploymentGroupARN())
	out := template(t, app)["Outputs"].(map[string]any)
	got, _ := json.Marshal(out["ConfigArn"].(map[string]any)["Value"])
	want := `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":codedeploy:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":deploymentconfig:CodeDeployDefault.AllAtOnce"]]}`
	if string(got) != want {
		t.Errorf("config ARN = %s\nwant %s", got, want)
	}
	got, _ = json.Marshal(out["GroupArn"].(map[string]any)["Value"])
	if !strings.Contains(string(got), `":deploymentgroup:",{"Ref":"GroupApplication6E8A938A"},"/",{"Ref":"GroupC77FDACD"}`) {
		t.Errorf("group ARN = %s", got)
	}
}

func ecsFixture(stack *constructs.Stack, controller ecs.DeploymentControllerType) (*ecs.FargateService, codedeploy.ECSBlueGreenDeploymentConfig) {
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), PortMappings: []ecs.PortMapping{{ContainerPort: 80}}})
	svc := ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{Cluster: cluster, TaskDefinition: td, DeploymentController: controller})
	lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
	blue := elbv2.NewApplicationTargetGroup(stack, "Blue", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	green := elbv2.NewApplicationTargetGroup(stack, "Green", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	l := lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{blue}})
	svc.AttachToApplicationTargetGroup(blue)
	return svc, codedeploy.ECSBlueGreenDeploymentConfig{BlueTargetGroup: blue, GreenTargetGroup: green, Listener: l}
}

func TestECSGroupRequiresCodeDeployController(t *testing.T) {
	app, stack := newStack(nil)
	svc, bg := ecsFixture(stack, "")
	codedeploy.NewECSDeploymentGroup(stack, "Group", codedeploy.ECSDeploymentGroupProps{Service: svc, BlueGreenDeploymentConfig: bg})
	synthError(t, app, "Deploy/Group: the ECS service Deploy/Service must use the CODE_DEPLOY deployment controller; set FargateServiceProps.DeploymentController to ecs.DeploymentControllerCodeDeploy")
}

func TestECSGroupErrors(t *testing.T) {
	app, stack := newStack(nil)
	codedeploy.NewECSDeploymentGroup(stack, "Group", codedeploy.ECSDeploymentGroupProps{
		BlueGreenDeploymentConfig: codedeploy.ECSBlueGreenDeploymentConfig{TerminationWaitTime: 90 * time.Second},
	})
	synthError(t, app,
		"Deploy/Group: ECSDeploymentGroupProps.Service is required",
		"BlueGreenDeploymentConfig needs BlueTargetGroup, GreenTargetGroup and Listener",
		"BlueGreenDeploymentConfig.TerminationWaitTime is 1m30s; it must be a whole number of minutes")
}

func TestECSGroupDependsOnCustomConfig(t *testing.T) {
	app, stack := newStack(nil)
	svc, bg := ecsFixture(stack, ecs.DeploymentControllerCodeDeploy)
	cfg := codedeploy.NewECSDeploymentConfig(stack, "Config", codedeploy.ECSDeploymentConfigProps{})
	codedeploy.NewECSDeploymentGroup(stack, "Group", codedeploy.ECSDeploymentGroupProps{Service: svc, BlueGreenDeploymentConfig: bg, DeploymentConfig: cfg})
	tpl := template(t, app)
	r := tpl["Resources"].(map[string]any)["GroupC77FDACD"].(map[string]any)
	if d := cmp.Diff([]any{"Config57D1D894"}, r["DependsOn"]); d != "" {
		t.Errorf("DependsOn (-want +got):\n%s", d)
	}
	if got := props(t, tpl, "Config57D1D894")["TrafficRoutingConfig"]; cmp.Diff(decode(t, `{"Type":"AllAtOnce"}`), got) != "" {
		t.Errorf("TrafficRoutingConfig = %v", got)
	}
}

func TestLambdaGroupRequiresAlias(t *testing.T) {
	app, stack := newStack(nil)
	codedeploy.NewLambdaDeploymentGroup(stack, "Group", codedeploy.LambdaDeploymentGroupProps{})
	synthError(t, app, "Deploy/Group: LambdaDeploymentGroupProps.Alias is required")
}

func TestLambdaHooksAndUpdatePolicy(t *testing.T) {
	app, stack := newStack(nil)
	mk := func(id string) *lambda.Function {
		return lambda.NewFunction(stack, id, lambda.FunctionProps{Runtime: lambda.NodeJS22X, Handler: "index.handler", Code: lambda.CodeFromInline("x")})
	}
	f := mk("Fn")
	alias := lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: f.CurrentVersion()})
	g := codedeploy.NewLambdaDeploymentGroup(stack, "Group", codedeploy.LambdaDeploymentGroupProps{Alias: alias})
	g.AddPreHook(mk("Pre"))
	g.AddPreHook(mk("Pre2"))
	if _, err := synth.Synthesize(app); err == nil || !strings.Contains(err.Error(), "Deploy/Group: the group already has a pre-traffic hook function") {
		t.Fatalf("second pre hook: err = %v", err)
	}
}

func TestLambdaUpdatePolicy(t *testing.T) {
	app, stack := newStack(nil)
	f := lambda.NewFunction(stack, "Fn", lambda.FunctionProps{Runtime: lambda.NodeJS22X, Handler: "index.handler", Code: lambda.CodeFromInline("x")})
	pre := lambda.NewFunction(stack, "Pre", lambda.FunctionProps{Runtime: lambda.NodeJS22X, Handler: "index.handler", Code: lambda.CodeFromInline("y")})
	alias := lambda.NewAlias(stack, "Live", lambda.AliasProps{AliasName: "live", Version: f.CurrentVersion()})
	g := codedeploy.NewLambdaDeploymentGroup(stack, "Group", codedeploy.LambdaDeploymentGroupProps{Alias: alias})
	g.AddPreHook(pre)
	tpl := template(t, app)
	var got any
	for _, r := range tpl["Resources"].(map[string]any) {
		if r.(map[string]any)["Type"] == "AWS::Lambda::Alias" {
			got = r.(map[string]any)["UpdatePolicy"]
		}
	}
	want := decode(t, `{"CodeDeployLambdaAliasUpdate":{"ApplicationName":{"Ref":"GroupApplication6E8A938A"},"DeploymentGroupName":{"Ref":"GroupC77FDACD"},"BeforeAllowTrafficHook":{"Ref":"Pre8D9AA392"}}}`)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("UpdatePolicy (-want +got):\n%s", d)
	}
	if got := props(t, tpl, "GroupC77FDACD")["DeploymentConfigName"]; got != "CodeDeployDefault.LambdaCanary10Percent5Minutes" {
		t.Errorf("DeploymentConfigName = %v", got)
	}
}

func cfnOutput(stack *constructs.Stack, id, value string) {
	cfn.NewOutput(stack, id, cfn.OutputProps{Value: value})
}

func TestImportedGroupAndCustomConfigARN(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Deploy", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
	g := codedeploy.ServerDeploymentGroupFromAttributes(stack, codedeploy.DeploymentGroupAttributes{
		Application:         codedeploy.ServerApplicationFromName(stack, "App"),
		DeploymentGroupName: "Group",
	})
	cfg := codedeploy.NewECSDeploymentConfig(stack, "Config", codedeploy.ECSDeploymentConfigProps{})
	cfnOutput(stack, "GroupArn", g.DeploymentGroupARN())
	cfnOutput(stack, "ConfigArn", g.DeploymentConfigARN())
	cfnOutput(stack, "CustomArn", cfg.DeploymentConfigARN(stack))
	out := template(t, app)["Outputs"].(map[string]any)
	value := func(id string) string {
		b, _ := json.Marshal(out[id].(map[string]any)["Value"])
		return string(b)
	}
	if got, want := value("GroupArn"), `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":codedeploy:eu-west-1:123456789012:deploymentgroup:App/Group"]]}`; got != want {
		t.Errorf("group ARN = %s\nwant %s", got, want)
	}
	if got, want := value("ConfigArn"), `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":codedeploy:eu-west-1:123456789012:deploymentconfig:CodeDeployDefault.OneAtATime"]]}`; got != want {
		t.Errorf("config ARN = %s\nwant %s", got, want)
	}
	// A custom configuration's ARN is in the deployment's pseudo region
	// and account, as the AWS CDK writes it.
	if got := value("CustomArn"); !strings.Contains(got, `{"Ref":"AWS::Region"}`) || !strings.Contains(got, `{"Ref":"Config57D1D894"}`) {
		t.Errorf("custom config ARN = %s", got)
	}
}

func TestAddAutoScalingGroupAndAgentCommands(t *testing.T) {
	app, stack := newStack(nil)
	g := codedeploy.NewServerDeploymentGroup(stack, "Group", codedeploy.ServerDeploymentGroupProps{AutoScalingGroups: []string{"a"}})
	g.AddAutoScalingGroup("b")
	if d := cmp.Diff([]string{"a", "b"}, g.AutoScalingGroups()); d != "" {
		t.Errorf("AutoScalingGroups (-want +got):\n%s", d)
	}
	if got := props(t, template(t, app), "GroupC77FDACD")["AutoScalingGroups"]; cmp.Diff(decode(t, `["a","b"]`), got) != "" {
		t.Errorf("template AutoScalingGroups = %v", got)
	}
	linux := codedeploy.AgentInstallCommands("eu-west-1", false)
	if !slicesContains(linux, "aws s3 cp s3://aws-codedeploy-eu-west-1/latest/install . --region eu-west-1") {
		t.Errorf("Linux commands do not fetch the installer from the region's bucket: %q", linux)
	}
	win := codedeploy.AgentInstallCommands("eu-west-1", true)
	if !strings.Contains(strings.Join(win, "\n"), `s3://aws-codedeploy-eu-west-1/latest/codedeploy-agent.msi`) {
		t.Errorf("Windows commands: %q", win)
	}
}

func slicesContains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
