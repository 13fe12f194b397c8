package ecs_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/synth"
)

// containerDefs returns the ContainerDefinitions of TaskDef54694570.
func containerDefs(t *testing.T, app *constructs.App) []any {
	t.Helper()
	return taskDefProps(t, app)["ContainerDefinitions"].([]any)
}

func taskDefProps(t *testing.T, app *constructs.App) map[string]any {
	t.Helper()
	return resource(t, template(t, app), "TaskDef54694570")["Properties"].(map[string]any)
}

// synthErrors synthesizes app and requires an error containing each of want.
func synthErrors(t *testing.T, app *constructs.App, want ...string) {
	t.Helper()
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatalf("synthesis succeeded; want errors %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not contain %q:\n%v", w, err)
		}
	}
}

func newTaskDef(props ecs.FargateTaskDefinitionProps) (*constructs.App, *constructs.Stack, *ecs.FargateTaskDefinition) {
	app, stack := newStack()
	return app, stack, ecs.NewFargateTaskDefinition(stack, "TaskDef", props)
}

func TestOrderedEnvironmentSecretsAndLabels(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	c := td.AddContainer("app", ecs.ContainerDefinitionOptions{
		Image:              ecs.ImageFromRegistry("nginx"),
		OrderedEnvironment: []ecs.EnvVar{{Name: "ZONE", Value: "eu"}, {Name: "MODE", Value: "prod"}},
		Environment:        map[string]string{"B": "2", "A": "1"},
		OrderedSecrets:     []ecs.SecretVar{{Name: "Z", Secret: ecs.SSMParameter{Name: "/z"}}},
		Secrets:            map[string]ecs.Secret{"Y": ecs.SSMParameter{Name: "/y"}, "X": ecs.SSMParameter{Name: "/x"}},
		DockerLabels:       map[string]string{"b": "2"},
	})
	c.AddEnvironment("MODE", "staging") // replaced in place, as the CDK does
	c.AddEnvironment("LAST", "1")
	c.AddSecret("W", ecs.SSMParameter{Name: "/w"})
	c.AddDockerLabel("a", "1")
	def := containerDefs(t, app)[0].(map[string]any)
	want := decode(t, `[{"Name":"ZONE","Value":"eu"},{"Name":"MODE","Value":"staging"},{"Name":"A","Value":"1"},{"Name":"B","Value":"2"},{"Name":"LAST","Value":"1"}]`)
	if d := cmp.Diff(want, def["Environment"]); d != "" {
		t.Errorf("environment (-want +got):\n%s", d)
	}
	var secrets []string
	for _, s := range def["Secrets"].([]any) {
		secrets = append(secrets, s.(map[string]any)["Name"].(string))
	}
	if d := cmp.Diff([]string{"Z", "X", "Y", "W"}, secrets); d != "" {
		t.Errorf("secret order (-want +got):\n%s", d)
	}
	if d := cmp.Diff(decode(t, `{"a":"1","b":"2"}`), def["DockerLabels"]); d != "" {
		t.Errorf("docker labels (-want +got):\n%s", d)
	}
}

func TestOrderedEnvironmentDuplicates(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{
		Image:              ecs.ImageFromRegistry("nginx"),
		OrderedEnvironment: []ecs.EnvVar{{Name: "A", Value: "1"}, {Name: "A", Value: "2"}, {Name: "B", Value: "3"}},
		Environment:        map[string]string{"B": "4"},
		OrderedSecrets:     []ecs.SecretVar{{Name: "S"}, {Name: "T", Secret: ecs.SSMParameter{Name: "/t"}}},
		Secrets:            map[string]ecs.Secret{"T": ecs.SSMParameter{Name: "/t"}},
	})
	synthErrors(t, app,
		`Bonjour/TaskDef/app: environment variable "A" is given twice in OrderedEnvironment`,
		`environment variable "B" is in both OrderedEnvironment and Environment`,
		`secret "S" in OrderedSecrets has no Secret`,
		`secret "T" is in both OrderedSecrets and Secrets`)
}

