package synth_test

import (
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
)

func TestConstructionErrorsAreReported(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
	cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
	var param *cfn.Parameter
	cfn.NewResource(s, "P", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": cfn.Ref(param)})
	cfn.NewResource(app, "Loose", "AWS::SQS::Queue", nil)
	errs := synthErrors(t, app)
	wantError(t, errs, "S/Q", `there is already a construct with id "Q" in S`)
	wantError(t, errs, "S/P", "Value: cfn.Ref was given a nil element")
	wantError(t, errs, "Loose", constructs.MsgOutsideStack)
	if len(errs) != 3 {
		t.Errorf("%d errors, want 3: %q", len(errs), errs)
	}
}

func TestAspectGrowthFailsSynthesis(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	constructs.AspectsOf(s).Add(constructs.AspectFunc(func(c constructs.Construct) {
		cfn.NewResource(c, "More", "AWS::SQS::Queue", nil)
	}))
	errs := synthErrors(t, app)
	wantError(t, errs, "S", "added more than 10000 constructs in one pass")
}

func TestTypedNilIsNil(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	var vpc *ec2.Vpc
	var cluster *ecs.Cluster
	ecs.NewCluster(s, "Cluster", ecs.ClusterProps{Vpc: vpc}) // a nil VPC: the cluster makes its own
	td := ecs.NewFargateTaskDefinition(s, "Task", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	ecs.NewFargateService(s, "Service", ecs.FargateServiceProps{Cluster: cluster, TaskDefinition: td})
	elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
	errs := synthErrors(t, app)
	wantError(t, errs, "S/Service", "FargateServiceProps.Cluster is required")
	wantError(t, errs, "S/LB", "ApplicationLoadBalancerProps.Vpc is required")
	if len(errs) != 2 {
		t.Errorf("%d errors, want 2: %q", len(errs), errs)
	}
}
