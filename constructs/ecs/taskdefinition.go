package ecs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// FargateTaskDefinitionProps configures NewFargateTaskDefinition.
type FargateTaskDefinitionProps struct {
	// CPU is the task's CPU units: 256, 512, 1024, 2048, 4096, 8192 or
	// 16384; default 256.
	CPU int
	// MemoryMiB is the task's memory; it must be one of the values Fargate
	// allows for CPU (checked at synthesis); default 512.
	MemoryMiB int
	// Family is the task definition family; default: the construct's unique
	// id (stack and path, with a hash), as the AWS CDK names it.
	Family string
	// TaskRole is the role the containers' code runs as; default: a new role
	// "TaskRole" that ecs-tasks.amazonaws.com can assume.
	TaskRole iam.IRole
	// ExecutionRole is the role ECS uses to pull images and write logs;
	// default: a role "ExecutionRole" created when something needs it (the
	// awslogs driver, an ECR image, a secret).
	ExecutionRole iam.IRole
	// EphemeralStorageGiB is the task's ephemeral storage, 21 to 200 GiB;
	// default: Fargate's 20 GiB (left out of the template).
	EphemeralStorageGiB int
	// RuntimePlatform is the CPU architecture and operating system the
	// task runs on, e.g. ecs.RuntimePlatform{CPUArchitecture:
	// ecs.CPUArchitectureARM64}; default: left out (Linux on X86_64).
	RuntimePlatform RuntimePlatform
	// Volumes of the task; more with AddVolume.
	Volumes []Volume
	// PidMode is the process namespace of the containers: PidModeTask
	// shares one among the task's containers (Fargate on Linux accepts only
	// that, and needs RuntimePlatform.OperatingSystemFamily); default: none.
	PidMode PidMode
}

// PidMode is the process namespace of a task's containers.
type PidMode string

// Process namespace modes.
const (
	PidModeTask PidMode = "task"
	PidModeHost PidMode = "host"
)

// CPUArchitecture is the CPU architecture of a task's runtime platform.
type CPUArchitecture string

// CPU architectures (the AWS SDK's spellings).
const (
	CPUArchitectureARM64 CPUArchitecture = "ARM64"
	CPUArchitectureX8664 CPUArchitecture = "X86_64"
)

// OperatingSystemFamily is the operating system of a task's runtime
// platform.
type OperatingSystemFamily string

// Operating system families.
const (
	OperatingSystemFamilyLinux                 OperatingSystemFamily = "LINUX"
	OperatingSystemFamilyWindowsServer2019Core OperatingSystemFamily = "WINDOWS_SERVER_2019_CORE"
	OperatingSystemFamilyWindowsServer2019Full OperatingSystemFamily = "WINDOWS_SERVER_2019_FULL"
	OperatingSystemFamilyWindowsServer2022Core OperatingSystemFamily = "WINDOWS_SERVER_2022_CORE"
	OperatingSystemFamilyWindowsServer2022Full OperatingSystemFamily = "WINDOWS_SERVER_2022_FULL"
	OperatingSystemFamilyWindowsServer2025Core OperatingSystemFamily = "WINDOWS_SERVER_2025_CORE"
	OperatingSystemFamilyWindowsServer2025Full OperatingSystemFamily = "WINDOWS_SERVER_2025_FULL"
)

// IsWindows reports whether the family is a Windows Server family.
func (f OperatingSystemFamily) IsWindows() bool { return strings.HasPrefix(string(f), "WINDOWS") }

// RuntimePlatform is the AWS CDK's RuntimePlatform; either field may be
// left out.
type RuntimePlatform struct {
	CPUArchitecture       CPUArchitecture
	OperatingSystemFamily OperatingSystemFamily
}

// FargateTaskDefinition is an AWS::ECS::TaskDefinition for Fargate: network
// mode awsvpc, compatibility FARGATE, as the AWS CDK's FargateTaskDefinition.
type FargateTaskDefinition struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::ECS::TaskDefinition.
	Resource *ecscfn.CfnTaskDefinition
	// TaskRole is the role of the task's containers.
	TaskRole iam.IRole

	executionRole iam.IRole
	containers    []*ContainerDefinition
	volumes       []string
	cpu, memory   int
	osFamily      OperatingSystemFamily
}

// fargateMemory lists, for each Fargate CPU value, the memory values (MiB)
// Fargate accepts for Linux tasks.
var fargateMemory = map[int][]int{
	256:   {512, 1024, 2048},
	512:   steps(1024, 4096, 1024),
	1024:  steps(2048, 8192, 1024),
	2048:  steps(4096, 16384, 1024),
	4096:  steps(8192, 30720, 1024),
	8192:  steps(16384, 61440, 4096),
	16384: steps(32768, 122880, 8192),
}

func steps(from, to, step int) []int {
	var out []int
	for m := from; m <= to; m += step {
		out = append(out, m)
	}
	return out
}