func TestRuntimePlatform(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{CPU: 512, MemoryMiB: 1024, RuntimePlatform: ecs.RuntimePlatform{CPUArchitecture: ecs.CPUArchitectureARM64}})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	if d := cmp.Diff(decode(t, `{"CpuArchitecture":"ARM64"}`), taskDefProps(t, app)["RuntimePlatform"]); d != "" {
		t.Errorf("runtime platform (-want +got):\n%s", d)
	}

	app, _, td = newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	if rp, ok := taskDefProps(t, app)["RuntimePlatform"]; ok {
		t.Errorf("RuntimePlatform = %v, want it left out by default", rp)
	}

	// Windows: the CDK's CPU and memory rule, not Linux's.
	app, _, td = newTaskDef(ecs.FargateTaskDefinitionProps{CPU: 1024, MemoryMiB: 1024, RuntimePlatform: ecs.RuntimePlatform{
		CPUArchitecture: ecs.CPUArchitectureX8664, OperatingSystemFamily: ecs.OperatingSystemFamilyWindowsServer2022Core}})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("mcr.microsoft.com/windows/servercore/iis")})
	if _, err := synth.Synthesize(app); err != nil {
		t.Errorf("Windows 1024/1024: %v", err)
	}
	app, _, td = newTaskDef(ecs.FargateTaskDefinitionProps{CPU: 256, RuntimePlatform: ecs.RuntimePlatform{OperatingSystemFamily: ecs.OperatingSystemFamilyWindowsServer2019Full}})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("iis")})
	synthErrors(t, app, "Bonjour/TaskDef: CPU 256 is not valid for WINDOWS_SERVER_2019_FULL on Fargate; use 1024, 2048 or 4096")
}

func TestVolumesMountPointsAndDependencies(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{Volumes: []ecs.Volume{{Name: "scratch", Host: &ecs.Host{}}}})
	td.AddVolume(ecs.Volume{Name: "efs", EFSVolumeConfiguration: &ecs.EFSVolumeConfiguration{FileSystemID: "fs-1", TransitEncryptionPort: 2049}})
	web := td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	side := td.AddContainer("side", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("busybox"), Essential: new(false)})
	web.AddMountPoints(ecs.MountPoint{ContainerPath: "/data", SourceVolume: "efs", ReadOnly: true}, ecs.MountPoint{ContainerPath: "/tmp/s", SourceVolume: "scratch"})
	web.AddVolumesFrom(ecs.VolumeFrom{SourceContainer: "side"})
	web.AddContainerDependencies(ecs.ContainerDependency{Container: side, Condition: ecs.ContainerDependencyComplete})
	props := taskDefProps(t, app)
	if d := cmp.Diff(decode(t, `[{"Host":{},"Name":"scratch"},{"EFSVolumeConfiguration":{"FilesystemId":"fs-1","TransitEncryptionPort":2049},"Name":"efs"}]`), props["Volumes"]); d != "" {
		t.Errorf("volumes (-want +got):\n%s", d)
	}
	def := props["ContainerDefinitions"].([]any)[0].(map[string]any)
	for key, want := range map[string]string{
		"MountPoints": `[{"ContainerPath":"/data","ReadOnly":true,"SourceVolume":"efs"},{"ContainerPath":"/tmp/s","ReadOnly":false,"SourceVolume":"scratch"}]`,
		"VolumesFrom": `[{"ReadOnly":false,"SourceContainer":"side"}]`,
		"DependsOn":   `[{"Condition":"COMPLETE","ContainerName":"side"}]`,
	} {
		if d := cmp.Diff(decode(t, want), def[key]); d != "" {
			t.Errorf("%s (-want +got):\n%s", key, d)
		}
	}
}

