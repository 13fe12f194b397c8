package patterns_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
)

func serviceOf(t *testing.T, tpl map[string]any) map[string]any {
	t.Helper()
	for _, r := range tpl["Resources"].(map[string]any) {
		if m := r.(map[string]any); m["Type"] == "AWS::ECS::Service" {
			return m["Properties"].(map[string]any)
		}
	}
	t.Fatal("no AWS::ECS::Service")
	return nil
}

func TestDesiredCountZeroAndHealthPercents(t *testing.T) {
	app, _, _ := bonjour(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.DesiredCount = new(0)
		p.MinHealthyPercent = new(0)
		p.MaxHealthyPercent = new(100)
	})
	svc := serviceOf(t, synthesize(t, app))
	dc := svc["DeploymentConfiguration"].(map[string]any)
	if svc["DesiredCount"] != 0.0 || dc["MinimumHealthyPercent"] != 0.0 || dc["MaximumPercent"] != 100.0 {
		t.Errorf("DesiredCount %v, deployment configuration %v; want 0, 0 and 100 written", svc["DesiredCount"], dc)
	}

	app, _, _ = bonjour(nil)
	if v, ok := serviceOf(t, synthesize(t, app))["DesiredCount"]; ok {
		t.Errorf("DesiredCount = %v by default; the CDK leaves it out", v)
	}
}

func TestPatternExecuteCommandAndCapacityProviders(t *testing.T) {
	app, cluster, s := bonjour(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.EnableExecuteCommand = true
		p.CapacityProviderStrategies = []ecs.CapacityProviderStrategy{{CapacityProvider: "FARGATE_SPOT", Weight: 1}}
	})
	cluster.EnableFargateCapacityProviders()
	tpl := synthesize(t, app)
	svc := serviceOf(t, tpl)
	if svc["EnableExecuteCommand"] != true {
		t.Error("EnableExecuteCommand not written")
	}
	if _, ok := svc["LaunchType"]; ok {
		t.Error("LaunchType written with a capacity provider strategy")
	}
	if _, ok := svc["CapacityProviderStrategy"]; !ok {
		t.Error("no CapacityProviderStrategy")
	}
	// The task role holds the ECS Exec grants.
	found := false
	for _, r := range tpl["Resources"].(map[string]any) {
		m := r.(map[string]any)
		if m["Type"] == "AWS::IAM::Policy" && strings.Contains(toJSON(m), "ssmmessages:CreateControlChannel") && strings.Contains(toJSON(m), "TaskRole") {
			found = true
		}
	}
	if !found {
		t.Error("no task role policy with the SSM channels")
	}
	if s.Service.CloudMapService() != nil {
		t.Error("Cloud Map service without CloudMapOptions")
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
