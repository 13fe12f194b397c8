package eks

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks/ekscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
	"github.com/forma-iac/forma/constructs/token"
)

// ICluster is an EKS cluster, defined here or imported.
type ICluster interface {
	constructs.Construct
	// ClusterName is the cluster's name (a Ref token for a cluster defined here).
	ClusterName() string
	// ClusterARN is the cluster's ARN.
	ClusterARN() string
	// Vpc is the VPC the cluster runs in.
	Vpc() ec2.IVpc
	// KubernetesVersion is the cluster's version; the zero value when unknown
	// (an imported cluster).
	KubernetesVersion() KubernetesVersion
	// ClusterSecurityGroupID is the id of the security group EKS creates for
	// the cluster.
	ClusterSecurityGroupID() string
	// ControlPlaneSubnets are the subnets the cluster's control plane uses.
	ControlPlaneSubnets() []ec2.ISubnet
	// GrantAccess gives principalARN the access policies on the cluster
	// through an access entry (AWS::EKS::AccessEntry) at construct id id.
	GrantAccess(id, principalARN string, policies ...AccessPolicy) *AccessEntry
}

// EndpointAccess is who reaches the cluster's Kubernetes API endpoint: from
// the internet (optionally only some CIDR blocks), from inside the VPC, or
// both. The zero value is EndpointAccessPublicAndPrivate.
type EndpointAccess struct {
	set         bool
	public      bool
	private     bool
	publicCIDRs []string
}

// Endpoint access settings, the AWS CDK's EndpointAccess values.
var (
	// EndpointAccessPublic exposes the endpoint to the internet only; nodes
	// reach it through the internet too.
	EndpointAccessPublic = EndpointAccess{set: true, public: true}
	// EndpointAccessPrivate exposes the endpoint inside the VPC only; the
	// VPC needs private subnets.
	EndpointAccessPrivate = EndpointAccess{set: true, private: true}
	// EndpointAccessPublicAndPrivate exposes the endpoint to the internet and
	// inside the VPC (traffic from nodes stays in the VPC).
	EndpointAccessPublicAndPrivate = EndpointAccess{set: true, public: true, private: true}
)

// OnlyFrom restricts public access to the CIDR blocks given. On
// EndpointAccessPrivate it records nothing (a private endpoint has no public
// access to restrict); NewCluster reports that.
func (e EndpointAccess) OnlyFrom(cidrs ...string) EndpointAccess {
	if !e.set {
		e = EndpointAccessPublicAndPrivate
	}
	e.publicCIDRs = append(slices.Clone(e.publicCIDRs), cidrs...)
	return e
}

// PublicAccess reports whether the endpoint is reachable from the internet.
func (e EndpointAccess) PublicAccess() bool { return !e.set || e.public }

// PrivateAccess reports whether the endpoint is reachable inside the VPC.
func (e EndpointAccess) PrivateAccess() bool { return !e.set || e.private }

// PublicCIDRs returns the CIDR blocks public access is restricted to (none:
// any address).
func (e EndpointAccess) PublicCIDRs() []string { return slices.Clone(e.publicCIDRs) }

// ClusterLoggingType is a control plane log type sent to CloudWatch Logs.
type ClusterLoggingType string

// Control plane log types.
const (
	LoggingAPI               ClusterLoggingType = "api"
	LoggingAudit             ClusterLoggingType = "audit"
	LoggingAuthenticator     ClusterLoggingType = "authenticator"
	LoggingControllerManager ClusterLoggingType = "controllerManager"
	LoggingScheduler         ClusterLoggingType = "scheduler"
)

// IPFamily is the IP family of pod and service addresses.
type IPFamily string

// IP families.
const (
	IPv4 IPFamily = "ipv4"
	IPv6 IPFamily = "ipv6"
)

// DefaultCapacityType is how a cluster gets its first compute, aws-eks-v2's
// DefaultCapacityType.
type DefaultCapacityType string

// Default capacity types. The zero value is DefaultCapacityAutoMode, as in
// aws-eks-v2. aws-eks-v2's EC2 (a self-managed Auto Scaling group) is not
// offered: forma has no Auto Scaling group L2.
const (
	// DefaultCapacityAutoMode turns EKS Auto Mode on: EKS manages the nodes
	// (node pools "system" and "general-purpose"), load balancing and block
	// storage.
	DefaultCapacityAutoMode DefaultCapacityType = "AUTOMODE"
	// DefaultCapacityNodegroup creates a managed node group
	// "NodegroupDefaultCapacity" of DefaultCapacity instances (default 2) of
	// DefaultCapacityInstance (default m5.large); DefaultCapacity new(0)
	// creates none.
	DefaultCapacityNodegroup DefaultCapacityType = "NODEGROUP"
)

// ComputeConfig configures EKS Auto Mode.
type ComputeConfig struct {
	// NodePools are the built-in node pools, "system" and/or
	// "general-purpose"; default both. An empty non-nil list enables Auto
	// Mode without node pools.
	NodePools []string
	// NodeRole is the role of Auto Mode's nodes; default: a new role
	// "<id>nodePoolRole" with AmazonEKSWorkerNodePolicy and
	// AmazonEC2ContainerRegistryReadOnly.
	NodeRole iam.IRole
}