func TestVolumeAndDependencyErrors(t *testing.T) {
	app, stack, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddVolume(ecs.Volume{Name: "host", Host: &ecs.Host{SourcePath: "/var/data"}})
	td.AddVolume(ecs.Volume{Name: "efs", EFSVolumeConfiguration: &ecs.EFSVolumeConfiguration{FileSystemID: "fs-1", AuthorizationConfig: &ecs.EFSAuthorizationConfig{AccessPointID: "fsap-1"}}})
	web := td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	db := td.AddContainer("db", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("postgres")})
	other := ecs.NewFargateTaskDefinition(stack, "Other", ecs.FargateTaskDefinitionProps{})
	foreign := other.AddContainer("x", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
	web.AddMountPoints(ecs.MountPoint{ContainerPath: "/d", SourceVolume: "nope"})
	web.AddVolumesFrom(ecs.VolumeFrom{SourceContainer: "ghost"}, ecs.VolumeFrom{SourceContainer: "web"})
	web.AddContainerDependencies(ecs.ContainerDependency{Container: db}, ecs.ContainerDependency{Container: web, Condition: ecs.ContainerDependencyStart},
		ecs.ContainerDependency{Container: foreign, Condition: ecs.ContainerDependencyStart}, ecs.ContainerDependency{})
	synthErrors(t, app,
		`Bonjour/TaskDef: volume "host": Host.SourcePath is not supported on Fargate`,
		`volume "efs": an EFS access point or IAM authorization needs TransitEncryption "ENABLED"`,
		`Bonjour/TaskDef/web: mount point source volume "nope" is not a volume of the task definition`,
		`volumes-from source container "ghost" is not a container of the task definition`,
		`volumes-from "web" is the container itself`,
		`waits for container "db" to be HEALTHY, but "db" has no HealthCheck`,
		`the container depends on itself`,
		`the container depends on Bonjour/Other/x, a container of another task definition`,
		`a container dependency has no Container`)
}

func TestLinuxParametersAndUlimits(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	c := td.AddContainer("app", ecs.ContainerDefinitionOptions{
		Image:           ecs.ImageFromRegistry("nginx"),
		LinuxParameters: &ecs.LinuxParameters{InitProcessEnabled: true, DropCapabilities: []ecs.Capability{ecs.CapabilityAll}},
		Ulimits:         []ecs.Ulimit{{Name: ecs.UlimitNofile, SoftLimit: 1024, HardLimit: 4096}},
		StopTimeout:     10 * time.Second,
	})
	c.AddUlimits(ecs.Ulimit{Name: ecs.UlimitCore, SoftLimit: 0, HardLimit: 0})
	td.AddContainer("bare", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), LinuxParameters: &ecs.LinuxParameters{}})
	defs := containerDefs(t, app)
	def := defs[0].(map[string]any)
	if d := cmp.Diff(decode(t, `{"Capabilities":{"Drop":["ALL"]},"InitProcessEnabled":true}`), def["LinuxParameters"]); d != "" {
		t.Errorf("linux parameters (-want +got):\n%s", d)
	}
	if d := cmp.Diff(decode(t, `[{"HardLimit":4096,"Name":"nofile","SoftLimit":1024},{"HardLimit":0,"Name":"core","SoftLimit":0}]`), def["Ulimits"]); d != "" {
		t.Errorf("ulimits (-want +got):\n%s", d)
	}
	if def["StopTimeout"] != 10.0 {
		t.Errorf("StopTimeout = %v, want 10", def["StopTimeout"])
	}
	// The AWS CDK writes an empty Capabilities object when nothing is added or dropped.
	if d := cmp.Diff(decode(t, `{"Capabilities":{}}`), defs[1].(map[string]any)["LinuxParameters"]); d != "" {
		t.Errorf("empty linux parameters (-want +got):\n%s", d)
	}
}

