package elasticloadbalancingv2_test

import (
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/ec2"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/synth"
)

func TestLoadBalancerMetrics(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
	m := lb.MetricHTTPCodeELB(elbv2.HTTPCode5XX, cloudwatch.MetricOptions{Period: time.Minute})
	if m.Namespace != "AWS/ApplicationELB" || m.MetricName != "HTTPCode_ELB_5XX_Count" || m.Statistic != "Sum" || m.Period != time.Minute || m.DimensionsMap["LoadBalancer"] != lb.LoadBalancerFullName() {
		t.Errorf("MetricHTTPCodeELB = %+v", m)
	}
	if m := lb.MetricHTTPCodeTarget(elbv2.HTTPCode5XX); m.MetricName != "HTTPCode_Target_5XX_Count" {
		t.Errorf("MetricHTTPCodeTarget = %+v", m)
	}
}

func TestTargetGroupMetricNeedsAListener(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	tg := elbv2.NewApplicationTargetGroup(stack, "TG", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
	tg.MetricHTTPCodeTarget(elbv2.HTTPCode5XX).CreateAlarm(stack, "A", cloudwatch.CreateAlarmOptions{EvaluationPeriods: 1})
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), `S/A`) || !strings.Contains(err.Error(), `dimension "LoadBalancer" has no value`) {
		t.Errorf("error = %v, want one on S/A about the LoadBalancer dimension", err)
	}
}
