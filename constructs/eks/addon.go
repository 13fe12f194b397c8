package eks

import (
	"encoding/json"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/eks/ekscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// ResolveConflicts is how EKS treats fields a self-managed install set.
type ResolveConflicts string

// Conflict resolutions.
const (
	ResolveConflictsNone      ResolveConflicts = "NONE"
	ResolveConflictsOverwrite ResolveConflicts = "OVERWRITE"
	ResolveConflictsPreserve  ResolveConflicts = "PRESERVE"
)

// AddonProps configures NewAddon.
type AddonProps struct {
	// Cluster is the cluster (required).
	Cluster ICluster
	// AddonName is the add-on, e.g. "vpc-cni" (required). The cluster's
	// Kubernetes version must support it (see SupportedAddons).
	AddonName string
	// AddonVersion, e.g. "v1.19.2-eksbuild.1"; default: EKS's default for
	// the cluster version.
	AddonVersion string
	// PreserveOnDelete keeps the add-on's software on the cluster when the
	// add-on is deleted; default: EKS's (false).
	PreserveOnDelete *bool
	// ConfigurationValues are the add-on's configuration, written as JSON.
	ConfigurationValues map[string]any
	// ResolveConflicts: default: EKS's.
	ResolveConflicts ResolveConflicts
	// ServiceAccountRole is the IAM role of the add-on's service account
	// (IRSA); default: none.
	ServiceAccountRole iam.IRole
	// SkipVersionCheck accepts an add-on that forma's table of add-ons does
	// not list (a Marketplace or community add-on).
	SkipVersionCheck bool
	// RemovalPolicy: default destroy.
	RemovalPolicy cfn.RemovalPolicy
}

// Addon is an Amazon EKS add-on (AWS::EKS::Addon), aws-eks-v2's Addon.
//
// An add-on whose pods need nodes (coredns, amazon-cloudwatch-observability)
// becomes healthy only once nodes run; on a cluster with node groups, order
// it after them: addon.Node().AddDependency(nodegroup).
type Addon struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::EKS::Addon.
	Resource *ekscfn.CfnAddon
	// Cluster is the add-on's cluster.
	Cluster ICluster
}

// NewAddon creates an add-on. An add-on the cluster's Kubernetes version
// does not support (by forma's table, see SupportedAddons) is an error; so
// is a second add-on of the same name on a cluster (EKS installs each
// add-on once per cluster).
func NewAddon(scope constructs.Construct, id string, props AddonProps) *Addon {
	props.Cluster = constructs.NormalizeNil(props.Cluster)
	props.ServiceAccountRole = constructs.NormalizeNil(props.ServiceAccountRole)
	a := &Addon{Cluster: props.Cluster}
	a.Base = constructs.NewBase(a, scope, id)
	if props.Cluster == nil {
		a.Errorf("AddonProps.Cluster is required: set the cluster the add-on installs into")
		return a
	}
	if props.AddonName == "" {
		a.Errorf("AddonProps.AddonName is required, e.g. \"vpc-cni\"")
	} else if !props.SkipVersionCheck && !token.IsUnresolved(props.AddonName) {
		v := props.Cluster.KubernetesVersion()
		switch {
		case !addonKnown(props.AddonName):
			a.Errorf("add-on %q is not in forma's table of EKS add-ons (known: %s); check the name, or set SkipVersionCheck for a Marketplace or community add-on", props.AddonName, strings.Join(knownAddons(), ", "))
		case !v.IsZero() && !addonSupported(props.AddonName, v):
			a.Errorf("add-on %q is not available for Kubernetes %s (forma's table of add-ons for %s: %s); upgrade the cluster's Version or remove the add-on", props.AddonName, v.Version(), v.Version(), strings.Join(SupportedAddons(v), ", "))
		}
	}
	if _, addons := records(props.Cluster); addons != nil && props.AddonName != "" {
		if other := addons[props.AddonName]; other != nil {
			hint := ""
			if props.AddonName == "eks-pod-identity-agent" {
				hint = " (cluster.EksPodIdentityAgent() returns it; an add-on created before the first Pod Identity is the one Pod Identities use)"
			}
			a.Errorf("add-on %q is already installed on cluster %s by %s, and a cluster has each add-on once; configure that add-on instead of adding another%s", props.AddonName, props.Cluster.Node().Path(), other.Node().Path(), hint)
		} else {
			addons[props.AddonName] = a
		}
	}
	p := ekscfn.CfnAddonProps{
		AddonName:        props.AddonName,
		ClusterName:      props.Cluster.ClusterName(),
		PreserveOnDelete: props.PreserveOnDelete,
	}
	if props.AddonVersion != "" {
		p.AddonVersion = new(props.AddonVersion)
	}
	if props.ConfigurationValues != nil {
		b, err := json.Marshal(props.ConfigurationValues)
		if err != nil {
			a.Errorf("ConfigurationValues cannot be written as JSON: %v", err)
		} else {
			p.ConfigurationValues = new(string(b))
		}
	}
	if props.ResolveConflicts != "" {
		p.ResolveConflicts = new(string(props.ResolveConflicts))
	}
	if props.ServiceAccountRole != nil {
		p.ServiceAccountRoleArn = new(props.ServiceAccountRole.RoleARN())
	}
	a.Resource = ekscfn.NewCfnAddon(a, "Resource", p)
	if props.RemovalPolicy != "" {
		a.Resource.ApplyRemovalPolicy(props.RemovalPolicy)
	}
	return a
}

// AddonName returns the add-on's name (Ref).
func (a *Addon) AddonName() string { return a.Resource.Ref() }

// AddonARN returns the add-on's ARN.
func (a *Addon) AddonARN() string { return a.Resource.AttrArn() }

// ContainerInsightsProps configures NewContainerInsights.
type ContainerInsightsProps struct {
	// Cluster is the cluster (required).
	Cluster ICluster
	// AddonVersion of amazon-cloudwatch-observability; default: EKS's
	// default (Pod Identity needs v3.1.0 or later).
	AddonVersion string
	// ConfigurationValues of the add-on.
	ConfigurationValues map[string]any
}

// ContainerInsights is CloudWatch Container Insights for an EKS cluster: the
// amazon-cloudwatch-observability add-on and, through EKS Pod Identity, a
// role with CloudWatchAgentServerPolicy for its "cloudwatch-agent" service
// account in the "amazon-cloudwatch" namespace ("CloudWatchAgent" under
// the add-on). The cluster's eks-pod-identity-agent add-on is created too.
type ContainerInsights struct {
	*Addon
	// Agent is the CloudWatch agent's Pod Identity.
	Agent *PodIdentity
}

// NewContainerInsights turns CloudWatch Container Insights on for a cluster.
func NewContainerInsights(scope constructs.Construct, id string, props ContainerInsightsProps) *ContainerInsights {
	a := NewAddon(scope, id, AddonProps{
		Cluster:             props.Cluster,
		AddonName:           "amazon-cloudwatch-observability",
		AddonVersion:        props.AddonVersion,
		ConfigurationValues: props.ConfigurationValues,
	})
	ci := &ContainerInsights{Addon: a}
	if props.Cluster == nil {
		return ci
	}
	ci.Agent = NewPodIdentity(a, "CloudWatchAgent", PodIdentityProps{
		Cluster:            props.Cluster,
		PodIdentityOptions: PodIdentityOptions{ServiceAccount: "cloudwatch-agent", Namespace: "amazon-cloudwatch"},
	})
	ci.Agent.Role.AddManagedPolicy(iam.ManagedPolicyFromAWSManagedPolicyName("CloudWatchAgentServerPolicy"))
	return ci
}
