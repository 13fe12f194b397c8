package ec2

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2/ec2cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// DefaultVpcCIDR is the IPv4 block of a Vpc without VpcProps.CIDR.
const DefaultVpcCIDR = "10.0.0.0/16"

// AvailabilityZoneFallbackContextKey is the context key that, as in the AWS
// CDK, names the Availability Zones of environment-agnostic stacks; without
// it they use the first two zones of the region (Fn::Select over Fn::GetAZs).
const AvailabilityZoneFallbackContextKey = "aws:cdk:availability-zones:fallback"

// dummyAZs are the zones the AWS CDK uses while the context of an explicit
// environment lacks them.
var dummyAZs = []string{"dummy1a", "dummy1b", "dummy1c"}

// AvailabilityZonesContextKey is the context key holding the Availability
// Zones of an account and region, as the AWS CDK CLI writes it in
// cdk.context.json.
func AvailabilityZonesContextKey(account, region string) string {
	return "availability-zones:account=" + account + ":region=" + region
}

// Vpc is a VPC with subnets in several Availability Zones, an internet
// gateway, NAT gateways and routes, built exactly as aws-cdk-lib's Vpc builds
// them (same construct tree, so the same logical IDs, properties, tags and
// DependsOn):
//
//   - the CIDR block (default 10.0.0.0/16) is split as the CDK's
//     NetworkBuilder does: groups with an explicit CIDRMask first, in order,
//     then the remaining space split evenly among the others;
//   - one subnet per group and zone, "<Name>Subnet<n>", each with a route
//     table and association, tagged Name (its path), aws-cdk:subnet-name and
//     aws-cdk:subnet-type;
//   - an internet gateway "IGW" and attachment "VPCGW" when any group is not
//     isolated; public subnets route 0.0.0.0/0 to it (DependsOn the
//     attachment);
//   - NAT gateways (default one per zone when there are private subnets) with
//     an EIP in the selected public subnets; private subnets route 0.0.0.0/0
//     to the gateway of their zone, else to the gateways round-robin;
//   - zones: an environment-agnostic stack uses the zones of the context key
//     AvailabilityZoneFallbackContextKey, else Fn::Select over Fn::GetAZs
//     (2 zones at most); a stack with an explicit account and region reads
//     the context key AvailabilityZonesContextKey(account, region) and, when
//     it is missing, uses dummy1a/b/c, warns naming the key and lists it in
//     the cloud assembly's "missing" section, as the AWS CDK does.
//
// Deliberate differences from the AWS CDK: bad props are synthesis errors
// naming the construct path instead of exceptions; NatGateways larger than
// the number of zones, or than the public subnets NatGatewaySubnets selects,
// is an error (the CDK silently creates fewer); a CIDR block whose mask is
// outside /16–/28 is an error; a subnet block that would end outside the VPC
// block once aligned is an error (the CDK writes an invalid template);
// EnableDNSHostnames with EnableDNSSupport explicitly false is an error, and
// EnableDNSHostnames true alone is not (the CDK rejects it). A missing
// Availability Zone context is reported as a warning, not as the cloud
// assembly's "missing" entry. IPv6, IPAM, VPN gateways, NAT instances,
// reserved zones and the restrict-default-security-group custom resource are
// not offered. Gateway and interface endpoints (AddGatewayEndpoint,
// AddInterfaceEndpoint, VpcProps.GatewayEndpoints) and flow logs (AddFlowLog,
// VpcProps.FlowLogs) are.
type Vpc struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::EC2::VPC.
	Resource *ec2cfn.CfnVPC
	// InternetGateway and GatewayAttachment are nil for an isolated VPC.
	InternetGateway   *ec2cfn.CfnInternetGateway
	GatewayAttachment *ec2cfn.CfnVPCGatewayAttachment

	azs                       []string
	public, private, isolated []*Subnet
	internetConnectivity      *DependencyGroup
}

