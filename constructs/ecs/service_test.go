package ecs_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	appscaling "github.com/forma-iac/forma/constructs/applicationautoscaling"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/constructs/servicediscovery"
	"github.com/forma-iac/forma/synth"
)

type fixture struct {
	app     *constructs.App
	stack   *constructs.Stack
	vpc     *ec2.Vpc
	cluster *ecs.Cluster
	td      *ecs.FargateTaskDefinition
}

func newFixture(cp ecs.ClusterProps, ctx map[string]any) fixture {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: ctx})
	f := fixture{app: app, stack: constructs.NewStack(app, "Bonjour", constructs.StackProps{})}
	f.vpc = ec2.NewVpc(f.stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	cp.Vpc = f.vpc
	f.cluster = ecs.NewCluster(f.stack, "Cluster", cp)
	f.td = ecs.NewFargateTaskDefinition(f.stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	f.td.AddContainer("web", ecs.ContainerDefinitionOptions{
		Image:        ecs.ImageFromRegistry("nginx"),
		PortMappings: []ecs.PortMapping{{ContainerPort: 80}},
		Logging:      ecs.AWSLogs{StreamPrefix: "web"},
	})
	return f
}

func (f fixture) service(p ecs.FargateServiceProps) *ecs.FargateService {
	p.Cluster, p.TaskDefinition = f.cluster, f.td
	return ecs.NewFargateService(f.stack, "Service", p)
}

func (f fixture) listener() *elbv2.ApplicationListener {
	lb := elbv2.NewApplicationLoadBalancer(f.stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: f.vpc, InternetFacing: true})
	return lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80})
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

func dependsOn(r map[string]any) []string {
	var out []string
	for _, d := range r["DependsOn"].([]any) {
		out = append(out, d.(string))
	}
	sort.Strings(out)
	return out
}

func TestCodeDeployServiceNamesFamilyAndDependsOnTaskDefinition(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	svc := f.service(ecs.FargateServiceProps{DeploymentController: ecs.DeploymentControllerCodeDeploy})
	f.listener().AddTargets("ECS", elbv2.AddApplicationTargetsProps{Port: 80, Targets: []elbv2.IApplicationLoadBalancerTarget{svc}})
	tpl := template(t, f.app)
	r := resource(t, tpl, "ServiceD69D759B")
	props := r["Properties"].(map[string]any)
	if got := props["TaskDefinition"]; got != f.td.Family() || got != "BonjourTaskDef54D65012" {
		t.Errorf("TaskDefinition = %v, want the family (a string), not a Ref", got)
	}
	if _, ok := props["DeploymentConfiguration"].(map[string]any)["Alarms"]; ok {
		t.Error("a CODE_DEPLOY service has deployment alarms; the CDK writes none")
	}
	taskDef := []string{"TaskDef54694570", "TaskDefExecutionRoleB4775C97", "TaskDefExecutionRoleDefaultPolicy0DBB737A", "TaskDefTaskRole1EDB4A67", "TaskDefwebLogGroupC89AAFBC"}
	want := append([]string{"LBListener49E825B4", "LBListenerECSGroup1D445DF5"}, taskDef...)
	sort.Strings(want)
	if d := cmp.Diff(want, dependsOn(r)); d != "" {
		t.Errorf("service DependsOn (-want +got):\n%s", d)
	}
	// The security group rules are part of the service and wait for the task definition too.
	ingress := resource(t, tpl, "ServiceSecurityGroupfromBonjourLBSecurityGroupDBCD1C9980B52AE50F")
	if d := cmp.Diff(taskDef, dependsOn(ingress)); d != "" {
		t.Errorf("ingress DependsOn (-want +got):\n%s", d)
	}
}

func TestExternalControllerLeavesTaskDefinitionAndNetworkOut(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	svc := f.service(ecs.FargateServiceProps{DeploymentController: ecs.DeploymentControllerExternal})
	tpl := template(t, f.app)
	props := resource(t, tpl, "ServiceD69D759B")["Properties"].(map[string]any)
	for _, k := range []string{"TaskDefinition", "LaunchType", "NetworkConfiguration"} {
		if v, ok := props[k]; ok {
			t.Errorf("%s = %v; an EXTERNAL service leaves it to its task sets", k, v)
		}
	}
	for id, r := range tpl["Resources"].(map[string]any) {
		if r.(map[string]any)["Type"] == "AWS::EC2::SecurityGroup" && strings.HasPrefix(id, "Service") {
			t.Errorf("security group %s created for an EXTERNAL service", id)
		}
	}
	warned := false
	for _, m := range svc.Node().Metadata() {
		warned = warned || (m.Type == constructs.MetadataWarning && strings.Contains(m.Data.(string), "external deployment controller"))
	}
	if !warned {
		t.Error("no warning that the task definition and launch type are blanked out")
	}
}

