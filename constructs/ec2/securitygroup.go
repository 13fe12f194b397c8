package ec2

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2/ec2cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// SecurityGroup is an AWS::EC2::SecurityGroup with rules managed as the AWS
// CDK's SecurityGroup manages them:
//
//   - rules whose peer is a CIDR block, prefix list or security group id and
//     whose ports are literal are written inline (SecurityGroupIngress,
//     SecurityGroupEgress) unless DisableInlineRules is set;
//   - rules whose peer is another SecurityGroup become AWS::EC2::SecurityGroupIngress
//     and AWS::EC2::SecurityGroupEgress resources under the group, with
//     construct ids "from <peer unique id>:<port>" and "to <peer unique id>:<port>"
//     (the first "/" replaced by "_"), or, for a remote rule between groups of
//     different stacks, under the peer group with id "<unique id>:<port> from|to";
//   - AllowAllOutbound (default true) writes the "Allow all outbound traffic by
//     default" egress rule and ignores further IPv4 egress rules (with a
//     warning when added directly); with AllowAllOutbound false, the "Disallow
//     all traffic" rule (255.255.255.255/32, icmp 252-86) is written until an
//     egress rule is added.
//
// Differences from the AWS CDK, deliberate: an empty description means the
// default description (the CDK keeps an explicit ""); IPv6 all-outbound
// (allowAllIpv6Outbound) and the security-group context lookups are not
// offered; the context key @aws-cdk/aws-ec2.securityGroupDisableInlineRules
// is honoured as the CDK honours it. With AllowAllOutbound false, the
// "Disallow all traffic" rule goes away with the first IPv4 egress rule, as
// in the AWS CDK: removed from the inline rules, or, with DisableInlineRules,
// the separate AWS::EC2::SecurityGroupEgress removed from the tree.
type SecurityGroup struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::EC2::SecurityGroup.
	Resource *ec2cfn.CfnSecurityGroup

	conn               *Connections
	allowAllOutbound   bool
	allowAllIPv6       bool
	disableInlineRules bool
	peerTokenCount     int
}

// NewSecurityGroup creates a security group in props.Vpc.
func NewSecurityGroup(scope constructs.Construct, id string, props SecurityGroupProps) *SecurityGroup {
	props.Vpc = constructs.NormalizeNil(props.Vpc)
	sg := &SecurityGroup{}
	sg.Base = constructs.NewBase(sg, scope, id)
	desc := props.Description
	if desc == "" {
		desc = sg.Node().Path()
	}
	sg.allowAllOutbound = props.AllowAllOutbound == nil || *props.AllowAllOutbound
	sg.allowAllIPv6 = props.AllowAllIPv6Outbound
	sg.disableInlineRules = props.DisableInlineRules
	if !sg.disableInlineRules {
		sg.disableInlineRules = constructs.FeatureFlag(sg, constructs.FlagSecurityGroupDisableInlineRules)
	}
	p := ec2cfn.CfnSecurityGroupProps{GroupDescription: desc}
	if props.SecurityGroupName != "" {
		p.GroupName = new(props.SecurityGroupName)
	}
	if props.Vpc != nil {
		p.VpcId = new(props.Vpc.VpcID())
	} else {
		sg.Errorf("SecurityGroupProps.Vpc is required; pass the VPC the group belongs to")
	}
	sg.Resource = ec2cfn.NewCfnSecurityGroup(sg, "Resource", p)
	sg.conn = NewConnections(ConnectionsProps{SecurityGroups: []ISecurityGroup{sg}})
	sg.addDefaultEgressRule()
	sg.addDefaultIPv6EgressRule()
	return sg
}

// SecurityGroupID returns the group id (Fn::GetAtt GroupId).
func (sg *SecurityGroup) SecurityGroupID() string { return sg.Resource.AttrGroupId() }

// AllowAllOutbound reports whether the group allows all outbound IPv4 traffic.
func (sg *SecurityGroup) AllowAllOutbound() bool { return sg.allowAllOutbound }

// Connections returns the group's connections.
func (sg *SecurityGroup) Connections() *Connections { return sg.conn }

// CanInlineRule is false: rules naming a group are separate resources.
func (sg *SecurityGroup) CanInlineRule() bool { return false }