// Subnet is a subnet of a Vpc, with its route table.
type Subnet struct {
	constructs.Base
	// Resource is the AWS::EC2::Subnet (construct id "Subnet").
	Resource *ec2cfn.CfnSubnet
	// RouteTable and RouteTableAssociation belong to the subnet.
	RouteTable            *ec2cfn.CfnRouteTable
	RouteTableAssociation *ec2cfn.CfnSubnetRouteTableAssociation
	// DefaultRoute is the 0.0.0.0/0 route, nil when there is none.
	DefaultRoute *ec2cfn.CfnRoute
	// EIP and NatGateway are set on public subnets that hold a NAT gateway.
	EIP        *ec2cfn.CfnEIP
	NatGateway *ec2cfn.CfnNatGateway
	// Type and GroupName are the subnet's configuration.
	Type      SubnetType
	GroupName string
	// CIDR is the subnet's IPv4 block.
	CIDR string

	az    string
	group *DependencyGroup
}

// NewVpc creates a VPC; see Vpc for what it builds.
func NewVpc(scope constructs.Construct, id string, props VpcProps) *Vpc {
	v := &Vpc{}
	v.Base = constructs.NewBase(v, scope, id)
	v.internetConnectivity = newDependencyGroup(v)
	stack := constructs.StackOf(v)

	hostnames := props.EnableDNSHostnames == nil || *props.EnableDNSHostnames
	support := props.EnableDNSSupport == nil || *props.EnableDNSSupport
	if hostnames && !support {
		v.Errorf("DNS hostnames need DNS support, but EnableDNSSupport is false; set EnableDNSSupport to true or EnableDNSHostnames to false")
	}
	if len(props.AvailabilityZones) > 0 && props.MaxAZs != 0 {
		v.Errorf("set either VpcProps.AvailabilityZones or VpcProps.MaxAZs, not both")
	}
	if props.MaxAZs < 0 {
		v.Errorf("MaxAZs is %d; it must be at least 1 (leave it 0 for the default, 3)", props.MaxAZs)
	}

	cidr := props.CIDR
	if cidr == "" {
		cidr = DefaultVpcCIDR
	}
	var builder *networkBuilder
	switch {
	case token.IsUnresolved(cidr):
		v.Errorf("VpcProps.CIDR must be a literal CIDR block, not a token: it is split into subnets at synthesis")
	default:
		block, err := parseCIDR(cidr)
		if err != nil {
			v.Errorf("VpcProps.CIDR: %v", err)
		} else if block.mask < 16 || block.mask > 28 {
			v.Errorf("VpcProps.CIDR %s: a VPC block must be between /16 and /28", cidr)
		} else {
			builder = newNetworkBuilder(block)
			cidr = block.String()
		}
	}
	tenancy := props.DefaultInstanceTenancy
	switch tenancy {
	case "":
		tenancy = TenancyDefault
	case TenancyDefault, TenancyDedicated:
	default:
		v.Errorf("DefaultInstanceTenancy %q is not valid; use ec2.TenancyDefault or ec2.TenancyDedicated", tenancy)
	}
	v.Resource = ec2cfn.NewCfnVPC(v, "Resource", ec2cfn.CfnVPCProps{
		CidrBlock:          new(cidr),
		EnableDnsHostnames: new(hostnames),
		EnableDnsSupport:   new(support),
		InstanceTenancy:    new(string(tenancy)),
	})
	name := props.VpcName
	if name == "" {
		name = v.Node().Path()
	}
	cfn.TagsOf(v).Add("Name", name)

	stackAZs := v.stackAvailabilityZones(stack)
	if len(props.AvailabilityZones) > 0 {
		var known []string
		for _, az := range stackAZs {
			if !token.IsUnresolved(az) && !slices.Contains(dummyAZs, az) {
				known = append(known, az)
			}
		}
		for _, az := range props.AvailabilityZones {
			if len(known) > 0 && !token.IsUnresolved(az) && !slices.Contains(known, az) {
				v.Errorf("Availability Zone %q is not one of the stack's zones %s; choose zones from that list", az, strings.Join(known, ", "))
			}
		}
		v.azs = slices.Clone(props.AvailabilityZones)
	} else {
		maxAZs := props.MaxAZs
		if maxAZs <= 0 {
			maxAZs = 3
		}
		v.azs = stackAZs[:min(maxAZs, len(stackAZs))]
	}

	config := props.SubnetConfiguration
	if config == nil {
		if props.NatGateways != nil && *props.NatGateways == 0 {
			config = []SubnetConfiguration{{Name: "Public", SubnetType: SubnetPublic}, {Name: "Isolated", SubnetType: SubnetPrivateIsolated}}
		} else {
			config = []SubnetConfiguration{{Name: "Public", SubnetType: SubnetPublic}, {Name: "Private", SubnetType: SubnetPrivateWithEgress}}
		}
	}
	natCount, natOK := v.natGatewayCount(props.NatGateways, config)
	if !v.checkSubnetConfiguration(config) || builder == nil {
		return v
	}
	if !v.createSubnets(builder, config) {
		return v
	}

	needsIGW := false
	for _, c := range config {
		if c.SubnetType != SubnetPrivateIsolated && !c.Reserved {
			needsIGW = true
		}
	}
	if needsIGW {
		igw := ec2cfn.NewCfnInternetGateway(v, "IGW", ec2cfn.CfnInternetGatewayProps{})
		v.InternetGateway = igw
		v.internetConnectivity.Add(igw)
		att := ec2cfn.NewCfnVPCGatewayAttachment(v, "VPCGW", ec2cfn.CfnVPCGatewayAttachmentProps{InternetGatewayId: new(igw.Ref()), VpcId: v.Resource.Ref()})
		v.GatewayAttachment = att
		for _, s := range v.public {
			route := ec2cfn.NewCfnRoute(s, "DefaultRoute", ec2cfn.CfnRouteProps{
				RouteTableId:         s.RouteTable.Ref(),
				DestinationCidrBlock: new("0.0.0.0/0"),
				GatewayId:            new(igw.Ref()),
			})
			route.Node().AddDependency(att)
			s.DefaultRoute = route
			s.group.Add(route)
		}
		if natOK && natCount > 0 {
			placement := SubnetSelection{SubnetType: SubnetPublic}
			if props.NatGatewaySubnets != nil {
				placement = *props.NatGatewaySubnets
			}
			v.createNatGateways(natCount, props.NatGateways != nil, placement)
		}
	}
	v.addFromProps(props)
	return v
}

