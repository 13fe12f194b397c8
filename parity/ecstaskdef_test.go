package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/patterns"
)

// Task definitions and containers (oracle/ecs-taskdef.js): one stack per
// case, each holding a FargateTaskDefinition "TaskDef".

func taskDefCase(name, stackName string, build func(stack *constructs.Stack)) Case {
	return Case{Name: name, Build: func(app *constructs.App) {
		build(constructs.NewStack(app, stackName, constructs.StackProps{}))
	}}
}

func init() {
	register(
		// Environment, secrets and docker labels in the program's order.
		taskDefCase("ecs-taskdef-ordered-env", "TaskDefOrdered", func(stack *constructs.Stack) {
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
			c := td.AddContainer("app", ecs.ContainerDefinitionOptions{
				Image:              ecs.ImageFromRegistry("nginx"),
				OrderedEnvironment: []ecs.EnvVar{{Name: "ZONE", Value: "eu"}, {Name: "APP_MODE", Value: "prod"}, {Name: "LOG_LEVEL", Value: "info"}},
				OrderedSecrets: []ecs.SecretVar{
					{Name: "TOKEN", Secret: ecs.SSMParameter{Name: "/prod/token"}},
					{Name: "DB_PASSWORD", Secret: ecs.SecretsManagerSecret{Name: "prod/db", Field: "password"}},
					{Name: "DB_PASSWORD_OLD", Secret: ecs.SecretsManagerSecret{Name: "prod/db", Field: "password", VersionStage: "AWSPREVIOUS"}},
					{Name: "API_KEY_V1", Secret: ecs.SecretsManagerSecret{ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf", VersionID: "f00d"}},
				},
				DockerLabels: map[string]string{"z.team": "web", "a.owner": "ops"},
			})
			c.AddEnvironment("APP_MODE", "staging")
			c.AddEnvironment("EXTRA", "1")
			c.AddDockerLabel("m.tier", "front")
		}),

		// A Fargate task on ARM64 Linux.
		taskDefCase("ecs-taskdef-arm64", "TaskDefArm", func(stack *constructs.Stack) {
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{
				CPU: 512, MemoryMiB: 1024,
				RuntimePlatform: ecs.RuntimePlatform{CPUArchitecture: ecs.CPUArchitectureARM64, OperatingSystemFamily: ecs.OperatingSystemFamilyLinux},
			})
			td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("public.ecr.aws/nginx/nginx:latest")})
		}),

		// An application container and sidecars: dependencies, a bind volume,
		// an EFS volume, mount points and volumes-from; the one execution role
		// pulls two images of one ECR repository, writes two log groups and
		// reads a sidecar's secret.
		taskDefCase("ecs-taskdef-sidecar", "TaskDefSidecar", func(stack *constructs.Stack) {
			repo := ecr.RepositoryFromName(stack, "Repo", "shop")
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{
				CPU: 1024, MemoryMiB: 2048,
				Volumes: []ecs.Volume{{Name: "scratch"}},
			})
			td.AddVolume(ecs.Volume{Name: "shared", EFSVolumeConfiguration: &ecs.EFSVolumeConfiguration{
				FileSystemID: "fs-12345678", RootDirectory: "/data", TransitEncryption: "ENABLED",
				AuthorizationConfig: &ecs.EFSAuthorizationConfig{AccessPointID: "fsap-1234567890abcdef0", IAM: "ENABLED"},
			}})
			web := td.AddContainer("web", ecs.ContainerDefinitionOptions{
				Image:        ecs.ImageFromECRRepository(repo, "v1"),
				Logging:      ecs.AWSLogs{StreamPrefix: "web"},
				PortMappings: []ecs.PortMapping{{ContainerPort: 8080}},
				CPU:          512,
			})
			initC := td.AddContainer("init", ecs.ContainerDefinitionOptions{
				Image:     ecs.ImageFromECRRepository(repo, "init"),
				Essential: new(false),
				Command:   []string{"/bin/prepare"},
				Logging:   ecs.AWSLogs{StreamPrefix: "init"},
				Secrets:   map[string]ecs.Secret{"API_KEY": ecs.SSMParameter{Name: "/shop/api-key"}},
			})
			proxy := td.AddContainer("proxy", ecs.ContainerDefinitionOptions{
				Image:                ecs.ImageFromRegistry("envoyproxy/envoy:v1.30-latest"),
				MemoryReservationMiB: 128,
				HealthCheck:          &ecs.HealthCheck{Command: []string{"curl -f http://localhost:9901/ready || exit 1"}},
			})
			web.AddContainerDependencies(
				ecs.ContainerDependency{Container: initC, Condition: ecs.ContainerDependencySuccess},
				ecs.ContainerDependency{Container: proxy},
			)
			initC.AddMountPoints(ecs.MountPoint{ContainerPath: "/scratch", SourceVolume: "scratch"})
			web.AddMountPoints(
				ecs.MountPoint{ContainerPath: "/scratch", SourceVolume: "scratch", ReadOnly: true},
				ecs.MountPoint{ContainerPath: "/mnt/shared", SourceVolume: "shared"},
			)
			proxy.AddVolumesFrom(ecs.VolumeFrom{SourceContainer: "init", ReadOnly: true})
		}),

		// Linux parameters as Fargate accepts them, and ulimits.
		taskDefCase("ecs-taskdef-linux", "TaskDefLinux", func(stack *constructs.Stack) {
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
			c := td.AddContainer("app", ecs.ContainerDefinitionOptions{
				Image: ecs.ImageFromRegistry("nginx"),
				LinuxParameters: &ecs.LinuxParameters{
					InitProcessEnabled: true,
					AddCapabilities:    []ecs.Capability{ecs.CapabilitySysPtrace},
					DropCapabilities:   []ecs.Capability{ecs.CapabilityNetRaw, ecs.CapabilityMknod},
				},
				Ulimits: []ecs.Ulimit{{Name: ecs.UlimitNofile, SoftLimit: 65536, HardLimit: 65536}},
			})
			c.AddUlimits(ecs.Ulimit{Name: ecs.UlimitNproc, SoftLimit: 1024, HardLimit: 2048})
			td.AddContainer("worker", ecs.ContainerDefinitionOptions{
				Image:           ecs.ImageFromRegistry("busybox"),
				Essential:       new(false),
				LinuxParameters: &ecs.LinuxParameters{InitProcessEnabled: true},
			})
		}),

		// A health check with every setting, and a HEALTHY dependency.
		taskDefCase("ecs-taskdef-healthcheck", "TaskDefHealth", func(stack *constructs.Stack) {
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
			db := td.AddContainer("db", ecs.ContainerDefinitionOptions{
				Image: ecs.ImageFromRegistry("postgres:16"),
				HealthCheck: &ecs.HealthCheck{
					Command:     []string{"pg_isready", "-U", "postgres"},
					Interval:    10 * time.Second,
					Timeout:     3 * time.Second,
					Retries:     5,
					StartPeriod: 40 * time.Second,
				},
				StartTimeout: 120 * time.Second,
				StopTimeout:  30 * time.Second,
			})
			app := td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
			app.AddContainerDependencies(ecs.ContainerDependency{Container: db})
		}),

		// Several port mappings: named, with application protocols, UDP, and
		// added after the container.
		taskDefCase("ecs-taskdef-ports", "TaskDefPorts", func(stack *constructs.Stack) {
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
			c := td.AddContainer("app", ecs.ContainerDefinitionOptions{
				Image: ecs.ImageFromRegistry("nginx"),
				PortMappings: []ecs.PortMapping{
					{ContainerPort: 8080, Name: "http", AppProtocol: "http"},
					{ContainerPort: 9090, Name: "grpc", AppProtocol: "grpc"},
				},
			})
			c.AddPortMappings(ecs.PortMapping{ContainerPort: 5353, Protocol: ecs.ProtocolUDP}, ecs.PortMapping{ContainerPort: 8443, HostPort: 8443})
		}),
		// FireLens without a router: the default Fluent Bit router is added.
		taskDefCase("ecs-taskdef-firelens-auto", "TaskDefFirelensAuto", func(stack *constructs.Stack) {
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
			td.AddContainer("app", ecs.ContainerDefinitionOptions{
				Image: ecs.ImageFromRegistry("nginx"),
				Logging: ecs.FireLens{Options: map[string]string{
					"Name": "cloudwatch", "region": "eu-west-1", "log_group_name": "app", "log_stream_prefix": "app/", "auto_create_group": "true",
				}},
			})
		}),

		// FireLens with a router of the program's own, a configuration file
		// in S3 and a secret option.
		taskDefCase("ecs-taskdef-firelens-router", "TaskDefFirelensRouter", func(stack *constructs.Stack) {
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
			td.AddFirelensLogRouter("router", ecs.FirelensConfig{
				Type:    ecs.FirelensFluentBit,
				Options: &ecs.FirelensOptions{ConfigFileType: ecs.FirelensConfigFileS3, ConfigFileValue: "arn:aws:s3:::my-bucket/fluent-bit.conf"},
			}, ecs.ContainerDefinitionOptions{
				Image:                ecs.ImageFromRegistry("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"),
				MemoryReservationMiB: 64,
			})
			td.AddContainer("app", ecs.ContainerDefinitionOptions{
				Image: ecs.ImageFromRegistry("nginx"),
				Logging: ecs.FireLens{
					Options:       map[string]string{"Name": "datadog", "Host": "http-intake.logs.datadoghq.com", "TLS": "on"},
					SecretOptions: map[string]ecs.Secret{"apikey": ecs.SSMParameter{Name: "/dd/key"}},
				},
			})
		}),
		// The pattern on ARM64, with its container's environment and secrets
		// in the program's order.
		taskDefCase("ecs-taskdef-pattern-ordered", "PatternOrdered", func(stack *constructs.Stack) {
			vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2})
			cluster := ecs.NewCluster(stack, "Cluster", ecs.ClusterProps{Vpc: vpc})
			patterns.NewLoadBalancedFargateService(stack, "Service", patterns.LoadBalancedFargateServiceProps{
				Cluster:            cluster,
				Image:              ecs.ImageFromRegistry("amazon/amazon-ecs-sample"),
				RuntimePlatform:    ecs.RuntimePlatform{CPUArchitecture: ecs.CPUArchitectureARM64, OperatingSystemFamily: ecs.OperatingSystemFamilyLinux},
				OrderedEnvironment: []ecs.EnvVar{{Name: "ZONE", Value: "eu"}, {Name: "APP_MODE", Value: "prod"}, {Name: "B", Value: "2"}, {Name: "A", Value: "1"}},
				OrderedSecrets: []ecs.SecretVar{
					{Name: "TOKEN", Secret: ecs.SSMParameter{Name: "/prod/token"}},
					{Name: "DB_PASSWORD", Secret: ecs.SecretsManagerSecret{Name: "prod/db"}},
				},
			})
		}),
		// The process namespace shared by the task's containers, environment
		// files in S3, kernel parameters, a TTY and an open stdin.
		taskDefCase("ecs-taskdef-misc", "TaskDefMisc", func(stack *constructs.Stack) {
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{
				PidMode:         ecs.PidModeTask,
				RuntimePlatform: ecs.RuntimePlatform{OperatingSystemFamily: ecs.OperatingSystemFamilyLinux},
			})
			td.AddContainer("app", ecs.ContainerDefinitionOptions{
				Image: ecs.ImageFromRegistry("nginx"),
				EnvironmentFiles: []ecs.EnvironmentFile{
					{BucketName: "my-config-bucket", ObjectKey: "app/prod.env"},
					{BucketName: "my-config-bucket", ObjectKey: "app/common.env"},
				},
				SystemControls: []ecs.SystemControl{{Namespace: "net.ipv4.tcp_keepalive_time", Value: "60"}},
				PseudoTerminal: true,
				Interactive:    true,
				PortMappings:   []ecs.PortMapping{{ContainerPort: 8080, Name: "web", AppProtocol: ecs.AppProtocolHTTP2}},
			})
		}),
		// Images of an ECR repository of the same stack, by tag and by digest.
		taskDefCase("ecs-taskdef-ecr-repo", "TaskDefEcr", func(stack *constructs.Stack) {
			repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
			td := ecs.NewFargateTaskDefinition(stack, "TaskDef", ecs.FargateTaskDefinitionProps{})
			td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromECRRepository(repo, "")})
			td.AddContainer("agent", ecs.ContainerDefinitionOptions{
				Image:     ecs.ImageFromECRRepository(repo, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
				Essential: new(false),
			})
		}),
	)
}