// ControlPlaneScalingTier is the provisioned control plane tier of a
// cluster, aws-eks-v2's ControlPlaneScalingTier. A tier that
// AWS::EKS::Cluster's schema does not list (aws-eks-v2's README shows
// ControlPlaneScalingTier.of("tier-16xl")) is rejected at synthesis, where
// the AWS CDK writes it and CloudFormation rejects it.
type ControlPlaneScalingTier string

// Control plane scaling tiers.
const (
	ControlPlaneStandard ControlPlaneScalingTier = "standard"
	ControlPlaneTierXL   ControlPlaneScalingTier = "tier-xl"
	ControlPlaneTier2XL  ControlPlaneScalingTier = "tier-2xl"
	ControlPlaneTier4XL  ControlPlaneScalingTier = "tier-4xl"
	ControlPlaneTier8XL  ControlPlaneScalingTier = "tier-8xl"
	// ControlPlaneTierUltra is listed by CloudFormation; aws-eks-v2 names it
	// with ControlPlaneScalingTier.of("tier-ultra").
	ControlPlaneTierUltra ControlPlaneScalingTier = "tier-ultra"
)

// RemoteNetwork is a network of EKS Hybrid Nodes (nodes or pods) outside
// AWS, by its CIDR blocks.
type RemoteNetwork struct {
	// CIDRs are the network's IPv4 CIDR blocks (required).
	CIDRs []string
}

// ClusterProps configures NewCluster; the zero value of a field is
// aws-eks-v2's default.
type ClusterProps struct {
	// Version is the Kubernetes version (required), e.g. eks.V1_33.
	Version KubernetesVersion
	// Vpc is the VPC of the cluster; default: a new ec2.Vpc "DefaultVpc"
	// under the cluster, as aws-eks-v2 creates.
	Vpc ec2.IVpc
	// VpcSubnets select the subnets of the control plane; default the
	// public and the private-with-egress subnets.
	VpcSubnets []ec2.SubnetSelection
	// Role is the cluster's service role; default: a new role "Role" with
	// AmazonEKSClusterPolicy (and, in Auto Mode, the compute, block storage,
	// load balancing and networking policies).
	Role iam.IRole
	// ClusterName is the physical name; default: generated by CloudFormation.
	ClusterName string
	// SecurityGroup is the control plane's additional security group;
	// default: a new group "ControlPlaneSecurityGroup".
	SecurityGroup ec2.ISecurityGroup
	// EndpointAccess is who reaches the API endpoint; default
	// EndpointAccessPublicAndPrivate.
	EndpointAccess EndpointAccess
	// ClusterLogging are the control plane log types sent to CloudWatch
	// Logs; default: none.
	ClusterLogging []ClusterLoggingType
	// SecretsEncryptionKey envelope-encrypts Kubernetes secrets; default:
	// EKS's default encryption only.
	SecretsEncryptionKey kms.IKey
	// Tags are tags of the AWS::EKS::Cluster only.
	Tags map[string]string
	// IPFamily of pods and services; default IPv4.
	IPFamily IPFamily
	// ServiceIPv4CIDR is the CIDR block of Kubernetes services; default:
	// chosen by EKS.
	ServiceIPv4CIDR string
	// DefaultCapacityType is how the cluster gets compute; default
	// DefaultCapacityAutoMode.
	DefaultCapacityType DefaultCapacityType
	// DefaultCapacity is the size of the default node group
	// (DefaultCapacityNodegroup only); default 2.
	DefaultCapacity *int
	// DefaultCapacityInstance is the instance type of the default node group
	// (DefaultCapacityNodegroup only); default "m5.large".
	DefaultCapacityInstance string
	// Compute configures Auto Mode (DefaultCapacityAutoMode only).
	Compute *ComputeConfig
	// MastersRole gets cluster-admin access (an access entry
	// "mastersRoleAccess") and the ConfigCommand and GetTokenCommand outputs
	// name it; default: none.
	MastersRole iam.IRole
	// OutputConfigCommand: default true when MastersRole is set.
	OutputConfigCommand *bool
	// BootstrapClusterCreatorAdminPermissions gives the identity that
	// creates the cluster admin access; default: EKS's default (true).
	BootstrapClusterCreatorAdminPermissions *bool
	// BootstrapSelfManagedAddons installs the default networking add-ons as
	// self-managed; default: EKS's default. It cannot be true in Auto Mode.
	BootstrapSelfManagedAddons *bool
	// ControlPlaneScalingTier provisions the control plane at a tier;
	// default: EKS's (standard).
	ControlPlaneScalingTier ControlPlaneScalingTier
	// RemoteNodeNetworks are the on-premises networks of EKS Hybrid Nodes;
	// default: none. Their CIDR blocks must not overlap.
	RemoteNodeNetworks []RemoteNetwork
	// RemotePodNetworks are the networks of pods on hybrid nodes (needs
	// RemoteNodeNetworks); default: none.
	RemotePodNetworks []RemoteNetwork
	// RemovalPolicy is applied at synthesis to every resource under the
	// cluster (the cluster, its default VPC, roles, security group, node
	// groups, Fargate profiles, access entries and add-ons created through
	// the cluster), as aws-eks-v2's RemovalPolicies.of(cluster); default:
	// each resource's own.
	RemovalPolicy cfn.RemovalPolicy
}

