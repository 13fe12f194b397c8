package ecs_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs/ecs"
)

// TestFirelensDefaultRouter checks that the default log router is added
// once, after every container, and that two task definitions of a stack
// share the AWS CDK's SSM parameter for its image.
func TestFirelensDefaultRouter(t *testing.T) {
	app, stack, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("a", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), Logging: ecs.FireLens{Options: map[string]string{"Name": "firehose", "delivery_stream": "s"}}})
	td.AddContainer("b", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), Logging: ecs.FireLens{}})
	td.AddContainer("c", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), Essential: new(false)})
	other := ecs.NewFargateTaskDefinition(stack, "Other", ecs.FargateTaskDefinitionProps{})
	other.AddContainer("x", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), Logging: ecs.FireLens{}})
	tpl := template(t, app)
	defs := resource(t, tpl, "TaskDef54694570")["Properties"].(map[string]any)["ContainerDefinitions"].([]any)
	var names []string
	for _, d := range defs {
		names = append(names, d.(map[string]any)["Name"].(string))
	}
	if d := cmp.Diff([]string{"a", "b", "c", "log-router"}, names); d != "" {
		t.Errorf("containers (-want +got):\n%s", d)
	}
	router := defs[3].(map[string]any)
	if d := cmp.Diff(decode(t, `{"Ref":"SsmParameterValueawsserviceawsforfluentbitlatestC96584B6F00A464EAD1953AFF4B05118Parameter"}`), router["Image"]); d != "" {
		t.Errorf("router image (-want +got):\n%s", d)
	}
	params := tpl["Parameters"].(map[string]any)
	if len(params) != 1 {
		t.Errorf("parameters = %v, want the one SSM parameter shared by both task definitions", params)
	}
	pol := resource(t, tpl, "TaskDefTaskRoleDefaultPolicyA592CB18")
	if d := cmp.Diff(decode(t, `[{"Action":"firehose:PutRecordBatch","Effect":"Allow","Resource":"*"}]`), pol["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"]); d != "" {
		t.Errorf("task role statements (-want +got):\n%s", d)
	}
}

// TestFirelensRouterOptions checks the router's FirelensConfiguration with
// options but no configuration file, and that no default router is added.
func TestFirelensRouterOptions(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddFirelensLogRouter("router", ecs.FirelensConfig{Type: ecs.FirelensFluentd, Options: &ecs.FirelensOptions{EnableECSLogMetadata: new(false)}},
		ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("fluentd")})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), Logging: ecs.FireLens{}})
	defs := containerDefs(t, app)
	if len(defs) != 2 {
		t.Fatalf("%d containers, want 2 (no default router beside the program's)", len(defs))
	}
	if d := cmp.Diff(decode(t, `{"Options":{"enable-ecs-log-metadata":"false"},"Type":"fluentd"}`), defs[0].(map[string]any)["FirelensConfiguration"]); d != "" {
		t.Errorf("firelens configuration (-want +got):\n%s", d)
	}
}

func TestFirelensErrors(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	img := ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("fluent-bit")}
	td.AddFirelensLogRouter("r1", ecs.FirelensConfig{Options: &ecs.FirelensOptions{ConfigFileValue: "/x.conf"}}, img)
	td.AddFirelensLogRouter("r2", ecs.FirelensConfig{Type: ecs.FirelensFluentBit, Options: &ecs.FirelensOptions{ConfigFileType: ecs.FirelensConfigFileS3, ConfigFileValue: "my-bucket/x.conf"}}, img)
	synthErrors(t, app,
		`Bonjour/TaskDef: the task definition has a FireLens log router ("r1") already; "r2" cannot be another`,
		"Bonjour/TaskDef/r1: FirelensConfig.Type is required",
		"FirelensOptions.ConfigFileType and ConfigFileValue go together",
		`Bonjour/TaskDef/r2: FirelensOptions.ConfigFileValue "my-bucket/x.conf" is not an S3 object ARN`)
}

func TestFirelensSecretOptions(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), Logging: ecs.FireLens{
		OrderedSecretOptions: []ecs.SecretVar{{Name: "b", Secret: ecs.SSMParameter{Name: "/b"}}, {Name: "a", Secret: ecs.SSMParameter{Name: "/a"}}},
		SecretOptions:        map[string]ecs.Secret{"a": ecs.SSMParameter{Name: "/a"}},
	}})
	synthErrors(t, app, `Bonjour/TaskDef/app: secret "a" is in both OrderedSecretOptions and SecretOptions; keep it in one`)
}
