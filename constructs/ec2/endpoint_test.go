package ec2_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ec2/ec2cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/golden"
	"github.com/forma-iac/forma/synth"
)

// endpointVariants are programs with VPC endpoints and flow logs. Parity:
// parity/oracle/net.js checks the same features against aws-cdk-lib 2.276.0
// (net-gateway-endpoints, net-interface-endpoints, net-vpc-gateway-endpoints,
// net-flowlog-cloudwatch, net-flowlog-s3).
var endpointVariants = []variant{
	{name: "endpoints", props: ec2.VpcProps{MaxAZs: 2,
		GatewayEndpoints: map[string]ec2.GatewayVpcEndpointOptions{"S3": {Service: ec2.GatewayEndpointS3}},
		FlowLogs:         map[string]ec2.FlowLogOptions{"Flows": {}},
	}, extra: func(stack *constructs.Stack, vpc *ec2.Vpc) {
		vpc.AddInterfaceEndpoint("Ecr", ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointECR})
		vpc.AddInterfaceEndpoint("Logs", ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointLogs, Open: new(false), PrivateDNSEnabled: new(false)})
		vpc.AddFlowLog("ToS3", ec2.FlowLogOptions{Destination: ec2.FlowLogToS3("", "vpc/"), TrafficType: ec2.FlowLogTrafficReject,
			MaxAggregationInterval: ec2.FlowLogAggregationOneMinute, LogFormat: []ec2.LogFormat{ec2.LogFormatSrcAddr, ec2.LogFormatField("flow-direction")}})
	}},
	{name: "endpoints-regional", regional: true, context: threeAZs, props: ec2.VpcProps{NatGateways: new(1)},
		extra: func(stack *constructs.Stack, vpc *ec2.Vpc) {
			vpc.AddInterfaceEndpoint("Ssm", ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointSSM})
			vpc.AddGatewayEndpoint("Dynamo", ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayEndpointDynamoDB,
				Subnets: []ec2.SubnetSelection{{SubnetType: ec2.SubnetPrivateWithEgress}}})
		}},
}

// TestEndpointTemplates synthesizes each endpoint variant and compares its
// template with testdata/<variant>.template.json (rewritten with -update).
func TestEndpointTemplates(t *testing.T) {
	for _, v := range endpointVariants {
		t.Run(v.name, func(t *testing.T) {
			app, _ := build(v)
			asm, err := synth.Synthesize(app)
			if err != nil {
				t.Fatal(err)
			}
			got := asm.Stack("Net").TemplateJSON
			golden.Check(t, filepath.Join("testdata", v.name+".template.json"), got)
		})
	}
}

// TestInterfaceServiceNames checks the region-dependent names: a literal
// for a stack with a region (with the partition's prefix where the service
// uses one), a token built on AWS::Region otherwise.
func TestInterfaceServiceNames(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	n := 0
	name := func(region string, s ec2.IInterfaceVpcEndpointService) string {
		n++
		st := constructs.NewStack(app, fmt.Sprintf("S%d", n), constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: region}})
		return s.ServiceName(st)
	}
	for _, tt := range []struct {
		region string
		svc    ec2.IInterfaceVpcEndpointService
		want   string
	}{
		{"us-east-1", ec2.InterfaceEndpointECR, "com.amazonaws.us-east-1.ecr.api"},
		{"cn-north-1", ec2.InterfaceEndpointECR, "cn.com.amazonaws.cn-north-1.ecr.api"},
		{"cn-north-1", ec2.InterfaceEndpointLogs, "com.amazonaws.cn-north-1.logs"},
		{"us-iso-east-1", ec2.InterfaceEndpointECRDocker, "gov.ic.c2s.us-iso-east-1.ecr.dkr"},
		{"eu-west-1", ec2.NewInterfaceVpcEndpointAWSService("glue", "", 0), "com.amazonaws.eu-west-1.glue"},
		{"eu-west-1", ec2.InterfaceVpcEndpointService{Name: "com.amazonaws.vpce.eu-west-1.vpce-svc-1"}, "com.amazonaws.vpce.eu-west-1.vpce-svc-1"},
	} {
		if got := name(tt.region, tt.svc); got != tt.want {
			t.Errorf("%s in %s = %q, want %q", tt.want, tt.region, got, tt.want)
		}
	}
	if n := ec2.InterfaceEndpointECR.ServiceName(app); !token.IsUnresolved(n) {
		t.Errorf("ECR name outside a stack = %q, want com.amazonaws.<AWS::Region>.ecr.api", n)
	}
	agnostic := constructs.NewStack(app, "Agnostic", constructs.StackProps{})
	if n := ec2.InterfaceEndpointECR.ServiceName(agnostic); !token.IsUnresolved(n) || !strings.HasPrefix(n, "com.amazonaws.") || !strings.HasSuffix(n, ".ecr.api") {
		t.Errorf("agnostic ECR name = %q, want com.amazonaws.<AWS::Region>.ecr.api", n)
	}
	if n := ec2.GatewayEndpointS3.ServiceName(); !token.IsUnresolved(n) || !strings.HasSuffix(n, ".s3") {
		t.Errorf("S3 gateway name = %q, want com.amazonaws.<AWS::Region>.s3", n)
	}
	if ec2.InterfaceEndpointECR.Port() != 443 || !ec2.InterfaceEndpointECR.PrivateDNSDefault() {
		t.Error("AWS services listen on 443 with private DNS on by default")
	}
	if (ec2.InterfaceVpcEndpointService{Name: "x"}).PrivateDNSDefault() {
		t.Error("a named service has private DNS off by default")
	}
}

