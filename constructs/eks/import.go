package eks

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
)

// ClusterAttributes describe a cluster defined elsewhere.
type ClusterAttributes struct {
	// ClusterName is the cluster's name (required).
	ClusterName string
	// Vpc is the cluster's VPC; needed by node groups.
	Vpc ec2.IVpc
	// KubernetesVersion lets add-ons be checked against the version;
	// default: unknown (not checked).
	KubernetesVersion KubernetesVersion
	// ClusterSecurityGroupID is the id of the cluster security group.
	ClusterSecurityGroupID string
}

// importedCluster is a cluster known by its attributes.
type importedCluster struct {
	constructs.Base
	constructs.Problems
	attrs   ClusterAttributes
	entries map[string]*AccessEntry
	addons  map[string]*Addon
}

// ClusterFromAttributes imports a cluster defined elsewhere, aws-eks-v2's
// Cluster.fromClusterAttributes. GrantAccess on it creates access entries
// under it; node groups need Vpc.
func ClusterFromAttributes(scope constructs.Construct, id string, attrs ClusterAttributes) ICluster {
	attrs.Vpc = constructs.NormalizeNil(attrs.Vpc)
	c := &importedCluster{attrs: attrs, entries: map[string]*AccessEntry{}, addons: map[string]*Addon{}}
	c.Base = constructs.NewBase(c, scope, id)
	if attrs.ClusterName == "" {
		c.Errorf("ClusterAttributes.ClusterName is required: set the name of the imported cluster")
	}
	return c
}

func (c *importedCluster) ClusterName() string { return c.attrs.ClusterName }

func (c *importedCluster) ClusterARN() string {
	s := constructs.StackOf(c)
	return "arn:" + s.Partition() + ":eks:" + s.Region() + ":" + s.Account() + ":cluster/" + c.attrs.ClusterName
}

func (c *importedCluster) Vpc() ec2.IVpc { return c.attrs.Vpc }

func (c *importedCluster) KubernetesVersion() KubernetesVersion { return c.attrs.KubernetesVersion }

func (c *importedCluster) ClusterSecurityGroupID() string { return c.attrs.ClusterSecurityGroupID }

func (c *importedCluster) ControlPlaneSubnets() []ec2.ISubnet { return nil }

func (c *importedCluster) GrantAccess(id, principalARN string, policies ...AccessPolicy) *AccessEntry {
	if e, ok := c.entries[principalARN]; ok {
		e.AddAccessPolicies(policies...)
		return e
	}
	return NewAccessEntry(c, id, AccessEntryProps{Cluster: c, Principal: principalARN, AccessPolicies: policies})
}
