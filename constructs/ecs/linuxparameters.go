package ecs

import (
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
	"github.com/forma-iac/forma/constructs/token"
)

// Capability is a Linux kernel capability ("SYS_PTRACE", "NET_RAW", "ALL").
type Capability string

// Linux capabilities; any other name Docker knows may be written as
// Capability("NAME").
const (
	CapabilityAll            Capability = "ALL"
	CapabilityAuditWrite     Capability = "AUDIT_WRITE"
	CapabilityChown          Capability = "CHOWN"
	CapabilityDACOverride    Capability = "DAC_OVERRIDE"
	CapabilityFowner         Capability = "FOWNER"
	CapabilityFsetID         Capability = "FSETID"
	CapabilityKill           Capability = "KILL"
	CapabilityMknod          Capability = "MKNOD"
	CapabilityNetAdmin       Capability = "NET_ADMIN"
	CapabilityNetBindService Capability = "NET_BIND_SERVICE"
	CapabilityNetRaw         Capability = "NET_RAW"
	CapabilitySetFcap        Capability = "SETFCAP"
	CapabilitySetGID         Capability = "SETGID"
	CapabilitySetPcap        Capability = "SETPCAP"
	CapabilitySetUID         Capability = "SETUID"
	CapabilitySysAdmin       Capability = "SYS_ADMIN"
	CapabilitySysChroot      Capability = "SYS_CHROOT"
	CapabilitySysPtrace      Capability = "SYS_PTRACE"
)

// Device is a host device exposed to a container (EC2 launch type only).
type Device struct {
	// HostPath is the device's path on the host (required).
	HostPath string
	// ContainerPath default: the host path.
	ContainerPath string
	// Permissions: "read", "write", "mknod"; default all three.
	Permissions []string
}

// Tmpfs is a tmpfs mount (EC2 launch type only).
type Tmpfs struct {
	ContainerPath string
	SizeMiB       int
	MountOptions  []string
}

// LinuxParameters are a container's Linux-specific options, the AWS CDK's
// LinuxParameters (a struct here: the CDK's construct creates no resource).
//
// Fargate accepts an init process, dropped capabilities and the added
// capability SYS_PTRACE; shared memory, devices, tmpfs mounts and swap
// settings are for the EC2 launch type, and a Fargate task definition
// reports them as errors at synthesis where the AWS CDK writes them and the
// deployment fails.
type LinuxParameters struct {
	// InitProcessEnabled runs an init process that forwards signals and
	// reaps processes (docker run --init).
	InitProcessEnabled bool
	// AddCapabilities are kernel capabilities added to Docker's defaults;
	// on Fargate only SYS_PTRACE.
	AddCapabilities []Capability
	// DropCapabilities are kernel capabilities removed from Docker's
	// defaults.
	DropCapabilities []Capability
	// SharedMemorySizeMiB is the size of /dev/shm (EC2 only).
	SharedMemorySizeMiB int
	// Devices are host devices (EC2 only).
	Devices []Device
	// Tmpfs are tmpfs mounts (EC2 only).
	Tmpfs []Tmpfs
	// MaxSwapMiB is the swap a container may use (EC2 only); Swappiness
	// (0 to 100) applies only with MaxSwapMiB.
	MaxSwapMiB int
	Swappiness *int
}

