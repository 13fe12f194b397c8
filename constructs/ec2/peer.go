package ec2

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/forma-iac/forma/constructs/token"
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

var ipv4CIDRRe = regexp.MustCompile(`^(\d{1,3}\.){3}\d{1,3}(/\d+)?$`)

// problem returns what is wrong with the block, as the AWS CDK checks
// Peer.ipv4 and Peer.ipv6, or "".
func (p *cidrPeer) problem() string {
	if token.IsUnresolved(p.cidr) {
		return ""
	}
	if p.v6 {
		if !strings.Contains(p.cidr, ":") {
			return fmt.Sprintf("invalid IPv6 CIDR %q", p.cidr)
		}
		if !strings.Contains(p.cidr, "/") {
			return fmt.Sprintf("CIDR mask is missing in IPv6 %q; did you mean %q?", p.cidr, p.cidr+"/128")
		}
		return ""
	}
	m := ipv4CIDRRe.FindStringSubmatch(p.cidr)
	if m == nil {
		return fmt.Sprintf("invalid IPv4 CIDR %q", p.cidr)
	}
	if m[2] == "" {
		return fmt.Sprintf("CIDR mask is missing in IPv4 %q; did you mean %q?", p.cidr, p.cidr+"/32")
	}
	if _, err := netip.ParsePrefix(p.cidr); err != nil {
		return fmt.Sprintf("invalid IPv4 CIDR %q: each number must be at most 255 and the mask at most /32", p.cidr)
	}
	return ""
}

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
func (p *prefixListPeer) CanInlineRule() bool       { return false }
func (p *prefixListPeer) UniqueID() string          { return p.id }
func (p *prefixListPeer) IngressRuleConfig() map[string]any {
	return map[string]any{"SourcePrefixListId": p.id}
}
func (p *prefixListPeer) EgressRuleConfig() map[string]any {
	return map[string]any{"DestinationPrefixListId": p.id}
}

var sgIDRe = regexp.MustCompile(`^sg-[a-z0-9]{8,17}$`)

func (p *sgIDPeer) problem() string {
	if !token.IsUnresolved(p.id) && !sgIDRe.MatchString(p.id) {
		return fmt.Sprintf("invalid security group ID %q; it looks like sg-0123456789abcdef0", p.id)
	}
	if p.owner != "" && !token.IsUnresolved(p.owner) && !regexp.MustCompile(`^[0-9]{12}$`).MatchString(p.owner) {
		return fmt.Sprintf("invalid security group owner ID %q; it is a 12-digit account id", p.owner)
	}
	return ""
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
func (p *sgIDPeer) UniqueID() string          { return p.id }
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
