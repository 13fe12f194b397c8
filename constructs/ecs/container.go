package ecs

import (
	"fmt"
	"sort"
	"time"

	"github.com/forma-iac/forma/constructs"
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
	// AppProtocol is "http", "http2" or "grpc" (for Service Connect).
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
	// Environment variables, written sorted by name.
	Environment map[string]string
	// Secrets are environment variables taken from Secrets Manager or SSM
	// Parameter Store when the task starts, written sorted by name; the
	// execution role is granted read access to each.
	Secrets map[string]Secret
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
	// DockerLabels are labels added to the container.
	DockerLabels map[string]string
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
	// TaskDefinition is the task definition the container belongs to.
	TaskDefinition *FargateTaskDefinition

	index    int
	name     string
	problems []string
}

// AddContainer adds a container with construct id id to the task definition.
func (td *FargateTaskDefinition) AddContainer(id string, opts ContainerDefinitionOptions) *ContainerDefinition {
	opts.Image = constructs.NormalizeNil(opts.Image)
	c := &ContainerDefinition{TaskDefinition: td, index: len(td.containers), name: opts.ContainerName}
	c.Base = constructs.NewBase(c, td, id)
	if c.name == "" {
		c.name = id
	}
	td.addContainer(c)
	d := c.def()
	d.Name = c.name
	d.Essential = new(opts.Essential == nil || *opts.Essential)
	d.Command = opts.Command
	d.EntryPoint = opts.EntryPoint
	d.DockerLabels = opts.DockerLabels
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
		c.problems = append(c.problems, fmt.Sprintf("MemoryLimitMiB (%d) must be at least MemoryReservationMiB (%d)", opts.MemoryLimitMiB, opts.MemoryReservationMiB))
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
		c.problems = append(c.problems, "ContainerDefinitionOptions.Image is required; use ecs.ImageFromRegistry(\"name\") or ecs.ImageFromECRRepository(repo, tag)")
	} else {
		c.def().Image = opts.Image.Bind(c).ImageName
	}
	if opts.Logging != nil {
		cfg := opts.Logging.Bind(c, c)
		c.def().LogConfiguration = &CfnTaskDefinition_LogConfigurationProperty{LogDriver: cfg.LogDriver, Options: cfg.Options}
	}
	for _, k := range sortedKeys(opts.Environment) {
		c.AddEnvironment(k, opts.Environment[k])
	}
	for _, k := range sortedKeys(opts.Secrets) {
		c.AddSecret(k, opts.Secrets[k])
	}
	if opts.HealthCheck != nil {
		c.def().HealthCheck = c.renderHealthCheck(*opts.HealthCheck)
	}
	c.AddPortMappings(opts.PortMappings...)
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// def returns the container's entry in the task definition's properties.
func (c *ContainerDefinition) def() *CfnTaskDefinition_ContainerDefinitionProperty {
	return &c.TaskDefinition.Resource.Props.ContainerDefinitions[c.index]
}

// ContainerName returns the container's name.
func (c *ContainerDefinition) ContainerName() string { return c.name }

// Essential reports whether the container is essential.
func (c *ContainerDefinition) Essential() bool { return *c.def().Essential }

// PortMappings returns the container's port mappings.
func (c *ContainerDefinition) PortMappings() []CfnTaskDefinition_PortMappingProperty {
	return append([]CfnTaskDefinition_PortMappingProperty(nil), c.def().PortMappings...)
}

// AddEnvironment adds an environment variable.
func (c *ContainerDefinition) AddEnvironment(name, value string) {
	c.def().Environment = append(c.def().Environment, CfnTaskDefinition_KeyValuePairProperty{Name: new(name), Value: new(value)})
}

// AddSecret adds an environment variable read from a secret when the task
// starts, and grants the execution role read access to the secret.
func (c *ContainerDefinition) AddSecret(name string, s Secret) {
	s.GrantRead(c, c.TaskDefinition.ObtainExecutionRole())
	c.def().Secrets = append(c.def().Secrets, CfnTaskDefinition_SecretProperty{Name: name, ValueFrom: s.ValueFrom(c)})
}

// AddPortMappings adds port mappings; on Fargate a host port must equal
// the container port.
func (c *ContainerDefinition) AddPortMappings(pms ...PortMapping) {
	for _, pm := range pms {
		if pm.HostPort != 0 && pm.HostPort != pm.ContainerPort && !token.IsUnresolved(pm.HostPort) {
			c.problems = append(c.problems, fmt.Sprintf("port mapping %d: the host port (%d) must equal the container port in the awsvpc network mode; leave HostPort out", pm.ContainerPort, pm.HostPort))
		}
		if (pm.ContainerPort <= 0 || pm.ContainerPort > 65535) && !token.IsUnresolved(pm.ContainerPort) {
			c.problems = append(c.problems, fmt.Sprintf("port mapping: ContainerPort %d is not a port; use 1 to 65535", pm.ContainerPort))
		}
		proto := pm.Protocol
		if proto == "" {
			proto = ProtocolTCP
		}
		r := CfnTaskDefinition_PortMappingProperty{ContainerPort: new(pm.ContainerPort), Protocol: new(string(proto))}
		if pm.HostPort != 0 {
			r.HostPort = new(pm.HostPort)
		}
		if pm.Name != "" {
			r.Name = new(pm.Name)
		}
		if pm.AppProtocol != "" {
			r.AppProtocol = new(pm.AppProtocol)
		}
		c.def().PortMappings = append(c.def().PortMappings, r)
	}
}

// Validate reports bad options.
func (c *ContainerDefinition) Validate() []string { return c.problems }

func (c *ContainerDefinition) renderHealthCheck(hc HealthCheck) *CfnTaskDefinition_HealthCheckProperty {
	check := func(name string, d time.Duration, lo, hi int) {
		if d != 0 && (d < time.Duration(lo)*time.Second || d > time.Duration(hi)*time.Second) {
			c.problems = append(c.problems, fmt.Sprintf("HealthCheck.%s is %s; it must be between %d and %d seconds", name, d, lo, hi))
		}
	}
	check("Interval", hc.Interval, 5, 300)
	check("Timeout", hc.Timeout, 2, 120)
	check("StartPeriod", hc.StartPeriod, 0, 300)
	if hc.Retries != 0 && (hc.Retries < 1 || hc.Retries > 10) {
		c.problems = append(c.problems, fmt.Sprintf("HealthCheck.Retries is %d; it must be between 1 and 10", hc.Retries))
	}
	var cmd []string
	switch {
	case len(hc.Command) == 0:
		c.problems = append(c.problems, "HealthCheck.Command is empty; give at least one argument, e.g. []string{\"curl -f http://localhost/ || exit 1\"}")
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
	out := &CfnTaskDefinition_HealthCheckProperty{
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