// renderLinuxParameters writes lp as the AWS CDK does: Capabilities always
// present (an empty object when nothing is added or dropped).
func (c *ContainerDefinition) renderLinuxParameters(lp LinuxParameters) *ecscfn.CfnTaskDefinition_LinuxParametersProperty {
	fargate := func(what string) {
		c.Errorf("LinuxParameters.%s is not supported on Fargate; leave it out (it is for the EC2 launch type)", what)
	}
	out := &ecscfn.CfnTaskDefinition_LinuxParametersProperty{Capabilities: &ecscfn.CfnTaskDefinition_KernelCapabilitiesProperty{}}
	if lp.InitProcessEnabled {
		out.InitProcessEnabled = new(true)
	}
	for _, cp := range lp.AddCapabilities {
		if cp != CapabilitySysPtrace && !token.IsUnresolved(string(cp)) {
			c.Errorf("LinuxParameters.AddCapabilities: Fargate adds only SYS_PTRACE, not %s; drop %s from the list", cp, cp)
		}
		out.Capabilities.Add = append(out.Capabilities.Add, string(cp))
	}
	for _, cp := range lp.DropCapabilities {
		out.Capabilities.Drop = append(out.Capabilities.Drop, string(cp))
	}
	if lp.SharedMemorySizeMiB != 0 {
		fargate("SharedMemorySizeMiB")
		out.SharedMemorySize = new(lp.SharedMemorySizeMiB)
	}
	if len(lp.Devices) > 0 {
		fargate("Devices")
		for _, d := range lp.Devices {
			r := ecscfn.CfnTaskDefinition_DeviceProperty{HostPath: new(d.HostPath), Permissions: d.Permissions}
			if d.ContainerPath != "" {
				r.ContainerPath = new(d.ContainerPath)
			}
			out.Devices = append(out.Devices, r)
		}
	}
	if len(lp.Tmpfs) > 0 {
		fargate("Tmpfs")
		for _, t := range lp.Tmpfs {
			out.Tmpfs = append(out.Tmpfs, ecscfn.CfnTaskDefinition_TmpfsProperty{ContainerPath: new(t.ContainerPath), Size: t.SizeMiB, MountOptions: t.MountOptions})
		}
	}
	if lp.MaxSwapMiB != 0 {
		fargate("MaxSwapMiB")
		out.MaxSwap = new(lp.MaxSwapMiB)
		out.Swappiness = lp.Swappiness
	}
	if lp.Swappiness != nil {
		if lp.MaxSwapMiB == 0 {
			c.Errorf("LinuxParameters.Swappiness applies only with MaxSwapMiB; leave it out")
		} else if v := *lp.Swappiness; !token.IsUnresolved(v) && (v < 0 || v > 100) {
			c.Errorf("LinuxParameters.Swappiness is %d; it must be between 0 and 100", v)
		}
	}
	return out
}

// UlimitName is a resource a ulimit limits ("nofile", "nproc", ...).
type UlimitName string

// Ulimit names.
const (
	UlimitCore       UlimitName = "core"
	UlimitCPU        UlimitName = "cpu"
	UlimitData       UlimitName = "data"
	UlimitFsize      UlimitName = "fsize"
	UlimitLocks      UlimitName = "locks"
	UlimitMemlock    UlimitName = "memlock"
	UlimitMsgqueue   UlimitName = "msgqueue"
	UlimitNice       UlimitName = "nice"
	UlimitNofile     UlimitName = "nofile"
	UlimitNproc      UlimitName = "nproc"
	UlimitRSS        UlimitName = "rss"
	UlimitRtprio     UlimitName = "rtprio"
	UlimitRttime     UlimitName = "rttime"
	UlimitSigpending UlimitName = "sigpending"
	UlimitStack      UlimitName = "stack"
)

// Ulimit is a limit on a resource of the container's processes.
type Ulimit struct {
	Name                 UlimitName
	SoftLimit, HardLimit int
}

// AddUlimits adds ulimits to the container.
func (c *ContainerDefinition) AddUlimits(us ...Ulimit) {
	for _, u := range us {
		if u.Name == "" {
			c.Errorf("a ulimit has no Name; set e.g. ecs.UlimitNofile")
		}
		if !token.IsUnresolved(u.SoftLimit) && !token.IsUnresolved(u.HardLimit) && u.SoftLimit > u.HardLimit {
			c.Errorf("ulimit %s: SoftLimit (%d) is above HardLimit (%d)", u.Name, u.SoftLimit, u.HardLimit)
		}
		c.def().Ulimits = append(c.def().Ulimits, ecscfn.CfnTaskDefinition_UlimitProperty{Name: string(u.Name), SoftLimit: u.SoftLimit, HardLimit: u.HardLimit})
	}
}