// Cluster is an Amazon EKS cluster (AWS::EKS::Cluster) managed without a
// kubectl provider, the AWS CDK's aws-eks-v2 Cluster: the access-entry API
// authentication mode, a cluster role, a control plane security group, the
// subnets of an ec2.Vpc (tagged kubernetes.io/role/elb and
// kubernetes.io/role/internal-elb for load balancers), and aws-eks-v2's
// "KubectlReadyBarrier" SSM parameter, so that a CDK stack moves to forma
// without resource replacement. Compute comes from EKS Auto Mode (the
// default), managed node groups (AddNodegroupCapacity) or Fargate profiles
// (AddFargateProfile); access from access entries (GrantAccess); AWS
// permissions of pods from Pod Identity (AddPodIdentity).
//
// Parity with aws-cdk-lib 2.276.0's aws-eks-v2 (parity/eks_test.go) is
// checked for: the default cluster (a new VPC, Auto Mode); Auto Mode with
// one node pool, a given node role, a masters role (its access entry and
// the ConfigCommand and GetTokenCommand outputs) and no creator admin
// permissions; IPv6 with a node group (its IPv6 policy, node auto repair,
// an update percentage, a release version, tags); a private
// endpoint with control plane logging, secrets encryption, a name and tags;
// public and private access restricted to CIDR blocks, with a connections
// rule; public access only; the default node group; managed node groups
// (AL2023 and Bottlerocket AMI types, instance types, scaling, labels,
// taints, capacity types, disk size, a launch template, a given node role,
// public subnets, an update config, the AMI type inferred from an ARM
// instance type); Fargate profiles (selectors with and without labels, a
// name, subnets, sequential creation); add-ons (vpc-cni, coredns with a
// version, kube-proxy with configuration values, eks-pod-identity-agent,
// amazon-cloudwatch-observability with its Pod Identity role); access
// entries (cluster and namespace scopes, two grants to one principal merged
// into one entry, an AccessEntry with a name); Pod Identity with a bucket
// granted to its role.
//
// The examples of aws-eks-v2's README that need no kubectl provider are
// parity cases too (parity/docs_eks_test.go): Auto Mode with and without
// node pools, default and added node groups (AL2 pinned, ARM64, auto
// repair, the @aws-cdk/aws-eks:defaultToAL2023 flag), Fargate profiles,
// endpoint access, logging, a VPC's subnets, a masters role, secrets
// encryption, access entries (with a type), an add-on, a provisioned
// control plane tier, hybrid node networks and a removal policy.
// aws-eks-v2's FargateCluster is not offered: it patches CoreDNS through a
// kubectl provider, and without one the AWS CDK rejects the README's
// example too.
//
// Differences from aws-eks-v2, on purpose: there is no kubectl provider, so
// no manifests, Helm charts, service account objects, ALB controller or
// CoreDNS compute-type patch (AddPodIdentity writes the Pod Identity
// association and role; the service account comes with the application's
// manifests); the EC2 (Auto Scaling group) default capacity type is not
// offered; ConfigurationValues of an add-on and the labels of a node group
// or Fargate selector are written in order of their keys (aws-eks-v2 keeps
// the program's order); a grant of an access policy an entry has already
// adds nothing (aws-eks-v2 repeats it, which CloudFormation rejects).
type Cluster struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::EKS::Cluster.
	Resource *ekscfn.CfnCluster
	// Role is the cluster's service role.
	Role iam.IRole
	// ControlPlaneSecurityGroup is the control plane's additional security
	// group (created, or ClusterProps.SecurityGroup).
	ControlPlaneSecurityGroup ec2.ISecurityGroup
	// ClusterSecurityGroup is the security group EKS creates for the
	// cluster, imported by id ("ClusterSecurityGroup").
	ClusterSecurityGroup ec2.ISecurityGroup
	// DefaultNodegroup is the default node group; nil unless
	// DefaultCapacityNodegroup created one.
	DefaultNodegroup *Nodegroup
	// KubectlReadyBarrier is aws-eks-v2's barrier parameter: it depends on
	// the cluster and on every Fargate profile.
	KubectlReadyBarrier *ssmcfn.CfnParameter
	// AutoMode reports whether EKS Auto Mode is on.
	AutoMode bool

	vpc              ec2.IVpc
	version          KubernetesVersion
	ipFamily         IPFamily
	conn             *ec2.Connections
	subnets          []ec2.ISubnet
	privateSubnets   []ec2.ISubnet
	access           EndpointAccess
	accessEntries    map[string]*AccessEntry
	addons           map[string]*Addon
	fargateProfiles  []*FargateProfile
	podIdentityAgent *Addon
}

// DefaultCapacityInstanceType is the instance type of the default node group.
const DefaultCapacityInstanceType = "m5.large"

