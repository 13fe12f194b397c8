package ecs_test

import (
	"testing"

	"github.com/forma-iac/forma/assertions"
	"github.com/forma-iac/forma/constructs/ecs"
)

// TestSecretsAreGrantedToTheExecutionRole states what a container's
// secrets add: the ARN in the container definition, and a grant on the
// task's execution role (not its task role) with the Secrets Manager
// suffix wildcard.
func TestSecretsAreGrantedToTheExecutionRole(t *testing.T) {
	_, stack := newStack()
	td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{
		Image:   ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
		Secrets: map[string]ecs.Secret{"DB": ecs.SecretsManagerSecret{Name: "prod/db", Field: "password"}},
	})
	tpl := assertions.FromStack(t, stack)
	tpl.HasResourceProperties("AWS::ECS::TaskDefinition", map[string]any{
		"ContainerDefinitions": []any{map[string]any{
			"Name":        "web",
			"Secrets":     []any{map[string]any{"Name": "DB", "ValueFrom": assertions.AnyValue()}},
			"Environment": assertions.Absent(),
		}},
	})
	role := assertions.NewCapture(assertions.StringLikeRegexp("^TaskDefExecutionRole"))
	tpl.HasResourceProperties("AWS::IAM::Policy", map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.ArrayWith([]any{map[string]any{
			"Action":   []any{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
			"Effect":   "Allow",
			"Resource": map[string]any{"Fn::Join": []any{"", assertions.ArrayWith([]any{assertions.StringLikeRegexp(`:secret:prod/db-\?{6}$`)})}},
		}})},
		"Roles": []any{map[string]any{"Ref": role}},
	})
	tpl.ResourcePropertiesCountIs("AWS::IAM::Policy", map[string]any{"Roles": []any{map[string]any{"Ref": assertions.StringLikeRegexp("^TaskDefTaskRole")}}}, 0)
	if role.AsString() == "" {
		t.Error("no execution role captured")
	}
}
