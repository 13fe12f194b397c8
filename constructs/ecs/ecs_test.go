package ecs_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/synth"
)

func newStack() (*constructs.App, *constructs.Stack) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	return app, constructs.NewStack(app, "Bonjour", constructs.StackProps{})
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
	if err := json.Unmarshal(files["Bonjour.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func resource(t *testing.T, tpl map[string]any, id string) map[string]any {
	t.Helper()
	r, ok := tpl["Resources"].(map[string]any)[id].(map[string]any)
	if !ok {
		var ids []string
		for k := range tpl["Resources"].(map[string]any) {
			ids = append(ids, k)
		}
		t.Fatalf("no resource %s; have %v", id, ids)
	}
	return r
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestTaskDefinitionWithAWSLogsAndSecrets(t *testing.T) {
	app, stack := newStack()
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{
		Image:        ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
		Logging:      ecs.AWSLogs{StreamPrefix: "svc"},
		Environment:  map[string]string{"B": "2", "A": "1"},
		Secrets:      map[string]ecs.Secret{"DB": ecs.SecretsManagerSecret{Name: "prod/db", Field: "password"}, "KEY": ecs.SSMParameter{Name: "/prod/key"}},
		PortMappings: []ecs.PortMapping{{ContainerPort: 8080}},
		HealthCheck:  &ecs.HealthCheck{Command: []string{"curl -f http://localhost/ || exit 1"}},
	})
	tpl := template(t, app)
	got := resource(t, tpl, "TaskDef54694570")
	want := decode(t, `{"Type":"AWS::ECS::TaskDefinition","Properties":{
	 "ContainerDefinitions":[{"Environment":[{"Name":"A","Value":"1"},{"Name":"B","Value":"2"}],"Essential":true,
	  "HealthCheck":{"Command":["CMD-SHELL","curl -f http://localhost/ || exit 1"],"Interval":30,"Retries":3,"Timeout":5},
	  "Image":"amazon/amazon-ecs-sample",
	  "LogConfiguration":{"LogDriver":"awslogs","Options":{"awslogs-group":{"Ref":"TaskDefwebLogGroupC89AAFBC"},"awslogs-region":{"Ref":"AWS::Region"},"awslogs-stream-prefix":"svc"}},
	  "Name":"web","PortMappings":[{"ContainerPort":8080,"Protocol":"tcp"}],
	  "Secrets":[{"Name":"DB","ValueFrom":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":secretsmanager:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":secret:prod/db:password::"]]}},
	             {"Name":"KEY","ValueFrom":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":ssm:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":parameter/prod/key"]]}}]}],
	 "Cpu":"256","ExecutionRoleArn":{"Fn::GetAtt":["TaskDefExecutionRoleB4775C97","Arn"]},"Family":"BonjourTaskDef54D65012","Memory":"512",
	 "NetworkMode":"awsvpc","RequiresCompatibilities":["FARGATE"],"TaskRoleArn":{"Fn::GetAtt":["TaskDefTaskRole1EDB4A67","Arn"]}}}`)
	if d := cmp.Diff(want, any(got)); d != "" {
		t.Errorf("task definition (-want +got):\n%s", d)
	}
	lg := resource(t, tpl, "TaskDefwebLogGroupC89AAFBC")
	if d := cmp.Diff(decode(t, `{"Type":"AWS::Logs::LogGroup","DeletionPolicy":"Retain","UpdateReplacePolicy":"Retain"}`), any(lg)); d != "" {
		t.Errorf("log group (-want +got):\n%s", d)
	}
	pol := resource(t, tpl, "TaskDefExecutionRoleDefaultPolicy0DBB737A")
	stmts := pol["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any)
	var actions []string
	for _, s := range stmts {
		a, _ := json.Marshal(s.(map[string]any)["Action"])
		actions = append(actions, string(a))
	}
	wantActions := []string{
		`["logs:CreateLogStream","logs:PutLogEvents"]`,
		`["secretsmanager:GetSecretValue","secretsmanager:DescribeSecret"]`,
		`["ssm:DescribeParameters","ssm:GetParameters","ssm:GetParameter","ssm:GetParameterHistory"]`,
	}
	if d := cmp.Diff(wantActions, actions); d != "" {
		t.Errorf("execution role policy actions (-want +got):\n%s", d)
	}
	res, _ := json.Marshal(stmts[1].(map[string]any)["Resource"])
	if !strings.Contains(string(res), `:secret:prod/db-??????`) {
		t.Errorf("secret grant resource = %s, want the name with -?????? appended", res)
	}
}

func TestInvalidFargateCPUMemory(t *testing.T) {
	app, stack := newStack()
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{CPU: 512, MemoryMiB: 512})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	_, err := synth.Synthesize(app)
	want := "Bonjour/TaskDef: MemoryMiB 512 is not valid with CPU 512 on Fargate; valid values for CPU 512: 1024, 2048, 3072, 4096"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}

	app, stack = newStack()
	td = ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{CPU: 300})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	_, err = synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "Bonjour/TaskDef: CPU 300 is not a Fargate CPU value") {
		t.Fatalf("err = %v, want the CPU named", err)
	}
}