// UniqueID is the group's unique node id (its path as a logical ID, stack included).
func (sg *SecurityGroup) UniqueID() string { return constructs.UniqueID(sg) }

// IngressRuleConfig names the group as a rule source.
func (sg *SecurityGroup) IngressRuleConfig() map[string]any {
	return map[string]any{"SourceSecurityGroupId": sg.SecurityGroupID()}
}

// EgressRuleConfig names the group as a rule destination.
func (sg *SecurityGroup) EgressRuleConfig() map[string]any {
	return map[string]any{"DestinationSecurityGroupId": sg.SecurityGroupID()}
}

// AddIngressRule allows traffic from peer on port. An empty description
// gives "from <peer>:<port>".
func (sg *SecurityGroup) AddIngressRule(peer IPeer, port Port, description string) {
	if sg.checkPort(port) {
		sg.addIngressRule(peer, port, description, false)
	}
}

// AddEgressRule allows traffic to peer on port. An empty description gives
// the AWS CDK's default.
func (sg *SecurityGroup) AddEgressRule(peer IPeer, port Port, description string) {
	if sg.checkPort(port) {
		sg.addEgressRule(peer, port, description, false)
	}
}

func (sg *SecurityGroup) checkPort(port Port) bool {
	for _, n := range []int{port.from, port.to} {
		if port.hasRange && (port.protocol == ProtocolTCP || port.protocol == ProtocolUDP) && (n < 0 || n > 65535) && !token.IsUnresolved(n) {
			sg.Errorf("rule port: %d is not a port; use 0 to 65535", n)
			return false
		}
	}
	return true
}

func (sg *SecurityGroup) checkPeer(peer IPeer) bool {
	if constructs.IsNil(peer) {
		sg.Errorf("rule peer is nil; pass a peer such as ec2.AnyIPv4(), ec2.IPv4(\"10.0.0.0/16\") or a security group")
		return false
	}
	if c, ok := peer.(interface{ problem() string }); ok {
		if msg := c.problem(); msg != "" {
			sg.Errorf("rule peer: %s", msg)
			return false
		}
	}
	return true
}

func (sg *SecurityGroup) addIngressRule(peer IPeer, port Port, description string, remote bool) {
	if !sg.checkPeer(peer) {
		return
	}
	if !peer.CanInlineRule() || !port.CanInlineRule() || sg.disableInlineRules {
		addSeparateIngress(sg, peer, port, description, remote)
		return
	}
	if description == "" {
		description = "from " + peer.UniqueID() + ":" + port.String()
	}
	var rule ec2cfn.CfnSecurityGroup_IngressProperty
	fillRule(&rule, peer.IngressRuleConfig(), port.RuleJSON(), description)
	for _, r := range sg.Resource.Props.SecurityGroupIngress {
		if ingressEqual(r, rule) {
			return
		}
	}
	sg.Resource.Props.SecurityGroupIngress = append(sg.Resource.Props.SecurityGroupIngress, rule)
}

func (sg *SecurityGroup) addEgressRule(peer IPeer, port Port, description string, remote bool) {
	if !sg.checkPeer(peer) {
		return
	}
	_, isV6 := peer.EgressRuleConfig()["CidrIpv6"]
	if !isV6 && sg.allowAllOutbound {
		if !remote {
			constructs.AnnotationsOf(sg).AddWarning("Ignoring Egress rule since 'allowAllOutbound' is set to true; To add customized rules, set allowAllOutbound=false on the SecurityGroup [ack: @aws-cdk/aws-ec2:ipv4IgnoreEgressRule]")
		}
		return
	}
	if !isV6 {
		sg.removeNoTrafficRule()
	}
	if isV6 && sg.allowAllIPv6 {
		if !remote {
			constructs.AnnotationsOf(sg).AddWarning("Ignoring Egress rule since 'allowAllIpv6Outbound' is set to true; To add customized rules, set allowAllIpv6Outbound=false on the SecurityGroup [ack: @aws-cdk/aws-ec2:ipv6IgnoreEgressRule]")
		}
		return
	}
	if !peer.CanInlineRule() || !port.CanInlineRule() || sg.disableInlineRules {
		addSeparateEgress(sg, peer, port, description, remote)
		return
	}
	if description == "" {
		// The AWS CDK writes "from" here too.
		description = "from " + peer.UniqueID() + ":" + port.String()
	}
	var rule ec2cfn.CfnSecurityGroup_EgressProperty
	fillRule(&rule, peer.EgressRuleConfig(), port.RuleJSON(), description)
	if rule.IpProtocol == "-1" && ((rule.CidrIp != nil && *rule.CidrIp == "0.0.0.0/0") || (rule.CidrIpv6 != nil && *rule.CidrIpv6 == "::/0")) {
		sg.Errorf("cannot add an \"all traffic\" egress rule with AddEgressRule; set SecurityGroupProps.AllowAllOutbound (IPv4) or AllowAllIPv6Outbound (IPv6) instead")
		return
	}
	for _, r := range sg.Resource.Props.SecurityGroupEgress {
		if egressEqual(r, rule) {
			return
		}
	}
	sg.Resource.Props.SecurityGroupEgress = append(sg.Resource.Props.SecurityGroupEgress, rule)
}

