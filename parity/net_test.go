package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/logs"
)

// The cases of parity/oracle/net.js: ALB listener rules and actions, VPC
// endpoints and flow logs.

// listenerWithDefault is an internet-facing ALB with an HTTP listener whose
// default action is a fixed 404.
func listenerWithDefault(stack *constructs.Stack) (*ec2.Vpc, *elbv2.ApplicationLoadBalancer, *elbv2.ApplicationListener) {
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
	lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
	listener := lb.AddListener("Listener", elbv2.ApplicationListenerProps{
		Port:          80,
		DefaultAction: elbv2.FixedResponseAction(404, elbv2.FixedResponseOptions{ContentType: elbv2.ContentTypeTextPlain, MessageBody: "not here"}),
	})
	return vpc, lb, listener
}

func init() {
	register(Case{Name: "net-listener-rules", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "NetRules", constructs.StackProps{})
		vpc, _, listener := listenerWithDefault(stack)
		api := listener.AddTargets("Api", elbv2.AddApplicationTargetsProps{
			Port:     8080,
			Priority: 10,
			Conditions: []elbv2.ListenerCondition{
				elbv2.HostHeadersCondition("api.example.com"),
				elbv2.PathPatternsCondition("/api/*", "/v2/*"),
			},
			Targets: []elbv2.IApplicationLoadBalancerTarget{elbv2.NewIPTarget("10.0.1.10", 8080)},
		})
		web := elbv2.NewApplicationTargetGroup(stack, "Web", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
		listener.AddAction("Admin", elbv2.AddApplicationActionProps{
			Priority: 20,
			Conditions: []elbv2.ListenerCondition{
				elbv2.HTTPHeaderCondition("X-Admin", "yes", "true"),
				elbv2.HTTPRequestMethodsCondition("GET", "POST"),
				elbv2.QueryStringsCondition(elbv2.QueryStringCondition{Key: "mode", Value: "admin"}, elbv2.QueryStringCondition{Value: "debug"}),
				elbv2.SourceIPsCondition("10.0.0.0/8", "192.168.0.0/16"),
			},
			Action: elbv2.ForwardAction([]elbv2.IApplicationTargetGroup{api}),
		})
		listener.AddTargetGroups("Static", elbv2.AddApplicationTargetGroupsProps{
			Priority:     30,
			Conditions:   []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/static/*")},
			TargetGroups: []elbv2.IApplicationTargetGroup{web},
		})
		elbv2.NewApplicationListenerRule(stack, "Standalone", elbv2.ApplicationListenerRuleProps{
			Listener:     listener,
			Priority:     40,
			Conditions:   []elbv2.ListenerCondition{elbv2.HostHeadersCondition("www.example.com")},
			TargetGroups: []elbv2.IApplicationTargetGroup{web},
		})
	}})

	register(Case{Name: "net-weighted-forward", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "NetWeighted", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
		lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
		blue := elbv2.NewApplicationTargetGroup(stack, "Blue", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
		green := elbv2.NewApplicationTargetGroup(stack, "Green", elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: 80, TargetType: elbv2.TargetIP})
		listener := lb.AddListener("Listener", elbv2.ApplicationListenerProps{
			Port: 80,
			DefaultAction: elbv2.WeightedForwardAction([]elbv2.WeightedTargetGroup{
				{TargetGroup: blue, Weight: new(90)}, {TargetGroup: green, Weight: new(10)},
			}, elbv2.ForwardOptions{StickinessDuration: 5 * time.Minute}),
		})
		listener.AddAction("Canary", elbv2.AddApplicationActionProps{
			Priority:   5,
			Conditions: []elbv2.ListenerCondition{elbv2.HTTPHeaderCondition("X-Canary", "1")},
			Action: elbv2.WeightedForwardAction([]elbv2.WeightedTargetGroup{
				{TargetGroup: blue, Weight: new(0)}, {TargetGroup: green, Weight: new(100)},
			}),
		})
		listener.AddAction("Both", elbv2.AddApplicationActionProps{
			Priority:   6,
			Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/both")},
			Action:     elbv2.ForwardAction([]elbv2.IApplicationTargetGroup{blue, green}),
		})
		listener.AddAction("Sticky", elbv2.AddApplicationActionProps{
			Priority:   7,
			Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/sticky")},
			Action:     elbv2.ForwardAction([]elbv2.IApplicationTargetGroup{blue}, elbv2.ForwardOptions{StickinessDuration: time.Hour}),
		})
	}})

	register(Case{Name: "net-fixed-redirect", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "NetFixed", constructs.StackProps{})
		_, lb, listener := listenerWithDefault(stack)
		listener.AddAction("Health", elbv2.AddApplicationActionProps{
			Priority:   1,
			Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/health")},
			Action:     elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{ContentType: elbv2.ContentTypeApplicationJSON, MessageBody: `{"ok":true}`}),
		})
		listener.AddAction("Old", elbv2.AddApplicationActionProps{
			Priority:   2,
			Conditions: []elbv2.ListenerCondition{elbv2.HostHeadersCondition("old.example.com")},
			Action:     elbv2.RedirectAction(elbv2.RedirectOptions{Host: "new.example.com", Protocol: elbv2.ProtocolHTTPS, Port: "443", Permanent: true}),
		})
		listener.AddAction("Docs", elbv2.AddApplicationActionProps{
			Priority:   3,
			Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/docs/*")},
			Action:     elbv2.RedirectAction(elbv2.RedirectOptions{Path: "/manual/#{path}", Query: "#{query}&from=docs"}),
		})
		listener.AddAction("Teapot", elbv2.AddApplicationActionProps{
			Priority:   50000,
			Conditions: []elbv2.ListenerCondition{elbv2.SourceIPsCondition("203.0.113.0/24")},
			Action:     elbv2.FixedResponseAction(503, elbv2.FixedResponseOptions{}),
		})
		lb.AddListener("Alt", elbv2.ApplicationListenerProps{
			Port:          8080,
			Open:          new(false),
			DefaultAction: elbv2.RedirectAction(elbv2.RedirectOptions{Protocol: elbv2.RedirectKeepProtocol, Port: "80"}),
		})
	}})

	register(Case{Name: "net-gateway-endpoints", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "NetGateway", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
		vpc.AddGatewayEndpoint("S3", ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayEndpointS3})
		dynamo := vpc.AddGatewayEndpoint("Dynamo", ec2.GatewayVpcEndpointOptions{
			Service: ec2.GatewayEndpointDynamoDB,
			Subnets: []ec2.SubnetSelection{{SubnetType: ec2.SubnetPrivateWithEgress}},
		})
		dynamo.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Principals: []iam.IPrincipal{iam.NewAnyPrincipal()},
			Actions:    []string{"dynamodb:GetItem", "dynamodb:Query"},
			Resources:  []string{"arn:aws:dynamodb:*:*:table/orders"},
		}))
	}})

	register(Case{
		Name:    "net-interface-endpoints",
		Context: map[string]any{ec2.AvailabilityZonesContextKey("123456789012", "eu-west-1"): []any{"eu-west-1a", "eu-west-1b", "eu-west-1c"}},
		Build: func(app *constructs.App) {
			stack := constructs.NewStack(app, "NetInterface", constructs.StackProps{})
			vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
			vpc.AddInterfaceEndpoint("Ecr", ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointECR})
			vpc.AddInterfaceEndpoint("EcrDocker", ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointECRDocker, PrivateDNSEnabled: new(true)})
			vpc.AddInterfaceEndpoint("Logs", ec2.InterfaceVpcEndpointOptions{
				Service: ec2.InterfaceEndpointLogs,
				Subnets: ec2.SubnetSelection{SubnetType: ec2.SubnetPublic},
				Open:    new(false),
			})
			sg := ec2.NewSecurityGroup(stack, "EndpointSg", ec2.SecurityGroupProps{Vpc: vpc, AllowAllOutbound: new(false)})
			vpc.AddInterfaceEndpoint("Secrets", ec2.InterfaceVpcEndpointOptions{
				Service:           ec2.InterfaceEndpointSecretsManager,
				SecurityGroups:    []ec2.ISecurityGroup{sg},
				PrivateDNSEnabled: new(false),
			})
			vpc.AddInterfaceEndpoint("Partner", ec2.InterfaceVpcEndpointOptions{
				Service: ec2.InterfaceVpcEndpointService{Name: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ServicePort: 8443},
				Subnets: ec2.SubnetSelection{SubnetType: ec2.SubnetPrivateWithEgress, AvailabilityZones: vpc.AvailabilityZones()[:1]},
			})
			regional := constructs.NewStack(app, "NetInterfaceRegional", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
			rvpc := ec2.NewVpc(regional, "Vpc", ec2.VpcProps{MaxAZs: 3, NatGateways: new(1)})
			rvpc.AddInterfaceEndpoint("Ssm", ec2.InterfaceVpcEndpointOptions{Service: ec2.InterfaceEndpointSSM})
			rvpc.AddGatewayEndpoint("S3", ec2.GatewayVpcEndpointOptions{Service: ec2.GatewayEndpointS3})
		},
	})

	register(Case{Name: "net-vpc-gateway-endpoints", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "NetVpcGateway", constructs.StackProps{})
		ec2.NewVpc(stack, "Vpc", ec2.VpcProps{
			MaxAZs: 2,
			SubnetConfiguration: []ec2.SubnetConfiguration{
				{Name: "Public", SubnetType: ec2.SubnetPublic},
				{Name: "App", SubnetType: ec2.SubnetPrivateWithEgress},
				{Name: "Data", SubnetType: ec2.SubnetPrivateIsolated},
			},
			GatewayEndpoints: map[string]ec2.GatewayVpcEndpointOptions{
				"S3":     {Service: ec2.GatewayEndpointS3},
				"Dynamo": {Service: ec2.GatewayEndpointDynamoDB, Subnets: []ec2.SubnetSelection{{SubnetGroupName: "Data"}, {SubnetGroupName: "App"}}},
			},
		})
	}})

	register(Case{Name: "net-flowlog-cloudwatch", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "NetFlowLogs", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{
			MaxAZs: 2,
			FlowLogs: map[string]ec2.FlowLogOptions{
				"Rejected": {
					TrafficType:            ec2.FlowLogTrafficReject,
					MaxAggregationInterval: ec2.FlowLogAggregationOneMinute,
					LogFormat:              []ec2.LogFormat{ec2.LogFormatSrcAddr, ec2.LogFormatDstAddr, "${action}"},
				},
			},
		})
		vpc.AddFlowLog("FlowLog", ec2.FlowLogOptions{})
		group := logs.NewLogGroup(stack, "Group", logs.LogGroupProps{Retention: logs.OneWeek})
		role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("vpc-flow-logs.amazonaws.com")})
		vpc.AddFlowLog("Custom", ec2.FlowLogOptions{
			Destination: ec2.FlowLogToCloudWatchLogs(group, role),
			TrafficType: ec2.FlowLogTrafficAccept,
			FlowLogName: "accepted",
		})
	}})

	register(Case{Name: "net-flowlog-s3", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "NetFlowLogsS3", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
		vpc.AddFlowLog("ToS3", ec2.FlowLogOptions{Destination: ec2.FlowLogToS3("", "")})
		vpc.AddFlowLog("ToS3Prefix", ec2.FlowLogOptions{Destination: ec2.FlowLogToS3("", "flows/")})
		vpc.AddFlowLog("ToArn", ec2.FlowLogOptions{Destination: ec2.FlowLogToS3("arn:aws:s3:::my-flow-logs", "vpc")})
	}})

	register(Case{Name: "net-rule-fargate-target", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "NetRuleService", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
		cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
		task := ecs.NewFargateTaskDefinition(stack, "Task", ecs.FargateTaskDefinitionProps{})
		task.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), PortMappings: []ecs.PortMapping{{ContainerPort: 80}}})
		service := ecs.NewFargateService(stack, "Service", ecs.FargateServiceProps{Cluster: cluster, TaskDefinition: task})
		lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: true})
		listener := lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80, DefaultAction: elbv2.FixedResponseAction(404, elbv2.FixedResponseOptions{})})
		listener.AddTargets("App", elbv2.AddApplicationTargetsProps{
			Port:       80,
			Priority:   5,
			Conditions: []elbv2.ListenerCondition{elbv2.PathPatternsCondition("/app/*")},
			Targets:    []elbv2.IApplicationLoadBalancerTarget{service},
		})
	}})

	register(Case{
		Name:    "net-flowlog-s3-logging-policy",
		Context: map[string]any{"@aws-cdk/aws-s3:createDefaultLoggingPolicy": true},
		Build: func(app *constructs.App) {
			stack := constructs.NewStack(app, "NetFlowLogsPolicy", constructs.StackProps{})
			vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 1, NatGateways: new(0)})
			vpc.AddFlowLog("Plain", ec2.FlowLogOptions{Destination: ec2.FlowLogToS3("", "")})
			vpc.AddFlowLog("Prefixed", ec2.FlowLogOptions{Destination: ec2.FlowLogToS3("", "flows")})
		},
	})

	register(Case{
		Name: "net-alb-feature-flags",
		Context: map[string]any{
			"@aws-cdk/aws-elasticloadbalancingv2:usePostQuantumTlsPolicy":                                true,
			"@aws-cdk/aws-elasticloadbalancingV2:albDualstackWithoutPublicIpv4SecurityGroupRulesDefault": true,
		},
		Build: func(app *constructs.App) {
			stack := constructs.NewStack(app, "NetAlbFlags", constructs.StackProps{})
			vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
			lb := elbv2.NewApplicationLoadBalancer(stack, "LB", elbv2.ApplicationLoadBalancerProps{
				Vpc:            vpc,
				InternetFacing: true,
				IPAddressType:  elbv2.DualStackWithoutPublicIPv4,
			})
			lb.AddListener("Https", elbv2.ApplicationListenerProps{
				Port:          443,
				Certificates:  []elbv2.IListenerCertificate{elbv2.ListenerCertificateFromARN("arn:aws:acm:us-east-1:123456789012:certificate/abc")},
				DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{}),
			})
		},
	})
}
