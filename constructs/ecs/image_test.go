package ecs_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
)

// TestECRImageTagAndDigest checks the image names of an ECR image by tag
// (default "latest") and by digest, as the AWS CDK's EcrImage writes them.
func TestECRImageTagAndDigest(t *testing.T) {
	for _, c := range []struct{ tag, want string }{
		{"", "/my-repo:latest"},
		{"v1", "/my-repo:v1"},
		{"sha256:abc", "/my-repo@sha256:abc"},
	} {
		app, stack := newStack()
		td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
		td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromECRRepository(ecr.RepositoryFromName(stack, "Repo", "my-repo"), c.tag)})
		defs := resource(t, template(t, app), "TaskDef54694570")["Properties"].(map[string]any)["ContainerDefinitions"].([]any)
		want := decode(t, `{"Fn::Join":["",[{"Ref":"AWS::AccountId"},".dkr.ecr.",{"Ref":"AWS::Region"},".",{"Ref":"AWS::URLSuffix"},"`+c.want+`"]]}`)
		if d := cmp.Diff(want, defs[0].(map[string]any)["Image"]); d != "" {
			t.Errorf("tag %q: image (-want +got):\n%s", c.tag, d)
		}
	}
}
