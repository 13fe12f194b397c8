package elasticloadbalancingv2

import (
	"github.com/forma-iac/forma/constructs/cloudwatch"
)

// HTTPCodeClass is a class of HTTP status codes counted by a load balancer
// metric.
type HTTPCodeClass string

// The classes of the AWS CDK's HttpCodeElb and HttpCodeTarget.
const (
	HTTPCode2XX HTTPCodeClass = "2XX"
	HTTPCode3XX HTTPCodeClass = "3XX"
	HTTPCode4XX HTTPCodeClass = "4XX"
	HTTPCode5XX HTTPCodeClass = "5XX"
)

func albMetric(name, statistic string, dims map[string]string, opts []cloudwatch.MetricOptions) cloudwatch.Metric {
	m := cloudwatch.Metric{Namespace: "AWS/ApplicationELB", MetricName: name, Statistic: statistic, DimensionsMap: dims}
	for _, o := range opts {
		m = o.Apply(m)
	}
	return m
}

// Metric returns the load balancer's metric name in AWS/ApplicationELB
// (dimension LoadBalancer, statistic Average unless opts say otherwise).
func (lb *ApplicationLoadBalancer) Metric(name string, opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return albMetric(name, "Average", map[string]string{"LoadBalancer": lb.LoadBalancerFullName()}, opts)
}

// MetricHTTPCodeELB counts responses of class code that the load balancer
// itself generated (HTTPCode_ELB_5XX_Count, …; Sum over 5 minutes), as the
// AWS CDK's metrics.httpCodeElb.
func (lb *ApplicationLoadBalancer) MetricHTTPCodeELB(code HTTPCodeClass, opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return albMetric("HTTPCode_ELB_"+string(code)+"_Count", "Sum", map[string]string{"LoadBalancer": lb.LoadBalancerFullName()}, opts)
}

// MetricHTTPCodeTarget counts responses of class code from the targets
// (HTTPCode_Target_5XX_Count, …; Sum), as the AWS CDK's
// metrics.httpCodeTarget.
func (lb *ApplicationLoadBalancer) MetricHTTPCodeTarget(code HTTPCodeClass, opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return albMetric("HTTPCode_Target_"+string(code)+"_Count", "Sum", map[string]string{"LoadBalancer": lb.LoadBalancerFullName()}, opts)
}

// MetricRequestCount counts requests (RequestCount, Sum).
func (lb *ApplicationLoadBalancer) MetricRequestCount(opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return albMetric("RequestCount", "Sum", map[string]string{"LoadBalancer": lb.LoadBalancerFullName()}, opts)
}

// MetricTargetResponseTime is the targets' response time in seconds
// (TargetResponseTime, Average).
func (lb *ApplicationLoadBalancer) MetricTargetResponseTime(opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return albMetric("TargetResponseTime", "Average", map[string]string{"LoadBalancer": lb.LoadBalancerFullName()}, opts)
}

func (g *ApplicationTargetGroup) dims() map[string]string {
	return map[string]string{"TargetGroup": g.TargetGroupFullName(), "LoadBalancer": g.FirstLoadBalancerFullName()}
}

// MetricHTTPCodeTarget counts responses of class code from the group's
// targets (dimensions LoadBalancer and TargetGroup; Sum), as the AWS CDK's
// ApplicationTargetGroup metrics.httpCodeTarget. The group must be
// attached to a listener first.
func (g *ApplicationTargetGroup) MetricHTTPCodeTarget(code HTTPCodeClass, opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return albMetric("HTTPCode_Target_"+string(code)+"_Count", "Sum", g.dims(), opts)
}

// MetricUnhealthyHostCount is the number of unhealthy targets (Average).
func (g *ApplicationTargetGroup) MetricUnhealthyHostCount(opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return albMetric("UnHealthyHostCount", "Average", g.dims(), opts)
}

// MetricHealthyHostCount is the number of healthy targets (Average).
func (g *ApplicationTargetGroup) MetricHealthyHostCount(opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return albMetric("HealthyHostCount", "Average", g.dims(), opts)
}
