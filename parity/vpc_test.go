package parity

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
)

// Vpc alone and security groups (oracle/vpc.js): a stack "Net" holding a
// Vpc "MyVpc" and more. These are the programs of constructs/ec2's golden
// tests, which TestVpcGoldens ties to them.

func net(env constructs.Environment, props ec2.VpcProps, extra func(stack *constructs.Stack, vpc *ec2.Vpc)) func(*constructs.App) {
	return func(app *constructs.App) {
		stack := constructs.NewStack(app, "Net", constructs.StackProps{Env: env})
		vpc := ec2.NewVpc(stack, "MyVpc", props)
		if extra != nil {
			extra(stack, vpc)
		}
	}
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

func init() {
	register(
		Case{Name: "vpc-default", Build: net(agnostic, ec2.VpcProps{}, nil)},
		Case{Name: "vpc-maxazs2", Build: net(agnostic, ec2.VpcProps{MaxAZs: 2}, nil)},
		Case{Name: "vpc-region", Context: threeAZs, Build: net(regional, ec2.VpcProps{}, nil)},
		Case{Name: "vpc-region-nocontext", Build: net(regional, ec2.VpcProps{}, nil)},
		Case{Name: "vpc-region-nat1", Context: threeAZs, Build: net(regional, ec2.VpcProps{NatGateways: new(1)}, nil)},
		Case{Name: "vpc-nat1", Build: net(agnostic, ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)}, nil)},
		Case{Name: "vpc-isolated-masks", Build: net(agnostic, ec2.VpcProps{CIDR: "10.20.0.0/16", MaxAZs: 2, SubnetConfiguration: []ec2.SubnetConfiguration{
			{Name: "Ingress", SubnetType: ec2.SubnetPublic, CIDRMask: 24},
			{Name: "App", SubnetType: ec2.SubnetPrivateWithEgress},
			{Name: "Db", SubnetType: ec2.SubnetPrivateIsolated, CIDRMask: 28},
			{Name: "Spare", SubnetType: ec2.SubnetPrivateIsolated, CIDRMask: 26, Reserved: true},
		}}, nil)},
		Case{Name: "vpc-nat0", Build: net(agnostic, ec2.VpcProps{MaxAZs: 2, NatGateways: new(0)}, nil)},
		Case{Name: "vpc-nat0-isolated", Build: net(agnostic, ec2.VpcProps{NatGateways: new(0), SubnetConfiguration: []ec2.SubnetConfiguration{
			{Name: "Data", SubnetType: ec2.SubnetPrivateIsolated},
		}}, nil)},
		Case{Name: "vpc-natsubnets", Build: net(agnostic, ec2.VpcProps{MaxAZs: 2, NatGateways: new(1), NatGatewaySubnets: &ec2.SubnetSelection{SubnetGroupName: "Edge"}, VpcName: "named",
			SubnetConfiguration: []ec2.SubnetConfiguration{
				{Name: "Web", SubnetType: ec2.SubnetPublic, MapPublicIPOnLaunch: new(false)},
				{Name: "Edge", SubnetType: ec2.SubnetPublic, CIDRMask: 27},
				{Name: "Private", SubnetType: ec2.SubnetPrivateWithEgress, CIDRMask: 20},
			}}, nil)},
		Case{Name: "vpc-sg", Build: net(agnostic, ec2.VpcProps{MaxAZs: 2, NatGateways: new(0)}, securityGroups)},
	)
}

// TestVpcGoldens ties the vpc cases to constructs/ec2's golden templates:
// each case writes constructs/ec2/testdata/<name>.template.json byte for
// byte, so the goldens that `make test` checks are the ones compared with
// the AWS CDK here.
func TestVpcGoldens(t *testing.T) {
	for name, c := range cases {
		golden, ok := strings.CutPrefix(name, "vpc-")
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			got := c.synthesize(t)["Net.template.json"]
			want, err := os.ReadFile("../constructs/ec2/testdata/" + golden + ".template.json")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("case %s no longer writes constructs/ec2/testdata/%s.template.json: keep the two programs the same", name, golden)
			}
		})
	}
}