func TestLinuxParametersFargateErrors(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{
		Image: ecs.ImageFromRegistry("nginx"),
		LinuxParameters: &ecs.LinuxParameters{
			AddCapabilities:     []ecs.Capability{ecs.CapabilityNetAdmin},
			SharedMemorySizeMiB: 64,
			Devices:             []ecs.Device{{HostPath: "/dev/fuse"}},
			Tmpfs:               []ecs.Tmpfs{{ContainerPath: "/tmp", SizeMiB: 64}},
			Swappiness:          new(10),
		},
		Ulimits:      []ecs.Ulimit{{Name: ecs.UlimitNproc, SoftLimit: 10, HardLimit: 5}, {SoftLimit: 1, HardLimit: 1}},
		StartTimeout: 1500 * time.Millisecond,
	})
	synthErrors(t, app,
		"Bonjour/TaskDef/app: LinuxParameters.AddCapabilities: Fargate adds only SYS_PTRACE, not NET_ADMIN",
		"LinuxParameters.SharedMemorySizeMiB is not supported on Fargate",
		"LinuxParameters.Devices is not supported on Fargate",
		"LinuxParameters.Tmpfs is not supported on Fargate",
		"LinuxParameters.Swappiness applies only with MaxSwapMiB",
		"ulimit nproc: SoftLimit (10) is above HardLimit (5)",
		"a ulimit has no Name",
		"StartTimeout is 1.5s; give a positive whole number of seconds")
}

func TestPortMappingNamesAndCPU(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{CPU: 256})
	td.AddContainer("a", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), CPU: 200, PortMappings: []ecs.PortMapping{
		{ContainerPort: 80, Name: "http"}, {ContainerPort: 81, Name: "http"}, {ContainerPort: 82, AppProtocol: "grpc"},
	}})
	td.AddContainer("b", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), CPU: 100, PortMappings: []ecs.PortMapping{{ContainerPort: 90, Name: "http"}}})
	synthErrors(t, app,
		`Bonjour/TaskDef/a: port mapping name "http" is used twice in the container`,
		`port mapping 82: AppProtocol "grpc" needs a Name`,
		`Bonjour/TaskDef: port mapping name "http" is used by containers "a" and "b"`,
		`the containers' CPU units add up to 300, more than the task's CPU 256`)
}

// TestSidecarExecutionRoleGrants checks that containers added after the
// first keep the execution role's grants right: each log group and secret
// granted once, the ECR pull statements of one repository written once.
func TestSidecarExecutionRoleGrants(t *testing.T) {
	app, stack, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	repo := ecr.RepositoryFromName(stack, "Repo", "shop")
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromECRRepository(repo, "v1"), Logging: ecs.AWSLogs{StreamPrefix: "web"}})
	td.AddContainer("side", ecs.ContainerDefinitionOptions{
		Image: ecs.ImageFromECRRepository(repo, "side"), Essential: new(false),
		OrderedSecrets: []ecs.SecretVar{{Name: "K", Secret: ecs.SSMParameter{Name: "/k"}}},
	})
	pol := resource(t, template(t, app), "TaskDefExecutionRoleDefaultPolicy0DBB737A")
	var actions []string
	for _, s := range pol["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
		a, _ := json.Marshal(s.(map[string]any)["Action"])
		actions = append(actions, string(a))
	}
	want := []string{
		`["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"]`,
		`"ecr:GetAuthorizationToken"`,
		`["logs:CreateLogStream","logs:PutLogEvents"]`,
		`["ssm:DescribeParameters","ssm:GetParameters","ssm:GetParameter","ssm:GetParameterHistory"]`,
	}
	if d := cmp.Diff(want, actions); d != "" {
		t.Errorf("execution role statements (-want +got):\n%s", d)
	}
}