var (
	allowAllRule = ec2cfn.CfnSecurityGroup_EgressProperty{
		CidrIp:      new("0.0.0.0/0"),
		Description: new("Allow all outbound traffic by default"),
		IpProtocol:  "-1",
	}
	matchNoTraffic = ec2cfn.CfnSecurityGroup_EgressProperty{
		CidrIp:      new("255.255.255.255/32"),
		Description: new("Disallow all traffic"),
		IpProtocol:  "icmp",
		FromPort:    new(252),
		ToPort:      new(86),
	}
)

func (sg *SecurityGroup) addDefaultEgressRule() {
	if sg.disableInlineRules {
		if sg.allowAllOutbound {
			addSeparateEgress(sg, AnyIPv4(), AllTraffic(), *allowAllRule.Description, false)
		} else {
			addSeparateEgress(sg, IPv4("255.255.255.255/32"), ICMPTypeAndCode(252, 86), *matchNoTraffic.Description, false)
		}
		return
	}
	if sg.allowAllOutbound {
		sg.Resource.Props.SecurityGroupEgress = append(sg.Resource.Props.SecurityGroupEgress, allowAllRule)
	} else {
		sg.Resource.Props.SecurityGroupEgress = append(sg.Resource.Props.SecurityGroupEgress, matchNoTraffic)
	}
}

// addDefaultIPv6EgressRule is the AWS CDK's addDefaultIpv6EgressRule.
func (sg *SecurityGroup) addDefaultIPv6EgressRule() {
	if !sg.allowAllIPv6 {
		return
	}
	const desc = "Allow all outbound ipv6 traffic by default"
	if sg.disableInlineRules {
		addSeparateEgress(sg, AnyIPv6(), AllTraffic(), desc, false)
		return
	}
	sg.Resource.Props.SecurityGroupEgress = append(sg.Resource.Props.SecurityGroupEgress, ec2cfn.CfnSecurityGroup_EgressProperty{
		CidrIpv6: new("::/0"), Description: new(desc), IpProtocol: "-1",
	})
}

func (sg *SecurityGroup) removeNoTrafficRule() {
	if sg.disableInlineRules {
		peer, port := IPv4("255.255.255.255/32"), ICMPTypeAndCode(252, 86)
		scope, id := ruleScope(sg, peer, port, "to", false, func() string { return peer.UniqueID() })
		scope.Node().TryRemoveChild(id)
		return
	}
	rules := sg.Resource.Props.SecurityGroupEgress
	for i, r := range rules {
		if egressEqual(r, matchNoTraffic) {
			rest := append(rules[:i:i], rules[i+1:]...)
			if len(rest) == 0 {
				rest = nil // no property at all, as the AWS CDK renders it
			}
			sg.Resource.Props.SecurityGroupEgress = rest
			return
		}
	}
}

// ruleID is the construct id of a separate rule: "from 10.0.0.0_8:443".
func ruleID(fromTo, peerID string, port Port) string {
	return strings.Replace(fromTo+" "+peerID+":"+port.String(), "/", "_", 1)
}

