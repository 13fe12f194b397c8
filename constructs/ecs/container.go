package ecs

import (
	"fmt"
	"slices"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	"github.com/forma-iac/forma/constructs/token"
)

// Protocol is the transport protocol of a port mapping.
type Protocol string

// Port mapping protocols.
const (
	ProtocolTCP Protocol = "tcp"
	ProtocolUDP Protocol = "udp"
)

// PortMapping maps a container port (Fargate: the host port is the same).
type PortMapping struct {
	// ContainerPort is the port the container listens on (required).
	ContainerPort int
	// HostPort must equal ContainerPort on Fargate; default: left out.
	HostPort int
	// Protocol default tcp.
	Protocol Protocol
	// Name names the mapping (for Service Connect).
	Name string
	// AppProtocol is AppProtocolHTTP, AppProtocolHTTP2 or AppProtocolGRPC
	// (for Service Connect); it needs a Name.
	AppProtocol string
}

// HealthCheck is a container health check, rendered as the AWS CDK renders it.
type HealthCheck struct {
	// Command is run to check health; a single element is run with
	// CMD-SHELL, several without CMD or CMD-SHELL get CMD in front (required).
	Command []string
	// Interval between checks, 5 to 300 s; default 30 s.
	Interval time.Duration
	// Timeout of one check, 2 to 120 s; default 5 s.
	Timeout time.Duration
	// Retries before the container is unhealthy, 1 to 10; default 3.
	Retries int
	// StartPeriod is the grace period after start, 0 to 300 s; default: none.
	StartPeriod time.Duration
}

// ContainerDefinitionOptions configures a container added with
// FargateTaskDefinition.AddContainer.
type ContainerDefinitionOptions struct {
	// Image is the container image (required): ImageFromRegistry or
	// ImageFromECRRepository.
	Image ContainerImage
	// ContainerName default: the construct id given to AddContainer.
	ContainerName string
	// Command overrides the image's CMD.
	Command []string
	// EntryPoint overrides the image's ENTRYPOINT.
	EntryPoint []string
	// Environment variables, written sorted by name after
	// OrderedEnvironment.
	Environment map[string]string
	// OrderedEnvironment are environment variables written in the order
	// given, before those of Environment: the order of an AWS CDK program's
	// environment object, so that a CDK app moved to forma keeps its task
	// definition revision.
	OrderedEnvironment []EnvVar
	// Secrets are environment variables taken from Secrets Manager or SSM
	// Parameter Store when the task starts, written sorted by name after
	// OrderedSecrets; the execution role is granted read access to each.
	Secrets map[string]Secret
	// OrderedSecrets are secrets written, and granted, in the order given,
	// before those of Secrets (the order of an AWS CDK program's secrets).
	OrderedSecrets []SecretVar
	// Essential: default true. A task stops when an essential container stops.
	Essential *bool
	// CPU units reserved for the container; default: none.
	CPU int
	// MemoryLimitMiB is the hard memory limit; default: none.
	MemoryLimitMiB int
	// MemoryReservationMiB is the soft memory limit; default: none.
	MemoryReservationMiB int
	// PortMappings are the container's ports; more with AddPortMappings.
	PortMappings []PortMapping
	// HealthCheck default: the image's.
	HealthCheck *HealthCheck
	// Logging is the log driver, e.g. ecs.AWSLogs{StreamPrefix: "web"};
	// default: none.
	Logging LogDriver
	// DockerLabels are labels added to the container (see AddDockerLabel
	// for their order).
	DockerLabels map[string]string
	// LinuxParameters are Linux-specific options: an init process, kernel
	// capabilities; default: none.
	LinuxParameters *LinuxParameters
	// Ulimits of the container; more with AddUlimits.
	Ulimits []Ulimit
	// StartTimeout is how long ECS waits for the container's dependencies
	// to be met before giving up; default: ECS's.
	StartTimeout time.Duration
	// StopTimeout is how long ECS waits before killing the container after
	// it did not exit on its own; default: ECS's (30 s on Fargate).
	StopTimeout time.Duration
	// EnvironmentFiles are files of environment variables in Amazon S3.
	EnvironmentFiles []EnvironmentFile
	// SystemControls are namespaced kernel parameters.
	SystemControls []SystemControl
	// PseudoTerminal allocates a TTY; Interactive keeps stdin open.
	PseudoTerminal, Interactive bool
	// WorkingDirectory inside the container.
	WorkingDirectory string
	// User the container runs as.
	User string
	// ReadonlyRootFilesystem makes the root filesystem read-only.
	ReadonlyRootFilesystem bool
}

// ContainerDefinition is one container of a task definition. It renders into
// the task definition's ContainerDefinitions.
type ContainerDefinition struct {
	constructs.Base
	constructs.Problems
	// TaskDefinition is the task definition the container belongs to.
	TaskDefinition *FargateTaskDefinition

	index        int
	name         string
	cpu          int
	healthCheck  bool
	mountPoints  []string // source volumes
	volumesFrom  []string // source containers
	dependencies []ContainerDependency
	logDriver    string
	logOptions   map[string]string
	firelens     bool // a FireLens log router
}

