package ec2_test

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/synth"
)

// TestValidationErrors checks that bad props fail synthesis with an error
// naming the construct path and the fix.
func TestValidationErrors(t *testing.T) {
	cases := []struct {
		name  string
		props ec2.VpcProps
		extra func(stack *constructs.Stack, vpc *ec2.Vpc)
		want  []string // substrings of one error, path first
	}{
		{name: "maxazs", props: ec2.VpcProps{MaxAZs: -1},
			want: []string{"Net/MyVpc: MaxAZs is -1; it must be at least 1"}},
		{name: "too many nat gateways", props: ec2.VpcProps{MaxAZs: 2, NatGateways: new(3)},
			want: []string{"Net/MyVpc: NatGateways is 3 but the VPC has only 2 Availability Zones", "lower NatGateways or raise MaxAZs"}},
		{name: "nat gateways above selected subnets", props: ec2.VpcProps{MaxAZs: 2, NatGateways: new(2),
			NatGatewaySubnets: &ec2.SubnetSelection{AvailabilityZones: []string{"nowhere"}}},
			want: []string{"Net/MyVpc: NatGateways is 2 but NatGatewaySubnets selects only 0 public subnets"}},
		{name: "negative nat gateways", props: ec2.VpcProps{NatGateways: new(-1)},
			want: []string{"Net/MyVpc: NatGateways is -1; it must be 0 or more"}},
		{name: "nat without public", props: ec2.VpcProps{SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "P", SubnetType: ec2.SubnetPrivateWithEgress}}},
			want: []string{"Net/MyVpc: NAT gateways need a public subnet group", "new(0)"}},
		{name: "mask does not fit", props: ec2.VpcProps{CIDR: "10.0.0.0/24", SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Public", SubnetType: ec2.SubnetPublic, CIDRMask: 24}}},
			want: []string{`Net/MyVpc: subnet group "Public" (CIDRMask /24) does not fit in the VPC block 10.0.0.0/24`, "use a larger block"}},
		{name: "mask out of range", props: ec2.VpcProps{SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Public", SubnetType: ec2.SubnetPublic, CIDRMask: 30}}},
			want: []string{`Net/MyVpc: SubnetConfiguration[0] ("Public"): CIDRMask /30 is not valid; subnet masks must be between /16 and /28`}},
		{name: "remaining space too small", props: ec2.VpcProps{CIDR: "10.0.0.0/26", MaxAZs: 2, NatGateways: new(0), SubnetConfiguration: []ec2.SubnetConfiguration{
			{Name: "A", SubnetType: ec2.SubnetPrivateIsolated}, {Name: "B", SubnetType: ec2.SubnetPrivateIsolated}, {Name: "C", SubnetType: ec2.SubnetPrivateIsolated}}},
			want: []string{"Net/MyVpc: the 6 subnets without CIDRMask do not fit", "x.x.x.x/29 is not a valid VPC CIDR range"}},
		{name: "duplicate names", props: ec2.VpcProps{SubnetConfiguration: []ec2.SubnetConfiguration{
			{Name: "Public", SubnetType: ec2.SubnetPublic}, {Name: "Public", SubnetType: ec2.SubnetPrivateIsolated}}},
			want: []string{`Net/MyVpc: SubnetConfiguration[1]: the subnet group name "Public" is used twice`}},
		{name: "bad cidr", props: ec2.VpcProps{CIDR: "10.0.0.0"},
			want: []string{`Net/MyVpc: VpcProps.CIDR: "10.0.0.0" is not a CIDR block: the /mask is missing`}},
		{name: "both azs and maxazs", props: ec2.VpcProps{MaxAZs: 2, AvailabilityZones: []string{"us-east-1a"}},
			want: []string{"Net/MyVpc: set either VpcProps.AvailabilityZones or VpcProps.MaxAZs, not both"}},
		{name: "no such subnet type", props: ec2.VpcProps{MaxAZs: 2}, extra: func(stack *constructs.Stack, vpc *ec2.Vpc) {
			vpc.SelectSubnets(ec2.SubnetSelection{SubnetType: ec2.SubnetPrivateIsolated})
		}, want: []string{`Net/MyVpc: SubnetSelection: there are no "Isolated" subnet groups in this VPC; available types: Private,Public`}},
		{name: "no such subnet group, for a construct", props: ec2.VpcProps{MaxAZs: 2}, extra: func(stack *constructs.Stack, vpc *ec2.Vpc) {
			vpc.SelectSubnets(ec2.SubnetSelection{SubnetGroupName: "Db"}, constructs.New(stack, "Asker"))
		}, want: []string{`Net/Asker: SubnetSelection: there are no subnet groups with name "Db" in this VPC; available names: Public,Private`}},
		{name: "peer without mask", props: ec2.VpcProps{MaxAZs: 2}, extra: func(stack *constructs.Stack, vpc *ec2.Vpc) {
			ec2.NewSecurityGroup(stack, "Sg", ec2.SecurityGroupProps{Vpc: vpc}).AddIngressRule(ec2.IPv4("10.1.2.3"), ec2.TCP(22), "")
		}, want: []string{`Net/Sg: rule peer: CIDR mask is missing in IPv4 "10.1.2.3"; did you mean "10.1.2.3/32"?`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
			stack := constructs.NewStack(app, "Net", constructs.StackProps{})
			vpc := ec2.NewVpc(stack, "MyVpc", c.props)
			if c.extra != nil {
				c.extra(stack, vpc)
			}
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatalf("synthesis succeeded; want an error containing %q", c.want)
			}
			var errs constructs.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v is a %T, want constructs.Errors", err, err)
			}
			for _, e := range errs {
				full := e.Error()
				ok := true
				for _, w := range c.want {
					ok = ok && strings.Contains(full, w)
				}
				if ok {
					return
				}
			}
			t.Errorf("errors:\n%v\nwant one containing all of %q", err, c.want)
		})
	}
}