func taskRoleStatements(t *testing.T, tpl map[string]any) []any {
	t.Helper()
	p := resource(t, tpl, "TaskDefTaskRoleDefaultPolicyA592CB18")["Properties"].(map[string]any)
	return p["PolicyDocument"].(map[string]any)["Statement"].([]any)
}

func TestExecuteCommandGrantsTaskRole(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{EnableExecuteCommand: true})
	tpl := template(t, f.app)
	want := decode(t, `[
	 {"Action":["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"],"Effect":"Allow","Resource":"*"},
	 {"Action":"logs:DescribeLogGroups","Effect":"Allow","Resource":"*"},
	 {"Action":["logs:CreateLogStream","logs:DescribeLogStreams","logs:PutLogEvents"],"Effect":"Allow","Resource":"*"}]`)
	if d := cmp.Diff(want, any(taskRoleStatements(t, tpl))); d != "" {
		t.Errorf("task role statements (-want +got):\n%s", d)
	}
	if p := resource(t, tpl, "ServiceD69D759B")["Properties"].(map[string]any); p["EnableExecuteCommand"] != true {
		t.Error("EnableExecuteCommand not set")
	}
	// The service waits for the grants.
	if !contains(dependsOn(resource(t, tpl, "ServiceD69D759B")), "TaskDefTaskRoleDefaultPolicyA592CB18") {
		t.Error("the service does not depend on the task role's policy")
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func TestExecuteCommandReducedLogPermissionsFlag(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, map[string]any{"@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions": true})
	f.service(ecs.FargateServiceProps{EnableExecuteCommand: true})
	stmts := taskRoleStatements(t, template(t, f.app))
	if len(stmts) != 1 || !strings.Contains(stmts[0].(map[string]any)["Action"].([]any)[0].(string), "ssmmessages") {
		t.Errorf("statements = %v; with the flag and no log group only the SSM channels are granted", stmts)
	}
}

func TestExecuteCommandWithImportedKeyAndNoLogging(t *testing.T) {
	f := newFixture(ecs.ClusterProps{ExecuteCommandConfiguration: &ecs.ExecuteCommandConfiguration{
		KMSKey: kms.KeyFromKeyARN("arn:aws:kms:us-east-1:123456789012:key/abc"), Logging: ecs.ExecLoggingNone,
	}}, nil)
	f.service(ecs.FargateServiceProps{EnableExecuteCommand: true})
	tpl := template(t, f.app)
	stmts := taskRoleStatements(t, tpl)
	want := decode(t, `{"Action":["kms:Decrypt","kms:GenerateDataKey"],"Effect":"Allow","Resource":"arn:aws:kms:us-east-1:123456789012:key/abc"}`)
	if len(stmts) != 2 || !cmp.Equal(stmts[1], want) {
		t.Errorf("statements = %v; want the SSM channels and %v, no log permissions", stmts, want)
	}
	cfg := resource(t, tpl, "ClusterEB0386A7")["Properties"].(map[string]any)["Configuration"]
	if d := cmp.Diff(decode(t, `{"ExecuteCommandConfiguration":{"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/abc","Logging":"NONE"}}`), cfg); d != "" {
		t.Errorf("cluster configuration (-want +got):\n%s", d)
	}
}

func TestExecuteCommandConfigurationErrors(t *testing.T) {
	f := newFixture(ecs.ClusterProps{ExecuteCommandConfiguration: &ecs.ExecuteCommandConfiguration{Logging: ecs.ExecLoggingOverride}}, nil)
	synthError(t, f.app, "Bonjour/Cluster: ExecuteCommandConfiguration.LogConfiguration is given only with Logging ecs.ExecLoggingOverride")

	f = newFixture(ecs.ClusterProps{ExecuteCommandConfiguration: &ecs.ExecuteCommandConfiguration{
		Logging:          ecs.ExecLoggingOverride,
		LogConfiguration: &ecs.ExecuteCommandLogConfiguration{S3EncryptionEnabled: true, CloudWatchEncryptionEnabled: true},
	}}, nil)
	synthError(t, f.app, "S3EncryptionEnabled needs S3BucketName", "CloudWatchEncryptionEnabled needs CloudWatchLogGroup")
}

