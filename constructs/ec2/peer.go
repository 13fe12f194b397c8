package ec2

import (
	"strings"
)

// cidrPeer is an IPv4 or IPv6 CIDR block peer.
type cidrPeer struct {
	cidr string
	v6   bool
	conn *Connections
}

// IPv4 is a peer for an IPv4 CIDR block such as "10.0.0.0/8". A block
// without a prefix length fails synthesis of the rule that uses it.
func IPv4(cidr string) IPeer { return newCIDRPeer(cidr, false) }

// IPv6 is a peer for an IPv6 CIDR block such as "::/0".
func IPv6(cidr string) IPeer { return newCIDRPeer(cidr, true) }

// AnyIPv4 is every IPv4 address, 0.0.0.0/0.
func AnyIPv4() IPeer { return IPv4("0.0.0.0/0") }

// AnyIPv6 is every IPv6 address, ::/0.
func AnyIPv6() IPeer { return IPv6("::/0") }

func newCIDRPeer(cidr string, v6 bool) IPeer {
	p := &cidrPeer{cidr: cidr, v6: v6}
	p.conn = NewConnections(ConnectionsProps{Peer: p})
	return p
}

func (p *cidrPeer) Connections() *Connections { return p.conn }
func (p *cidrPeer) CanInlineRule() bool       { return true }
func (p *cidrPeer) UniqueID() string          { return p.cidr }
func (p *cidrPeer) IngressRuleConfig() map[string]any {
	if p.v6 {
		return map[string]any{"CidrIpv6": p.cidr}
	}
	return map[string]any{"CidrIp": p.cidr}
}
func (p *cidrPeer) EgressRuleConfig() map[string]any { return p.IngressRuleConfig() }

// validCIDR reports whether the block has a prefix length, as the AWS CDK
// requires of Peer.ipv4/ipv6.
func (p *cidrPeer) validCIDR() bool { return strings.Contains(p.cidr, "/") }

// prefixListPeer is a managed prefix list.
type prefixListPeer struct {
	id   string
	conn *Connections
}

// PrefixList is a peer for a managed prefix list id ("pl-…").
func PrefixList(id string) IPeer {
	p := &prefixListPeer{id: id}
	p.conn = NewConnections(ConnectionsProps{Peer: p})
	return p
}

func (p *prefixListPeer) Connections() *Connections { return p.conn }
func (p *prefixListPeer) CanInlineRule() bool       { return true }
func (p *prefixListPeer) UniqueID() string          { return p.id }
func (p *prefixListPeer) IngressRuleConfig() map[string]any {
	return map[string]any{"SourcePrefixListId": p.id}
}
func (p *prefixListPeer) EgressRuleConfig() map[string]any {
	return map[string]any{"DestinationPrefixListId": p.id}
}

// sgIDPeer is a security group known only by id.
type sgIDPeer struct {
	id, owner string
	conn      *Connections
}

// SecurityGroupIDPeer is a peer for a security group by id, optionally in
// another account (ownerID).
func SecurityGroupIDPeer(id, ownerID string) IPeer {
	p := &sgIDPeer{id: id, owner: ownerID}
	p.conn = NewConnections(ConnectionsProps{Peer: p})
	return p
}

func (p *sgIDPeer) Connections() *Connections { return p.conn }
func (p *sgIDPeer) CanInlineRule() bool       { return true }
func (p *sgIDPeer) UniqueID() string {
	if p.owner != "" {
		return p.id + ":" + p.owner
	}
	return p.id
}
func (p *sgIDPeer) IngressRuleConfig() map[string]any {
	m := map[string]any{"SourceSecurityGroupId": p.id}
	if p.owner != "" {
		m["SourceSecurityGroupOwnerId"] = p.owner
	}
	return m
}
func (p *sgIDPeer) EgressRuleConfig() map[string]any {
	return map[string]any{"DestinationSecurityGroupId": p.id}
}
