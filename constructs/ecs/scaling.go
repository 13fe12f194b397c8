package ecs

import (
	"github.com/forma-iac/forma/constructs"
	appscaling "github.com/forma-iac/forma/constructs/applicationautoscaling"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
)

// EnableScalingProps bounds a service's task count.
type EnableScalingProps struct {
	// MinCapacity default 1.
	MinCapacity *int
	// MaxCapacity is required.
	MaxCapacity int
}

// ScalableTaskCount is the scalable task count of a service, the AWS CDK's
// ScalableTaskCount: "TaskCount" under the service holding the scalable
// target "Target", whose children are the scaling policies.
type ScalableTaskCount struct {
	constructs.Base
	// Target is the AWS::ApplicationAutoScaling::ScalableTarget.
	Target *appscaling.ScalableTarget

	problems []string
}

// AutoScaleTaskCount makes the service's desired count scalable between the
// bounds, with the ECS service-linked role
// (AWSServiceRoleForApplicationAutoScaling_ECSService), as the AWS CDK's
// autoScaleTaskCount. A service has one scalable task count.
func (s *FargateService) AutoScaleTaskCount(props EnableScalingProps) *ScalableTaskCount {
	if s.scalableTaskCount != nil {
		s.Errorf("AutoScaleTaskCount is called twice; a service's task count is made scalable once")
		return s.scalableTaskCount
	}
	st := constructs.StackOf(s)
	t := &ScalableTaskCount{}
	t.Base = constructs.NewBase(t, s, "TaskCount")
	minCap := 1
	if props.MinCapacity != nil {
		minCap = *props.MinCapacity
	}
	if props.MaxCapacity == 0 {
		t.problems = append(t.problems, "EnableScalingProps.MaxCapacity is required")
	}
	clusterName, serviceName := "", ""
	if s.Resource != nil { // otherwise the missing cluster or task definition is reported
		clusterName, serviceName = s.Cluster.ClusterName(), s.ServiceName()
	}
	t.Target = appscaling.NewScalableTarget(t, "Target", appscaling.ScalableTargetProps{
		ServiceNamespace:  "ecs",
		ResourceID:        "service/" + clusterName + "/" + serviceName,
		ScalableDimension: "ecs:service:DesiredCount",
		MinCapacity:       minCap,
		MaxCapacity:       props.MaxCapacity,
		RoleARN: "arn:" + st.Partition() + ":iam::" + st.Account() +
			":role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
	})
	s.scalableTaskCount = t
	return t
}

// Validate reports bad props.
func (t *ScalableTaskCount) Validate() []string { return t.problems }

// UtilizationScalingProps configures ScaleOnCPUUtilization and ScaleOnMemoryUtilization.
type UtilizationScalingProps struct {
	appscaling.BaseTargetTrackingProps
	// TargetUtilizationPercent is the utilization to keep (required).
	TargetUtilizationPercent float64
}

// ScaleOnCPUUtilization adds a target tracking policy id on the service's
// average CPU utilization.
func (t *ScalableTaskCount) ScaleOnCPUUtilization(id string, p UtilizationScalingProps) *appscaling.TargetTrackingScalingPolicy {
	return t.track(id, p.BaseTargetTrackingProps, p.TargetUtilizationPercent, appscaling.MetricECSServiceAverageCPUUtilization, "")
}

// ScaleOnMemoryUtilization adds a target tracking policy id on the
// service's average memory utilization.
func (t *ScalableTaskCount) ScaleOnMemoryUtilization(id string, p UtilizationScalingProps) *appscaling.TargetTrackingScalingPolicy {
	return t.track(id, p.BaseTargetTrackingProps, p.TargetUtilizationPercent, appscaling.MetricECSServiceAverageMemoryUtilization, "")
}

// RequestCountScalingProps configures ScaleOnRequestCount.
type RequestCountScalingProps struct {
	appscaling.BaseTargetTrackingProps
	// RequestsPerTarget is the request count per task to keep (required).
	RequestsPerTarget int
	// TargetGroup is the target group the service is registered with,
	// forwarded to by a listener (required).
	TargetGroup *elbv2.ApplicationTargetGroup
}

// ScaleOnRequestCount adds a target tracking policy id on the ALB request
// count per target of the target group; the metric's resource label is the
// load balancer of the group's first listener and the group, as the AWS CDK
// writes it.
func (t *ScalableTaskCount) ScaleOnRequestCount(id string, p RequestCountScalingProps) *appscaling.TargetTrackingScalingPolicy {
	label := ""
	if p.TargetGroup == nil {
		t.problems = append(t.problems, "ScaleOnRequestCount "+quote(id)+": TargetGroup is required")
	} else if lb := p.TargetGroup.FirstLoadBalancerFullName(); lb == "" {
		t.problems = append(t.problems, "ScaleOnRequestCount "+quote(id)+": the target group is not attached to a load balancer yet; add it to a listener first")
	} else {
		label = lb + "/" + p.TargetGroup.TargetGroupFullName()
	}
	return t.track(id, p.BaseTargetTrackingProps, float64(p.RequestsPerTarget), appscaling.MetricALBRequestCountPerTarget, label)
}

// ScaleOnSchedule adds a scheduled action id to the scalable target.
func (t *ScalableTaskCount) ScaleOnSchedule(id string, s appscaling.ScalingSchedule) {
	t.Target.ScaleOnSchedule(id, s)
}

func (t *ScalableTaskCount) track(id string, base appscaling.BaseTargetTrackingProps, value float64, metric appscaling.PredefinedMetric, label string) *appscaling.TargetTrackingScalingPolicy {
	return appscaling.NewTargetTrackingScalingPolicy(t.Target, id, appscaling.TargetTrackingScalingPolicyProps{
		BaseTargetTrackingProps: base,
		ScalingTarget:           t.Target,
		TargetValue:             value,
		PredefinedMetric:        metric,
		ResourceLabel:           label,
	})
}