// NewCluster creates a cluster.
func NewCluster(scope constructs.Construct, id string, props ClusterProps) *Cluster {
	props.Vpc = constructs.NormalizeNil(props.Vpc)
	props.Role = constructs.NormalizeNil(props.Role)
	props.SecurityGroup = constructs.NormalizeNil(props.SecurityGroup)
	props.SecretsEncryptionKey = constructs.NormalizeNil(props.SecretsEncryptionKey)
	props.MastersRole = constructs.NormalizeNil(props.MastersRole)
	c := &Cluster{accessEntries: map[string]*AccessEntry{}, addons: map[string]*Addon{}}
	c.Base = constructs.NewBase(c, scope, id)
	c.version = props.Version
	if props.Version.IsZero() {
		c.Errorf("ClusterProps.Version is required: set the Kubernetes version, e.g. eks.V1_33")
	} else if props.Version.minor() < 0 {
		c.Errorf("Version %q is not a Kubernetes version; use one of eks.V1_25 … eks.V1_37, or eks.KubernetesVersionOf(\"1.N\")", props.Version.Version())
	}
	c.vpc = props.Vpc
	if c.vpc == nil {
		c.vpc = ec2.NewVpc(c, "DefaultVpc", ec2.VpcProps{})
	}
	c.tagSubnets()

	c.Role = props.Role
	if c.Role == nil {
		c.Role = iam.NewRole(c, "Role", iam.RoleProps{
			AssumedBy:       iam.NewServicePrincipal("eks.amazonaws.com"),
			ManagedPolicies: []iam.IManagedPolicy{iam.ManagedPolicyFromAWSManagedPolicyName("AmazonEKSClusterPolicy")},
		})
	}

	c.AutoMode = c.checkAutoMode(props)
	if c.AutoMode {
		if props.BootstrapSelfManagedAddons != nil && *props.BootstrapSelfManagedAddons {
			c.Errorf("BootstrapSelfManagedAddons cannot be true in EKS Auto Mode; leave it unset, or set DefaultCapacityType to eks.DefaultCapacityNodegroup")
		}
		for _, name := range []string{"AmazonEKSComputePolicy", "AmazonEKSBlockStoragePolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingPolicy"} {
			c.Role.AddManagedPolicy(iam.ManagedPolicyFromAWSManagedPolicyName(name))
		}
		if r, ok := c.Role.(*iam.Role); ok && r.AssumeRolePolicy != nil {
			r.AssumeRolePolicy.AddStatements(iam.NewPolicyStatement(iam.PolicyStatementProps{
				Actions:    []string{"sts:TagSession"},
				Principals: []iam.IPrincipal{iam.NewServicePrincipal("eks.amazonaws.com")},
			}))
		}
	}

	c.ControlPlaneSecurityGroup = props.SecurityGroup
	if c.ControlPlaneSecurityGroup == nil {
		c.ControlPlaneSecurityGroup = ec2.NewSecurityGroup(c, "ControlPlaneSecurityGroup", ec2.SecurityGroupProps{
			Vpc:         c.vpc,
			Description: "EKS Control Plane Security Group",
		})
	}

	selections := props.VpcSubnets
	if selections == nil {
		selections = []ec2.SubnetSelection{{SubnetType: ec2.SubnetPublic}, {SubnetType: ec2.SubnetPrivateWithEgress}}
	}
	var subnetIDs []string
	for _, sel := range selections {
		for _, s := range c.vpc.SelectSubnets(sel, c).Subnets {
			if !slices.Contains(subnetIDs, s.SubnetID()) {
				subnetIDs = append(subnetIDs, s.SubnetID())
				c.subnets = append(c.subnets, s)
			}
		}
	}

	access := props.EndpointAccess
	if !access.set {
		access = EndpointAccessPublicAndPrivate.OnlyFrom(access.publicCIDRs...)
		if len(access.publicCIDRs) == 0 {
			access.publicCIDRs = nil
		}
	}
	if !access.public && len(access.publicCIDRs) > 0 {
		c.Errorf("EndpointAccess: a private endpoint has no public access to restrict to %s; use eks.EndpointAccessPublicAndPrivate.OnlyFrom(...)", strings.Join(access.publicCIDRs, ", "))
	}
	c.ipFamily = props.IPFamily
	if c.ipFamily == "" {
		c.ipFamily = IPv4
	} else if c.ipFamily != IPv4 && c.ipFamily != IPv6 {
		c.Errorf("IPFamily %q is not an IP family; use eks.IPv4 or eks.IPv6", c.ipFamily)
	}
	c.access = access
	private := c.selectPrivateSubnets(selections)
	if len(private) > 16 {
		private = private[:16]
	}
	c.privateSubnets = private
	if len(private) == 0 && !access.public {
		c.Errorf("the VPC must have private subnets when public endpoint access is disabled; select private subnets in VpcSubnets or use eks.EndpointAccessPublicAndPrivate")
	}
	if len(private) == 0 && access.public && len(access.publicCIDRs) > 0 {
		c.Errorf("the VPC must have private subnets when public endpoint access is restricted to CIDR blocks; select private subnets in VpcSubnets")
	}
	if props.ServiceIPv4CIDR != "" && c.ipFamily == IPv6 {
		c.Errorf("ServiceIPv4CIDR cannot be set with IPFamily eks.IPv6; remove one")
	}
	c.checkInputs(props, access)

	p := ekscfn.CfnClusterProps{
		RoleArn: c.Role.RoleARN(),
		Version: new(props.Version.Version()),
		AccessConfig: &ekscfn.CfnCluster_AccessConfigProperty{
			AuthenticationMode:                      new("API"),
			BootstrapClusterCreatorAdminPermissions: props.BootstrapClusterCreatorAdminPermissions,
		},
		ComputeConfig: &ekscfn.CfnCluster_ComputeConfigProperty{Enabled: new(c.AutoMode)},
		StorageConfig: &ekscfn.CfnCluster_StorageConfigProperty{BlockStorage: &ekscfn.CfnCluster_BlockStorageProperty{Enabled: new(c.AutoMode)}},
		KubernetesNetworkConfig: &ekscfn.CfnCluster_KubernetesNetworkConfigProperty{
			IpFamily:             new(string(c.ipFamily)),
			ElasticLoadBalancing: &ekscfn.CfnCluster_ElasticLoadBalancingProperty{Enabled: new(c.AutoMode)},
		},
		ResourcesVpcConfig: &ekscfn.CfnCluster_ResourcesVpcConfigProperty{
			SecurityGroupIds:      []string{c.ControlPlaneSecurityGroup.SecurityGroupID()},
			SubnetIds:             subnetIDs,
			EndpointPrivateAccess: new(access.private),
			EndpointPublicAccess:  new(access.public),
		},
		BootstrapSelfManagedAddons: props.BootstrapSelfManagedAddons,
	}
	if access.public && len(access.publicCIDRs) > 0 {
		p.ResourcesVpcConfig.PublicAccessCidrs = slices.Clone(access.publicCIDRs)
	}
	if c.AutoMode {
		pools := []string{"system", "general-purpose"}
		var nodeRole iam.IRole
		if props.Compute != nil {
			if props.Compute.NodePools != nil {
				pools = props.Compute.NodePools
			}
			nodeRole = constructs.NormalizeNil(props.Compute.NodeRole)
		}
		p.ComputeConfig.NodePools = slices.Clone(pools)
		if len(pools) > 0 {
			if nodeRole == nil {
				nodeRole = c.addNodePoolRole(id + "nodePoolRole")
			}
			p.ComputeConfig.NodeRoleArn = new(nodeRole.RoleARN())
		}
	}
	if props.ServiceIPv4CIDR != "" {
		p.KubernetesNetworkConfig.ServiceIpv4Cidr = new(props.ServiceIPv4CIDR)
	}
	if props.ClusterName != "" {
		p.Name = new(props.ClusterName)
	}
	if k := props.SecretsEncryptionKey; k != nil {
		p.EncryptionConfig = []ekscfn.CfnCluster_EncryptionConfigProperty{{
			Provider:  &ekscfn.CfnCluster_ProviderProperty{KeyArn: new(k.KeyARN())},
			Resources: []string{"secrets"},
		}}
	}
	if len(props.ClusterLogging) > 0 {
		var types []ekscfn.CfnCluster_LoggingTypeConfigProperty
		for _, t := range props.ClusterLogging {
			switch t {
			case LoggingAPI, LoggingAudit, LoggingAuthenticator, LoggingControllerManager, LoggingScheduler:
			default:
				c.Errorf("ClusterLogging %q is not a control plane log type; use eks.LoggingAPI, LoggingAudit, LoggingAuthenticator, LoggingControllerManager or LoggingScheduler", t)
			}
			types = append(types, ekscfn.CfnCluster_LoggingTypeConfigProperty{Type: new(string(t))})
		}
		p.Logging = &ekscfn.CfnCluster_LoggingProperty{ClusterLogging: &ekscfn.CfnCluster_ClusterLoggingProperty{EnabledTypes: types}}
	}
	for _, k := range sortedKeys(props.Tags) {
		p.Tags = append(p.Tags, cfn.Tag{Key: k, Value: props.Tags[k]})
	}
	if props.ControlPlaneScalingTier != "" {
		p.ControlPlaneScalingConfig = &ekscfn.CfnCluster_ControlPlaneScalingConfigProperty{Tier: new(string(props.ControlPlaneScalingTier))}
	}
	c.checkRemoteNetworks(props)
	if len(props.RemoteNodeNetworks) > 0 {
		p.RemoteNetworkConfig = &ekscfn.CfnCluster_RemoteNetworkConfigProperty{}
		for _, n := range props.RemoteNodeNetworks {
			p.RemoteNetworkConfig.RemoteNodeNetworks = append(p.RemoteNetworkConfig.RemoteNodeNetworks, ekscfn.CfnCluster_RemoteNodeNetworkProperty{Cidrs: slices.Clone(n.CIDRs)})
		}
		for _, n := range props.RemotePodNetworks {
			p.RemoteNetworkConfig.RemotePodNetworks = append(p.RemoteNetworkConfig.RemotePodNetworks, ekscfn.CfnCluster_RemotePodNetworkProperty{Cidrs: slices.Clone(n.CIDRs)})
		}
	}
	c.Resource = ekscfn.NewCfnCluster(c, "Resource", p)

	if access.private && len(private) > 0 {
		if v, ok := c.vpc.(*ec2.Vpc); ok {
			if f := v.Resource.Props.EnableDnsHostnames; f != nil && !*f {
				c.Errorf("private endpoint access needs the VPC's DNS hostnames; set EnableDNSHostnames to new(true) on the Vpc")
			}
			if f := v.Resource.Props.EnableDnsSupport; f != nil && !*f {
				c.Errorf("private endpoint access needs the VPC's DNS support; set EnableDNSSupport to new(true) on the Vpc")
			}
		}
		c.Resource.Node().AddDependency(c.vpc)
	}

	c.KubectlReadyBarrier = ssmcfn.NewCfnParameter(c, "KubectlReadyBarrier", ssmcfn.CfnParameterProps{
		Type:  "String",
		Value: "aws:cdk:eks:kubectl-ready",
	})
	c.KubectlReadyBarrier.Node().AddDependency(c.Resource)

	c.ClusterSecurityGroup = importSecurityGroup(c, "ClusterSecurityGroup", c.ClusterSecurityGroupID())
	c.conn = ec2.NewConnections(ec2.ConnectionsProps{
		SecurityGroups: []ec2.ISecurityGroup{c.ClusterSecurityGroup, c.ControlPlaneSecurityGroup},
		DefaultPort:    new(ec2.TCP(443)),
	})

	if props.MastersRole != nil {
		c.GrantAccess("mastersRoleAccess", props.MastersRole.RoleARN(), ClusterAccess(AmazonEKSClusterAdminPolicy))
		if props.OutputConfigCommand == nil || *props.OutputConfigCommand {
			suffix := " --region " + cfn.Region() + " --role-arn " + props.MastersRole.RoleARN()
			cfn.NewOutput(c, "ConfigCommand", cfn.OutputProps{Value: "aws eks update-kubeconfig --name " + c.ClusterName() + suffix})
			cfn.NewOutput(c, "GetTokenCommand", cfn.OutputProps{Value: "aws eks get-token --cluster-name " + c.ClusterName() + suffix})
		}
	}

	if rp := props.RemovalPolicy; rp != "" {
		constructs.AspectsOf(c).Add(constructs.AspectFunc(func(x constructs.Construct) {
			if r, ok := x.(interface{ ApplyRemovalPolicy(cfn.RemovalPolicy) }); ok {
				r.ApplyRemovalPolicy(rp)
			}
		}))
	}
	if props.DefaultCapacity != nil || props.DefaultCapacityType != "" || props.DefaultCapacityInstance != "" {
		n := 2
		if props.DefaultCapacity != nil {
			n = *props.DefaultCapacity
		}
		if n > 0 && props.DefaultCapacityType == DefaultCapacityNodegroup {
			instance := props.DefaultCapacityInstance
			if instance == "" {
				instance = DefaultCapacityInstanceType
			}
			c.DefaultNodegroup = c.AddNodegroupCapacity("DefaultCapacity", NodegroupOptions{InstanceTypes: []string{instance}, MinSize: new(n)})
		}
	}
	return c
}

