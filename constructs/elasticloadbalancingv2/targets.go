package elasticloadbalancingv2

import "github.com/forma-iac/forma/constructs/elasticloadbalancingv2/elasticloadbalancingv2cfn"

// IPTarget is a target addressed by IP address, the counterpart of the AWS
// CDK's aws-elasticloadbalancingv2-targets IpTarget.
type IPTarget struct {
	// IP is the target's IPv4 or IPv6 address.
	IP string
	// Port default: the target group's port (left out).
	Port int
	// AvailabilityZone is "all" for an address outside the VPC; default left out.
	AvailabilityZone string
}

// NewIPTarget returns the target at ip and port (0: the group's port).
func NewIPTarget(ip string, port int) *IPTarget { return &IPTarget{IP: ip, Port: port} }

// AttachToApplicationTargetGroup returns the ip target type and the
// target's Targets entry.
func (t *IPTarget) AttachToApplicationTargetGroup(IApplicationTargetGroup) LoadBalancerTargetProps {
	d := &elasticloadbalancingv2cfn.CfnTargetGroup_TargetDescriptionProperty{Id: t.IP}
	if t.Port != 0 {
		d.Port = new(t.Port)
	}
	if t.AvailabilityZone != "" {
		d.AvailabilityZone = new(t.AvailabilityZone)
	}
	return LoadBalancerTargetProps{TargetType: TargetIP, TargetJSON: d}
}
