package ecs

import (
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
)

// LoadBalancerTargetOptions picks the container and port a load balancer
// sends traffic to.
type LoadBalancerTargetOptions struct {
	// ContainerName is the container's name (required).
	ContainerName string
	// ContainerPort default: the container's first port mapping.
	ContainerPort int
	// Protocol of the port mapping; default tcp.
	Protocol Protocol
	// AlternateTarget is the second target group of a native blue/green
	// deployment (ECS controller only); default: none.
	AlternateTarget *AlternateTarget
}

// LoadBalancerTarget is a service's container and port as a load balancer
// target (FargateService.LoadBalancerTarget).
type LoadBalancerTarget struct {
	service *FargateService
	opts    LoadBalancerTargetOptions
}

// LoadBalancerTarget returns a target for a specific container and port of
// the service, as the AWS CDK's BaseService.loadBalancerTarget: use it in a
// listener's AddTargets where the service itself would register its
// default container on its first port.
func (s *FargateService) LoadBalancerTarget(opts LoadBalancerTargetOptions) *LoadBalancerTarget {
	return &LoadBalancerTarget{service: s, opts: opts}
}

// Connections returns the service's connections.
func (t *LoadBalancerTarget) Connections() *ec2.Connections { return t.service.Connections() }

// AttachToApplicationTargetGroup registers the container's port with tg:
// the load balancer may reach the service on the port, the service lists
// the target group and depends on its listeners.
func (t *LoadBalancerTarget) AttachToApplicationTargetGroup(tg elbv2.IApplicationTargetGroup) elbv2.LoadBalancerTargetProps {
	s := t.service
	name, port, proto, ok := s.resolveTarget(t.opts)
	if !ok {
		return elbv2.LoadBalancerTargetProps{TargetType: elbv2.TargetIP}
	}
	p := ec2.TCP(port)
	if proto == ProtocolUDP {
		p = ec2.UDP(port)
	}
	tg.RegisterConnectable(s, p)
	if s.Resource == nil {
		return elbv2.LoadBalancerTargetProps{TargetType: elbv2.TargetIP}
	}
	lb := ecscfn.CfnService_LoadBalancerProperty{
		TargetGroupArn: new(tg.TargetGroupARN()),
		ContainerName:  new(name),
		ContainerPort:  new(port),
	}
	if t.opts.AlternateTarget != nil {
		if !s.isECSController {
			s.Errorf("an AlternateTarget requires the ECS deployment controller; leave DeploymentController unset or use ecs.DeploymentControllerECS")
		}
		lb.AdvancedConfiguration = t.opts.AlternateTarget.bind(s)
	}
	s.Resource.Props.LoadBalancers = append(s.Resource.Props.LoadBalancers, lb)
	s.Resource.Node().AddDependency(tg.LoadBalancerAttached())
	if !s.healthCheckGraceGiven {
		s.Resource.Props.HealthCheckGracePeriodSeconds = new(60)
	}
	return elbv2.LoadBalancerTargetProps{TargetType: elbv2.TargetIP}
}

// resolveTarget finds the container and port mapping of a target, as the
// AWS CDK's TaskDefinition._validateTarget, recording a problem when there
// is none.
func (s *FargateService) resolveTarget(o LoadBalancerTargetOptions) (name string, port int, proto Protocol, ok bool) {
	if s.TaskDefinition == nil {
		return "", 0, "", false
	}
	var c *ContainerDefinition
	for _, x := range s.TaskDefinition.Containers() {
		if x.ContainerName() == o.ContainerName {
			c = x
			break
		}
	}
	if c == nil {
		s.Errorf("load balancer target: the task definition has no container named %q; add it with AddContainer or name another", o.ContainerName)
		return "", 0, "", false
	}
	want := o.Protocol
	if want == "" {
		want = ProtocolTCP
	}
	for _, pm := range c.PortMappings() {
		got := ProtocolTCP
		if pm.Protocol != nil {
			got = Protocol(*pm.Protocol)
		}
		if pm.ContainerPort == nil || got != want {
			continue
		}
		if o.ContainerPort == 0 || *pm.ContainerPort == o.ContainerPort {
			return c.ContainerName(), *pm.ContainerPort, got, true
		}
	}
	if o.ContainerPort == 0 {
		s.Errorf("load balancer target: container %q has no %s port mapping; add one with AddPortMappings", o.ContainerName, want)
	} else {
		s.Errorf("load balancer target: container %q has no mapping for port %d and protocol %s; add one with AddPortMappings", o.ContainerName, o.ContainerPort, want)
	}
	return "", 0, "", false
}

