package elasticloadbalancingv2

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/elasticloadbalancingv2/elasticloadbalancingv2cfn"
)

// ApplicationProtocol is the protocol of an application listener or target group.
type ApplicationProtocol string

// Application protocols.
const (
	ProtocolHTTP  ApplicationProtocol = "HTTP"
	ProtocolHTTPS ApplicationProtocol = "HTTPS"
)

// ApplicationProtocolVersion is the protocol version of an application
// target group.
type ApplicationProtocolVersion string

// Application protocol versions.
const (
	ProtocolVersionHTTP1 ApplicationProtocolVersion = "HTTP1"
	ProtocolVersionHTTP2 ApplicationProtocolVersion = "HTTP2"
	ProtocolVersionGRPC  ApplicationProtocolVersion = "GRPC"
)

// SSLPolicy is the security policy of an HTTPS listener, named as the AWS
// CDK's SslPolicy; any other ELB policy name may be given as SSLPolicy("...").
type SSLPolicy string

// SSL policies, as the AWS CDK's SslPolicy.
const (
	SSLPolicyRecommendedTLS         SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	SSLPolicyRecommended            SSLPolicy = "ELBSecurityPolicy-2016-08"
	SSLPolicyTLS13Res               SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
	SSLPolicyTLS13Ext1              SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"
	SSLPolicyTLS13Ext2              SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06"
	SSLPolicyTLS13Min10             SSLPolicy = "ELBSecurityPolicy-TLS13-1-0-2021-06"
	SSLPolicyTLS13Min11             SSLPolicy = "ELBSecurityPolicy-TLS13-1-1-2021-06"
	SSLPolicyTLS13Min13             SSLPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06"
	SSLPolicyTLS13Min12PQ           SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09"
	SSLPolicyTLS13Min13PQ           SSLPolicy = "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09"
	SSLPolicyFIPSTLS13Min13         SSLPolicy = "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04"
	SSLPolicyFIPSTLS13Min12         SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"
	SSLPolicyForwardSecrecyTLS12    SSLPolicy = "ELBSecurityPolicy-FS-1-2-2019-08"
	SSLPolicyForwardSecrecyTLS12Res SSLPolicy = "ELBSecurityPolicy-FS-1-2-Res-2019-08"
	SSLPolicyTLS12                  SSLPolicy = "ELBSecurityPolicy-TLS-1-2-2017-01"
	SSLPolicyTLS12Ext               SSLPolicy = "ELBSecurityPolicy-TLS-1-2-Ext-2018-06"
	SSLPolicyTLS11                  SSLPolicy = "ELBSecurityPolicy-TLS-1-1-2017-01"
	SSLPolicyLegacy                 SSLPolicy = "ELBSecurityPolicy-TLS-1-0-2015-04"
)

// TargetType is how a target group addresses its targets.
type TargetType string

// Target types.
const (
	// TargetInstance registers EC2 instances by id.
	TargetInstance TargetType = "instance"
	// TargetIP registers IP addresses (Fargate tasks, awsvpc network mode).
	TargetIP TargetType = "ip"
	// TargetLambda registers a Lambda function.
	TargetLambda TargetType = "lambda"
	// TargetALB registers an application load balancer (network target groups).
	TargetALB TargetType = "alb"
)

// LoadBalancerTargetProps is what a target returns when it attaches itself to
// a target group: the target type it needs and, for targets registered by
// id, the JSON of one Targets entry.
type LoadBalancerTargetProps struct {
	// TargetType the target needs (required).
	TargetType TargetType
	// TargetJSON is the target's entry in the target group's Targets
	// property; nil for targets that register themselves (an ECS service).
	TargetJSON *elasticloadbalancingv2cfn.CfnTargetGroup_TargetDescriptionProperty
}

// IApplicationLoadBalancerTarget is something that can be the target of an
// application target group — an ECS service, an instance, an IP address. The
// target group calls AttachToApplicationTargetGroup once, when the target is
// added; the target registers itself (e.g. by remembering the group's ARN and
// calling RegisterConnectable) and returns its target type.
type IApplicationLoadBalancerTarget interface {
	AttachToApplicationTargetGroup(tg IApplicationTargetGroup) LoadBalancerTargetProps
}

// IApplicationTargetGroup is an application target group, defined here or imported.
type IApplicationTargetGroup interface {
	constructs.Construct
	// TargetGroupARN is the group's ARN (its Ref).
	TargetGroupARN() string
	// LoadBalancerAttached is a construct to depend on to be deployed after
	// the group is attached to a load balancer (its listeners); an ECS
	// service depends on it.
	LoadBalancerAttached() constructs.Construct
	// RegisterConnectable lets every listener forwarding to the group reach
	// the connectable on port; a zero Port means the group's port.
	RegisterConnectable(c ec2.IConnectable, port ec2.Port)
	// RegisterListener records a listener that forwards to the group;
	// associating is what depends on (default: the listener).
	RegisterListener(l IApplicationListener, associating constructs.Construct)
	// AddTarget attaches targets to the group.
	AddTarget(targets ...IApplicationLoadBalancerTarget)
}

// IApplicationListener is an application listener.
type IApplicationListener interface {
	constructs.Construct
	ec2.IConnectable
	// ListenerARN is the listener's ARN (its Ref).
	ListenerARN() string
	// RegisterConnectable opens the load balancer's security groups to the
	// connectable on port ("Load balancer to target").
	RegisterConnectable(c ec2.IConnectable, port ec2.Port)
}

// IApplicationLoadBalancer is an application load balancer.
type IApplicationLoadBalancer interface {
	constructs.Construct
	ec2.IConnectable
	LoadBalancerARN() string
	DNSName() string
	Vpc() ec2.IVpc
}

// IListenerCertificate is a certificate for an HTTPS listener.
type IListenerCertificate interface {
	CertificateARN() string
}

// ListenerCertificateFromARN returns the certificate with the ARN (an ACM
// certificate or an IAM server certificate).
func ListenerCertificateFromARN(arn string) IListenerCertificate { return certificateARN(arn) }

type certificateARN string

func (c certificateARN) CertificateARN() string { return string(c) }