func TestValidCombinations(t *testing.T) {
	for _, c := range [][2]int{{256, 2048}, {1024, 8192}, {4096, 30720}, {8192, 61440}, {16384, 122880}} {
		app, stack := newStack()
		td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{CPU: c[0], MemoryMiB: c[1]})
		td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
		if _, err := synth.Synthesize(app); err != nil {
			t.Errorf("CPU %d memory %d: %v", c[0], c[1], err)
		}
	}
}

func TestClusterContainerInsights(t *testing.T) {
	for _, ci := range []ecs.ContainerInsights{ecs.ContainerInsightsEnabled, ecs.ContainerInsightsEnhanced, ecs.ContainerInsightsDisabled} {
		app, stack := newStack()
		ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2}), ContainerInsights: ci})
		got := resource(t, template(t, app), "ClusterEB0386A7")
		want := decode(t, `{"Type":"AWS::ECS::Cluster","Properties":{"ClusterSettings":[{"Name":"containerInsights","Value":"`+string(ci)+`"}]}}`)
		if d := cmp.Diff(want, any(got)); d != "" {
			t.Errorf("%s (-want +got):\n%s", ci, d)
		}
	}
	app, stack := newStack()
	ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{ContainerInsights: "on"})
	if _, err := synth.Synthesize(app); err == nil || !strings.Contains(err.Error(), `Bonjour/Cluster: ContainerInsights "on"`) {
		t.Fatalf("err = %v, want the bad setting named", err)
	}
}

func TestServiceDefaults(t *testing.T) {
	app, stack := newStack()
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{
		Cluster: cluster, TaskDefinition: td,
		CircuitBreaker: &ecs.DeploymentCircuitBreaker{Rollback: true},
	})
	tpl := template(t, app)
	got := resource(t, tpl, "ServiceD69D759B")
	props := got["Properties"].(map[string]any)
	delete(props, "NetworkConfiguration")
	want := decode(t, `{"Type":"AWS::ECS::Service","Properties":{"Cluster":{"Ref":"ClusterEB0386A7"},
	 "DeploymentConfiguration":{"Alarms":{"AlarmNames":[],"Enable":false,"Rollback":false},"DeploymentCircuitBreaker":{"Enable":true,"Rollback":true},"MaximumPercent":200,"MinimumHealthyPercent":50},
	 "DeploymentController":{"Type":"ECS"},"EnableECSManagedTags":false,"LaunchType":"FARGATE","TaskDefinition":{"Ref":"TaskDef54694570"}},
	 "DependsOn":["TaskDefTaskRole1EDB4A67"]}`)
	if d := cmp.Diff(want, any(got)); d != "" {
		t.Errorf("service (-want +got):\n%s", d)
	}
	sg := resource(t, tpl, "ServiceSecurityGroupC96ED6A7")
	if d := cmp.Diff(decode(t, `["TaskDefTaskRole1EDB4A67"]`), sg["DependsOn"]); d != "" {
		t.Errorf("the service's security group must depend on the task role (-want +got):\n%s", d)
	}
}

// TestServiceSubnetSelectionErrorIsTheService checks that a selection that
// matches nothing is reported on the service that asked, not on the VPC.
func TestServiceSubnetSelectionErrorIsTheService(t *testing.T) {
	app, stack := newStack()
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{Cluster: cluster, TaskDefinition: td,
		VpcSubnets: &ec2.SubnetSelection{SubnetType: ec2.SubnetPrivateIsolated}})
	_, err := synth.Synthesize(app)
	var errs constructs.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want validation errors", err)
	}
	want := `Bonjour/Service: SubnetSelection: there are no "Isolated" subnet groups in this VPC; available types: Private,Public`
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors = %q, want exactly %q", errs, want)
	}
}