func TestExecuteCommandLogGroupARN(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Bonjour", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc, ExecuteCommandConfiguration: &ecs.ExecuteCommandConfiguration{
		Logging: ecs.ExecLoggingOverride,
		LogConfiguration: &ecs.ExecuteCommandLogConfiguration{
			CloudWatchLogGroup: logs.NewLogGroup(stack, "ExecLogs", logs.LogGroupProps{LogGroupName: "exec"}),
		},
	}})
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{Cluster: cluster, TaskDefinition: td, EnableExecuteCommand: true})
	stmts := taskRoleStatements(t, template(t, app))
	got := stmts[2].(map[string]any)["Resource"]
	want := decode(t, `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":logs:eu-west-1:123456789012:log-group:",{"Ref":"ExecLogs6390DA49"},":*"]]}`)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("log stream resource (-want +got):\n%s", d)
	}
}

func TestCapacityProviderStrategies(t *testing.T) {
	f := newFixture(ecs.ClusterProps{EnableFargateCapacityProviders: true}, nil)
	f.cluster.EnableFargateCapacityProviders() // idempotent
	f.service(ecs.FargateServiceProps{CapacityProviderStrategies: []ecs.CapacityProviderStrategy{{CapacityProvider: "FARGATE_SPOT", Weight: 1}}})
	tpl := template(t, f.app)
	props := resource(t, tpl, "ServiceD69D759B")["Properties"].(map[string]any)
	if _, ok := props["LaunchType"]; ok {
		t.Error("LaunchType written with a capacity provider strategy")
	}
	assoc := resource(t, tpl, "Cluster3DA9CCBA")
	want := decode(t, `{"Type":"AWS::ECS::ClusterCapacityProviderAssociations","Properties":{"CapacityProviders":["FARGATE","FARGATE_SPOT"],"Cluster":{"Ref":"ClusterEB0386A7"},"DefaultCapacityProviderStrategy":[]}}`)
	if d := cmp.Diff(want, any(assoc)); d != "" {
		t.Errorf("associations (-want +got):\n%s", d)
	}

	f = newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{CapacityProviderStrategies: []ecs.CapacityProviderStrategy{{CapacityProvider: "FARGATE", Base: 1}, {CapacityProvider: "FARGATE_SPOT", Base: 2}, {Weight: 1}}})
	synthError(t, f.app, "Bonjour/Service: only one capacity provider in CapacityProviderStrategies may have a Base", "CapacityProviderStrategies[2] has no CapacityProvider")
}

func TestAutoScaleTaskCount(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	svc := f.service(ecs.FargateServiceProps{})
	scaling := svc.AutoScaleTaskCount(ecs.EnableScalingProps{MaxCapacity: 4})
	scaling.ScaleOnCPUUtilization("Cpu", ecs.UtilizationScalingProps{TargetUtilizationPercent: 60})
	scaling.ScaleOnSchedule("Weekend", appscaling.ScalingSchedule{
		Schedule:    appscaling.ScheduleCron(appscaling.CronOptions{Minute: "0", Hour: "8", WeekDay: "SAT"}),
		MaxCapacity: new(2),
	})
	tpl := template(t, f.app)
	target := resource(t, tpl, "ServiceTaskCountTarget23E25614")["Properties"].(map[string]any)
	if target["MinCapacity"] != 1.0 || target["MaxCapacity"] != 4.0 {
		t.Errorf("capacity = %v..%v, want 1..4", target["MinCapacity"], target["MaxCapacity"])
	}
	want := decode(t, `[{"ScalableTargetAction":{"MaxCapacity":2},"Schedule":"cron(0 8 ? * SAT *)","ScheduledActionName":"Weekend"}]`)
	if d := cmp.Diff(want, target["ScheduledActions"]); d != "" {
		t.Errorf("scheduled actions (-want +got):\n%s", d)
	}
	policy := resource(t, tpl, "ServiceTaskCountTargetCpuC81E254E")["Properties"].(map[string]any)
	if policy["PolicyName"] != "BonjourServiceTaskCountTargetCpuABEF2DD0" {
		t.Errorf("PolicyName = %v, want the policy's unique id", policy["PolicyName"])
	}

	f = newFixture(ecs.ClusterProps{}, nil)
	svc = f.service(ecs.FargateServiceProps{})
	scaling = svc.AutoScaleTaskCount(ecs.EnableScalingProps{MinCapacity: new(5), MaxCapacity: 2})
	svc.AutoScaleTaskCount(ecs.EnableScalingProps{MaxCapacity: 2})
	tg := elbv2.NewApplicationTargetGroup(f.stack, "TG", elbv2.ApplicationTargetGroupProps{Vpc: f.vpc, Port: 80})
	scaling.ScaleOnRequestCount("Requests", ecs.RequestCountScalingProps{RequestsPerTarget: 10, TargetGroup: tg})
	scaling.ScaleOnSchedule("Empty", appscaling.ScalingSchedule{Schedule: appscaling.ScheduleRate(time.Hour)})
	synthError(t, f.app,
		"Bonjour/Service: AutoScaleTaskCount is called twice",
		"Bonjour/Service/TaskCount/Target: MinCapacity (5) must not be above MaxCapacity (2)",
		`scheduled action "Empty" sets neither MinCapacity nor MaxCapacity`,
		`Bonjour/Service/TaskCount: ScaleOnRequestCount "Requests": the target group is not attached to a load balancer yet`)
}