// checkInputs reports the values of props EKS rejects: a cluster name
// that is not 1 to 100 letters, digits, '-' and '_' starting with a letter
// or digit; a public access CIDR that is not a CIDR block; a service CIDR
// outside the private ranges or not /12 to /24; a negative default
// capacity.
func (c *Cluster) checkInputs(props ClusterProps, access EndpointAccess) {
	if n := props.ClusterName; n != "" && !token.IsUnresolved(n) && !clusterNameRe.MatchString(n) {
		c.Errorf("ClusterName %q is not an EKS cluster name; use 1 to 100 letters, digits, '-' and '_', starting with a letter or digit", n)
	}
	for _, cidr := range access.publicCIDRs {
		if _, err := netip.ParsePrefix(cidr); err != nil && !token.IsUnresolved(cidr) {
			c.Errorf("EndpointAccess: %q is not a CIDR block; write an address and a prefix length, e.g. \"203.0.113.0/24\"", cidr)
		}
	}
	if cidr := props.ServiceIPv4CIDR; cidr != "" && !token.IsUnresolved(cidr) {
		p, err := netip.ParsePrefix(cidr)
		switch {
		case err != nil || !p.Addr().Is4():
			c.Errorf("ServiceIPv4CIDR %q is not an IPv4 CIDR block; write e.g. \"10.100.0.0/16\"", cidr)
		case !p.Addr().IsPrivate() || p.Bits() < 12 || p.Bits() > 24:
			c.Errorf("ServiceIPv4CIDR %s must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a prefix length from /12 to /24; pick such a block that does not overlap the VPC", cidr)
		}
	}
	if n := props.DefaultCapacity; n != nil && !token.IsUnresolved(*n) && *n < 0 {
		c.Errorf("DefaultCapacity %d is negative; set 0 (no default node group) or more", *n)
	}
}

