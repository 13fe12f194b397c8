package badinput

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/patterns"
)

// service builds a Fargate service with one container, changed by opts.
func service(s *constructs.Stack, cluster ecs.ICluster, opts ecs.ContainerDefinitionOptions) {
	td := ecs.NewFargateTaskDefinition(s, "Task", ecs.FargateTaskDefinitionProps{})
	if opts.Image == nil {
		opts.Image = ecs.ImageFromRegistry("nginx")
	}
	td.AddContainer("web", opts)
	ecs.NewFargateService(s, "Service", ecs.FargateServiceProps{Cluster: cluster, TaskDefinition: td})
}

func lbService(app *constructs.App, props patterns.LoadBalancedFargateServiceProps) {
	if props.Image == nil {
		props.Image = ecs.ImageFromRegistry("nginx")
	}
	patterns.NewLoadBalancedFargateService(stack(app, "App"), "Web", props)
}

func init() {
	add(
		// ec2.Vpc
		Case{Name: "vpc-cidr-prefix-too-long", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{CIDR: "10.0.0.0/33"})
		}},
		Case{Name: "vpc-cidr-not-an-address", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{CIDR: "10.0.300.0/16"})
		}},
		Case{Name: "vpc-cidr-too-small", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{CIDR: "10.0.0.0/28"})
		}},
		Case{Name: "vpc-max-azs-negative", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{MaxAZs: -1})
		}},
		Case{Name: "vpc-nat-gateways-negative", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{NatGateways: new(-1)})
		}},
		Case{Name: "vpc-subnet-without-name", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{SubnetConfiguration: []ec2.SubnetConfiguration{{SubnetType: ec2.SubnetPublic, CIDRMask: 24}}})
		}},
		Case{Name: "vpc-duplicate-subnet-names", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{SubnetConfiguration: []ec2.SubnetConfiguration{
				{Name: "Web", SubnetType: ec2.SubnetPublic, CIDRMask: 24},
				{Name: "Web", SubnetType: ec2.SubnetPrivateWithEgress, CIDRMask: 24},
			}})
		}},
		Case{Name: "vpc-subnet-mask-out-of-range", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Web", SubnetType: ec2.SubnetPublic, CIDRMask: 29}}})
		}},
		Case{Name: "vpc-private-subnets-without-nat", Build: func(app *constructs.App) {
			ec2.NewVpc(stack(app, "App"), "Vpc", ec2.VpcProps{SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "App", SubnetType: ec2.SubnetPrivateWithEgress, CIDRMask: 24}}})
		}},

		// ec2.SecurityGroup
		Case{Name: "security-group-without-vpc", Build: func(app *constructs.App) {
			ec2.NewSecurityGroup(stack(app, "App"), "Sg", ec2.SecurityGroupProps{})
		}},
		Case{Name: "security-group-typed-nil-vpc", Build: func(app *constructs.App) {
			var vpc *ec2.Vpc
			ec2.NewSecurityGroup(stack(app, "App"), "Sg", ec2.SecurityGroupProps{Vpc: vpc})
		}},
		Case{Name: "security-group-bad-peer-cidr", Build: func(app *constructs.App) {
			s := stack(app, "App")
			sg := ec2.NewSecurityGroup(s, "Sg", ec2.SecurityGroupProps{Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{})})
			sg.AddIngressRule(ec2.IPv4("10.0.0.0/99"), ec2.TCP(443), "from the office")
		}},
		Case{Name: "security-group-port-out-of-range", Build: func(app *constructs.App) {
			s := stack(app, "App")
			sg := ec2.NewSecurityGroup(s, "Sg", ec2.SecurityGroupProps{Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{})})
			sg.AddIngressRule(ec2.AnyIPv4(), ec2.TCP(70000), "web")
		}},

		// ecs
		Case{Name: "typed-nil-cluster", Build: func(app *constructs.App) {
			var cluster *ecs.Cluster
			service(stack(app, "App"), cluster, ecs.ContainerDefinitionOptions{})
		}},
		Case{Name: "service-without-task-definition", Build: func(app *constructs.App) {
			s := stack(app, "App")
			ecs.NewFargateService(s, "Service", ecs.FargateServiceProps{Cluster: ecs.NewCluster(s, "Cluster", ecs.ClusterProps{})})
		}},
		Case{Name: "service-desired-count-negative", Build: func(app *constructs.App) {
			s := stack(app, "App")
			td := ecs.NewFargateTaskDefinition(s, "Task", ecs.FargateTaskDefinitionProps{})
			td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
			ecs.NewFargateService(s, "Service", ecs.FargateServiceProps{Cluster: ecs.NewCluster(s, "Cluster", ecs.ClusterProps{}), TaskDefinition: td, DesiredCount: new(-2)})
		}},
		Case{Name: "task-definition-without-container", Build: func(app *constructs.App) {
			s := stack(app, "App")
			td := ecs.NewFargateTaskDefinition(s, "Task", ecs.FargateTaskDefinitionProps{})
			ecs.NewFargateService(s, "Service", ecs.FargateServiceProps{Cluster: ecs.NewCluster(s, "Cluster", ecs.ClusterProps{}), TaskDefinition: td})
		}},
		Case{Name: "task-cpu-memory-mismatch", Build: func(app *constructs.App) {
			ecs.NewFargateTaskDefinition(stack(app, "App"), "Task", ecs.FargateTaskDefinitionProps{CPU: 256, MemoryMiB: 8192}).
				AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
		}},
		Case{Name: "container-without-image", Build: func(app *constructs.App) {
			ecs.NewFargateTaskDefinition(stack(app, "App"), "Task", ecs.FargateTaskDefinitionProps{}).
				AddContainer("web", ecs.ContainerDefinitionOptions{})
		}},
		Case{Name: "container-port-too-large", Build: func(app *constructs.App) {
			s := stack(app, "App")
			service(s, ecs.NewCluster(s, "Cluster", ecs.ClusterProps{}), ecs.ContainerDefinitionOptions{PortMappings: []ecs.PortMapping{{ContainerPort: 70000}}})
		}},
		Case{Name: "container-port-negative", Build: func(app *constructs.App) {
			s := stack(app, "App")
			service(s, ecs.NewCluster(s, "Cluster", ecs.ClusterProps{}), ecs.ContainerDefinitionOptions{PortMappings: []ecs.PortMapping{{ContainerPort: -80}}})
		}},
		Case{Name: "cluster-bad-container-insights", Build: func(app *constructs.App) {
			ecs.NewCluster(stack(app, "App"), "Cluster", ecs.ClusterProps{ContainerInsights: "on"})
		}},

		// elasticloadbalancingv2
		Case{Name: "load-balancer-typed-nil-vpc", Build: func(app *constructs.App) {
			var vpc *ec2.Vpc
			elbv2.NewApplicationLoadBalancer(stack(app, "App"), "LB", elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
		}},
		Case{Name: "listener-port-too-large", Build: func(app *constructs.App) {
			s := stack(app, "App")
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{})})
			lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 70000, DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{})})
		}},
		Case{Name: "listener-port-negative", Build: func(app *constructs.App) {
			s := stack(app, "App")
			lb := elbv2.NewApplicationLoadBalancer(s, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{})})
			lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: -443, DefaultAction: elbv2.FixedResponseAction(200, elbv2.FixedResponseOptions{})})
		}},
		Case{Name: "target-group-health-check-path", Build: func(app *constructs.App) {
			s := stack(app, "App")
			elbv2.NewApplicationTargetGroup(s, "Targets", elbv2.ApplicationTargetGroupProps{
				Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{}), Port: 80, TargetType: elbv2.TargetIP,
				HealthCheck: &elbv2.HealthCheck{Path: "health"},
			})
		}},
		Case{Name: "target-group-port-too-large", Build: func(app *constructs.App) {
			s := stack(app, "App")
			elbv2.NewApplicationTargetGroup(s, "Targets", elbv2.ApplicationTargetGroupProps{Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{}), Port: 65536, TargetType: elbv2.TargetIP})
		}},

		// patterns.LoadBalancedFargateService
		Case{Name: "pattern-without-image", Build: func(app *constructs.App) {
			patterns.NewLoadBalancedFargateService(stack(app, "App"), "Web", patterns.LoadBalancedFargateServiceProps{})
		}},
		Case{Name: "pattern-cluster-and-vpc", Build: func(app *constructs.App) {
			s := stack(app, "App")
			vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{})
			patterns.NewLoadBalancedFargateService(s, "Web", patterns.LoadBalancedFargateServiceProps{
				Cluster: ecs.NewCluster(s, "Cluster", ecs.ClusterProps{Vpc: vpc}), Vpc: vpc,
				Image: ecs.ImageFromRegistry("nginx"),
			})
		}},
		Case{Name: "pattern-container-port-too-large", Build: func(app *constructs.App) {
			lbService(app, patterns.LoadBalancedFargateServiceProps{ContainerPort: 70000})
		}},
		Case{Name: "pattern-container-port-negative", Build: func(app *constructs.App) {
			lbService(app, patterns.LoadBalancedFargateServiceProps{ContainerPort: -1})
		}},
		Case{Name: "pattern-listener-port-too-large", Build: func(app *constructs.App) {
			lbService(app, patterns.LoadBalancedFargateServiceProps{ListenerPort: 80000})
		}},
		Case{Name: "pattern-health-check-path", Build: func(app *constructs.App) {
			lbService(app, patterns.LoadBalancedFargateServiceProps{HealthCheckPath: "healthz"})
		}},
		Case{Name: "pattern-https-without-certificate", Build: func(app *constructs.App) {
			lbService(app, patterns.LoadBalancedFargateServiceProps{Protocol: elbv2.ProtocolHTTPS})
		}},
		Case{Name: "pattern-redirect-without-https", Build: func(app *constructs.App) {
			lbService(app, patterns.LoadBalancedFargateServiceProps{RedirectHTTP: true})
		}},
		Case{Name: "pattern-cpu-memory-mismatch", Build: func(app *constructs.App) {
			lbService(app, patterns.LoadBalancedFargateServiceProps{CPU: 256, MemoryMiB: 16384})
		}},

		// nil in the places of L2 values
		Case{Name: "ecr-image-of-nil-repository", Build: func(app *constructs.App) {
			var repo *ecr.Repository
			lbService(app, patterns.LoadBalancedFargateServiceProps{Image: ecs.ImageFromECRRepository(repo, "v1")})
		}},
		Case{Name: "nil-security-group-in-list", Build: func(app *constructs.App) {
			var sg *ec2.SecurityGroup
			lbService(app, patterns.LoadBalancedFargateServiceProps{SecurityGroups: []ec2.ISecurityGroup{sg}})
		}},
		Case{Name: "security-group-nil-peer", Build: func(app *constructs.App) {
			s := stack(app, "App")
			sg := ec2.NewSecurityGroup(s, "Sg", ec2.SecurityGroupProps{Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{})})
			sg.AddIngressRule(nil, ec2.TCP(80), "web")
		}},
		Case{Name: "grant-to-nil", Build: func(app *constructs.App) {
			ecr.NewRepository(stack(app, "App"), "Repo", ecr.RepositoryProps{}).GrantPull(nil)
		}},
		Case{Name: "role-nil-managed-policy", Build: func(app *constructs.App) {
			var mp iam.IManagedPolicy
			iam.NewRole(stack(app, "App"), "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com"), ManagedPolicies: []iam.IManagedPolicy{mp}})
		}},

		// iam, logs, ecr
		Case{Name: "role-without-principal", Build: func(app *constructs.App) {
			iam.NewRole(stack(app, "App"), "Role", iam.RoleProps{})
		}},
		Case{Name: "role-typed-nil-principal", Build: func(app *constructs.App) {
			var p *iam.ServicePrincipal
			iam.NewRole(stack(app, "App"), "Role", iam.RoleProps{AssumedBy: p})
		}},
		Case{Name: "role-bad-path", Build: func(app *constructs.App) {
			iam.NewRole(stack(app, "App"), "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com"), Path: "service"})
		}},
		Case{Name: "log-group-bad-retention", Build: func(app *constructs.App) {
			logs.NewLogGroup(stack(app, "App"), "Logs", logs.LogGroupProps{Retention: 2})
		}},
		Case{Name: "repository-bad-name", Build: func(app *constructs.App) {
			ecr.NewRepository(stack(app, "App"), "Repo", ecr.RepositoryProps{RepositoryName: "My_Repo"})
		}},
	)
}