func TestLoadBalancerTargetErrors(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	svc := f.service(ecs.FargateServiceProps{})
	l := f.listener()
	l.AddTargets("A", elbv2.AddApplicationTargetsProps{Port: 80, Targets: []elbv2.IApplicationLoadBalancerTarget{
		svc.LoadBalancerTarget(ecs.LoadBalancerTargetOptions{ContainerName: "nope"}),
	}})
	svc.RegisterLoadBalancerTargets(ecs.ECSTarget{ContainerName: "web", ContainerPort: 81, NewTargetGroupID: "B", Listener: ecs.ApplicationListenerConfig(l, elbv2.AddApplicationTargetsProps{})})
	synthError(t, f.app,
		`Bonjour/Service: load balancer target: the task definition has no container named "nope"`,
		`load balancer target: container "web" has no mapping for port 81 and protocol tcp`)
}

func TestServiceConnectAndCloudMapErrors(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{
		ServiceConnectConfiguration: &ecs.ServiceConnectProps{Services: []ecs.ServiceConnectService{{PortMappingName: "api"}}},
		CloudMapOptions:             &ecs.CloudMapOptions{},
	})
	synthError(t, f.app,
		`Bonjour/Service: Service Connect needs a namespace`,
		`Service Connect: the task definition has no port mapping named "api"`,
		`Cloud Map needs a namespace`)

	f = newFixture(ecs.ClusterProps{DefaultCloudMapNamespace: &ecs.CloudMapNamespaceOptions{Name: "svc", Type: servicediscovery.NamespaceHTTP}}, nil)
	f.service(ecs.FargateServiceProps{CloudMapOptions: &ecs.CloudMapOptions{}})
	synthError(t, f.app, "Cloud Map DNS service discovery cannot use an HTTP namespace")
}

func TestServiceConnectWithHTTPNamespace(t *testing.T) {
	f := newFixture(ecs.ClusterProps{DefaultCloudMapNamespace: &ecs.CloudMapNamespaceOptions{Name: "svc", Type: servicediscovery.NamespaceHTTP, UseForServiceConnect: true}}, nil)
	f.service(ecs.FargateServiceProps{ServiceConnectConfiguration: &ecs.ServiceConnectProps{}})
	tpl := template(t, f.app)
	ns := resource(t, tpl, "ClusterDefaultServiceDiscoveryNamespaceC336F9B4")
	if ns["Type"] != "AWS::ServiceDiscovery::HttpNamespace" {
		t.Errorf("namespace type %v", ns["Type"])
	}
	sc := resource(t, tpl, "ServiceD69D759B")["Properties"].(map[string]any)["ServiceConnectConfiguration"]
	if d := cmp.Diff(decode(t, `{"Enabled":true,"Namespace":"svc"}`), sc); d != "" {
		t.Errorf("service connect (-want +got):\n%s", d)
	}
}

func TestMaxHealthyPercentPointer(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{MinHealthyPercent: new(0), MaxHealthyPercent: new(100), DesiredCount: new(0)})
	props := resource(t, template(t, f.app), "ServiceD69D759B")["Properties"].(map[string]any)
	dc := props["DeploymentConfiguration"].(map[string]any)
	if dc["MinimumHealthyPercent"] != 0.0 || dc["MaximumPercent"] != 100.0 || props["DesiredCount"] != 0.0 {
		t.Errorf("deployment configuration %v, desired %v; want 0/100 and 0", dc, props["DesiredCount"])
	}
	f = newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{MaxHealthyPercent: new(50)})
	synthError(t, f.app, "Bonjour/Service: MinHealthyPercent (50) must be at least 0 and below MaxHealthyPercent (50)")
}