// AddContainer adds a container with construct id id to the task definition.
func (td *FargateTaskDefinition) AddContainer(id string, opts ContainerDefinitionOptions) *ContainerDefinition {
	opts.Image = constructs.NormalizeNil(opts.Image)
	c := &ContainerDefinition{TaskDefinition: td, index: len(td.containers), name: opts.ContainerName}
	c.Base = constructs.NewBase(c, td, id)
	c.cpu, c.healthCheck = opts.CPU, opts.HealthCheck != nil
	if c.name == "" {
		c.name = id
	}
	td.addContainer(c)
	d := c.def()
	d.Name = c.name
	d.Essential = new(opts.Essential == nil || *opts.Essential)
	d.Command = opts.Command
	d.EntryPoint = opts.EntryPoint
	for k, v := range opts.DockerLabels {
		c.AddDockerLabel(k, v)
	}
	if opts.CPU != 0 {
		d.Cpu = new(opts.CPU)
	}
	if opts.MemoryLimitMiB != 0 {
		d.Memory = new(opts.MemoryLimitMiB)
	}
	if opts.MemoryReservationMiB != 0 {
		d.MemoryReservation = new(opts.MemoryReservationMiB)
	}
	if opts.MemoryLimitMiB != 0 && opts.MemoryReservationMiB != 0 && opts.MemoryLimitMiB < opts.MemoryReservationMiB {
		c.Errorf("MemoryLimitMiB (%d) must be at least MemoryReservationMiB (%d)", opts.MemoryLimitMiB, opts.MemoryReservationMiB)
	}
	if opts.WorkingDirectory != "" {
		d.WorkingDirectory = new(opts.WorkingDirectory)
	}
	if opts.User != "" {
		d.User = new(opts.User)
	}
	if opts.ReadonlyRootFilesystem {
		d.ReadonlyRootFilesystem = new(true)
	}
	if opts.Image == nil {
		c.Errorf("ContainerDefinitionOptions.Image is required; use ecs.ImageFromRegistry(\"name\") or ecs.ImageFromECRRepository(repo, tag)")
	} else {
		c.def().Image = opts.Image.Bind(c).ImageName
	}
	if opts.Logging != nil {
		cfg := opts.Logging.Bind(c, c)
		c.logDriver, c.logOptions = cfg.LogDriver, cfg.Options
		c.def().LogConfiguration = &ecscfn.CfnTaskDefinition_LogConfigurationProperty{LogDriver: cfg.LogDriver, Options: cfg.Options, SecretOptions: cfg.SecretOptions}
	}
	// The AWS CDK binds secrets before it reads the environment; the
	// order of the execution role's statements follows.
	for _, s := range c.secretEntries("Secrets", opts.OrderedSecrets, opts.Secrets) {
		c.AddSecret(s.Name, s.Secret)
	}
	for _, e := range c.envEntries(opts.OrderedEnvironment, opts.Environment) {
		c.AddEnvironment(e.Name, e.Value)
	}
	if opts.HealthCheck != nil {
		c.def().HealthCheck = c.renderHealthCheck(*opts.HealthCheck)
	}
	if opts.LinuxParameters != nil {
		c.def().LinuxParameters = c.renderLinuxParameters(*opts.LinuxParameters)
	}
	c.applyExtras(opts)
	c.def().StartTimeout = c.seconds("StartTimeout", opts.StartTimeout)
	c.def().StopTimeout = c.seconds("StopTimeout", opts.StopTimeout)
	c.AddPortMappings(opts.PortMappings...)
	c.AddUlimits(opts.Ulimits...)
	return c
}

// seconds renders an optional duration in whole seconds.
func (c *ContainerDefinition) seconds(name string, d time.Duration) *int {
	switch {
	case d == 0:
		return nil
	case d < 0 || d%time.Second != 0:
		c.Errorf("%s is %s; give a positive whole number of seconds", name, d)
		return nil
	}
	return new(int(d / time.Second))
}

// def returns the container's entry in the task definition's properties.
func (c *ContainerDefinition) def() *ecscfn.CfnTaskDefinition_ContainerDefinitionProperty {
	return &c.TaskDefinition.Resource.Props.ContainerDefinitions[c.index]
}

// ContainerName returns the container's name.
func (c *ContainerDefinition) ContainerName() string { return c.name }

// Essential reports whether the container is essential.
func (c *ContainerDefinition) Essential() bool { return *c.def().Essential }

// PortMappings returns the container's port mappings.
func (c *ContainerDefinition) PortMappings() []ecscfn.CfnTaskDefinition_PortMappingProperty {
	return append([]ecscfn.CfnTaskDefinition_PortMappingProperty(nil), c.def().PortMappings...)
}