// stackAvailabilityZones returns the zones of the stack as the AWS CDK's
// Stack.availabilityZones does.
func (v *Vpc) stackAvailabilityZones(stack *constructs.Stack) []string {
	env := stack.Env()
	if env.Account == "" || env.Region == "" || token.IsUnresolved(env.Account) || token.IsUnresolved(env.Region) {
		if l, ok := stringList(v.Node().TryGetContext(AvailabilityZoneFallbackContextKey)); ok {
			return l
		}
		return []string{cfn.Select(0, cfn.GetAZs("")), cfn.Select(1, cfn.GetAZs(""))}
	}
	key := AvailabilityZonesContextKey(env.Account, env.Region)
	val := v.Node().TryGetContext(key)
	if val == nil {
		example, _ := json.Marshal(map[string][]string{key: {env.Region + "a", env.Region + "b", env.Region + "c"}})
		constructs.AnnotationsOf(v).AddWarning(fmt.Sprintf(
			"the Availability Zones of account %s region %s are not in the context, so dummy1a, dummy1b and dummy1c are used; set the context key %q to the list of zone names, in cdk.json's \"context\" (%s) or with -c '%s=[\"%sa\",\"%sb\",\"%sc\"]'",
			env.Account, env.Region, key, example, key, env.Region, env.Region, env.Region))
		constructs.ReportMissingContext(v, constructs.MissingContext{
			Key:      key,
			Provider: "availability-zones",
			Props: map[string]any{
				"dummyValue":    slices.Clone(dummyAZs),
				"account":       env.Account,
				"region":        env.Region,
				"lookupRoleArn": "arn:${AWS::Partition}:iam::" + env.Account + ":role/cdk-hnb659fds-lookup-role-" + env.Account + "-" + env.Region,
			},
		})
		return slices.Clone(dummyAZs)
	}
	l, ok := stringList(val)
	if !ok {
		v.Errorf("context %q must be a list of Availability Zone names, got %v; fix it in cdk.json or -c", key, val)
		return slices.Clone(dummyAZs)
	}
	return l
}