// TestInternetConnectivityDependency checks that depending on the selected
// public subnets' InternetConnectivityEstablished gives the DependsOn the
// AWS CDK gives an internet-facing load balancer.
func TestInternetConnectivityDependency(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Net", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "MyVpc", ec2.VpcProps{MaxAZs: 2})
	sel := vpc.SelectSubnets(ec2.SubnetSelection{SubnetType: ec2.SubnetPublic})
	if !sel.HasPublic || len(sel.SubnetIDs) != 2 || len(sel.AvailabilityZones) != 2 {
		t.Fatalf("selection = %+v, want the 2 public subnets", sel)
	}
	lb := cfn.NewResource(stack, "LB", "AWS::ElasticLoadBalancingV2::LoadBalancer", map[string]any{"Subnets": sel.SubnetIDs})
	lb.Node().AddDependency(sel.InternetConnectivityEstablished)
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := asm.Stack("Net").Template.Get("Resources", "LB")
	var got []string
	if m, ok := res.(map[string]any); ok {
		switch d := m["DependsOn"].(type) {
		case []string:
			got = d
		case []any:
			for _, x := range d {
				got = append(got, x.(string))
			}
		}
	}
	want := []string{"MyVpcPublicSubnet1DefaultRoute95FDF9EB", "MyVpcPublicSubnet1RouteTableAssociation2ECEE1CB", "MyVpcPublicSubnet2DefaultRoute052936F6", "MyVpcPublicSubnet2RouteTableAssociation227DE78D"}
	if !slices.Equal(got, want) {
		t.Errorf("LB DependsOn = %q, want %q", got, want)
	}
	// The default selection is the private subnets.
	if def := vpc.SelectSubnets(ec2.SubnetSelection{}); def.HasPublic || len(def.Subnets) != 2 || def.Subnets[0] != vpc.PrivateSubnets()[0] {
		t.Errorf("default selection = %+v, want the private subnets", def)
	}
}

// TestCfnLint runs cfn-lint over every golden template in one process.
func TestCfnLint(t *testing.T) {
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("SKIP: cfn-lint is not installed (pip install cfn-lint==1.51.0); the golden templates were not linted")
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.template.json"))
	if len(files) == 0 {
		t.Fatal("no golden templates in testdata")
	}
	out, err := exec.Command(lint, append([]string{"-f", "json", "--non-zero-exit-code", "error"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("cfn-lint reports errors: %v\n%s", err, out)
	}
}

// TestDependencyGroupExpandsAtSynthesis checks that Node().AddDependency on a
// dependency group depends on its members as they are at synthesis, members
// added after the dependency included, and not on the group's owner.
func TestDependencyGroupExpandsAtSynthesis(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "Net", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "MyVpc", ec2.VpcProps{MaxAZs: 1, NatGateways: new(0), SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Public", SubnetType: ec2.SubnetPublic}}})
	a := cfn.NewResource(stack, "A", "AWS::SNS::Topic", nil)
	b := cfn.NewResource(stack, "B", "AWS::SNS::Topic", nil)
	group := vpc.PublicSubnets()[0].InternetConnectivityEstablished()
	b.Node().AddDependency(group)
	group.(*ec2.DependencyGroup).Add(a)
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := asm.Stack("Net").Template.Get("Resources", "B")
	want := "[A MyVpcPublicSubnet1DefaultRoute95FDF9EB MyVpcPublicSubnet1RouteTableAssociation2ECEE1CB]"
	if got := fmt.Sprint(res.(map[string]any)["DependsOn"]); got != want {
		t.Errorf("B DependsOn = %s, want %s", got, want)
	}
}
