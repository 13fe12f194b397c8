package patterns_test

import (
	"encoding/json"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
)

// TestOrderedEnvironmentAndSecrets checks that the pattern writes its
// container's ordered environment and secrets in the order given, before
// the map forms, as ecs.ContainerDefinitionOptions does.
func TestOrderedEnvironmentAndSecrets(t *testing.T) {
	app, _, s := bonjour(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.OrderedEnvironment = []ecs.EnvVar{{Name: "ZONE", Value: "eu"}, {Name: "MODE", Value: "prod"}}
		p.Environment = map[string]string{"B": "2", "A": "1"}
		p.OrderedSecrets = []ecs.SecretVar{{Name: "TOKEN", Secret: ecs.SSMParameter{Name: "/t"}}, {Name: "DB", Secret: ecs.SSMParameter{Name: "/d"}}}
	})
	tpl := synthesize(t, app)
	if s.Container.ContainerName() != "web" {
		t.Fatalf("container %q, want web", s.Container.ContainerName())
	}
	var td map[string]any
	for _, r := range tpl["Resources"].(map[string]any) {
		if r.(map[string]any)["Type"] == "AWS::ECS::TaskDefinition" {
			td = r.(map[string]any)
		}
	}
	c := td["Properties"].(map[string]any)["ContainerDefinitions"].([]any)[0].(map[string]any)
	names := func(key string) string {
		var out []string
		for _, e := range c[key].([]any) {
			out = append(out, e.(map[string]any)["Name"].(string))
		}
		b, _ := json.Marshal(out)
		return string(b)
	}
	if got, want := names("Environment"), `["ZONE","MODE","A","B"]`; got != want {
		t.Errorf("environment names = %s, want %s", got, want)
	}
	if got, want := names("Secrets"), `["TOKEN","DB"]`; got != want {
		t.Errorf("secret names = %s, want %s", got, want)
	}
}