func stringList(x any) ([]string, bool) {
	switch l := x.(type) {
	case []string:
		return slices.Clone(l), true
	case []any:
		out := make([]string, 0, len(l))
		for _, e := range l {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case string:
		// -c key=["a","b"] may arrive as a JSON string.
		var out []string
		if json.Unmarshal([]byte(l), &out) == nil {
			return out, true
		}
	}
	return nil, false
}

// natGatewayCount is the AWS CDK's determineNatGatewayCount, with an error
// instead of a silent cap when more gateways than zones are asked for.
func (v *Vpc) natGatewayCount(requested *int, config []SubnetConfiguration) (int, bool) {
	hasPrivate, hasPublic := false, false
	for _, c := range config {
		if c.Reserved {
			continue
		}
		switch c.SubnetType {
		case SubnetPrivateWithEgress:
			hasPrivate = true
		case SubnetPublic:
			hasPublic = true
		}
	}
	count := 0
	if requested != nil {
		if *requested < 0 {
			v.Errorf("NatGateways is %d; it must be 0 or more", *requested)
			return 0, false
		}
		if *requested > len(v.azs) {
			v.Errorf("NatGateways is %d but the VPC has only %d Availability Zones (at most one NAT gateway per zone); lower NatGateways or raise MaxAZs", *requested, len(v.azs))
			return 0, false
		}
		count = *requested
	} else if hasPrivate {
		count = len(v.azs)
	}
	if count > 0 && !hasPublic {
		v.Errorf("NAT gateways need a public subnet group to live in, and SubnetConfiguration has none; add a group of type SubnetPublic or set NatGateways to new(0)")
		return 0, false
	}
	return count, true
}

func (v *Vpc) checkSubnetConfiguration(config []SubnetConfiguration) bool {
	ok := true
	seen := map[string]bool{}
	for i, c := range config {
		switch {
		case c.Name == "":
			v.Errorf("SubnetConfiguration[%d] has no Name; give every subnet group a unique name", i)
			ok = false
		case seen[c.Name]:
			v.Errorf("SubnetConfiguration[%d]: the subnet group name %q is used twice; subnet group names must be unique in a VPC", i, c.Name)
			ok = false
		case strings.Contains(c.Name, "/"):
			v.Errorf("SubnetConfiguration[%d]: the subnet group name %q must not contain '/'", i, c.Name)
			ok = false
		}
		seen[c.Name] = true
		switch c.SubnetType {
		case SubnetPublic, SubnetPrivateWithEgress, SubnetPrivateIsolated:
		default:
			v.Errorf("SubnetConfiguration[%d] (%q): unknown SubnetType %q; use SubnetPublic, SubnetPrivateWithEgress or SubnetPrivateIsolated", i, c.Name, c.SubnetType)
			ok = false
		}
		if c.SubnetType != SubnetPublic && c.MapPublicIPOnLaunch != nil {
			v.Errorf("SubnetConfiguration[%d] (%q): %s subnet cannot include MapPublicIPOnLaunch; leave it unset", i, c.Name, c.SubnetType)
			ok = false
		}
		if c.CIDRMask != 0 && (c.CIDRMask < 16 || c.CIDRMask > 28) {
			v.Errorf("SubnetConfiguration[%d] (%q): CIDRMask /%d is not valid; subnet masks must be between /16 and /28", i, c.Name, c.CIDRMask)
			ok = false
		}
	}
	return ok
}

type requestedSubnet struct {
	az     string
	azIdx  int
	id     string
	config SubnetConfiguration
}

// createSubnets allocates the blocks as the AWS CDK's Cidr.allocateSubnetsCidr
// and creates the subnets.
func (v *Vpc) createSubnets(b *networkBuilder, config []SubnetConfiguration) bool {
	var reqs []requestedSubnet
	for _, c := range config {
		for i, az := range v.azs {
			reqs = append(reqs, requestedSubnet{az: az, azIdx: i, id: c.Name + "Subnet" + strconv.Itoa(i+1), config: c})
		}
	}
	cidrs := make([]string, len(reqs))
	var rest []int
	for i, r := range reqs {
		if r.config.CIDRMask == 0 {
			rest = append(rest, i)
			continue
		}
		c, err := b.addSubnet(r.config.CIDRMask)
		if err != nil {
			v.Errorf("subnet group %q (CIDRMask /%d) does not fit in the VPC block %s: %v; use a larger block (CIDR) or smaller subnets", r.config.Name, r.config.CIDRMask, b.network, err)
			return false
		}
		cidrs[i] = c
	}
	if len(rest) > 0 {
		mask := b.maskForRemainingSubnets(len(rest))
		for _, i := range rest {
			c, err := b.addSubnet(mask)
			if err != nil {
				v.Errorf("the %d subnets without CIDRMask do not fit in what is left of the VPC block %s: %v; set CIDRMask on the groups, use fewer zones or a larger block", len(rest), b.network, err)
				return false
			}
			cidrs[i] = c
		}
	}
	for i, r := range reqs {
		if r.config.Reserved {
			continue
		}
		s := &Subnet{Type: r.config.SubnetType, GroupName: r.config.Name, CIDR: cidrs[i], az: r.az}
		s.Base = constructs.NewBase(s, v, r.id)
		s.group = newDependencyGroup(s)
		cfn.TagsOf(s).Add("Name", s.Node().Path())
		mapPublic := false
		if r.config.SubnetType == SubnetPublic {
			mapPublic = r.config.MapPublicIPOnLaunch == nil || *r.config.MapPublicIPOnLaunch
		}
		s.Resource = ec2cfn.NewCfnSubnet(s, "Subnet", ec2cfn.CfnSubnetProps{
			VpcId:               v.Resource.Ref(),
			CidrBlock:           new(cidrs[i]),
			AvailabilityZone:    new(r.az),
			MapPublicIpOnLaunch: new(mapPublic),
		})
		s.RouteTable = ec2cfn.NewCfnRouteTable(s, "RouteTable", ec2cfn.CfnRouteTableProps{VpcId: v.Resource.Ref()})
		s.RouteTableAssociation = ec2cfn.NewCfnSubnetRouteTableAssociation(s, "RouteTableAssociation", ec2cfn.CfnSubnetRouteTableAssociationProps{
			SubnetId:     s.Resource.Ref(),
			RouteTableId: s.RouteTable.Ref(),
		})
		s.group.Add(s.RouteTableAssociation)
		switch r.config.SubnetType {
		case SubnetPublic:
			v.public = append(v.public, s)
		case SubnetPrivateWithEgress:
			v.private = append(v.private, s)
		case SubnetPrivateIsolated:
			v.isolated = append(v.isolated, s)
		}
		only := cfn.TagProps{IncludeResourceTypes: []string{ec2cfn.CfnSubnetType}}
		cfn.TagsOf(s).Add("aws-cdk:subnet-name", r.config.Name, only)
		cfn.TagsOf(s).Add("aws-cdk:subnet-type", string(r.config.SubnetType), only)
	}
	return true
}

// createNatGateways is the AWS CDK's NatGatewayProvider.configureNat.
func (v *Vpc) createNatGateways(count int, explicit bool, placement SubnetSelection) {
	subnets, ok := v.selectSubnetObjects(placement, "NatGatewaySubnets", v.Errorf)
	if !ok {
		return
	}
	for _, s := range subnets {
		if sub, isOurs := s.(*Subnet); !isOurs || !slices.Contains(v.public, sub) {
			v.Errorf("NatGatewaySubnets selects %s, which is not a public subnet of this VPC; NAT gateways go in public subnets", s.Node().Path())
			return
		}
	}
	if explicit && count > len(subnets) {
		v.Errorf("NatGateways is %d but NatGatewaySubnets selects only %d public subnets; lower NatGateways or select more subnets", count, len(subnets))
		return
	}
	subnets = subnets[:min(count, len(subnets))]
	type gw struct{ az, id string }
	var gws []gw
	byAZ := map[string]string{}
	for _, x := range subnets {
		s := x.(*Subnet)
		s.EIP = ec2cfn.NewCfnEIP(s, "EIP", ec2cfn.CfnEIPProps{Domain: new("vpc")})
		s.NatGateway = ec2cfn.NewCfnNatGateway(s, "NATGateway", ec2cfn.CfnNatGatewayProps{
			SubnetId:     new(s.SubnetID()),
			AllocationId: new(s.EIP.AttrAllocationId()),
		})
		s.NatGateway.Node().AddDependency(s.group)
		gws = append(gws, gw{s.az, s.NatGateway.Ref()})
		byAZ[s.az] = s.NatGateway.Ref()
	}
	next := 0
	for _, s := range v.private {
		id, ok := byAZ[s.az]
		if !ok {
			id = gws[next%len(gws)].id
			next++
		}
		s.DefaultRoute = ec2cfn.NewCfnRoute(s, "DefaultRoute", ec2cfn.CfnRouteProps{
			RouteTableId:         s.RouteTable.Ref(),
			DestinationCidrBlock: new("0.0.0.0/0"),
			NatGatewayId:         new(id),
		})
		s.group.Add(s.DefaultRoute)
	}
}

// VpcID returns the VPC id (Ref).
func (v *Vpc) VpcID() string { return v.Resource.Ref() }

// VpcCidrBlock returns the VPC's IPv4 block (Fn::GetAtt CidrBlock), as the AWS CDK does.
func (v *Vpc) VpcCidrBlock() string { return v.Resource.GetAtt("CidrBlock").String() }

// AvailabilityZones returns the zones the VPC spans.
func (v *Vpc) AvailabilityZones() []string { return slices.Clone(v.azs) }

// PublicSubnets returns the public subnets, group by group, zone by zone.
func (v *Vpc) PublicSubnets() []ISubnet { return asISubnets(v.public) }

// PrivateSubnets returns the private-with-egress subnets.
func (v *Vpc) PrivateSubnets() []ISubnet { return asISubnets(v.private) }

// IsolatedSubnets returns the isolated subnets.
func (v *Vpc) IsolatedSubnets() []ISubnet { return asISubnets(v.isolated) }

// InternetConnectivityEstablished groups the internet gateway, as the AWS
// CDK's Vpc.internetConnectivityEstablished; see DependencyGroup.
func (v *Vpc) InternetConnectivityEstablished() constructs.Construct { return v.internetConnectivity }

func asISubnets(l []*Subnet) []ISubnet {
	out := make([]ISubnet, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// SelectSubnets returns the subnets of a selection, as the AWS CDK's
// selectSubnets. A selection that matches nothing is a synthesis error of
// the construct that asks, given as by (an L2 passes itself:
// vpc.SelectSubnets(sel, service)), or of the Vpc when by is left out.
func (v *Vpc) SelectSubnets(sel SubnetSelection, by ...constructs.Construct) SelectedSubnets {
	report := v.Errorf
	if len(by) > 0 && by[0] != nil {
		report = errorfOn(by[0])
	}
	subnets, _ := v.selectSubnetObjects(sel, "SubnetSelection", report)
	out := SelectedSubnets{Subnets: subnets}
	group := newDependencyGroup(v)
	for _, s := range subnets {
		out.SubnetIDs = append(out.SubnetIDs, s.SubnetID())
		out.AvailabilityZones = append(out.AvailabilityZones, s.AvailabilityZone())
		group.Add(s.InternetConnectivityEstablished())
		if x, ok := s.(*Subnet); ok && slices.Contains(v.public, x) {
			out.HasPublic = true
		}
	}
	out.InternetConnectivityEstablished = group
	return out
}

var subnetSuffixRe = regexp.MustCompile(`Subnet\d+$`)

// errorfOn returns how to record a problem on c: its Errorf when it embeds
// constructs.Problems, else an error annotation; synthesis reports either
// with c's path.
func errorfOn(c constructs.Construct) func(format string, args ...any) {
	if p, ok := c.(interface{ Errorf(string, ...any) }); ok {
		return p.Errorf
	}
	return func(format string, args ...any) {
		constructs.AnnotationsOf(c).AddError(fmt.Sprintf(format, args...))
	}
}

func (v *Vpc) selectSubnetObjects(sel SubnetSelection, what string, errorf func(format string, args ...any)) ([]ISubnet, bool) {
	n := 0
	if sel.Subnets != nil {
		n++
	}
	if sel.SubnetType != "" {
		n++
	}
	if sel.SubnetGroupName != "" {
		n++
	}
	if n > 1 {
		errorf("%s: set only one of Subnets, SubnetType and SubnetGroupName", what)
		return nil, false
	}
	if sel.Subnets != nil {
		return slices.Clone(sel.Subnets), true
	}
	var subnets []ISubnet
	if sel.SubnetGroupName != "" {
		var names []string
		for _, s := range slices.Concat(v.public, v.private, v.isolated) {
			g := subnetSuffixRe.ReplaceAllString(s.Node().ID(), "")
			if !slices.Contains(names, g) {
				names = append(names, g)
			}
			if g == sel.SubnetGroupName {
				subnets = append(subnets, s)
			}
		}
		if len(subnets) == 0 {
			errorf("%s: there are no subnet groups with name %q in this VPC; available names: %s", what, sel.SubnetGroupName, strings.Join(names, ","))
			return nil, false
		}
	} else {
		typ := sel.SubnetType
		if typ == "" {
			switch {
			case len(v.private) > 0:
				typ = SubnetPrivateWithEgress
			case len(v.isolated) > 0:
				typ = SubnetPrivateIsolated
			default:
				typ = SubnetPublic
			}
		}
		byType := map[SubnetType][]*Subnet{SubnetPublic: v.public, SubnetPrivateWithEgress: v.private, SubnetPrivateIsolated: v.isolated}
		subnets = asISubnets(byType[typ])
		if len(subnets) == 0 {
			var avail []string
			for _, t := range []SubnetType{SubnetPrivateIsolated, SubnetPrivateWithEgress, SubnetPublic} {
				if len(byType[t]) > 0 {
					avail = append(avail, string(t))
				}
			}
			errorf("%s: there are no %q subnet groups in this VPC; available types: %s", what, typ, strings.Join(avail, ","))
			return nil, false
		}
	}
	if sel.AvailabilityZones != nil {
		var kept []ISubnet
		for _, s := range subnets {
			if slices.Contains(sel.AvailabilityZones, s.AvailabilityZone()) {
				kept = append(kept, s)
			}
		}
		subnets = kept
	}
	if sel.OnePerAZ {
		seen := map[string]bool{}
		var kept []ISubnet
		for _, s := range subnets {
			if !seen[s.AvailabilityZone()] {
				seen[s.AvailabilityZone()] = true
				kept = append(kept, s)
			}
		}
		subnets = kept
	}
	return subnets, true
}

// SubnetID returns the subnet id (Ref).
func (s *Subnet) SubnetID() string { return s.Resource.Ref() }

// AvailabilityZone returns the subnet's zone.
func (s *Subnet) AvailabilityZone() string { return s.az }

// RouteTableID returns the id of the subnet's route table.
func (s *Subnet) RouteTableID() string { return s.RouteTable.Ref() }

// InternetConnectivityEstablished groups the route table association and the
// default route; see DependencyGroup.
func (s *Subnet) InternetConnectivityEstablished() constructs.Construct { return s.group }