// AddPortMappings adds port mappings; on Fargate a host port must equal
// the container port.
func (c *ContainerDefinition) AddPortMappings(pms ...PortMapping) {
	for _, pm := range pms {
		if pm.HostPort != 0 && pm.HostPort != pm.ContainerPort && !token.IsUnresolved(pm.HostPort) {
			c.Errorf("port mapping %d: the host port (%d) must equal the container port in the awsvpc network mode; leave HostPort out", pm.ContainerPort, pm.HostPort)
		}
		if (pm.ContainerPort <= 0 || pm.ContainerPort > 65535) && !token.IsUnresolved(pm.ContainerPort) {
			c.Errorf("port mapping: ContainerPort %d is not a port; use 1 to 65535", pm.ContainerPort)
		}
		proto := pm.Protocol
		if proto == "" {
			proto = ProtocolTCP
		}
		r := ecscfn.CfnTaskDefinition_PortMappingProperty{ContainerPort: new(pm.ContainerPort), Protocol: new(string(proto))}
		if pm.HostPort != 0 {
			r.HostPort = new(pm.HostPort)
		}
		if pm.Name != "" {
			for _, have := range c.def().PortMappings {
				if have.Name != nil && *have.Name == pm.Name {
					c.Errorf("port mapping name %q is used twice in the container; give each mapping its own name", pm.Name)
				}
			}
			r.Name = new(pm.Name)
		} else if pm.AppProtocol != "" {
			c.Errorf("port mapping %d: AppProtocol %q needs a Name (Service Connect addresses ports by name)", pm.ContainerPort, pm.AppProtocol)
		}
		if pm.AppProtocol != "" {
			r.AppProtocol = new(pm.AppProtocol)
		}
		c.def().PortMappings = append(c.def().PortMappings, r)
	}
}

// Validate reports bad options, and mount points, volumes-from and
// dependencies that name nothing in the task definition.
func (c *ContainerDefinition) Validate() []string {
	msgs := c.Problems.Validate()
	for _, v := range c.mountPoints {
		if !slices.Contains(c.TaskDefinition.volumes, v) {
			msgs = append(msgs, fmt.Sprintf("mount point source volume %q is not a volume of the task definition; add it with AddVolume", v))
		}
	}
	for _, src := range c.volumesFrom {
		if src == c.name {
			msgs = append(msgs, fmt.Sprintf("volumes-from %q is the container itself; name another container of the task", src))
		} else if c.TaskDefinition.containerNamed(src) == nil {
			msgs = append(msgs, fmt.Sprintf("volumes-from source container %q is not a container of the task definition", src))
		}
	}
	for _, d := range c.dependencies {
		switch {
		case d.Container == c:
			msgs = append(msgs, "the container depends on itself; name another container of the task")
		case d.Container.TaskDefinition != c.TaskDefinition:
			msgs = append(msgs, fmt.Sprintf("the container depends on %s, a container of another task definition; containers can wait only for containers of their own task", d.Container.Node().Path()))
		case d.Condition == ContainerDependencyHealthy && !d.Container.healthCheck:
			msgs = append(msgs, fmt.Sprintf("the container waits for container %q to be HEALTHY, but %q has no HealthCheck; give it one or use another condition", d.Container.name, d.Container.name))
		}
	}
	return msgs
}

func (c *ContainerDefinition) renderHealthCheck(hc HealthCheck) *ecscfn.CfnTaskDefinition_HealthCheckProperty {
	check := func(name string, d time.Duration, lo, hi int) {
		if d != 0 && (d < time.Duration(lo)*time.Second || d > time.Duration(hi)*time.Second) {
			c.Errorf("HealthCheck.%s is %s; it must be between %d and %d seconds", name, d, lo, hi)
		}
	}
	check("Interval", hc.Interval, 5, 300)
	check("Timeout", hc.Timeout, 2, 120)
	check("StartPeriod", hc.StartPeriod, 0, 300)
	if hc.Interval != 0 && hc.Timeout != 0 && hc.Interval < hc.Timeout {
		c.Errorf("HealthCheck.Interval (%s) is shorter than its Timeout (%s); make the interval at least the timeout", hc.Interval, hc.Timeout)
	}
	if hc.Retries != 0 && (hc.Retries < 1 || hc.Retries > 10) {
		c.Errorf("HealthCheck.Retries is %d; it must be between 1 and 10", hc.Retries)
	}
	var cmd []string
	switch {
	case len(hc.Command) == 0:
		c.Errorf("HealthCheck.Command is empty; give at least one argument, e.g. []string{\"curl -f http://localhost/ || exit 1\"}")
	case len(hc.Command) == 1:
		cmd = []string{"CMD-SHELL", hc.Command[0]}
	case hc.Command[0] != "CMD" && hc.Command[0] != "CMD-SHELL":
		cmd = append([]string{"CMD"}, hc.Command...)
	default:
		cmd = hc.Command
	}
	secs := func(d time.Duration, def int) *int {
		if d == 0 {
			return new(def)
		}
		return new(int(d / time.Second))
	}
	out := &ecscfn.CfnTaskDefinition_HealthCheckProperty{
		Command:  cmd,
		Interval: secs(hc.Interval, 30),
		Timeout:  secs(hc.Timeout, 5),
		Retries:  new(3),
	}
	if hc.Retries != 0 {
		out.Retries = new(hc.Retries)
	}
	if hc.StartPeriod != 0 {
		out.StartPeriod = new(int(hc.StartPeriod / time.Second))
	}
	return out
}
