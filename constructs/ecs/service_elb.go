package ecs

import (
	"github.com/forma-iac/forma/constructs/ec2"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
)

// AttachToApplicationTargetGroup registers the service's default container
// (the first essential one, on its first port mapping) as an IP target of
// tg, as the AWS CDK's BaseService does: the load balancer's listeners may
// reach the service's security groups on the container port, the service
// depends on the listeners being attached, and a health check grace period
// of 60 s applies unless one was given.
func (s *FargateService) AttachToApplicationTargetGroup(tg elbv2.IApplicationTargetGroup) elbv2.LoadBalancerTargetProps {
	c := s.TaskDefinition.DefaultContainer()
	if c == nil || len(c.PortMappings()) == 0 {
		s.Errorf("the service cannot be a load balancer target: its task definition has no essential container with a port mapping")
		return elbv2.LoadBalancerTargetProps{TargetType: elbv2.TargetIP}
	}
	pm := c.PortMappings()[0]
	port := *pm.ContainerPort
	p := ec2.TCP(port)
	if pm.Protocol != nil && *pm.Protocol == string(ProtocolUDP) {
		p = ec2.UDP(port)
	}
	tg.RegisterConnectable(s, p)
	s.Resource.Props.LoadBalancers = append(s.Resource.Props.LoadBalancers, CfnService_LoadBalancerProperty{
		TargetGroupArn: new(tg.TargetGroupARN()),
		ContainerName:  new(c.ContainerName()),
		ContainerPort:  new(port),
	})
	s.Resource.Node().AddDependency(tg.LoadBalancerAttached())
	if !s.healthCheckGraceGiven {
		s.Resource.Props.HealthCheckGracePeriodSeconds = new(60)
	}
	return elbv2.LoadBalancerTargetProps{TargetType: elbv2.TargetIP}
}
