package patterns_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/patterns"
	"github.com/forma-iac/forma/synth"
)

// bonjour builds the Bonjour program's tree with edit applied to the
// pattern's props, and returns the app, the cluster and the pattern.
func bonjour(edit func(stack *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps)) (*constructs.App, *ecs.Cluster, *patterns.LoadBalancedFargateService) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Bonjour", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "MyVpc", ec2.VpcProps{MaxAZs: 2})
	cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
	p := patterns.LoadBalancedFargateServiceProps{Cluster: cluster, Image: ecs.ImageFromRegistry("amazon/amazon-ecs-sample")}
	if edit != nil {
		edit(stack, &p)
	}
	return app, cluster, patterns.NewLoadBalancedFargateService(stack, "FargateService", p)
}

func synthesize(t *testing.T, app *constructs.App) map[string]any {
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

// TestExposedFields checks that every L2 the pattern builds is exposed and
// that each is the resource the template holds, under the AWS CDK's logical id.
func TestExposedFields(t *testing.T) {
	app, cluster, s := bonjour(nil)
	if s.Cluster != ecs.ICluster(cluster) {
		t.Errorf("Cluster = %v, want the cluster given in the props", s.Cluster)
	}
	for name, v := range map[string]bool{
		"LoadBalancer": s.LoadBalancer == nil, "Listener": s.Listener == nil, "TargetGroup": s.TargetGroup == nil,
		"TaskDefinition": s.TaskDefinition == nil, "Container": s.Container == nil, "Service": s.Service == nil,
		"LoadBalancerDNS": s.LoadBalancerDNS == nil, "ServiceURL": s.ServiceURL == nil,
	} {
		if v {
			t.Fatalf("field %s is nil", name)
		}
	}
	if s.RedirectListener != nil {
		t.Errorf("RedirectListener is set without RedirectHTTP")
	}
	tpl := synthesize(t, app)
	res := tpl["Resources"].(map[string]any)
	for _, c := range []struct {
		field, id, want, typ string
	}{
		{"Cluster", cluster.Resource.LogicalID(), "ClusterEB0386A7", "AWS::ECS::Cluster"},
		{"LoadBalancer", s.LoadBalancer.Resource.LogicalID(), "FargateServiceLBB353E155", "AWS::ElasticLoadBalancingV2::LoadBalancer"},
		{"Listener", s.Listener.Resource.LogicalID(), "FargateServiceLBPublicListener4B4929CA", "AWS::ElasticLoadBalancingV2::Listener"},
		{"TargetGroup", s.TargetGroup.Resource.LogicalID(), "FargateServiceLBPublicListenerECSGroupBE57E081", "AWS::ElasticLoadBalancingV2::TargetGroup"},
		{"TaskDefinition", s.TaskDefinition.Resource.LogicalID(), "FargateServiceTaskDef940E3A80", "AWS::ECS::TaskDefinition"},
		{"Service", s.Service.Resource.LogicalID(), "FargateServiceECC8084D", "AWS::ECS::Service"},
	} {
		if c.id != c.want {
			t.Errorf("%s has logical id %s, want the AWS CDK's %s", c.field, c.id, c.want)
		}
		r, ok := res[c.id].(map[string]any)
		if !ok {
			t.Errorf("%s (%s) is not in the template", c.field, c.id)
			continue
		}
		if r["Type"] != c.typ {
			t.Errorf("%s (%s) has type %v, want %s", c.field, c.id, r["Type"], c.typ)
		}
	}
	// The service is the target group's target and runs the task definition
	// on the cluster.
	props := res[s.Service.Resource.LogicalID()].(map[string]any)["Properties"].(map[string]any)
	if d := cmp.Diff(map[string]any{"Ref": "ClusterEB0386A7"}, props["Cluster"]); d != "" {
		t.Errorf("service cluster (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]any{"Ref": "FargateServiceTaskDef940E3A80"}, props["TaskDefinition"]); d != "" {
		t.Errorf("service task definition (-want +got):\n%s", d)
	}
	lbs := props["LoadBalancers"].([]any)
	if d := cmp.Diff(map[string]any{"Ref": "FargateServiceLBPublicListenerECSGroupBE57E081"}, lbs[0].(map[string]any)["TargetGroupArn"]); d != "" {
		t.Errorf("service target group (-want +got):\n%s", d)
	}
	dns := map[string]any{"Fn::GetAtt": []any{"FargateServiceLBB353E155", "DNSName"}}
	wantOut := map[string]any{
		s.LoadBalancerDNS.LogicalID(): map[string]any{"Value": dns},
		s.ServiceURL.LogicalID():      map[string]any{"Value": map[string]any{"Fn::Join": []any{"", []any{"http://", dns}}}},
	}
	if d := cmp.Diff(wantOut, tpl["Outputs"]); d != "" {
		t.Errorf("outputs (-want +got):\n%s", d)
	}
	if s.LoadBalancerDNS.LogicalID() != "FargateServiceLoadBalancerDNS9433D5F6" || s.ServiceURL.LogicalID() != "FargateServiceServiceURL47701F45" {
		t.Errorf("outputs are %s and %s, want the AWS CDK's FargateServiceLoadBalancerDNS9433D5F6 and FargateServiceServiceURL47701F45",
			s.LoadBalancerDNS.LogicalID(), s.ServiceURL.LogicalID())
	}
}

// TestDefaultClusterAndRedirect checks the fields when the pattern builds the
// cluster itself and the redirect listener.
func TestDefaultClusterAndRedirect(t *testing.T) {
	app, _, s := bonjour(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
		p.Vpc, p.Cluster = p.Cluster.Vpc(), nil
		p.Certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
		p.RedirectHTTP = true
	})
	c, ok := s.Cluster.(*ecs.Cluster)
	if !ok {
		t.Fatalf("Cluster is %T, want the *ecs.Cluster the pattern created", s.Cluster)
	}
	if got, want := c.Node().Path(), "Bonjour/EcsDefaultClusterMnL3mNNYNMyVpc"; got != want {
		t.Errorf("default cluster at %s, want %s", got, want)
	}
	if s.RedirectListener == nil {
		t.Fatal("RedirectListener is nil with RedirectHTTP")
	}
	res := synthesize(t, app)["Resources"].(map[string]any)
	for _, id := range []string{c.Resource.LogicalID(), s.RedirectListener.Resource.LogicalID(), s.Listener.Resource.LogicalID()} {
		if _, ok := res[id]; !ok {
			t.Errorf("%s is not in the template", id)
		}
	}
	lp := res[s.Listener.Resource.LogicalID()].(map[string]any)["Properties"].(map[string]any)
	if lp["Protocol"] != "HTTPS" || lp["Port"] != 443.0 {
		t.Errorf("listener protocol %v port %v, want HTTPS 443", lp["Protocol"], lp["Port"])
	}
	rp := res[s.RedirectListener.Resource.LogicalID()].(map[string]any)["Properties"].(map[string]any)
	if rp["Protocol"] != "HTTP" || rp["Port"] != 80.0 {
		t.Errorf("redirect listener protocol %v port %v, want HTTP 80", rp["Protocol"], rp["Port"])
	}
}

// TestValidationErrors checks that bad props fail synthesis with errors that
// name the construct path and the fix.
func TestValidationErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*constructs.Stack, *patterns.LoadBalancedFargateServiceProps)
		want []string
	}{
		{"cluster and vpc", func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.Vpc = p.Cluster.Vpc()
		}, []string{"Bonjour/FargateService: Cluster and Vpc are both set", "set only one"}},
		{"certificate with HTTP", func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.Certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
			p.Protocol = elbv2.ProtocolHTTP
		}, []string{"Bonjour/FargateService: Certificate is set with Protocol HTTP", "elbv2.ProtocolHTTPS"}},
		{"HTTPS without certificate", func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.Protocol = elbv2.ProtocolHTTPS
		}, []string{"Bonjour/FargateService: the HTTPS protocol needs a certificate", "set Certificate"}},
		{"redirect without HTTPS", func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.RedirectHTTP = true
		}, []string{"Bonjour/FargateService: RedirectHTTP needs the HTTPS protocol"}},
		{"invalid memory for CPU", func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.CPU, p.MemoryMiB = 512, 512
		}, []string{"Bonjour/FargateService/TaskDef: MemoryMiB 512 is not valid with CPU 512 on Fargate", "1024, 2048, 3072, 4096"}},
		{"invalid CPU", func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.CPU = 300
		}, []string{"Bonjour/FargateService/TaskDef: CPU 300 is not a Fargate CPU value"}},
		{"negative desired count", func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) {
			p.DesiredCount = new(-1)
		}, []string{"Bonjour/FargateService: DesiredCount is -1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			app, _, _ := bonjour(c.edit)
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestMissingImage checks that a pattern without an image is a synthesis
// error naming the pattern, not a panic.
func TestMissingImage(t *testing.T) {
	app, _, _ := bonjour(func(_ *constructs.Stack, p *patterns.LoadBalancedFargateServiceProps) { p.Image = nil })
	_, err := synth.Synthesize(app)
	if want := "Bonjour/FargateService: Image is required"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}
}
