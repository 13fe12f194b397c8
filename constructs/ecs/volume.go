package ecs

import "github.com/forma-iac/forma/constructs/ecs/ecscfn"

// Volume is a data volume of a task definition, mounted into containers
// with ContainerDefinition.AddMountPoints.
type Volume struct {
	// Name is referred to by MountPoint.SourceVolume (required).
	Name string
	// Host makes the volume a bind mount on the host; on Fargate it must
	// have no SourcePath. Default: left out, which on Fargate is also an
	// ephemeral bind mount that lives as long as the task.
	Host *Host
	// EFSVolumeConfiguration makes the volume an Amazon EFS file system.
	EFSVolumeConfiguration *EFSVolumeConfiguration
	// ConfiguredAtLaunch marks a volume configured when the task is run or
	// the service deployed (an Amazon EBS volume).
	ConfiguredAtLaunch bool
}

// Host is a bind mount host volume.
type Host struct {
	// SourcePath is the path on the host (EC2 launch type only).
	SourcePath string
}

// EFSVolumeConfiguration is an Amazon EFS volume.
type EFSVolumeConfiguration struct {
	// FileSystemID is the file system's id, "fs-..." (required).
	FileSystemID string
	// RootDirectory default: the file system's root.
	RootDirectory string
	// TransitEncryption is "ENABLED" or "DISABLED"; default DISABLED. It
	// must be ENABLED with an AuthorizationConfig.
	TransitEncryption string
	// TransitEncryptionPort default: the EFS mount helper's choice.
	TransitEncryptionPort int
	// AuthorizationConfig sets an access point and IAM authorization.
	AuthorizationConfig *EFSAuthorizationConfig
}

// EFSAuthorizationConfig is the authorization of an EFS volume.
type EFSAuthorizationConfig struct {
	// AccessPointID is the access point's id, "fsap-...".
	AccessPointID string
	// IAM is "ENABLED" to mount with the task role; default DISABLED.
	IAM string
}

// MountPoint mounts a task definition volume into a container.
type MountPoint struct {
	// ContainerPath is where the volume appears in the container.
	ContainerPath string
	// SourceVolume is the Volume.Name.
	SourceVolume string
	// ReadOnly mounts the volume read-only.
	ReadOnly bool
}

// VolumeFrom mounts all volumes of another container of the task.
type VolumeFrom struct {
	// SourceContainer is the other container's name.
	SourceContainer string
	// ReadOnly mounts the volumes read-only.
	ReadOnly bool
}

// AddVolume adds a volume to the task definition.
func (td *FargateTaskDefinition) AddVolume(v Volume) {
	if v.Name == "" {
		td.Errorf("a volume has no Name; name it and refer to the name in MountPoint.SourceVolume")
	}
	r := ecscfn.CfnTaskDefinition_VolumeProperty{Name: new(v.Name)}
	if v.Host != nil {
		r.Host = &ecscfn.CfnTaskDefinition_HostVolumePropertiesProperty{}
		if v.Host.SourcePath != "" {
			td.Errorf("volume %q: Host.SourcePath is not supported on Fargate; leave it out for a task-scoped bind mount", v.Name)
			r.Host.SourcePath = new(v.Host.SourcePath)
		}
	}
	if e := v.EFSVolumeConfiguration; e != nil {
		if e.FileSystemID == "" {
			td.Errorf("volume %q: EFSVolumeConfiguration.FileSystemID is required", v.Name)
		}
		efs := &ecscfn.CfnTaskDefinition_EFSVolumeConfigurationProperty{FilesystemId: e.FileSystemID}
		if e.RootDirectory != "" {
			efs.RootDirectory = new(e.RootDirectory)
		}
		if e.TransitEncryption != "" {
			efs.TransitEncryption = new(e.TransitEncryption)
		}
		if e.TransitEncryptionPort != 0 {
			efs.TransitEncryptionPort = new(e.TransitEncryptionPort)
		}
		if a := e.AuthorizationConfig; a != nil {
			efs.AuthorizationConfig = &ecscfn.CfnTaskDefinition_AuthorizationConfigProperty{}
			if a.AccessPointID != "" {
				efs.AuthorizationConfig.AccessPointId = new(a.AccessPointID)
			}
			if a.IAM != "" {
				efs.AuthorizationConfig.IAM = new(a.IAM)
			}
			if (a.AccessPointID != "" || a.IAM == "ENABLED") && e.TransitEncryption != "ENABLED" {
				td.Errorf("volume %q: an EFS access point or IAM authorization needs TransitEncryption \"ENABLED\"", v.Name)
			}
		}
		r.EFSVolumeConfiguration = efs
	}
	if v.ConfiguredAtLaunch {
		r.ConfiguredAtLaunch = new(true)
	}
	td.volumes = append(td.volumes, v.Name)
	td.Resource.Props.Volumes = append(td.Resource.Props.Volumes, r)
}

// AddMountPoints mounts task definition volumes into the container.
func (c *ContainerDefinition) AddMountPoints(mps ...MountPoint) {
	for _, mp := range mps {
		c.mountPoints = append(c.mountPoints, mp.SourceVolume)
		c.def().MountPoints = append(c.def().MountPoints, ecscfn.CfnTaskDefinition_MountPointProperty{
			ContainerPath: new(mp.ContainerPath), ReadOnly: new(mp.ReadOnly), SourceVolume: new(mp.SourceVolume),
		})
	}
}

// AddVolumesFrom mounts the volumes of other containers of the task.
func (c *ContainerDefinition) AddVolumesFrom(vfs ...VolumeFrom) {
	for _, vf := range vfs {
		c.volumesFrom = append(c.volumesFrom, vf.SourceContainer)
		c.def().VolumesFrom = append(c.def().VolumesFrom, ecscfn.CfnTaskDefinition_VolumeFromProperty{
			ReadOnly: new(vf.ReadOnly), SourceContainer: new(vf.SourceContainer),
		})
	}
}
