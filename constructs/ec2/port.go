package ec2

import (
	"strconv"

	"github.com/forma-iac/forma/constructs/token"
)

// Protocol is the IP protocol of a security group rule, as CloudFormation's
// IpProtocol spells it.
type Protocol string

// Common protocols.
const (
	ProtocolAll    Protocol = "-1"
	ProtocolTCP    Protocol = "tcp"
	ProtocolUDP    Protocol = "udp"
	ProtocolICMP   Protocol = "icmp"
	ProtocolICMPv6 Protocol = "icmpv6"
	ProtocolESP    Protocol = "50"
	ProtocolAH     Protocol = "51"
)

// Port is the protocol and port range of a security group rule. Create one
// with TCP, TCPRange, UDP, AllTraffic and the other constructors; the zero
// Port is not valid.
type Port struct {
	protocol Protocol
	from, to int
	hasRange bool
	str      string
}

// NewPort returns a port range of any protocol; str is its String, used in
// rule ids and default descriptions.
func NewPort(protocol Protocol, from, to int, str string) Port {
	return Port{protocol: protocol, from: from, to: to, hasRange: true, str: str}
}

func renderPort(p int) string {
	if token.IsUnresolved(p) {
		return "{IndirectPort}"
	}
	return strconv.Itoa(p)
}

// TCP is a single TCP port.
func TCP(port int) Port { return NewPort(ProtocolTCP, port, port, renderPort(port)) }

// TCPRange is a range of TCP ports.
func TCPRange(from, to int) Port {
	return NewPort(ProtocolTCP, from, to, renderPort(from)+"-"+renderPort(to))
}

// AllTCP is every TCP port.
func AllTCP() Port { return NewPort(ProtocolTCP, 0, 65535, "ALL PORTS") }

// UDP is a single UDP port.
func UDP(port int) Port { return NewPort(ProtocolUDP, port, port, "UDP "+renderPort(port)) }

// UDPRange is a range of UDP ports.
func UDPRange(from, to int) Port {
	return NewPort(ProtocolUDP, from, to, "UDP "+renderPort(from)+"-"+renderPort(to))
}

// AllUDP is every UDP port.
func AllUDP() Port { return NewPort(ProtocolUDP, 0, 65535, "UDP ALL PORTS") }

// ICMPTypeAndCode is one ICMP type and code.
func ICMPTypeAndCode(typ, code int) Port {
	return NewPort(ProtocolICMP, typ, code, "ICMP Type "+strconv.Itoa(typ)+" Code "+strconv.Itoa(code))
}

// ICMPType is every code of one ICMP type.
func ICMPType(typ int) Port { return NewPort(ProtocolICMP, typ, -1, "ICMP Type "+strconv.Itoa(typ)) }

// ICMPPing is ICMP echo.
func ICMPPing() Port { return ICMPType(8) }

// AllICMP is all ICMP traffic.
func AllICMP() Port { return NewPort(ProtocolICMP, -1, -1, "ALL ICMP") }

// AllICMPv6 is all ICMPv6 traffic.
func AllICMPv6() Port { return NewPort(ProtocolICMPv6, -1, -1, "ALL ICMPv6") }

// AllTraffic is every protocol and port.
func AllTraffic() Port { return Port{protocol: ProtocolAll, str: "ALL TRAFFIC"} }

// String is the port's description as the AWS CDK writes it in rule ids:
// "80", "8000-8080", "UDP 53", "ALL TRAFFIC".
func (p Port) String() string { return p.str }

// Protocol returns the port's protocol.
func (p Port) Protocol() Protocol { return p.protocol }

// FromPort and ToPort return the range; ok is false for AllTraffic.
func (p Port) FromPort() (port int, ok bool) { return p.from, p.hasRange }

// ToPort returns the end of the range; ok is false for AllTraffic.
func (p Port) ToPort() (port int, ok bool) { return p.to, p.hasRange }

// IsZero reports whether p is the zero Port.
func (p Port) IsZero() bool { return p.protocol == "" }

// CanInlineRule reports whether a rule with this port can be written inline
// in a security group (its ports are not tokens).
func (p Port) CanInlineRule() bool {
	return !token.IsUnresolved(p.from) && !token.IsUnresolved(p.to)
}

// RuleJSON returns IpProtocol, FromPort and ToPort as CloudFormation spells them.
func (p Port) RuleJSON() map[string]any {
	m := map[string]any{"IpProtocol": string(p.protocol)}
	if p.hasRange {
		m["FromPort"] = p.from
		m["ToPort"] = p.to
	}
	return m
}
