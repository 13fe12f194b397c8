package elasticloadbalancingv2_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ec2/ec2cfn"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/elasticloadbalancingv2/elasticloadbalancingv2cfn"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

// rulesApp builds the Rules stack: listener rules with every condition,
// forwards, weighted forwards, fixed responses and redirects. Parity: its
// template equals the one aws-cdk-lib 2.276.0 writes for the same program
// (checked with tplcmp.py; parity/oracle/net.js has similar cases).
func rulesApp() *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Rules", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
	l := lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80,
		DefaultAction: elbv2.FixedResponseAction(404, elbv2.FixedResponseOptions{ContentType: elbv2.ContentTypeTextPlain})})
	api := l.AddTargets("Api", elbv2.AddApplicationTargetsProps{
		Port: 8080, Priority: 10,
		Conditions: []elbv2.ListenerCondition{elbv2.HostHeadersCondition("api.example.com"), elbv2.PathPatternsCondition("/api/*")},
		Targets:    []elbv2.IApplicationLoadBalancerTarget{elbv2.NewIPTarget("10.0.1.10", 8080)},
	})
	web := elbv2.NewApplicationTargetGroup(stack, "Web", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	l.AddAction("Admin", elbv2.AddApplicationActionProps{Priority: 20,
		Conditions: []elbv2.ListenerCondition{
			elbv2.HTTPHeaderCondition("X-Admin", "yes"),
			elbv2.HTTPRequestMethodsCondition("GET"),
			elbv2.QueryStringsCondition(elbv2.QueryStringCondition{Key: "mode", Value: "admin"}),
			elbv2.SourceIPsCondition("10.0.0.0/8"),
		},
		Action: elbv2.WeightedForwardAction([]elbv2.WeightedTargetGroup{{TargetGroup: api, Weight: new(80)}, {TargetGroup: web, Weight: new(20)}},
			elbv2.ForwardOptions{StickinessDuration: time.Minute}),
	})
	l.AddTargetGroups("Static", elbv2.AddApplicationTargetGroupsProps{Priority: 30,
		Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/static/*")}, TargetGroups: []elbv2.IApplicationTargetGroup{web}})
	l.AddAction("Old", elbv2.AddApplicationActionProps{Priority: 40,
		Conditions: []elbv2.ListenerCondition{elbv2.HostHeadersCondition("old.example.com")},
		Action:     elbv2.RedirectAction(elbv2.RedirectOptions{Host: "new.example.com", Protocol: elbv2.ProtocolHTTPS, Permanent: true})})
	return app
}

func TestRulesGolden(t *testing.T) {
	snapshots.CheckDir(t, "testdata/rules", rulesApp)
}

func resources(t *testing.T, app *constructs.App, stack string) map[string]map[string]any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	var tpl struct{ Resources map[string]map[string]any }
	if err := json.Unmarshal(asm.Stack(stack).Template.JSON(), &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl.Resources
}

// TestRuleLogicalIDs checks the AWS CDK's ids: "<listener><id>Rule…" for
// AddAction, AddTargetGroups and AddTargets, and "<id>Group…" for the group.
func TestRuleLogicalIDs(t *testing.T) {
	res := resources(t, rulesApp(), "Rules")
	var rules, groups []string
	for id, r := range res {
		switch r["Type"] {
		case elasticloadbalancingv2cfn.CfnListenerRuleType:
			rules = append(rules, id)
		case elasticloadbalancingv2cfn.CfnTargetGroupType:
			groups = append(groups, id)
		}
	}
	slices.Sort(rules)
	slices.Sort(groups)
	for _, want := range []string{"LBListenerAdminRule", "LBListenerApiRule", "LBListenerOldRule", "LBListenerStaticRule"} {
		if !slices.ContainsFunc(rules, func(id string) bool { return strings.HasPrefix(id, want) && len(id) == len(want)+8 }) {
			t.Errorf("no rule %s<hash> in %v", want, rules)
		}
	}
	if !slices.ContainsFunc(groups, func(id string) bool { return strings.HasPrefix(id, "LBListenerApiGroup") }) {
		t.Errorf("no group LBListenerApiGroup<hash> in %v", groups)
	}
}

// TestForwardShapes checks ForwardAction's two shapes: one group is a
// TargetGroupArn; several groups, or stickiness, a ForwardConfig with weight 1.
func TestForwardShapes(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2})
	lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
	a := elbv2.NewApplicationTargetGroup(s, "A", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80})
	b := elbv2.NewApplicationTargetGroup(s, "B", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80})
	lb.AddListener("One", elbv2.ApplicationListenerProps{Port: 80, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{a}})
	lb.AddListener("Two", elbv2.ApplicationListenerProps{Port: 8080, DefaultTargetGroups: []elbv2.IApplicationTargetGroup{a, b}})
	res := resources(t, app, "S")
	actions := func(prefix string) string {
		for id, r := range res {
			if strings.HasPrefix(id, prefix) && r["Type"] == elasticloadbalancingv2cfn.CfnListenerType {
				out, _ := json.Marshal(r["Properties"].(map[string]any)["DefaultActions"])
				return string(out)
			}
		}
		t.Fatalf("no listener %s", prefix)
		return ""
	}
	if got := actions("LBOne"); !strings.Contains(got, `"TargetGroupArn"`) || strings.Contains(got, "ForwardConfig") {
		t.Errorf("one group: %s", got)
	}
	if got := actions("LBTwo"); !strings.Contains(got, `"ForwardConfig"`) || strings.Count(got, `"Weight":1`) != 2 {
		t.Errorf("two groups: %s", got)
	}
}

// TestRuleTargetDependsOnRule: a target group in a rule counts the rule as
// its associating construct, as in the AWS CDK.
func TestRuleTargetDependsOnRule(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2})
	lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
	l := lb.AddListener("L", elbv2.ApplicationListenerProps{Port: 80, DefaultAction: elbv2.FixedResponseAction(404, elbv2.FixedResponseOptions{})})
	g := l.AddTargets("T", elbv2.AddApplicationTargetsProps{Port: 80, Priority: 1, Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/x")}})
	roots := g.LoadBalancerAttached().(interface {
		DependencyRoots() []constructs.Construct
	}).DependencyRoots()
	if len(roots) != 1 || roots[0].Node().Path() != "S/LB/L/TRule" {
		var paths []string
		for _, r := range roots {
			paths = append(paths, r.Node().Path())
		}
		t.Errorf("LoadBalancerAttached = %v, want [S/LB/L/TRule]", paths)
	}
}

func TestRuleBadProps(t *testing.T) {
	cond := []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/x")}
	fixed := func() *elbv2.ListenerAction { return elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{}) }
	tests := []struct {
		name  string
		build func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener)
		want  []string
	}{
		{"priority without conditions", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 3, Action: fixed()})
		}, []string{"S/LB/L/ARule", "a listener rule needs at least one condition (a Priority goes with Conditions)"}},
		{"conditions without priority", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			tg := elbv2.NewApplicationTargetGroup(s, "G", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80})
			l.AddTargetGroups("B", elbv2.AddApplicationTargetGroupsProps{Conditions: cond, TargetGroups: []elbv2.IApplicationTargetGroup{tg}})
		}, []string{"S/LB/L", `"B": Conditions need a Priority (1 to 50000) to make a rule`}},
		{"priority too high", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 50001, Conditions: cond, Action: fixed()})
		}, []string{"S/LB/L/ARule", "Priority 50001 must be from 1 to 50000"}},
		{"negative priority", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			elbv2.NewApplicationListenerRule(s, "R", elbv2.ApplicationListenerRuleProps{Listener: l, Priority: -1, Conditions: cond, Action: fixed()})
		}, []string{"S/R", "Priority -1 must be from 1 to 50000"}},
		{"duplicate priority", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 7, Conditions: cond, Action: fixed()})
			elbv2.NewApplicationListenerRule(s, "R", elbv2.ApplicationListenerRuleProps{Listener: l, Priority: 7, Conditions: cond, Action: fixed()})
		}, []string{"S/LB/L", "rules S/LB/L/ARule, S/R have the same priority 7"}},
		{"no condition", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			elbv2.NewApplicationListenerRule(s, "R", elbv2.ApplicationListenerRuleProps{Listener: l, Priority: 1, Action: fixed()})
		}, []string{"S/R", "needs at least one condition"}},
		{"no action", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			elbv2.NewApplicationListenerRule(s, "R", elbv2.ApplicationListenerRuleProps{Listener: l, Priority: 1, Conditions: cond})
		}, []string{"S/R", "has no action"}},
		{"action and target groups", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			tg := elbv2.NewApplicationTargetGroup(s, "G", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80})
			elbv2.NewApplicationListenerRule(s, "R", elbv2.ApplicationListenerRuleProps{Listener: l, Priority: 1, Conditions: cond,
				Action: fixed(), TargetGroups: []elbv2.IApplicationTargetGroup{tg}})
		}, []string{"S/R", "Action and TargetGroups are both set"}},
		{"no listener", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			elbv2.NewApplicationListenerRule(s, "R", elbv2.ApplicationListenerRuleProps{Priority: 1, Conditions: cond, Action: fixed()})
		}, []string{"S/R", "Listener is required"}},
		{"typed nil listener and group", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			var none *elbv2.ApplicationListener
			var group *elbv2.ApplicationTargetGroup
			elbv2.NewApplicationListenerRule(s, "R", elbv2.ApplicationListenerRuleProps{Listener: none, Priority: 1, Conditions: cond,
				Action: elbv2.ForwardAction([]elbv2.IApplicationTargetGroup{group})})
		}, []string{"S/R", "Listener is required", "ForwardAction: target group 0 is nil"}},
		{"six path patterns", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Action: fixed(),
				Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/1", "/2", "/3", "/4", "/5", "/6")}})
		}, []string{"S/LB/L/ARule", "6 patterns; a rule can have at most 5"}},
		{"empty condition", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Action: fixed(), Conditions: []elbv2.ListenerCondition{elbv2.HostHeadersCondition()}})
		}, []string{"S/LB/L/ARule", "HostHeadersCondition needs at least one value"}},
		{"no action in AddAction", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Conditions: cond})
		}, []string{"S/LB/L", `AddAction("A"): Action is required`}},
		{"weight out of range", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			tg := elbv2.NewApplicationTargetGroup(s, "G", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80})
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Conditions: cond,
				Action: elbv2.WeightedForwardAction([]elbv2.WeightedTargetGroup{{TargetGroup: tg, Weight: new(1000)}})})
		}, []string{"S/LB/L/ARule", "weight 1000 of group 0 must be from 0 to 999"}},
		{"empty weighted forward", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Conditions: cond, Action: elbv2.WeightedForwardAction(nil)})
		}, []string{"S/LB/L/ARule", "WeightedForwardAction needs at least one target group"}},
		{"stickiness too long", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			tg := elbv2.NewApplicationTargetGroup(s, "G", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80})
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Conditions: cond,
				Action: elbv2.ForwardAction([]elbv2.IApplicationTargetGroup{tg}, elbv2.ForwardOptions{StickinessDuration: 8 * 24 * time.Hour})})
		}, []string{"S/LB/L/ARule", "StickinessDuration 192h0m0s must be from 1s to 7 days"}},
		{"redirect path without slash", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Conditions: cond, Action: elbv2.RedirectAction(elbv2.RedirectOptions{Path: "docs"})})
		}, []string{"S/LB/L/ARule", `RedirectOptions.Path "docs" must start with '/'`}},
		{"redirect protocol", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Conditions: cond, Action: elbv2.RedirectAction(elbv2.RedirectOptions{Protocol: "FTP"})})
		}, []string{"S/LB/L/ARule", `RedirectOptions.Protocol "FTP" must be ProtocolHTTP, ProtocolHTTPS or RedirectKeepProtocol`}},
		{"redirect port", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Conditions: cond, Action: elbv2.RedirectAction(elbv2.RedirectOptions{Port: "70000"})})
		}, []string{"S/LB/L/ARule", `RedirectOptions.Port "70000" must be a port from 1 to 65535 or #{port}`}},
		{"listener port", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.LoadBalancer.AddListener("P", elbv2.ApplicationListenerProps{Port: 70000, Protocol: elbv2.ProtocolHTTP, DefaultAction: fixed()})
		}, []string{"S/LB/P", "the listener's Port 70000 must be from 1 to 65535"}},
		{"target group port", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			elbv2.NewApplicationTargetGroup(s, "G", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: -8, Protocol: elbv2.ProtocolHTTP})
		}, []string{"S/G", "the target group's Port -8 must be from 1 to 65535"}},
		{"health check path", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			elbv2.NewApplicationTargetGroup(s, "G", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, HealthCheck: &elbv2.HealthCheck{Path: "health"}})
		}, []string{"S/G", `health check path "health" must start with '/'`}},
		{"content type", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.AddAction("A", elbv2.AddApplicationActionProps{Priority: 1, Conditions: cond, Action: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{ContentType: "image/png"})})
		}, []string{"S/LB/L/ARule", `ContentType "image/png" must be text/plain`}},
		{"keep-protocol is no listener protocol", func(s *constructs.Stack, vpc *ec2.Vpc, l *elbv2.ApplicationListener) {
			l.LoadBalancer.AddListener("K", elbv2.ApplicationListenerProps{Protocol: elbv2.RedirectKeepProtocol, DefaultAction: fixed()})
		}, []string{"S/LB/K", `unrecognized protocol "#{protocol}" for the listener`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
			s := constructs.NewStack(app, "S", constructs.StackProps{})
			vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2})
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
			l := lb.AddListener("L", elbv2.ApplicationListenerProps{Port: 80, DefaultAction: fixed()})
			tt.build(s, vpc, l)
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded; want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestFeatureFlags: the post-quantum TLS policy and the IPv6 rules of a
// dual-stack-without-public-IPv4 load balancer follow the AWS CDK's flags.
func TestFeatureFlags(t *testing.T) {
	for _, on := range []bool{false, true} {
		ctx := map[string]any{}
		if on {
			ctx["@aws-cdk/aws-elasticloadbalancingv2:usePostQuantumTlsPolicy"] = true
			ctx["@aws-cdk/aws-elasticloadbalancingV2:albDualstackWithoutPublicIpv4SecurityGroupRulesDefault"] = "true"
		}
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: ctx})
		s := constructs.NewStack(app, "S", constructs.StackProps{})
		vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2})
		lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true, IPAddressType: elbv2.DualStackWithoutPublicIPv4})
		lb.AddListener("Https", elbv2.ApplicationListenerProps{Port: 443, CertificateARNs: []string{"arn:aws:acm:us-east-1:1:certificate/x"},
			DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{})})
		lb.AddListener("Pinned", elbv2.ApplicationListenerProps{Port: 8443, Protocol: elbv2.ProtocolHTTPS, SSLPolicy: elbv2.SSLPolicyTLS12,
			CertificateARNs: []string{"arn:aws:acm:us-east-1:1:certificate/x"}, DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{})})
		res := resources(t, app, "S")
		var policies []string
		ipv6 := false
		for _, r := range res {
			p, _ := r["Properties"].(map[string]any)
			switch r["Type"] {
			case elasticloadbalancingv2cfn.CfnListenerType:
				pol, _ := p["SslPolicy"].(string)
				policies = append(policies, pol)
			case ec2cfn.CfnSecurityGroupType:
				out, _ := json.Marshal(p["SecurityGroupIngress"])
				ipv6 = ipv6 || strings.Contains(string(out), "::/0")
			}
		}
		slices.Sort(policies)
		want := []string{"", string(elbv2.SSLPolicyTLS12)}
		if on {
			want = []string{string(elbv2.SSLPolicyTLS12), string(elbv2.SSLPolicyTLS13Min12PQ)}
		}
		if !slices.Equal(policies, want) || ipv6 != on {
			t.Errorf("flags %v: SSL policies %q (want %q), IPv6 rule %v", on, policies, want, ipv6)
		}
	}
}