// NewFargateTaskDefinition creates a Fargate task definition; add containers
// with AddContainer.
func NewFargateTaskDefinition(scope constructs.Construct, id string, props FargateTaskDefinitionProps) *FargateTaskDefinition {
	props.TaskRole, props.ExecutionRole = constructs.NormalizeNil(props.TaskRole), constructs.NormalizeNil(props.ExecutionRole)
	td := &FargateTaskDefinition{cpu: props.CPU, memory: props.MemoryMiB, executionRole: props.ExecutionRole}
	td.Base = constructs.NewBase(td, scope, id)
	if td.cpu == 0 {
		td.cpu = 256
	}
	if td.memory == 0 {
		td.memory = 512
	}
	family := props.Family
	if family == "" {
		family = constructs.UniqueID(td)
	}
	td.TaskRole = props.TaskRole
	if td.TaskRole == nil {
		td.TaskRole = iam.NewRole(td, "TaskRole", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	}
	p := ecscfn.CfnTaskDefinitionProps{
		Cpu:                     new(strconv.Itoa(td.cpu)),
		Memory:                  new(strconv.Itoa(td.memory)),
		Family:                  new(family),
		NetworkMode:             new("awsvpc"),
		RequiresCompatibilities: []string{"FARGATE"},
		TaskRoleArn:             new(td.TaskRole.RoleARN()),
	}
	if props.EphemeralStorageGiB != 0 {
		if !token.IsUnresolved(props.EphemeralStorageGiB) && (props.EphemeralStorageGiB < 21 || props.EphemeralStorageGiB > 200) {
			td.Errorf("EphemeralStorageGiB is %d; Fargate allows 21 to 200 GiB", props.EphemeralStorageGiB)
		}
		p.EphemeralStorage = &ecscfn.CfnTaskDefinition_EphemeralStorageProperty{SizeInGiB: new(props.EphemeralStorageGiB)}
	}
	if rp := props.RuntimePlatform; rp != (RuntimePlatform{}) {
		p.RuntimePlatform = &ecscfn.CfnTaskDefinition_RuntimePlatformProperty{}
		if rp.CPUArchitecture != "" {
			p.RuntimePlatform.CpuArchitecture = new(string(rp.CPUArchitecture))
		}
		if rp.OperatingSystemFamily != "" {
			p.RuntimePlatform.OperatingSystemFamily = new(string(rp.OperatingSystemFamily))
		}
		td.osFamily = rp.OperatingSystemFamily
	}
	if props.PidMode != "" {
		family := props.RuntimePlatform.OperatingSystemFamily
		switch {
		case family == "":
			td.Errorf("PidMode needs RuntimePlatform.OperatingSystemFamily; set it, e.g. to ecs.OperatingSystemFamilyLinux")
		case family.IsWindows():
			td.Errorf("PidMode is not supported for Windows containers (%s); leave it out", family)
		case family == OperatingSystemFamilyLinux && props.PidMode != PidModeTask && !token.IsUnresolved(string(props.PidMode)):
			td.Errorf("PidMode %q: Fargate on Linux accepts only %q", props.PidMode, PidModeTask)
		}
		p.PidMode = new(string(props.PidMode))
	}
	td.Resource = ecscfn.NewCfnTaskDefinition(td, "Resource", p)
	constructs.AspectsOf(td).Add(constructs.AspectFunc(func(c constructs.Construct) {
		if c == constructs.Construct(td) {
			td.addDefaultLogRouter()
		}
	}))
	for _, v := range props.Volumes {
		td.AddVolume(v)
	}
	if td.executionRole != nil {
		td.Resource.Props.ExecutionRoleArn = new(td.executionRole.RoleARN())
	}
	return td
}

// Validate checks the CPU and memory pair against what Fargate accepts and
// that the task has an essential container.
func (td *FargateTaskDefinition) Validate() []string {
	msgs := td.Problems.Validate()
	if !token.IsUnresolved(td.cpu) && !token.IsUnresolved(td.memory) && td.osFamily.IsWindows() {
		msgs = append(msgs, checkWindowsSize(td.cpu, td.memory, td.osFamily)...)
	} else if !token.IsUnresolved(td.cpu) && !token.IsUnresolved(td.memory) {
		mems, ok := fargateMemory[td.cpu]
		switch {
		case !ok:
			msgs = append(msgs, fmt.Sprintf("CPU %d is not a Fargate CPU value; use 256, 512, 1024, 2048, 4096, 8192 or 16384", td.cpu))
		case !containsInt(mems, td.memory):
			msgs = append(msgs, fmt.Sprintf("MemoryMiB %d is not valid with CPU %d on Fargate; valid values for CPU %d: %s", td.memory, td.cpu, td.cpu, joinInts(mems)))
		}
	}
	sum := 0
	names := map[string]string{} // port mapping name → container
	for _, c := range td.containers {
		if !token.IsUnresolved(c.cpu) {
			sum += c.cpu
		}
		for _, pm := range c.def().PortMappings {
			if pm.Name == nil {
				continue
			}
			if other, ok := names[*pm.Name]; ok && other != c.name {
				msgs = append(msgs, fmt.Sprintf("port mapping name %q is used by containers %q and %q; port mapping names must be unique in a task", *pm.Name, other, c.name))
			}
			names[*pm.Name] = c.name
		}
	}
	if !token.IsUnresolved(td.cpu) && sum > td.cpu {
		msgs = append(msgs, fmt.Sprintf("the containers' CPU units add up to %d, more than the task's CPU %d; lower the containers' CPU or raise the task's", sum, td.cpu))
	}
	if len(td.containers) == 0 {
		msgs = append(msgs, "the task definition has no container; add one with AddContainer")
	} else if td.DefaultContainer() == nil {
		msgs = append(msgs, "the task definition has no essential container; at least one container must be essential")
	}
	return msgs
}

// checkWindowsSize applies the AWS CDK's CPU and memory rule for Windows
// tasks on Fargate.
func checkWindowsSize(cpu, memory int, family OperatingSystemFamily) []string {
	ranges := map[int][2]int{1024: {1024, 8192}, 2048: {4096, 16384}, 4096: {8192, 30720}}
	r, ok := ranges[cpu]
	if !ok {
		return []string{fmt.Sprintf("CPU %d is not valid for %s on Fargate; use 1024, 2048 or 4096", cpu, family)}
	}
	if memory < r[0] || memory > r[1] || memory%1024 != 0 {
		return []string{fmt.Sprintf("MemoryMiB %d is not valid with CPU %d for %s on Fargate; use %d to %d in steps of 1024", memory, cpu, family, r[0], r[1])}
	}
	return nil
}

// containerNamed returns the container named name, or nil.
func (td *FargateTaskDefinition) containerNamed(name string) *ContainerDefinition {
	for _, c := range td.containers {
		if c.name == name {
			return c
		}
	}
	return nil
}

func containsInt(l []int, v int) bool {
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

func joinInts(l []int) string {
	s := make([]string, len(l))
	for i, v := range l {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ", ")
}

// TaskDefinitionARN returns the task definition's Ref (its ARN).
func (td *FargateTaskDefinition) TaskDefinitionARN() string { return td.Resource.Ref() }

// Family returns the task definition family.
func (td *FargateTaskDefinition) Family() string { return *td.Resource.Props.Family }

// CPU returns the task's CPU units.
func (td *FargateTaskDefinition) CPU() int { return td.cpu }

// MemoryMiB returns the task's memory.
func (td *FargateTaskDefinition) MemoryMiB() int { return td.memory }

// ExecutionRole returns the execution role, nil when none was given or
// created yet.
func (td *FargateTaskDefinition) ExecutionRole() iam.IRole { return td.executionRole }

// ObtainExecutionRole returns the execution role, creating "ExecutionRole"
// on first use, as the AWS CDK does.
func (td *FargateTaskDefinition) ObtainExecutionRole() iam.IRole {
	if td.executionRole == nil {
		td.executionRole = iam.NewRole(td, "ExecutionRole", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	}
	if td.Resource.Props.ExecutionRoleArn == nil {
		td.Resource.Props.ExecutionRoleArn = new(td.executionRole.RoleARN())
	}
	return td.executionRole
}

// AddToExecutionRolePolicy adds a statement to the execution role's policy.
func (td *FargateTaskDefinition) AddToExecutionRolePolicy(s *iam.PolicyStatement) {
	td.ObtainExecutionRole().AddToPrincipalPolicy(s)
}

// AddToTaskRolePolicy adds a statement to the task role's policy.
func (td *FargateTaskDefinition) AddToTaskRolePolicy(s *iam.PolicyStatement) {
	td.TaskRole.AddToPrincipalPolicy(s)
}

// GrantPrincipal returns the task role, so that a task definition can be
// granted permissions.
func (td *FargateTaskDefinition) GrantPrincipal() iam.IPrincipal { return td.TaskRole }

// Containers returns the containers in the order added.
func (td *FargateTaskDefinition) Containers() []*ContainerDefinition {
	return append([]*ContainerDefinition(nil), td.containers...)
}

// DefaultContainer returns the first essential container, or nil.
func (td *FargateTaskDefinition) DefaultContainer() *ContainerDefinition {
	for _, c := range td.containers {
		if c.Essential() {
			return c
		}
	}
	return nil
}

func (td *FargateTaskDefinition) addContainer(c *ContainerDefinition) {
	td.containers = append(td.containers, c)
	td.Resource.Props.ContainerDefinitions = append(td.Resource.Props.ContainerDefinitions, ecscfn.CfnTaskDefinition_ContainerDefinitionProperty{})
}