// TestTypedNilDestination: a typed nil log group or role is unset, so the
// flow log creates its own.
func TestTypedNilDestination(t *testing.T) {
	app, vpc := build(variant{props: ec2.VpcProps{MaxAZs: 2}})
	var group *logs.LogGroup
	var role *iam.Role
	fl := vpc.AddFlowLog("Fl", ec2.FlowLogOptions{Destination: ec2.FlowLogToCloudWatchLogs(group, role)})
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
	if fl.LogGroup == nil || fl.LogGroup.Node().Path() != "Net/MyVpc/Fl/LogGroup" || fl.Role.Node().Path() != "Net/MyVpc/Fl/IAMRole" {
		t.Errorf("want a new log group and role under the flow log")
	}
}

// TestLoggingPolicyFlag: under @aws-cdk/aws-s3:createDefaultLoggingPolicy a
// created flow log bucket gets a bucket policy the flow log depends on; a
// bucket given by ARN gets none.
func TestLoggingPolicyFlag(t *testing.T) {
	for _, on := range []bool{false, true} {
		v := variant{props: ec2.VpcProps{MaxAZs: 1, NatGateways: new(0)}, extra: func(s *constructs.Stack, vpc *ec2.Vpc) {
			vpc.AddFlowLog("Created", ec2.FlowLogOptions{Destination: ec2.FlowLogToS3("", "logs")})
			vpc.AddFlowLog("Given", ec2.FlowLogOptions{Destination: ec2.FlowLogToS3("arn:aws:s3:::given", "")})
		}}
		if on {
			v.context = map[string]any{"@aws-cdk/aws-s3:createDefaultLoggingPolicy": true}
		}
		app, _ := build(v)
		asm, err := synth.Synthesize(app)
		if err != nil {
			t.Fatal(err)
		}
		var tpl struct{ Resources map[string]map[string]any }
		if err := json.Unmarshal(asm.Stack("Net").TemplateJSON, &tpl); err != nil {
			t.Fatal(err)
		}
		var policies []string
		var deps []any
		for id, r := range tpl.Resources {
			if r["Type"] == "AWS::S3::BucketPolicy" {
				policies = append(policies, id)
			}
			if r["Type"] == ec2cfn.CfnFlowLogType && r["DependsOn"] != nil {
				deps = append(deps, r["DependsOn"])
			}
		}
		if on && (len(policies) != 1 || !strings.HasPrefix(policies[0], "MyVpcCreatedBucketPolicy") || len(deps) != 1) {
			t.Errorf("flag on: policies %v, flow log DependsOn %v; want one policy of the created bucket, depended on", policies, deps)
		}
		if !on && (len(policies) != 0 || len(deps) != 0) {
			t.Errorf("flag off: policies %v, DependsOn %v; want none", policies, deps)
		}
	}
}

// TestSubnetFlowLog: a flow log of one subnet, with a given log group.
func TestSubnetFlowLog(t *testing.T) {
	app, vpc := build(variant{props: ec2.VpcProps{MaxAZs: 2}})
	stack := constructs.StackOf(vpc)
	group := logs.NewLogGroup(stack, "Group", logs.LogGroupProps{})
	fl := ec2.NewFlowLog(stack, "SubnetLog", ec2.FlowLogProps{
		ResourceType:   ec2.FlowLogResourceFromSubnet(vpc.PrivateSubnets()[0]),
		FlowLogOptions: ec2.FlowLogOptions{Destination: ec2.FlowLogToCloudWatchLogs(group, nil)},
	})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	var tpl struct{ Resources map[string]map[string]any }
	if err := json.Unmarshal(asm.Stack("Net").TemplateJSON, &tpl); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, r := range tpl.Resources {
		if r["Type"] == ec2cfn.CfnFlowLogType {
			p := r["Properties"].(map[string]any)
			got, _ := json.Marshal([]any{p["ResourceType"], p["ResourceId"], p["LogGroupName"]})
			if want := `["Subnet",{"Ref":"MyVpcPrivateSubnet1Subnet5057CF7E"},{"Ref":"GroupC77FDACD"}]`; string(got) != want {
				t.Errorf("flow log = %s, want %s", got, want)
			}
		}
		types = append(types, r["Type"].(string))
	}
	if fl.Role == nil || fl.LogGroup != group || !slices.Contains(types, "AWS::IAM::Role") {
		t.Errorf("want a new role and the given group; resource types %v", types)
	}
}

