package elasticloadbalancingv2

import (
	"fmt"
	"strconv"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/elasticloadbalancingv2/elasticloadbalancingv2cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// ApplicationListenerProps configures NewApplicationListener and
// ApplicationLoadBalancer.AddListener.
type ApplicationListenerProps struct {
	// LoadBalancer the listener belongs to (set by AddListener).
	LoadBalancer *ApplicationLoadBalancer
	// Port default: from Protocol (HTTP 80, HTTPS 443).
	Port int
	// Protocol default: from Port (80, 8000, 8008, 8080 → HTTP; 443, 8443 →
	// HTTPS). One of Port and Protocol is required.
	Protocol ApplicationProtocol
	// Certificates for HTTPS; the first is the listener's default
	// certificate, the others become ListenerCertificate resources.
	Certificates []IListenerCertificate
	// CertificateARNs are certificates given by ARN, added before Certificates.
	CertificateARNs []string
	// SSLPolicy default: left out (ELB's default policy), or for HTTPS
	// SSLPolicyTLS13Min12PQ under the AWS CDK feature flag
	// @aws-cdk/aws-elasticloadbalancingv2:usePostQuantumTlsPolicy.
	SSLPolicy SSLPolicy
	// DefaultAction default: none; add one with AddTargets or AddAction
	// before synthesis.
	DefaultAction *ListenerAction
	// DefaultTargetGroups forward to these groups; conflicts with DefaultAction.
	DefaultTargetGroups []IApplicationTargetGroup
	// Open default true: the load balancer's security group allows the
	// listener port from anywhere ("Allow from anyone on port N"), over
	// IPv6 too for a DualStack load balancer (and for
	// DualStackWithoutPublicIPv4 under the AWS CDK feature flag
	// @aws-cdk/aws-elasticloadbalancingV2:albDualstackWithoutPublicIpv4SecurityGroupRulesDefault).
	Open *bool
}

// ApplicationListener is a listener of an application load balancer
// (AWS::ElasticLoadBalancingV2::Listener), the counterpart of the AWS CDK's
// ApplicationListener.
//
// AddAction, AddTargetGroups and AddTargets with a Priority and Conditions
// add an ApplicationListenerRule "<id>Rule" under the listener; without them
// they set the default action.
//
// Differences from the AWS CDK: certificates on a listener whose protocol is
// not HTTPS are a synthesis error (the AWS CDK only warns and then writes
// them; ELB rejects them at deployment), and so are two rules with the same
// priority.
type ApplicationListener struct {
	constructs.Base
	constructs.Problems
	// Resource is the L1 resource.
	Resource *elasticloadbalancingv2cfn.CfnListener
	// LoadBalancer is the listener's load balancer.
	LoadBalancer *ApplicationLoadBalancer
	protocol     ApplicationProtocol
	port         int
	conn         *ec2.Connections
	certs        []string
	action       *ListenerAction
	rules        []*ApplicationListenerRule
}

func defaultPortForProtocol(p ApplicationProtocol) (int, bool) {
	switch p {
	case ProtocolHTTP:
		return 80, true
	case ProtocolHTTPS:
		return 443, true
	}
	return 0, false
}

func defaultProtocolForPort(port int) (ApplicationProtocol, bool) {
	switch port {
	case 80, 8000, 8008, 8080:
		return ProtocolHTTP, true
	case 443, 8443:
		return ProtocolHTTPS, true
	}
	return "", false
}

// determineProtocolAndPort fills in the one of protocol and port that is
// missing, as the AWS CDK does; it returns a problem when it cannot.
func determineProtocolAndPort(protocol ApplicationProtocol, port int, what string) (ApplicationProtocol, int, string) {
	if protocol == "" && port == 0 {
		return "", 0, fmt.Sprintf("at least one of Port or Protocol is required for the %s", what)
	}
	if port != 0 && !token.IsUnresolved(port) && (port < 1 || port > 65535) {
		return protocol, port, fmt.Sprintf("the %s's Port %d must be from 1 to 65535", what, port)
	}
	if protocol != "" && protocol != ProtocolHTTP && protocol != ProtocolHTTPS {
		return protocol, port, fmt.Sprintf("unrecognized protocol %q for the %s; use ProtocolHTTP or ProtocolHTTPS", protocol, what)
	}
	if protocol == "" {
		p, ok := defaultProtocolForPort(port)
		if !ok {
			return "", port, fmt.Sprintf("there is no default protocol for port %d; set the %s's Protocol", port, what)
		}
		protocol = p
	}
	if port == 0 {
		p, ok := defaultPortForProtocol(protocol)
		if !ok {
			return protocol, 0, fmt.Sprintf("unrecognized protocol %q; use HTTP or HTTPS", protocol)
		}
		port = p
	}
	return protocol, port, ""
}

// NewApplicationListener creates a listener on props.LoadBalancer.
func NewApplicationListener(scope constructs.Construct, id string, props ApplicationListenerProps) *ApplicationListener {
	l := &ApplicationListener{LoadBalancer: props.LoadBalancer}
	l.Base = constructs.NewBase(l, scope, id)
	l.Node().AddValidation(constructs.ValidationFunc(l.validate))
	protocol, port, problem := determineProtocolAndPort(props.Protocol, props.Port, "listener")
	if problem != "" {
		l.Errorf("%s", problem)
	}
	l.protocol, l.port = protocol, port
	cp := elasticloadbalancingv2cfn.CfnListenerProps{}
	if protocol != "" {
		cp.Protocol = new(string(protocol))
	}
	if port != 0 {
		cp.Port = new(port)
	}
	sslPolicy := props.SSLPolicy
	if sslPolicy == "" && protocol == ProtocolHTTPS && flagEnabled(l, flagPostQuantumTLSPolicy) {
		sslPolicy = SSLPolicyTLS13Min12PQ
	}
	if sslPolicy != "" {
		cp.SslPolicy = new(string(sslPolicy))
	}
	if props.LoadBalancer == nil {
		l.Errorf("ApplicationListenerProps.LoadBalancer is required; use ApplicationLoadBalancer.AddListener")
	} else {
		cp.LoadBalancerArn = props.LoadBalancer.LoadBalancerARN()
	}
	l.Resource = elasticloadbalancingv2cfn.NewCfnListener(l, "Resource", cp)

	if (len(props.Certificates) > 0 || len(props.CertificateARNs) > 0) && protocol != ProtocolHTTPS {
		l.Errorf("certificates require protocol HTTPS, but the listener's protocol is %s; set Protocol: elasticloadbalancingv2.ProtocolHTTPS (port 443) or remove the certificates", protocol)
	}
	if len(props.CertificateARNs) > 0 {
		var cs []IListenerCertificate
		for _, a := range props.CertificateARNs {
			cs = append(cs, ListenerCertificateFromARN(a))
		}
		l.AddCertificates("ListenerCertificate", cs...)
	}
	if len(props.Certificates) > 0 {
		l.AddCertificates("DefaultCertificates", props.Certificates...)
	}

	var groups []ec2.ISecurityGroup
	if props.LoadBalancer != nil {
		groups = props.LoadBalancer.Connections().SecurityGroups()
	}
	dp := ec2.TCP(port)
	l.conn = ec2.NewConnections(ec2.ConnectionsProps{SecurityGroups: groups, DefaultPort: &dp})

	if props.DefaultAction != nil && len(props.DefaultTargetGroups) > 0 {
		l.Errorf("set at most one of DefaultAction and DefaultTargetGroups")
	}
	if props.DefaultAction != nil {
		l.SetDefaultAction(props.DefaultAction)
	}
	if len(props.DefaultTargetGroups) > 0 {
		l.SetDefaultAction(ForwardAction(props.DefaultTargetGroups))
	}
	if props.Open == nil || *props.Open {
		l.conn.AllowDefaultPortFrom(ec2.AnyIPv4(), "Allow from anyone on port "+strconv.Itoa(port))
		if lb := props.LoadBalancer; lb != nil && (lb.ipType == DualStack || lb.ipType == DualStackWithoutPublicIPv4 && flagEnabled(l, flagDualStackWithoutPublicIPv4Rules)) {
			l.conn.AllowDefaultPortFrom(ec2.AnyIPv6(), "Allow from anyone on port "+strconv.Itoa(port))
		}
	}
	return l
}

func (l *ApplicationListener) validate() []string {
	var msgs []string
	if l.action == nil {
		msgs = append(msgs, "the listener has no default action; call AddTargets or AddAction, or set ApplicationListenerProps.DefaultAction")
	} else {
		msgs = append(msgs, l.action.problems...)
	}
	msgs = append(msgs, duplicatePriorities(l.rules)...)
	if l.protocol == ProtocolHTTPS && len(l.certs) == 0 {
		msgs = append(msgs, "an HTTPS listener needs at least one certificate; set ApplicationListenerProps.Certificates or call AddCertificates")
	}
	return msgs
}

// ListenerARN returns the listener's ARN (Ref).
func (l *ApplicationListener) ListenerARN() string { return l.Resource.Ref() }

// Connections returns the connections of the load balancer's security
// groups, with the listener port as default port.
func (l *ApplicationListener) Connections() *ec2.Connections { return l.conn }

// Port returns the listener's port.
func (l *ApplicationListener) Port() int { return l.port }

// Protocol returns the listener's protocol.
func (l *ApplicationListener) Protocol() ApplicationProtocol { return l.protocol }

// AddCertificates adds certificates: the first one of a listener without
// certificates becomes its default certificate; others are written as
// ListenerCertificate resources "<id>1", "<id>2", … as the AWS CDK does.
func (l *ApplicationListener) AddCertificates(id string, certs ...IListenerCertificate) {
	if len(l.certs) == 0 && len(certs) > 0 {
		l.certs = append(l.certs, certs[0].CertificateARN())
		certs = certs[1:]
		var out []elasticloadbalancingv2cfn.CfnListener_CertificateProperty
		for _, a := range l.certs {
			out = append(out, elasticloadbalancingv2cfn.CfnListener_CertificateProperty{CertificateArn: new(a)})
		}
		l.Resource.Props.Certificates = out
	}
	for i, c := range certs {
		NewApplicationListenerCertificate(l, id+strconv.Itoa(i+1), l, c)
	}
}

// SetDefaultAction replaces the listener's default action.
func (l *ApplicationListener) SetDefaultAction(a *ListenerAction) {
	if a == nil {
		l.Errorf("SetDefaultAction: the action is nil")
		return
	}
	if l.action != nil {
		constructs.AnnotationsOf(l).AddWarning("a default action already existed on this listener and was replaced; configure exactly one default action")
	}
	a.bind(l, l)
	l.action = a
	l.Resource.Props.DefaultActions = a.render()
}

// AddApplicationActionProps configures ApplicationListener.AddAction.
type AddApplicationActionProps struct {
	// Priority of the rule, 1 to 50000; required with Conditions, and
	// without both the action becomes the listener's default action.
	Priority int
	// Conditions of the rule; required with Priority.
	Conditions []ListenerCondition
	// Action to take (required).
	Action *ListenerAction
}

// AddAction adds a rule "<id>Rule" (an ApplicationListenerRule) and
// returns it when props has a Priority, and otherwise makes props.Action the
// listener's default action and returns nil, as the AWS CDK's addAction.
// Conditions without a Priority are an error (nil is returned).
func (l *ApplicationListener) AddAction(id string, props AddApplicationActionProps) *ApplicationListenerRule {
	if props.Action == nil {
		l.Errorf("AddAction(%q): Action is required", id)
		return nil
	}
	if !l.checkRuleProps(id, props.Priority, props.Conditions) {
		return nil
	}
	if props.Priority != 0 {
		return NewApplicationListenerRule(l, id+"Rule", ApplicationListenerRuleProps{Listener: l, Priority: props.Priority, Conditions: props.Conditions, Action: props.Action})
	}
	l.SetDefaultAction(props.Action)
	return nil
}

// AddApplicationTargetGroupsProps configures ApplicationListener.AddTargetGroups.
type AddApplicationTargetGroupsProps struct {
	// Priority of the rule, 1 to 50000; required with Conditions, and
	// without both the groups become the listener's default action.
	Priority int
	// Conditions of the rule; required with Priority.
	Conditions []ListenerCondition
	// TargetGroups to forward to (at least one).
	TargetGroups []IApplicationTargetGroup
}

// AddTargetGroups forwards to the groups: in a rule "<id>Rule", returned,
// when props has a Priority, otherwise as the default action (nil is
// returned), as the AWS CDK's addTargetGroups. Conditions without a Priority
// are an error.
func (l *ApplicationListener) AddTargetGroups(id string, props AddApplicationTargetGroupsProps) *ApplicationListenerRule {
	if !l.checkRuleProps(id, props.Priority, props.Conditions) {
		return nil
	}
	if props.Priority != 0 {
		return NewApplicationListenerRule(l, id+"Rule", ApplicationListenerRuleProps{Listener: l, Priority: props.Priority, Conditions: props.Conditions, TargetGroups: props.TargetGroups})
	}
	l.SetDefaultAction(ForwardAction(props.TargetGroups))
	return nil
}

// checkRuleProps is half of the AWS CDK's checkAddRuleProps: conditions
// need a priority. A priority without conditions makes a rule, which
// reports its missing conditions.
func (l *ApplicationListener) checkRuleProps(id string, priority int, conds []ListenerCondition) bool {
	if len(conds) > 0 && priority == 0 {
		l.Errorf("%q: Conditions need a Priority (1 to 50000) to make a rule", id)
		return false
	}
	return true
}

// AddApplicationTargetsProps configures ApplicationListener.AddTargets.
type AddApplicationTargetsProps struct {
	// Port of the targets; default: from Protocol.
	Port int
	// Protocol of the targets; default: from Port.
	Protocol ApplicationProtocol
	// ProtocolVersion default: left out (HTTP1).
	ProtocolVersion ApplicationProtocolVersion
	// Priority and Conditions put the target group in a rule "<id>Rule"
	// instead of making it the default action; both or neither.
	Priority int
	// Conditions of the rule; required with Priority.
	Conditions []ListenerCondition
	// Targets to register.
	Targets []IApplicationLoadBalancerTarget
	// TargetGroupName default: generated by CloudFormation.
	TargetGroupName string
	// HealthCheck default: ELB's defaults (nothing written).
	HealthCheck *HealthCheck
	// DeregistrationDelay default: left out (300 seconds); 0 to 3600 seconds.
	DeregistrationDelay *time.Duration
	// StickinessCookieDuration enables load balancer cookie stickiness.
	StickinessCookieDuration time.Duration
}

// AddTargets creates a target group "<id>Group" under the listener with the
// targets and makes it the listener's default action, or forwards to it in
// a rule "<id>Rule" when props has a Priority and Conditions, as the AWS CDK
// does.
func (l *ApplicationListener) AddTargets(id string, props AddApplicationTargetsProps) *ApplicationTargetGroup {
	var vpc ec2.IVpc
	if l.LoadBalancer != nil {
		vpc = l.LoadBalancer.Vpc()
	}
	g := NewApplicationTargetGroup(l, id+"Group", ApplicationTargetGroupProps{
		Vpc:                      vpc,
		Port:                     props.Port,
		Protocol:                 props.Protocol,
		ProtocolVersion:          props.ProtocolVersion,
		TargetGroupName:          props.TargetGroupName,
		HealthCheck:              props.HealthCheck,
		DeregistrationDelay:      props.DeregistrationDelay,
		StickinessCookieDuration: props.StickinessCookieDuration,
	})
	l.AddTargetGroups(id, AddApplicationTargetGroupsProps{Priority: props.Priority, Conditions: props.Conditions, TargetGroups: []IApplicationTargetGroup{g}})
	// The targets attach after the listener is registered with the group,
	// so that they depend on it (see LoadBalancerAttached); the rules and
	// dependencies are the AWS CDK's.
	g.AddTarget(props.Targets...)
	return g
}

// RegisterConnectable lets the load balancer reach the connectable on port
// ("Load balancer to target").
func (l *ApplicationListener) RegisterConnectable(c ec2.IConnectable, port ec2.Port) {
	if l.LoadBalancer == nil {
		return
	}
	c.Connections().AllowFrom(l.LoadBalancer, port, "Load balancer to target")
}

// ApplicationListenerCertificate adds a certificate to a listener
// (AWS::ElasticLoadBalancingV2::ListenerCertificate), beside its default one.
type ApplicationListenerCertificate struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *elasticloadbalancingv2cfn.CfnListenerCertificate
}

// NewApplicationListenerCertificate adds the certificates to the listener.
func NewApplicationListenerCertificate(scope constructs.Construct, id string, listener IApplicationListener, certs ...IListenerCertificate) *ApplicationListenerCertificate {
	c := &ApplicationListenerCertificate{}
	c.Base = constructs.NewBase(c, scope, id)
	var list []elasticloadbalancingv2cfn.CfnListenerCertificate_CertificateProperty
	for _, x := range certs {
		list = append(list, elasticloadbalancingv2cfn.CfnListenerCertificate_CertificateProperty{CertificateArn: new(x.CertificateARN())})
	}
	c.Resource = elasticloadbalancingv2cfn.NewCfnListenerCertificate(c, "Resource", elasticloadbalancingv2cfn.CfnListenerCertificateProps{ListenerArn: listener.ListenerARN(), Certificates: list})
	return c
}
