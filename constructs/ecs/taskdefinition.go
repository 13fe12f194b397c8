package ecs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/forma-iac/forma/constructs"
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
}

// FargateTaskDefinition is an AWS::ECS::TaskDefinition for Fargate: network
// mode awsvpc, compatibility FARGATE, as the AWS CDK's FargateTaskDefinition.
type FargateTaskDefinition struct {
	constructs.Base
	// Resource is the AWS::ECS::TaskDefinition.
	Resource *CfnTaskDefinition
	// TaskRole is the role of the task's containers.
	TaskRole iam.IRole

	executionRole iam.IRole
	containers    []*ContainerDefinition
	cpu, memory   int
	problems      []string
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
	p := CfnTaskDefinitionProps{
		Cpu:                     new(strconv.Itoa(td.cpu)),
		Memory:                  new(strconv.Itoa(td.memory)),
		Family:                  new(family),
		NetworkMode:             new("awsvpc"),
		RequiresCompatibilities: []string{"FARGATE"},
		TaskRoleArn:             new(td.TaskRole.RoleARN()),
	}
	if props.EphemeralStorageGiB != 0 {
		if !token.IsUnresolved(props.EphemeralStorageGiB) && (props.EphemeralStorageGiB < 21 || props.EphemeralStorageGiB > 200) {
			td.problems = append(td.problems, fmt.Sprintf("EphemeralStorageGiB is %d; Fargate allows 21 to 200 GiB", props.EphemeralStorageGiB))
		}
		p.EphemeralStorage = &CfnTaskDefinition_EphemeralStorageProperty{SizeInGiB: new(props.EphemeralStorageGiB)}
	}
	td.Resource = NewCfnTaskDefinition(td, "Resource", p)
	if td.executionRole != nil {
		td.Resource.Props.ExecutionRoleArn = new(td.executionRole.RoleARN())
	}
	return td
}

// Validate checks the CPU and memory pair against what Fargate accepts and
// that the task has an essential container.
func (td *FargateTaskDefinition) Validate() []string {
	msgs := append([]string(nil), td.problems...)
	if !token.IsUnresolved(td.cpu) && !token.IsUnresolved(td.memory) {
		mems, ok := fargateMemory[td.cpu]
		switch {
		case !ok:
			msgs = append(msgs, fmt.Sprintf("CPU %d is not a Fargate CPU value; use 256, 512, 1024, 2048, 4096, 8192 or 16384", td.cpu))
		case !containsInt(mems, td.memory):
			msgs = append(msgs, fmt.Sprintf("MemoryMiB %d is not valid with CPU %d on Fargate; valid values for CPU %d: %s", td.memory, td.cpu, td.cpu, joinInts(mems)))
		}
	}
	if len(td.containers) == 0 {
		msgs = append(msgs, "the task definition has no container; add one with AddContainer")
	} else if td.DefaultContainer() == nil {
		msgs = append(msgs, "the task definition has no essential container; at least one container must be essential")
	}
	return msgs
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
	td.Resource.Props.ContainerDefinitions = append(td.Resource.Props.ContainerDefinitions, CfnTaskDefinition_ContainerDefinitionProperty{})
}
