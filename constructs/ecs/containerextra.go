package ecs

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ecs/ecscfn"
)

// Application protocols of a port mapping (PortMapping.AppProtocol), for
// Service Connect.
const (
	AppProtocolHTTP  = "http"
	AppProtocolHTTP2 = "http2"
	AppProtocolGRPC  = "grpc"
)

// EnvironmentFile is a file of environment variables (VAR=VALUE lines) in
// Amazon S3 that ECS reads when the task starts.
//
// The task's execution role needs s3:GetObject on the file and
// s3:GetBucketLocation on the bucket. The AWS CDK grants neither, and forma
// writes what the CDK writes: grant them with
// FargateTaskDefinition.AddToExecutionRolePolicy (or a bucket's grant).
type EnvironmentFile struct {
	// BucketName and ObjectKey locate the file (both required).
	BucketName, ObjectKey string
}

// SystemControl is a namespaced kernel parameter (sysctl) of a container.
type SystemControl struct {
	// Namespace is the parameter ("net.ipv4.tcp_keepalive_time").
	Namespace string
	// Value is its value.
	Value string
}

// applyExtras writes the container options that have no behaviour beyond
// their rendering.
func (c *ContainerDefinition) applyExtras(opts ContainerDefinitionOptions) {
	d := c.def()
	for i, f := range opts.EnvironmentFiles {
		if f.BucketName == "" || f.ObjectKey == "" {
			c.Errorf("EnvironmentFiles[%d] needs both BucketName and ObjectKey", i)
		}
		d.EnvironmentFiles = append(d.EnvironmentFiles, ecscfn.CfnTaskDefinition_EnvironmentFileProperty{
			Type:  new("s3"),
			Value: new("arn:" + constructs.StackOf(c).Partition() + ":s3:::" + f.BucketName + "/" + f.ObjectKey),
		})
	}
	for _, sc := range opts.SystemControls {
		d.SystemControls = append(d.SystemControls, ecscfn.CfnTaskDefinition_SystemControlProperty{Namespace: new(sc.Namespace), Value: new(sc.Value)})
	}
	if opts.PseudoTerminal {
		d.PseudoTerminal = new(true)
	}
	if opts.Interactive {
		d.Interactive = new(true)
	}
}