func TestEndpointAndFlowLogErrors(t *testing.T) {
	cases := []struct {
		name  string
		extra func(stack *constructs.Stack, vpc *ec2.Vpc)
		want  []string
	}{
		{"gateway without service", func(s *constructs.Stack, vpc *ec2.Vpc) {
			vpc.AddGatewayEndpoint("Gw", ec2.GatewayVpcEndpointOptions{})
		}, []string{"Net/MyVpc/Gw: GatewayVpcEndpointOptions.Service is required"}},
		{"interface without service", func(s *constructs.Stack, vpc *ec2.Vpc) {
			vpc.AddInterfaceEndpoint("If", ec2.InterfaceVpcEndpointOptions{})
		}, []string{"Net/MyVpc/If: InterfaceVpcEndpointOptions.Service is required"}},
		{"interface in no subnet", func(s *constructs.Stack, vpc *ec2.Vpc) {
			vpc.AddInterfaceEndpoint("If", ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointSTS,
				Subnets: ec2.SubnetSelection{SubnetType: ec2.SubnetPublic, AvailabilityZones: []string{"nowhere"}}})
		}, []string{"Net/MyVpc/If: the interface endpoint has no subnets"}},
		{"gateway without vpc", func(s *constructs.Stack, vpc *ec2.Vpc) {
			ec2.NewGatewayVpcEndpoint(s, "Gw", ec2.GatewayVpcEndpointProps{GatewayVpcEndpointOptions: ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayEndpointS3}})
		}, []string{"Net/Gw: GatewayVpcEndpointProps.Vpc is required"}},
		{"policy without principal", func(s *constructs.Stack, vpc *ec2.Vpc) {
			gw := vpc.AddGatewayEndpoint("Gw", ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayEndpointS3})
			gw.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}, Resources: []string{"*"}}))
		}, []string{"Net/MyVpc/Gw: an endpoint policy statement must have a principal"}},
		{"flow log traffic type", func(s *constructs.Stack, vpc *ec2.Vpc) {
			vpc.AddFlowLog("Fl", ec2.FlowLogOptions{TrafficType: "SOME"})
		}, []string{"Net/MyVpc/Fl: TrafficType SOME is not valid"}},
		{"flow log interval", func(s *constructs.Stack, vpc *ec2.Vpc) {
			vpc.AddFlowLog("Fl", ec2.FlowLogOptions{MaxAggregationInterval: 120})
		}, []string{"Net/MyVpc/Fl: MaxAggregationInterval must be FlowLogAggregationOneMinute (60) or FlowLogAggregationTenMinutes (600)"}},
		{"tenancy", func(s *constructs.Stack, vpc *ec2.Vpc) {
			ec2.NewVpc(s, "Other", ec2.VpcProps{MaxAZs: 1, DefaultInstanceTenancy: "host"})
		}, []string{`Net/Other: DefaultInstanceTenancy "host" is not valid; use ec2.TenancyDefault or ec2.TenancyDedicated`}},
		{"typed nil vpc", func(s *constructs.Stack, vpc *ec2.Vpc) {
			var none *ec2.Vpc
			ec2.NewInterfaceVpcEndpoint(s, "If", ec2.InterfaceVpcEndpointProps{Vpc: none, InterfaceVpcEndpointOptions: ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointKMS}})
			ec2.NewGatewayVpcEndpoint(s, "Gw", ec2.GatewayVpcEndpointProps{Vpc: none, GatewayVpcEndpointOptions: ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayEndpointS3}})
			ec2.NewFlowLog(s, "Fl", ec2.FlowLogProps{ResourceType: ec2.FlowLogResourceFromVpc(none)})
		}, []string{"Net/If: InterfaceVpcEndpointProps.Vpc is required", "Net/Gw: GatewayVpcEndpointProps.Vpc is required", "Net/Fl: FlowLogProps.ResourceType is required"}},
		{"typed nil security group", func(s *constructs.Stack, vpc *ec2.Vpc) {
			var none *ec2.SecurityGroup
			vpc.AddInterfaceEndpoint("If", ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointKMS, SecurityGroups: []ec2.ISecurityGroup{none}})
		}, []string{"Net/MyVpc/If: InterfaceVpcEndpointOptions.SecurityGroups[0] is nil"}},
		{"flow log without resource", func(s *constructs.Stack, vpc *ec2.Vpc) {
			ec2.NewFlowLog(s, "Fl", ec2.FlowLogProps{})
		}, []string{"Net/Fl: FlowLogProps.ResourceType is required"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app, _ := build(variant{props: ec2.VpcProps{MaxAZs: 2}, extra: c.extra})
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded; want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