// AttachToApplicationTargetGroup registers the service's default container
// (the first essential one, on its first port mapping) as an IP target of
// tg, as the AWS CDK's BaseService does: the load balancer's listeners may
// reach the service's security groups on the container port, the service
// depends on the listeners being attached, and a health check grace period
// of 60 s applies unless one was given.
func (s *FargateService) AttachToApplicationTargetGroup(tg elbv2.IApplicationTargetGroup) elbv2.LoadBalancerTargetProps {
	if s.Resource == nil {
		return elbv2.LoadBalancerTargetProps{TargetType: elbv2.TargetIP} // the missing cluster or task definition is reported
	}
	c := s.TaskDefinition.DefaultContainer()
	if c == nil || len(c.PortMappings()) == 0 {
		s.Errorf("the service cannot be a load balancer target: its task definition has no essential container with a port mapping")
		return elbv2.LoadBalancerTargetProps{TargetType: elbv2.TargetIP}
	}
	pm := c.PortMappings()[0]
	proto := ProtocolTCP
	if pm.Protocol != nil {
		proto = Protocol(*pm.Protocol)
	}
	return s.LoadBalancerTarget(LoadBalancerTargetOptions{ContainerName: c.ContainerName(), ContainerPort: *pm.ContainerPort, Protocol: proto}).AttachToApplicationTargetGroup(tg)
}

// ListenerConfig is a listener that RegisterLoadBalancerTargets adds a
// target group to.
type ListenerConfig struct {
	listener *elbv2.ApplicationListener
	props    elbv2.AddApplicationTargetsProps
}

// ApplicationListenerConfig returns a listener config: the target group is
// created with the listener's AddTargets and props (Port default: 443 for
// HTTPS, 80 otherwise), as the AWS CDK's ListenerConfig.applicationListener.
func ApplicationListenerConfig(l *elbv2.ApplicationListener, props elbv2.AddApplicationTargetsProps) ListenerConfig {
	return ListenerConfig{listener: l, props: props}
}

// ECSTarget is a container and port to register with a new target group of
// a listener (RegisterLoadBalancerTargets).
type ECSTarget struct {
	// ContainerName is the container's name (required).
	ContainerName string
	// ContainerPort default: the container's first port mapping.
	ContainerPort int
	// Protocol of the port mapping; default tcp.
	Protocol Protocol
	// NewTargetGroupID is the id of the listener's new target group ("<id>Group").
	NewTargetGroupID string
	// Listener is where the target group is added (required).
	Listener ListenerConfig
}

// RegisterLoadBalancerTargets creates a target group per target on its
// listener and registers the container with it, as the AWS CDK's
// BaseService.registerLoadBalancerTargets.
func (s *FargateService) RegisterLoadBalancerTargets(targets ...ECSTarget) {
	for _, t := range targets {
		if t.Listener.listener == nil {
			s.Errorf("RegisterLoadBalancerTargets: target %q has no Listener; use ecs.ApplicationListenerConfig(listener, props)", t.NewTargetGroupID)
			continue
		}
		props := t.Listener.props
		if props.Port == 0 {
			props.Port = 80
			if props.Protocol == elbv2.ProtocolHTTPS {
				props.Port = 443
			}
		}
		props.Targets = []elbv2.IApplicationLoadBalancerTarget{s.LoadBalancerTarget(LoadBalancerTargetOptions{
			ContainerName: t.ContainerName, ContainerPort: t.ContainerPort, Protocol: t.Protocol,
		})}
		t.Listener.listener.AddTargets(t.NewTargetGroupID, props)
	}
}