// ruleScope is where a separate rule goes, as the AWS CDK's determineRuleScope.
func ruleScope(sg ISecurityGroup, peer IPeer, port Port, fromTo string, remote bool, peerID func() string) (constructs.Construct, string) {
	if other, ok := peer.(ISecurityGroup); ok && remote && constructs.StackOf(other) != constructs.StackOf(sg) {
		rev := "from"
		if fromTo == "from" {
			rev = "to"
		}
		return other, sg.UniqueID() + ":" + port.String() + " " + rev
	}
	return sg, ruleID(fromTo, peerID(), port)
}

func (sg *SecurityGroup) renderPeer(peer IPeer) string {
	if token.IsUnresolved(peer.UniqueID()) {
		sg.peerTokenCount++
		if sg.peerTokenCount > 1 {
			return fmt.Sprintf("'{IndirectPeer%d}'", sg.peerTokenCount)
		}
		return "{IndirectPeer}"
	}
	return peer.UniqueID()
}

func addSeparateIngress(sg *SecurityGroup, peer IPeer, port Port, description string, remote bool) {
	if description == "" {
		description = "from " + peer.UniqueID() + ":" + port.String()
	}
	scope, id := ruleScope(sg, peer, port, "from", remote, func() string { return sg.renderPeer(peer) })
	if scope.Node().TryFindChild(id) != nil {
		return
	}
	var p ec2cfn.CfnSecurityGroupIngressProps
	fillRule(&p, peer.IngressRuleConfig(), port.RuleJSON(), description)
	p.GroupId = new(sg.SecurityGroupID())
	ec2cfn.NewCfnSecurityGroupIngress(scope, id, p)
}

func addSeparateEgress(sg *SecurityGroup, peer IPeer, port Port, description string, remote bool) {
	if description == "" {
		description = "to " + peer.UniqueID() + ":" + port.String()
	}
	scope, id := ruleScope(sg, peer, port, "to", remote, func() string { return sg.renderPeer(peer) })
	if scope.Node().TryFindChild(id) != nil {
		return
	}
	var p ec2cfn.CfnSecurityGroupEgressProps
	fillRule(&p, peer.EgressRuleConfig(), port.RuleJSON(), description)
	p.GroupId = sg.SecurityGroupID()
	ec2cfn.NewCfnSecurityGroupEgress(scope, id, p)
}

// fillRule sets the fields of a rule struct named by the keys of the maps.
func fillRule(dst any, peer, port map[string]any, description string) {
	v := reflect.ValueOf(dst).Elem()
	set := func(k string, x any) {
		f := v.FieldByName(k)
		if !f.IsValid() {
			panic("ec2: rule field " + k + " missing in " + v.Type().String())
		}
		val := reflect.ValueOf(x)
		if f.Kind() == reflect.Pointer {
			p := reflect.New(f.Type().Elem())
			p.Elem().Set(val)
			f.Set(p)
		} else {
			f.Set(val)
		}
	}
	for k, x := range peer {
		set(k, x)
	}
	for k, x := range port {
		set(k, x)
	}
	set("Description", description)
}

func eqs(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }
func eqi(a, b *int) bool    { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func ingressEqual(a, b ec2cfn.CfnSecurityGroup_IngressProperty) bool {
	return eqs(a.CidrIp, b.CidrIp) && eqs(a.CidrIpv6, b.CidrIpv6) && eqi(a.FromPort, b.FromPort) &&
		eqi(a.ToPort, b.ToPort) && a.IpProtocol == b.IpProtocol && eqs(a.SourceSecurityGroupId, b.SourceSecurityGroupId) &&
		eqs(a.SourceSecurityGroupName, b.SourceSecurityGroupName) && eqs(a.SourceSecurityGroupOwnerId, b.SourceSecurityGroupOwnerId)
}

func egressEqual(a, b ec2cfn.CfnSecurityGroup_EgressProperty) bool {
	return eqs(a.CidrIp, b.CidrIp) && eqs(a.CidrIpv6, b.CidrIpv6) && eqi(a.FromPort, b.FromPort) &&
		eqi(a.ToPort, b.ToPort) && a.IpProtocol == b.IpProtocol && eqs(a.DestinationPrefixListId, b.DestinationPrefixListId) &&
		eqs(a.DestinationSecurityGroupId, b.DestinationSecurityGroupId)
}
