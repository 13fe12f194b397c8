package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	appscaling "github.com/forma-iac/forma/constructs/applicationautoscaling"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecs"
	elbv2 "github.com/forma-iac/forma/constructs/elasticloadbalancingv2"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/constructs/servicediscovery"
	"github.com/forma-iac/forma/patterns"
)

// The ECS service cases; parity/oracle/ecs-service.js builds the same stacks.

type ecsBase struct {
	stack     *constructs.Stack
	vpc       *ec2.Vpc
	cluster   *ecs.Cluster
	td        *ecs.FargateTaskDefinition
	container *ecs.ContainerDefinition
}

// ecsStack makes the stack "EcsService", a VPC with one NAT gateway, a
// cluster and a task definition with a container "web" on port 80.
func ecsStack(app *constructs.App, cluster func(stack *constructs.Stack, p *ecs.ClusterProps)) ecsBase {
	b := ecsBase{stack: constructs.NewStack(app, "EcsService", constructs.StackProps{})}
	b.vpc = ec2.NewVpc(b.stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	cp := ecs.ClusterProps{Vpc: b.vpc}
	if cluster != nil {
		cluster(b.stack, &cp)
	}
	b.cluster = ecs.NewCluster(b.stack, "Cluster", cp)
	b.td = ecs.NewFargateTaskDefinition(b.stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
	b.container = b.td.AddContainer("web", ecs.ContainerDefinitionOptions{
		Image:        ecs.ImageFromRegistry("nginx"),
		PortMappings: []ecs.PortMapping{{ContainerPort: 80}},
		Logging:      ecs.AWSLogs{StreamPrefix: "web"},
	})
	return b
}

func (b ecsBase) alb() *elbv2.ApplicationListener {
	lb := elbv2.NewApplicationLoadBalancer(b.stack, "LB", elbv2.ApplicationLoadBalancerProps{Vpc: b.vpc, InternetFacing: true})
	return lb.AddListener("Listener", elbv2.ApplicationListenerProps{Port: 80})
}

func init() {
	register(Case{Name: "ecs-codedeploy-alb", Build: func(app *constructs.App) {
		b := ecsStack(app, nil)
		svc := ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: b.td, DeploymentController: ecs.DeploymentControllerCodeDeploy,
		})
		b.alb().AddTargets("ECS", elbv2.AddApplicationTargetsProps{Port: 80, Targets: []elbv2.IApplicationLoadBalancerTarget{svc}})
	}})

	register(Case{Name: "ecs-external", Build: func(app *constructs.App) {
		b := ecsStack(app, nil)
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: b.td, DesiredCount: new(2), DeploymentController: ecs.DeploymentControllerExternal,
		})
	}})

	register(Case{Name: "ecs-exec-default", Build: func(app *constructs.App) {
		b := ecsStack(app, nil)
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{Cluster: b.cluster, TaskDefinition: b.td, EnableExecuteCommand: true})
	}})

	register(Case{Name: "ecs-exec-kms-logs", Build: func(app *constructs.App) {
		b := ecsStack(app, func(stack *constructs.Stack, p *ecs.ClusterProps) {
			p.ExecuteCommandConfiguration = &ecs.ExecuteCommandConfiguration{
				KMSKey:  kms.NewKey(stack, "ExecKey", kms.KeyProps{}),
				Logging: ecs.ExecLoggingOverride,
				LogConfiguration: &ecs.ExecuteCommandLogConfiguration{
					CloudWatchLogGroup:          logs.NewLogGroup(stack, "ExecLogs", logs.LogGroupProps{}),
					CloudWatchEncryptionEnabled: true,
					S3BucketName:                "exec-audit-logs",
					S3EncryptionEnabled:         true,
					S3KeyPrefix:                 "exec",
				},
			}
		})
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{Cluster: b.cluster, TaskDefinition: b.td, EnableExecuteCommand: true})
	}})

	register(Case{Name: "ecs-exec-kms-default", Build: func(app *constructs.App) {
		b := ecsStack(app, func(stack *constructs.Stack, p *ecs.ClusterProps) {
			p.ExecuteCommandConfiguration = &ecs.ExecuteCommandConfiguration{KMSKey: kms.NewKey(stack, "ExecKey", kms.KeyProps{})}
		})
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{Cluster: b.cluster, TaskDefinition: b.td, EnableExecuteCommand: true})
	}})

	register(Case{Name: "ecs-autoscaling", Build: func(app *constructs.App) {
		b := ecsStack(app, nil)
		svc := ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{Cluster: b.cluster, TaskDefinition: b.td, MinHealthyPercent: new(100)})
		tg := b.alb().AddTargets("ECS", elbv2.AddApplicationTargetsProps{Port: 80, Targets: []elbv2.IApplicationLoadBalancerTarget{svc}})
		scaling := svc.AutoScaleTaskCount(ecs.EnableScalingProps{MinCapacity: new(1), MaxCapacity: 10})
		scaling.ScaleOnCPUUtilization("Cpu", ecs.UtilizationScalingProps{TargetUtilizationPercent: 50})
		scaling.ScaleOnMemoryUtilization("Memory", ecs.UtilizationScalingProps{
			TargetUtilizationPercent: 70,
			BaseTargetTrackingProps:  appscaling.BaseTargetTrackingProps{ScaleInCooldown: 60 * time.Second, ScaleOutCooldown: 30 * time.Second},
		})
		scaling.ScaleOnRequestCount("Requests", ecs.RequestCountScalingProps{
			RequestsPerTarget: 1000, TargetGroup: tg, BaseTargetTrackingProps: appscaling.BaseTargetTrackingProps{DisableScaleIn: true},
		})
		scaling.ScaleOnSchedule("Night", appscaling.ScalingSchedule{
			Schedule: appscaling.ScheduleCron(appscaling.CronOptions{Hour: "22", Minute: "0"}), MinCapacity: new(0), MaxCapacity: new(0),
		})
		scaling.ScaleOnSchedule("Day", appscaling.ScalingSchedule{Schedule: appscaling.ScheduleRate(12 * time.Hour), MinCapacity: new(1)})
	}})

	register(Case{Name: "ecs-fargate-spot", Build: func(app *constructs.App) {
		b := ecsStack(app, func(_ *constructs.Stack, p *ecs.ClusterProps) { p.EnableFargateCapacityProviders = true })
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: b.td,
			CapacityProviderStrategies: []ecs.CapacityProviderStrategy{
				{CapacityProvider: "FARGATE_SPOT", Weight: 2},
				{CapacityProvider: "FARGATE", Weight: 1, Base: 1},
			},
		})
	}})

	register(Case{Name: "ecs-service-connect", Build: func(app *constructs.App) {
		b := ecsStack(app, nil)
		b.cluster.AddDefaultCloudMapNamespace(ecs.CloudMapNamespaceOptions{Name: "internal", UseForServiceConnect: true})
		b.container.AddPortMappings(ecs.PortMapping{ContainerPort: 8080, Name: "api", AppProtocol: "http"})
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: b.td,
			ServiceConnectConfiguration: &ecs.ServiceConnectProps{
				Services:  []ecs.ServiceConnectService{{PortMappingName: "api", DNSName: "api", Port: 80}},
				LogDriver: ecs.AWSLogs{StreamPrefix: "sc"},
			},
		})
		client := ecs.NewFargateTaskDefinition(b.stack, "ClientTaskDef", ecs.FargateTaskDefinitionProps{})
		client.AddContainer("client", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("curlimages/curl")})
		ecs.NewFargateService(b.stack, "Client", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: client, ServiceConnectConfiguration: &ecs.ServiceConnectProps{},
		})
	}})

	register(Case{Name: "ecs-cloud-map", Build: func(app *constructs.App) {
		b := ecsStack(app, nil)
		b.cluster.AddDefaultCloudMapNamespace(ecs.CloudMapNamespaceOptions{Name: "local"})
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: b.td, CloudMapOptions: &ecs.CloudMapOptions{Name: "api"},
		})
		ns := servicediscovery.NewPrivateDNSNamespace(b.stack, "Namespace", servicediscovery.PrivateDNSNamespaceProps{Name: "other.local", Vpc: b.vpc})
		worker := ecs.NewFargateTaskDefinition(b.stack, "WorkerTaskDef", ecs.FargateTaskDefinitionProps{})
		worker.AddContainer("worker", ecs.ContainerDefinitionOptions{
			Image: ecs.ImageFromRegistry("worker"), PortMappings: []ecs.PortMapping{{ContainerPort: 9000}},
		})
		ecs.NewFargateService(b.stack, "Worker", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: worker,
			CloudMapOptions: &ecs.CloudMapOptions{
				Name: "worker", CloudMapNamespace: ns, DNSRecordType: servicediscovery.RecordSRV,
				DNSTTL: 30 * time.Second, FailureThreshold: 2,
			},
		})
	}})

	register(Case{Name: "ecs-lb-target", Build: func(app *constructs.App) {
		b := ecsStack(app, nil)
		b.td.AddContainer("admin", ecs.ContainerDefinitionOptions{
			Image: ecs.ImageFromRegistry("admin"), PortMappings: []ecs.PortMapping{{ContainerPort: 9000}}, Essential: new(false),
		})
		svc := ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{Cluster: b.cluster, TaskDefinition: b.td})
		listener := b.alb()
		listener.AddTargets("Web", elbv2.AddApplicationTargetsProps{Port: 80, Targets: []elbv2.IApplicationLoadBalancerTarget{
			svc.LoadBalancerTarget(ecs.LoadBalancerTargetOptions{ContainerName: "web", ContainerPort: 80}),
		}})
		admin := elbv2.NewApplicationListener(b.stack, "AdminListener", elbv2.ApplicationListenerProps{
			LoadBalancer: listener.LoadBalancer, Port: 8080, Protocol: elbv2.ProtocolHTTP,
		})
		svc.RegisterLoadBalancerTargets(ecs.ECSTarget{
			ContainerName: "admin", ContainerPort: 9000, NewTargetGroupID: "Admin",
			Listener: ecs.ApplicationListenerConfig(admin, elbv2.AddApplicationTargetsProps{Protocol: elbv2.ProtocolHTTP}),
		})
	}})

	register(Case{Name: "ecs-pattern-exec", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "EcsService", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
		cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc, EnableFargateCapacityProviders: true})
		patterns.NewLoadBalancedFargateService(stack, "Web", patterns.LoadBalancedFargateServiceProps{
			Cluster:                    cluster,
			Image:                      ecs.ImageFromRegistry("nginx"),
			EnableExecuteCommand:       true,
			DesiredCount:               new(2),
			MinHealthyPercent:          new(0),
			MaxHealthyPercent:          new(100),
			CapacityProviderStrategies: []ecs.CapacityProviderStrategy{{CapacityProvider: "FARGATE_SPOT", Weight: 1}},
		})
	}})

	register(Case{Name: "ecs-pattern-codedeploy", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "EcsService", constructs.StackProps{})
		vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
		cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
		patterns.NewLoadBalancedFargateService(stack, "Web", patterns.LoadBalancedFargateServiceProps{
			Cluster: cluster, Image: ecs.ImageFromRegistry("nginx"), DeploymentController: ecs.DeploymentControllerCodeDeploy,
		})
	}})

	register(Case{
		Name:    "ecs-exec-reduced",
		Context: map[string]any{"@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions": true},
		Build: func(app *constructs.App) {
			b := ecsStack(app, nil)
			ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{Cluster: b.cluster, TaskDefinition: b.td, EnableExecuteCommand: true})
		},
	})

	register(Case{Name: "ecs-service-connect-http", Build: func(app *constructs.App) {
		b := ecsStack(app, func(_ *constructs.Stack, p *ecs.ClusterProps) {
			p.DefaultCloudMapNamespace = &ecs.CloudMapNamespaceOptions{Name: "svc", Type: servicediscovery.NamespaceHTTP, UseForServiceConnect: true}
		})
		b.container.AddPortMappings(ecs.PortMapping{ContainerPort: 8080, Name: "api", AppProtocol: "grpc"})
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: b.td,
			ServiceConnectConfiguration: &ecs.ServiceConnectProps{
				Namespace: "svc",
				Services: []ecs.ServiceConnectService{{
					PortMappingName: "api", DiscoveryName: "api-v2", IngressPortOverride: 15000,
					IdleTimeout: 10 * time.Minute, PerRequestTimeout: 30 * time.Second,
				}},
			},
		})
	}})

	register(Case{Name: "ecs-scaling-schedules", Build: func(app *constructs.App) {
		b := ecsStack(app, nil)
		svc := ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{Cluster: b.cluster, TaskDefinition: b.td})
		scaling := svc.AutoScaleTaskCount(ecs.EnableScalingProps{MaxCapacity: 6})
		scaling.ScaleOnMemoryUtilization("Memory", ecs.UtilizationScalingProps{
			TargetUtilizationPercent: 65, BaseTargetTrackingProps: appscaling.BaseTargetTrackingProps{PolicyName: "memory-policy"},
		})
		scaling.ScaleOnSchedule("Launch", appscaling.ScalingSchedule{
			Schedule: appscaling.ScheduleAt(time.Date(2027, 3, 4, 5, 6, 7, 0, time.UTC)), MinCapacity: new(4),
		})
		scaling.ScaleOnSchedule("Weekdays", appscaling.ScalingSchedule{
			Schedule:    appscaling.ScheduleCron(appscaling.CronOptions{Minute: "30", Hour: "7", WeekDay: "MON-FRI"}),
			MinCapacity: new(2), MaxCapacity: new(6),
			StartTime: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), EndTime: time.Date(2027, 12, 31, 23, 59, 0, 0, time.UTC),
			TimeZone: "Europe/Paris",
		})
	}})

	register(Case{Name: "ecs-revision-default-strategy", Build: func(app *constructs.App) {
		b := ecsStack(app, func(_ *constructs.Stack, p *ecs.ClusterProps) { p.EnableFargateCapacityProviders = true })
		b.cluster.AddDefaultCapacityProviderStrategy([]ecs.CapacityProviderStrategy{
			{CapacityProvider: "FARGATE", Base: 1, Weight: 1},
			{CapacityProvider: "FARGATE_SPOT", Weight: 3},
		})
		ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: b.td, TaskDefinitionRevision: ecs.TaskDefinitionRevisionOf(3),
		})
		latest := ecs.NewFargateTaskDefinition(b.stack, "LatestTaskDef", ecs.FargateTaskDefinitionProps{})
		latest.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("app")})
		ecs.NewFargateService(b.stack, "Latest", ecs.FargateServiceProps{
			Cluster: b.cluster, TaskDefinition: latest, TaskDefinitionRevision: ecs.TaskDefinitionRevisionLatest,
		})
	}})

	register(Case{
		Name: "ecs-cdk-init-flags",
		Context: map[string]any{
			ecs.FlagRemoveDefaultDeploymentAlarm:                         true,
			ecs.FlagDisableExplicitDeploymentControllerForCircuitBreaker: true,
			ecs.FlagReduceCloudWatchPermissions:                          true,
			patterns.FlagUniqueTargetGroupID:                             true,
		},
		Build: func(app *constructs.App) {
			b := ecsStack(app, nil)
			ecs.NewFargateService(b.stack, "Service", ecs.FargateServiceProps{
				Cluster: b.cluster, TaskDefinition: b.td, EnableExecuteCommand: true,
				CircuitBreaker: &ecs.DeploymentCircuitBreaker{Rollback: true},
			})
			patterns.NewLoadBalancedFargateService(b.stack, "Web", patterns.LoadBalancedFargateServiceProps{
				Cluster: b.cluster, Image: ecs.ImageFromRegistry("nginx"),
				PublicLoadBalancer: new(false), LoadBalancerName: "web",
			})
		},
	})
}