// clusterNameRe is an EKS cluster name (CreateCluster's name).
var clusterNameRe = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$`)

// checkRemoteNetworks reports, as aws-eks-v2, pod networks without node
// networks and CIDR blocks that overlap (within the node networks, within
// the pod networks, or between them).
func (c *Cluster) checkRemoteNetworks(props ClusterProps) {
	if len(props.RemoteNodeNetworks) == 0 {
		if len(props.RemotePodNetworks) > 0 {
			c.Errorf("RemotePodNetworks needs RemoteNodeNetworks: set the networks of the hybrid nodes too")
		}
		return
	}
	type block struct {
		where  string
		prefix netip.Prefix
	}
	var blocks []block
	collect := func(kind string, networks []RemoteNetwork) {
		for i, n := range networks {
			if len(n.CIDRs) == 0 {
				c.Errorf("Remote%sNetworks[%d] has no CIDRs; give its CIDR blocks", kind, i)
			}
			for _, cidr := range n.CIDRs {
				if token.IsUnresolved(cidr) {
					continue
				}
				p, err := netip.ParsePrefix(cidr)
				if err != nil {
					c.Errorf("Remote%sNetworks[%d]: %q is not a CIDR block such as 10.0.0.0/16", kind, i, cidr)
					continue
				}
				blocks = append(blocks, block{fmt.Sprintf("Remote%sNetworks[%d]", kind, i), p.Masked()})
			}
		}
	}
	collect("Node", props.RemoteNodeNetworks)
	collect("Pod", props.RemotePodNetworks)
	for i := range blocks {
		for j := i + 1; j < len(blocks); j++ {
			if blocks[i].prefix.Overlaps(blocks[j].prefix) {
				c.Errorf("CIDR block %s of %s overlaps %s of %s; remote networks must not overlap", blocks[i].prefix, blocks[i].where, blocks[j].prefix, blocks[j].where)
			}
		}
	}
}

// checkAutoMode validates the Auto Mode settings and reports whether Auto
// Mode is on.
func (c *Cluster) checkAutoMode(props ClusterProps) bool {
	switch props.DefaultCapacityType {
	case "", DefaultCapacityAutoMode:
		if props.Compute != nil {
			for _, pool := range props.Compute.NodePools {
				if pool != "general-purpose" && pool != "system" {
					c.Errorf("Compute.NodePools: %q is not a built-in node pool; use \"general-purpose\" and/or \"system\"", pool)
				}
			}
		}
		if props.DefaultCapacity != nil || props.DefaultCapacityInstance != "" {
			c.Errorf("DefaultCapacity and DefaultCapacityInstance cannot be set in EKS Auto Mode, which manages compute itself; set DefaultCapacityType to eks.DefaultCapacityNodegroup for a default node group")
		}
		return true
	case DefaultCapacityNodegroup:
		if props.Compute != nil {
			c.Errorf("Compute configures EKS Auto Mode; remove it, or set DefaultCapacityType to eks.DefaultCapacityAutoMode")
		}
		return false
	default:
		c.Errorf("DefaultCapacityType %q is not a default capacity type; use eks.DefaultCapacityAutoMode or eks.DefaultCapacityNodegroup", props.DefaultCapacityType)
		return false
	}
}

func (c *Cluster) addNodePoolRole(id string) *iam.Role {
	return iam.NewRole(c, id, iam.RoleProps{
		AssumedBy: iam.NewServicePrincipal("ec2.amazonaws.com"),
		ManagedPolicies: []iam.IManagedPolicy{
			iam.ManagedPolicyFromAWSManagedPolicyName("AmazonEKSWorkerNodePolicy"),
			iam.ManagedPolicyFromAWSManagedPolicyName("AmazonEC2ContainerRegistryReadOnly"),
		},
	})
}

// tagSubnets tags the VPC's subnets for Kubernetes load balancers, as
// aws-eks-v2 does; a subnet not defined here gets a warning instead.
func (c *Cluster) tagSubnets() {
	tag := func(kind string, subnets []ec2.ISubnet, key string) {
		for _, s := range subnets {
			if _, ok := s.(*ec2.Subnet); ok {
				cfn.TagsOf(s).Add(key, "1")
				continue
			}
			constructs.AnnotationsOf(c).AddWarning(fmt.Sprintf("could not tag the %s subnet %s with %q; tag it by hand so that Kubernetes finds it for load balancers", kind, s.Node().Path(), key+"=1"))
		}
	}
	tag("private", c.vpc.PrivateSubnets(), "kubernetes.io/role/internal-elb")
	tag("public", c.vpc.PublicSubnets(), "kubernetes.io/role/elb")
}

// selectPrivateSubnets returns the selected subnets that are not public
// subnets of the VPC, as aws-eks-v2's selectPrivateSubnets.
func (c *Cluster) selectPrivateSubnets(selections []ec2.SubnetSelection) []ec2.ISubnet {
	var public []string
	for _, s := range c.vpc.PublicSubnets() {
		public = append(public, s.SubnetID())
	}
	var out []ec2.ISubnet
	for _, sel := range selections {
		for _, s := range c.vpc.SelectSubnets(sel, c).Subnets {
			if !slices.Contains(public, s.SubnetID()) {
				out = append(out, s)
			}
		}
	}
	return out
}

// ClusterName returns the cluster's name (Ref).
func (c *Cluster) ClusterName() string { return c.Resource.Ref() }

// ClusterARN returns the cluster's ARN.
func (c *Cluster) ClusterARN() string { return c.Resource.AttrArn() }

// ClusterEndpoint returns the URL of the Kubernetes API endpoint.
func (c *Cluster) ClusterEndpoint() string { return c.Resource.AttrEndpoint() }

// ClusterCertificateAuthorityData returns the cluster's certificate
// authority data.
func (c *Cluster) ClusterCertificateAuthorityData() string {
	return c.Resource.AttrCertificateAuthorityData()
}

// ClusterSecurityGroupID returns the id of the security group EKS creates
// for the cluster.
func (c *Cluster) ClusterSecurityGroupID() string { return c.Resource.AttrClusterSecurityGroupId() }

// ClusterEncryptionConfigKeyARN returns the ARN of the secrets encryption key.
func (c *Cluster) ClusterEncryptionConfigKeyARN() string {
	return c.Resource.AttrEncryptionConfigKeyArn()
}

// ClusterOpenIDConnectIssuerURL returns the cluster's OIDC issuer URL.
func (c *Cluster) ClusterOpenIDConnectIssuerURL() string {
	return c.Resource.AttrOpenIdConnectIssuerUrl()
}

// Vpc returns the cluster's VPC.
func (c *Cluster) Vpc() ec2.IVpc { return c.vpc }

// KubernetesVersion returns the cluster's Kubernetes version.
func (c *Cluster) KubernetesVersion() KubernetesVersion { return c.version }

// IPFamily returns the IP family of pods and services.
func (c *Cluster) IPFamily() IPFamily { return c.ipFamily }

// ControlPlaneSubnets returns the subnets of the control plane.
func (c *Cluster) ControlPlaneSubnets() []ec2.ISubnet { return slices.Clone(c.subnets) }

// PrivateSubnets returns the control plane's subnets that are not public
// (at most 16), where clients of a private endpoint run.
func (c *Cluster) PrivateSubnets() []ec2.ISubnet { return slices.Clone(c.privateSubnets) }

// EndpointAccess returns who reaches the API endpoint.
func (c *Cluster) EndpointAccess() EndpointAccess { return c.access }

// Connections returns the cluster's connections: the cluster security group
// and the control plane security group, default port 443.
func (c *Cluster) Connections() *ec2.Connections { return c.conn }

// GrantAccess gives principalARN the access policies on the cluster, as
// aws-eks-v2's grantAccess: the first grant to a principal creates an
// AccessEntry at construct id id under the cluster; later grants to the
// same principal add their policies to that entry (id is then unused),
// leaving out those it has already: unlike aws-eks-v2, which repeats them
// (a template CloudFormation rejects, as AccessPolicies holds unique
// items), a grant of AmazonEKSClusterAdminPolicy to the masters role adds
// nothing.
func (c *Cluster) GrantAccess(id, principalARN string, policies ...AccessPolicy) *AccessEntry {
	if e, ok := c.accessEntries[principalARN]; ok {
		e.AddAccessPolicies(policies...)
		return e
	}
	return NewAccessEntry(c, id, AccessEntryProps{Cluster: c, Principal: principalARN, AccessPolicies: policies})
}

// GrantAccessOfType is GrantAccess with the type of the access entry it
// creates (aws-eks-v2's grantAccess with GrantAccessOptions.accessEntryType),
// e.g. AccessEntryEC2 for the node role of EKS Auto Mode; the type is
// unused when principalARN already has an entry.
func (c *Cluster) GrantAccessOfType(id, principalARN string, typ AccessEntryType, policies ...AccessPolicy) *AccessEntry {
	if e, ok := c.accessEntries[principalARN]; ok {
		e.AddAccessPolicies(policies...)
		return e
	}
	e := NewAccessEntry(c, id, AccessEntryProps{Cluster: c, Principal: principalARN, AccessPolicies: policies, AccessEntryType: typ})
	return e
}

// GrantClusterAdmin gives principalARN AmazonEKSClusterAdminPolicy on the
// whole cluster through a new access entry, as aws-eks-v2's
// grantClusterAdmin. A principal has one access entry per cluster: a
// principal that has one already is an error (use GrantAccess to add
// policies to it).
func (c *Cluster) GrantClusterAdmin(id, principalARN string) *AccessEntry {
	return NewAccessEntry(c, id, AccessEntryProps{Cluster: c, Principal: principalARN, AccessPolicies: []AccessPolicy{ClusterAccess(AmazonEKSClusterAdminPolicy)}})
}

// AddNodegroupCapacity adds a managed node group at construct id
// "Nodegroup"+id under the cluster.
func (c *Cluster) AddNodegroupCapacity(id string, opts NodegroupOptions) *Nodegroup {
	return NewNodegroup(c, "Nodegroup"+id, NodegroupProps{Cluster: c, NodegroupOptions: opts})
}

// AddFargateProfile adds a Fargate profile at construct id
// "fargate-profile-"+id under the cluster.
func (c *Cluster) AddFargateProfile(id string, opts FargateProfileOptions) *FargateProfile {
	return NewFargateProfile(c, "fargate-profile-"+id, FargateProfileProps{Cluster: c, FargateProfileOptions: opts})
}

// EksPodIdentityAgent returns the cluster's eks-pod-identity-agent add-on
// ("EksPodIdentityAgentAddon" under the cluster), creating it on first use.
func (c *Cluster) EksPodIdentityAgent() *Addon {
	if c.podIdentityAgent == nil {
		if a := c.addons["eks-pod-identity-agent"]; a != nil {
			c.podIdentityAgent = a
			return a
		}
		c.podIdentityAgent = NewAddon(c, "EksPodIdentityAgentAddon", AddonProps{Cluster: c, AddonName: "eks-pod-identity-agent"})
	}
	return c.podIdentityAgent
}

// AddPodIdentity gives a Kubernetes service account an IAM role through EKS
// Pod Identity, at construct id id under the cluster; see NewPodIdentity.
func (c *Cluster) AddPodIdentity(id string, opts PodIdentityOptions) *PodIdentity {
	return NewPodIdentity(c, id, PodIdentityProps{Cluster: c, PodIdentityOptions: opts})
}

// records returns what a cluster defined or imported here keeps of its
// access entries and add-ons, or nils for another ICluster.
func records(c ICluster) (entries map[string]*AccessEntry, addons map[string]*Addon) {
	switch c := c.(type) {
	case *Cluster:
		return c.accessEntries, c.addons
	case *importedCluster:
		return c.entries, c.addons
	}
	return nil, nil
}

// attachFargateProfile records a profile and returns the profiles so far.
func (c *Cluster) attachFargateProfile(p *FargateProfile) []*FargateProfile {
	c.fargateProfiles = append(c.fargateProfiles, p)
	c.KubectlReadyBarrier.Node().AddDependency(p)
	return c.fargateProfiles
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