func TestHealthCheckIntervalAndTimeout(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"),
		HealthCheck: &ecs.HealthCheck{Command: []string{"true"}, Interval: 5 * time.Second, Timeout: 10 * time.Second}})
	synthErrors(t, app, "Bonjour/TaskDef/app: HealthCheck.Interval (5s) is shorter than its Timeout (10s)")

	app, _, td = newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"),
		HealthCheck: &ecs.HealthCheck{Command: []string{"CMD", "true"}, Interval: 10 * time.Second, Timeout: 10 * time.Second}})
	if d := cmp.Diff(decode(t, `{"Command":["CMD","true"],"Interval":10,"Retries":3,"Timeout":10}`), containerDefs(t, app)[0].(map[string]any)["HealthCheck"]); d != "" {
		t.Errorf("health check (-want +got):\n%s", d)
	}
}

func TestEnvironmentFilesAndSystemControls(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{
		Image:            ecs.ImageFromRegistry("nginx"),
		EnvironmentFiles: []ecs.EnvironmentFile{{BucketName: "b", ObjectKey: "k.env"}},
		SystemControls:   []ecs.SystemControl{{Namespace: "net.core.somaxconn", Value: "1024"}},
	})
	def := containerDefs(t, app)[0].(map[string]any)
	if d := cmp.Diff(decode(t, `[{"Type":"s3","Value":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::b/k.env"]]}}]`), def["EnvironmentFiles"]); d != "" {
		t.Errorf("environment files (-want +got):\n%s", d)
	}
	if d := cmp.Diff(decode(t, `[{"Namespace":"net.core.somaxconn","Value":"1024"}]`), def["SystemControls"]); d != "" {
		t.Errorf("system controls (-want +got):\n%s", d)
	}

	app, _, td = newTaskDef(ecs.FargateTaskDefinitionProps{})
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), EnvironmentFiles: []ecs.EnvironmentFile{{BucketName: "b"}}})
	synthErrors(t, app, "Bonjour/TaskDef/app: EnvironmentFiles[0] needs both BucketName and ObjectKey")
}

func TestPidMode(t *testing.T) {
	for _, c := range []struct {
		props ecs.FargateTaskDefinitionProps
		want  string
	}{
		{ecs.FargateTaskDefinitionProps{PidMode: ecs.PidModeTask}, "PidMode needs RuntimePlatform.OperatingSystemFamily"},
		{ecs.FargateTaskDefinitionProps{PidMode: ecs.PidModeHost, RuntimePlatform: ecs.RuntimePlatform{OperatingSystemFamily: ecs.OperatingSystemFamilyLinux}}, `PidMode "host": Fargate on Linux accepts only "task"`},
		{ecs.FargateTaskDefinitionProps{CPU: 1024, MemoryMiB: 2048, PidMode: ecs.PidModeTask, RuntimePlatform: ecs.RuntimePlatform{OperatingSystemFamily: ecs.OperatingSystemFamilyWindowsServer2022Full}}, "PidMode is not supported for Windows containers"},
	} {
		app, _, td := newTaskDef(c.props)
		td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx")})
		synthErrors(t, app, "Bonjour/TaskDef: "+c.want)
	}
}

func TestSecretsManagerVersions(t *testing.T) {
	app, _, td := newTaskDef(ecs.FargateTaskDefinitionProps{})
	arn := "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf"
	td.AddContainer("app", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromRegistry("nginx"), OrderedSecrets: []ecs.SecretVar{
		{Name: "A", Secret: ecs.SecretsManagerSecret{ARN: arn, Field: "f"}},
		{Name: "B", Secret: ecs.SecretsManagerSecret{ARN: arn, VersionStage: "AWSPREVIOUS"}},
		{Name: "C", Secret: ecs.SecretsManagerSecret{ARN: arn, Field: "f", VersionID: "v1"}},
	}})
	want := decode(t, `[{"Name":"A","ValueFrom":"`+arn+`:f::"},{"Name":"B","ValueFrom":"`+arn+`::AWSPREVIOUS:"},{"Name":"C","ValueFrom":"`+arn+`:f::v1"}]`)
	if d := cmp.Diff(want, containerDefs(t, app)[0].(map[string]any)["Secrets"]); d != "" {
		t.Errorf("secrets (-want +got):\n%s", d)
	}
}
