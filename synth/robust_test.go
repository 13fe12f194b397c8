package synth_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/synth"
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

func TestSilentlyWrongTemplatesAreRefused(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{StackName: "Same", Description: "in " + cfn.Region()})
	q := cfn.NewResource(s, "Q", "AWS::SQS::Queue", nil)
	q.AddDependency(&q.Resource)
	cfn.NewResource(s, "Upper", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": strings.ToUpper(q.Ref())})
	cfn.NewResource(s, "Att", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.GetAtt("Nope").String()})
	cfn.NewResource(s, "Sub", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": cfn.Sub("${Missing}-${Q}-${AWS::Region}-${!Literal}")})
	p := cfn.NewParameter(s, "N", cfn.ParameterProps{Type: "Number"})
	cfn.NewResource(s, "Num", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": fmt.Sprintf("%d", cfn.AsInt(p.ValueAsString()))})
	s2 := constructs.NewStack(app, "S2", constructs.StackProps{StackName: "Same"})
	cfn.NewResource(s2, "Q", "AWS::SQS::Queue", nil)
	other := newApp()
	oq := cfn.NewResource(constructs.NewStack(other, "O", constructs.StackProps{}), "Q", "AWS::SQS::Queue", nil)
	cfn.NewResource(s2, "Foreign", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": oq.Ref()})
	errs := synthErrors(t, app)
	wantError(t, errs, "S", "the stack description holds a token (in ${AWS::Region})")
	wantError(t, errs, "S/Q", "the resource depends on itself")
	wantError(t, errs, "S/Upper", `a token was left unresolved at Properties.Value ("${TOKEN[S/Q.REF]}")`)
	wantError(t, errs, "S/Att", `the type AWS::SQS::Queue has no attribute "Nope"`)
	wantError(t, errs, "S/Sub", "Fn::Sub names the variable ${Missing}")
	wantError(t, errs, "S/Num", "the number token ${S/N.Ref} was formatted as a string at Properties.Value")
	wantError(t, errs, "S2", `the stack name "Same" is also the name of stack S`)
	wantError(t, errs, "S2/Foreign", "uses O/Q, a construct of another App")
}

func TestEmptyStackWarns(t *testing.T) {
	app := newApp()
	constructs.NewStack(app, "Empty", constructs.StackProps{})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	if len(asm.Warnings) != 1 || !strings.HasPrefix(asm.Warnings[0], "Empty: the stack has no resources") {
		t.Errorf("warnings = %q", asm.Warnings)
	}
}

func TestDependencyCycle(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	a := cfn.NewResource(s, "A", "AWS::SQS::Queue", nil)
	b := cfn.NewResource(s, "B", "AWS::SNS::Topic", map[string]any{"DisplayName": a.GetAtt("QueueName").String()})
	a.AddDependency(&b.Resource)
	errs := synthErrors(t, app)
	wantError(t, errs, "S/A", "circular dependency between resources: A -> B -> A")
	if len(errs) != 1 {
		t.Errorf("errors: %q", errs)
	}
}

func TestOneMistakeOneError(t *testing.T) {
	app := newApp()
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	// The role leaves out its trust policy, which the L1 requires: only
	// the role's problem is reported.
	iam.NewRole(s, "Role", iam.RoleProps{})
	// The listener's port also opens the load balancer's security group.
	lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{})})
	lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 70000, DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{})})
	errs := synthErrors(t, app)
	wantError(t, errs, "S/Role", "RoleProps.AssumedBy is required")
	wantError(t, errs, "S/LB/Listener", "the listener's Port 70000 must be from 1 to 65535")
	if len(errs) != 2 {
		t.Errorf("%d errors, want 2:\n%s", len(errs), strings.Join(errs, "\n"))
	}
}