func TestTaskDefinitionRevision(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{TaskDefinitionRevision: ecs.TaskDefinitionRevisionOf(7)})
	tpl := template(t, f.app)
	r := resource(t, tpl, "ServiceD69D759B")
	if got := r["Properties"].(map[string]any)["TaskDefinition"]; got != f.td.Family()+":7" {
		t.Errorf("TaskDefinition = %v, want family:7", got)
	}
	if !contains(dependsOn(r), "TaskDefExecutionRoleDefaultPolicy0DBB737A") {
		t.Errorf("DependsOn %v: the service waits for the whole task definition", dependsOn(r))
	}

	f = newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{TaskDefinitionRevision: "0"})
	synthError(t, f.app, `Bonjour/Service: TaskDefinitionRevision "0" is not a revision`)

	f = newFixture(ecs.ClusterProps{}, nil)
	f.service(ecs.FargateServiceProps{TaskDefinitionRevision: ecs.TaskDefinitionRevisionOf(2), DeploymentController: ecs.DeploymentControllerCodeDeploy})
	synthError(t, f.app, "the CODE_DEPLOY deployment controller can only be used with TaskDefinitionRevisionLatest")
}

func TestDefaultCapacityProviderStrategyErrors(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	f.cluster.AddDefaultCapacityProviderStrategy([]ecs.CapacityProviderStrategy{{CapacityProvider: "FARGATE", Base: 1}, {CapacityProvider: "my-asg", Base: 1}})
	f.cluster.AddDefaultCapacityProviderStrategy(nil)
	synthError(t, f.app,
		`Bonjour/Cluster: capacity provider "FARGATE" is not associated with the cluster`,
		"cannot mix Fargate and Auto Scaling group capacity providers",
		"only one capacity provider in a capacity provider strategy may have a Base",
		"the default capacity provider strategy is set twice")
}

func TestIncompleteServiceReportsWithoutPanicking(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, nil)
	svc := ecs.NewFargateService(f.stack, "Service", ecs.FargateServiceProps{})
	svc.EnableCloudMap(ecs.CloudMapOptions{})
	svc.EnableServiceConnect(nil)
	scaling := svc.AutoScaleTaskCount(ecs.EnableScalingProps{MaxCapacity: 2})
	scaling.ScaleOnCPUUtilization("Cpu", ecs.UtilizationScalingProps{TargetUtilizationPercent: 50})
	l := f.listener()
	l.AddTargets("A", elbv2.AddApplicationTargetsProps{Port: 80, Targets: []elbv2.IApplicationLoadBalancerTarget{
		svc, svc.LoadBalancerTarget(ecs.LoadBalancerTargetOptions{ContainerName: "web"}),
	}})
	svc.RegisterLoadBalancerTargets(ecs.ECSTarget{ContainerName: "web", NewTargetGroupID: "B", Listener: ecs.ApplicationListenerConfig(l, elbv2.AddApplicationTargetsProps{})})
	synthError(t, f.app, "Bonjour/Service: FargateServiceProps.Cluster is required", "FargateServiceProps.TaskDefinition is required")
}

func TestFeatureFlagsFromContext(t *testing.T) {
	f := newFixture(ecs.ClusterProps{}, map[string]any{
		ecs.FlagRemoveDefaultDeploymentAlarm:                         "true",
		ecs.FlagDisableExplicitDeploymentControllerForCircuitBreaker: true,
	})
	f.service(ecs.FargateServiceProps{CircuitBreaker: &ecs.DeploymentCircuitBreaker{}})
	props := resource(t, template(t, f.app), "ServiceD69D759B")["Properties"].(map[string]any)
	if _, ok := props["DeploymentController"]; ok {
		t.Error("the circuit breaker writes the ECS controller despite the flag")
	}
	if _, ok := props["DeploymentConfiguration"].(map[string]any)["Alarms"]; ok {
		t.Error("default deployment alarms written despite the flag")
	}
	if ecs.FeatureFlag(f.stack, ecs.FlagReduceCloudWatchPermissions) {
		t.Error("an unset flag reads as on")
	}
}
