package ec2_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/internal/golden"
	"github.com/forma-iac/forma/synth"
)

const (
	testAccount = "123456789012"
	testRegion  = "us-east-1"
)

// variant is one program: a stack "Net" holding a Vpc "MyVpc" and more.
type variant struct {
	name     string
	regional bool           // explicit account and region
	context  map[string]any // app context
	props    ec2.VpcProps
	extra    func(stack *constructs.Stack, vpc *ec2.Vpc)
	warnings []string // substrings expected in the warnings, in order
}

var threeAZs = map[string]any{ec2.AvailabilityZonesContextKey(testAccount, testRegion): []any{"us-east-1a", "us-east-1b", "us-east-1c"}}

var variants = []variant{
	{name: "default"},
	{name: "maxazs2", props: ec2.VpcProps{MaxAZs: 2}},
	{name: "region", regional: true, context: threeAZs},
	{name: "region-nocontext", regional: true, warnings: []string{`Net/MyVpc: the Availability Zones of account 123456789012 region us-east-1 are not in the context, so dummy1a, dummy1b and dummy1c are used; set the context key "availability-zones:account=123456789012:region=us-east-1"`}},
	{name: "region-nat1", regional: true, context: threeAZs, props: ec2.VpcProps{NatGateways: new(1)}},
	{name: "nat1", props: ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)}},
	{name: "isolated-masks", props: ec2.VpcProps{CIDR: "10.20.0.0/16", MaxAZs: 2, SubnetConfiguration: []ec2.SubnetConfiguration{
		{Name: "Ingress", SubnetType: ec2.SubnetPublic, CIDRMask: 24},
		{Name: "App", SubnetType: ec2.SubnetPrivateWithEgress},
		{Name: "Db", SubnetType: ec2.SubnetPrivateIsolated, CIDRMask: 28},
		{Name: "Spare", SubnetType: ec2.SubnetPrivateIsolated, CIDRMask: 26, Reserved: true},
	}}},
	{name: "nat0", props: ec2.VpcProps{MaxAZs: 2, NatGateways: new(0)}},
	{name: "nat0-isolated", props: ec2.VpcProps{NatGateways: new(0), SubnetConfiguration: []ec2.SubnetConfiguration{
		{Name: "Data", SubnetType: ec2.SubnetPrivateIsolated},
	}}},
	{name: "natsubnets", props: ec2.VpcProps{MaxAZs: 2, NatGateways: new(1), NatGatewaySubnets: &ec2.SubnetSelection{SubnetGroupName: "Edge"}, VpcName: "named",
		SubnetConfiguration: []ec2.SubnetConfiguration{
			{Name: "Web", SubnetType: ec2.SubnetPublic, MapPublicIPOnLaunch: new(false)},
			{Name: "Edge", SubnetType: ec2.SubnetPublic, CIDRMask: 27},
			{Name: "Private", SubnetType: ec2.SubnetPrivateWithEgress, CIDRMask: 20},
		}}},
	{name: "sg", props: ec2.VpcProps{MaxAZs: 2, NatGateways: new(0)}, extra: securityGroups},
}

// securityGroups mirrors rule-making calls of the AWS CDK's README.
func securityGroups(stack *constructs.Stack, vpc *ec2.Vpc) {
	a := ec2.NewSecurityGroup(stack, "SgA", ec2.SecurityGroupProps{Vpc: vpc})
	b := ec2.NewSecurityGroup(stack, "SgB", ec2.SecurityGroupProps{Vpc: vpc, AllowAllOutbound: new(false)})
	c := ec2.NewSecurityGroup(stack, "SgC", ec2.SecurityGroupProps{Vpc: vpc, AllowAllOutbound: new(false), Description: "closed", SecurityGroupName: "closed-sg"})
	d := ec2.NewSecurityGroup(stack, "SgD", ec2.SecurityGroupProps{Vpc: vpc, DisableInlineRules: true})
	a.Connections().AllowFrom(ec2.IPv4("10.0.0.0/8"), ec2.TCP(443), "")
	a.Connections().AllowFrom(b, ec2.TCP(8080), "")
	b.Connections().AllowTo(a, ec2.TCP(5432), "B to A db")
	a.AddIngressRule(ec2.AnyIPv6(), ec2.TCPRange(8000, 8100), "")
	a.AddIngressRule(ec2.PrefixList("pl-12345678"), ec2.UDP(53), "dns")
	a.Connections().AllowFromAnyIPv4(ec2.AllTCP(), "")
	d.AddIngressRule(ec2.IPv4("192.168.0.0/16"), ec2.ICMPPing(), "")
	d.Connections().AllowFrom(a, ec2.AllTraffic(), "everything from A")
	b.AddEgressRule(ec2.IPv4("10.1.0.0/16"), ec2.TCP(22), "")
	port := ec2.TCP(3306)
	conns := ec2.NewConnections(ec2.ConnectionsProps{SecurityGroups: []ec2.ISecurityGroup{d}, DefaultPort: &port})
	conns.AllowDefaultPortFrom(b, "mysql")
	conns.AddSecurityGroup(c)
}

func build(v variant) (*constructs.App, *ec2.Vpc) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: v.context})
	var sp constructs.StackProps
	if v.regional {
		sp.Env = constructs.Environment{Account: testAccount, Region: testRegion}
	}
	stack := constructs.NewStack(app, "Net", sp)
	vpc := ec2.NewVpc(stack, "MyVpc", v.props)
	if v.extra != nil {
		v.extra(stack, vpc)
	}
	return app, vpc
}

// TestTemplates synthesizes each variant and compares its template with
// testdata/<variant>.template.json (rewritten with -update).
func TestTemplates(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			app, _ := build(v)
			asm, err := synth.Synthesize(app)
			if err != nil {
				t.Fatal(err)
			}
			got := asm.Stack("Net").TemplateJSON
			golden.Check(t, filepath.Join("testdata", v.name+".template.json"), got)
			var warns []string
			for _, w := range asm.Warnings {
				if !strings.Contains(w, "Ignoring Egress rule") {
					warns = append(warns, w)
				}
			}
			if len(warns) != len(v.warnings) {
				t.Fatalf("warnings = %q, want %d matching %q", warns, len(v.warnings), v.warnings)
			}
			for i, w := range v.warnings {
				if !strings.Contains(warns[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, warns[i], w)
				}
			}
		})
	}
}
