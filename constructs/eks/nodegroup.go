package eks

import (
	"regexp"
	"slices"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks/ekscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// NodegroupAmiType is the AMI type of a managed node group.
type NodegroupAmiType string

// FlagDefaultToAL2023 is the AWS CDK feature flag
// @aws-cdk/aws-eks:defaultToAL2023: node groups without AmiType whose
// instance types are x86_64 or arm64 default to AL2023 instead of AL2.
const FlagDefaultToAL2023 = "@aws-cdk/aws-eks:defaultToAL2023"

// AMI types of managed node groups.
const (
	AmiAL2023X86_64Standard     NodegroupAmiType = "AL2023_x86_64_STANDARD"
	AmiAL2023ARM64Standard      NodegroupAmiType = "AL2023_ARM_64_STANDARD"
	AmiAL2023X86_64Nvidia       NodegroupAmiType = "AL2023_x86_64_NVIDIA"
	AmiAL2023ARM64Nvidia        NodegroupAmiType = "AL2023_ARM_64_NVIDIA"
	AmiAL2023X86_64Neuron       NodegroupAmiType = "AL2023_x86_64_NEURON"
	AmiBottlerocketX86_64       NodegroupAmiType = "BOTTLEROCKET_x86_64"
	AmiBottlerocketARM64        NodegroupAmiType = "BOTTLEROCKET_ARM_64"
	AmiBottlerocketX86_64Nvidia NodegroupAmiType = "BOTTLEROCKET_x86_64_NVIDIA"
	AmiBottlerocketARM64Nvidia  NodegroupAmiType = "BOTTLEROCKET_ARM_64_NVIDIA"
	AmiAL2X86_64                NodegroupAmiType = "AL2_x86_64"
	AmiAL2X86_64GPU             NodegroupAmiType = "AL2_x86_64_GPU"
	AmiAL2ARM64                 NodegroupAmiType = "AL2_ARM_64"
	AmiWindowsCore2019X86_64    NodegroupAmiType = "WINDOWS_CORE_2019_x86_64"
	AmiWindowsCore2022X86_64    NodegroupAmiType = "WINDOWS_CORE_2022_x86_64"
	AmiWindowsFull2019X86_64    NodegroupAmiType = "WINDOWS_FULL_2019_x86_64"
	AmiWindowsFull2022X86_64    NodegroupAmiType = "WINDOWS_FULL_2022_x86_64"
	AmiCustom                   NodegroupAmiType = "CUSTOM"
)

// CapacityType is how a node group buys its instances.
type CapacityType string

// Capacity types.
const (
	CapacitySpot     CapacityType = "SPOT"
	CapacityOnDemand CapacityType = "ON_DEMAND"
	CapacityBlock    CapacityType = "CAPACITY_BLOCK"
)

// TaintEffect is the effect of a Kubernetes taint.
type TaintEffect string

// Taint effects.
const (
	TaintNoSchedule       TaintEffect = "NO_SCHEDULE"
	TaintPreferNoSchedule TaintEffect = "PREFER_NO_SCHEDULE"
	TaintNoExecute        TaintEffect = "NO_EXECUTE"
)

// Taint is a Kubernetes taint of a node group's nodes.
type Taint struct {
	Effect TaintEffect
	Key    string
	Value  string
}

// LaunchTemplateSpec names the launch template of a node group.
type LaunchTemplateSpec struct {
	// ID is the launch template's id (required).
	ID string
	// Version is the launch template version; default: the default version.
	Version string
}

// NodegroupRemoteAccess allows SSH to the nodes.
type NodegroupRemoteAccess struct {
	// SSHKeyName is the EC2 key pair (required).
	SSHKeyName string
	// SourceSecurityGroups may connect; default: any address (port 22).
	SourceSecurityGroups []ec2.ISecurityGroup
}

// NodegroupOptions configures a managed node group; the zero value of a
// field is aws-eks-v2's default.
type NodegroupOptions struct {
	// NodegroupName is the physical name; default: generated.
	NodegroupName string
	// Subnets select the nodes' subnets in the cluster's VPC; default: the
	// private subnets.
	Subnets *ec2.SubnetSelection
	// AmiType: default: inferred from InstanceTypes as aws-eks-v2 does
	// (AL2_x86_64, or AL2_ARM_64 for Graviton types, AL2_x86_64_GPU for GPU
	// types; AL2023 instead of AL2 with the feature flag
	// FlagDefaultToAL2023), none without InstanceTypes or with a launch
	// template. Set it:
	// AL2 AMIs end with Kubernetes 1.32; AmiAL2023X86_64Standard or
	// AmiBottlerocketX86_64 are current.
	AmiType NodegroupAmiType
	// DiskSize is the root volume size in GiB; default: EKS's (20). Not
	// with LaunchTemplateSpec.
	DiskSize int
	// DesiredSize: default MinSize, else 2. MinSize <= DesiredSize <=
	// MaxSize, as aws-eks-v2 checks; EKS takes a MinSize and DesiredSize of
	// 0 or more and a MaxSize of 1 or more.
	DesiredSize *int
	// MaxSize: default DesiredSize.
	MaxSize *int
	// MinSize: default 1.
	MinSize *int
	// ForceUpdate replaces nodes that pods' disruption budgets protect;
	// default true.
	ForceUpdate *bool
	// InstanceTypes, e.g. "m6i.large" (family.size, lower case); default:
	// EKS's (t3.medium). A Windows AmiType refuses the classes aws-eks-v2
	// refuses (c3, c4, d2, i2, m4 but m4.16xlarge, m6a, r3).
	InstanceTypes []string
	// Labels are Kubernetes labels of the nodes.
	Labels map[string]string
	// Taints are Kubernetes taints of the nodes.
	Taints []Taint
	// NodeRole is the nodes' role; default: a new role "NodeGroupRole" with
	// AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and
	// AmazonEC2ContainerRegistryReadOnly.
	NodeRole iam.IRole
	// ReleaseVersion is the AMI release version; default: the latest.
	ReleaseVersion string
	// RemoteAccess allows SSH to the nodes; default: none. Not with
	// LaunchTemplateSpec (EKS refuses both).
	RemoteAccess *NodegroupRemoteAccess
	// Tags are tags of the node group resource.
	Tags map[string]string
	// LaunchTemplateSpec is the nodes' launch template; default: none.
	LaunchTemplateSpec *LaunchTemplateSpec
	// CapacityType: default: EKS's (ON_DEMAND).
	CapacityType CapacityType
	// MaxUnavailable nodes during an update; not with
	// MaxUnavailablePercentage.
	MaxUnavailable int
	// MaxUnavailablePercentage of nodes during an update (1 to 100).
	MaxUnavailablePercentage int
	// EnableNodeAutoRepair turns node auto repair on.
	EnableNodeAutoRepair bool
	// RemovalPolicy: default destroy.
	RemovalPolicy cfn.RemovalPolicy
}

// NodegroupProps configures NewNodegroup.
type NodegroupProps struct {
	// Cluster is the cluster (required).
	Cluster ICluster
	NodegroupOptions
}

// Nodegroup is an EKS managed node group (AWS::EKS::Nodegroup), aws-eks-v2's
// Nodegroup.
type Nodegroup struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::EKS::Nodegroup.
	Resource *ekscfn.CfnNodegroup
	// Role is the nodes' role.
	Role iam.IRole
	// Cluster is the node group's cluster.
	Cluster ICluster
}

// NewNodegroup creates a managed node group.
func NewNodegroup(scope constructs.Construct, id string, props NodegroupProps) *Nodegroup {
	props.Cluster = constructs.NormalizeNil(props.Cluster)
	props.NodeRole = constructs.NormalizeNil(props.NodeRole)
	n := &Nodegroup{Cluster: props.Cluster}
	n.Base = constructs.NewBase(n, scope, id)
	if props.Cluster == nil {
		n.Errorf("NodegroupProps.Cluster is required: set the cluster the nodes join")
		return n
	}
	minSize := 1
	if props.MinSize != nil {
		minSize = *props.MinSize
	}
	desired := 2
	if props.DesiredSize != nil {
		desired = *props.DesiredSize
	} else if props.MinSize != nil {
		desired = *props.MinSize
	}
	maxSize := desired
	if props.MaxSize != nil {
		maxSize = *props.MaxSize
	}
	n.checkScaling(props.NodegroupOptions, minSize, desired, maxSize)
	if props.DiskSize < 0 {
		n.Errorf("DiskSize %d is not a size; set the root volume size in GiB (1 or more), or leave it unset for EKS's 20", props.DiskSize)
	}
	if props.LaunchTemplateSpec != nil && props.RemoteAccess != nil {
		n.Errorf("RemoteAccess cannot be set with LaunchTemplateSpec (EKS rejects a node group with both); set the key pair and security groups in the launch template")
	}
	for i, t := range props.InstanceTypes {
		if !token.IsUnresolved(t) && !instanceTypeRe.MatchString(t) {
			n.Errorf("InstanceTypes[%d] %q is not an EC2 instance type; write family.size in lower case, e.g. \"m6i.large\"", i, t)
		}
	}
	if isWindowsAmi(props.AmiType) {
		for _, t := range props.InstanceTypes {
			if !token.IsUnresolved(t) && !windowsSupported(t) {
				n.Errorf("instance type %q does not run Windows: EC2 instance types C3, C4, D2, I2, M4 (except m4.16xlarge), M6a and R3 are not supported for Windows workloads; choose another instance type or a Linux AmiType", t)
			}
		}
	}
	for i, t := range props.Taints {
		if t.Key == "" {
			n.Errorf("Taints[%d] has no Key; every Kubernetes taint has a key", i)
		}
		switch t.Effect {
		case TaintNoSchedule, TaintPreferNoSchedule, TaintNoExecute:
		default:
			n.Errorf("Taints[%d] has effect %q; use eks.TaintNoSchedule, eks.TaintPreferNoSchedule or eks.TaintNoExecute", i, t.Effect)
		}
	}
	if props.LaunchTemplateSpec != nil && props.DiskSize != 0 {
		n.Errorf("DiskSize cannot be set with LaunchTemplateSpec; set the disk size in the launch template's block device mappings")
	}
	var possible []NodegroupAmiType
	if len(props.InstanceTypes) > 0 {
		archs := map[string]bool{}
		for _, t := range props.InstanceTypes {
			archs[instanceArch(t)] = true
		}
		if len(archs) > 1 {
			n.Errorf("InstanceTypes %s mix CPU architectures; a node group's instance types share one architecture (x86_64, arm64 or GPU)", quoteList(props.InstanceTypes))
		} else {
			for a := range archs {
				possible = slices.Clone(amiTypesByArch[a])
			}
			// @aws-cdk/aws-eks:defaultToAL2023 makes AL2023 the default of
			// x86_64 and arm64 instance types (GPU types keep AL2).
			if len(possible) > 1 && (possible[0] == AmiAL2X86_64 || possible[0] == AmiAL2ARM64) && constructs.FeatureFlag(n, FlagDefaultToAL2023) {
				possible[0], possible[1] = possible[1], possible[0]
			}
			if archs["GPU"] && props.AmiType == "" && constructs.FeatureFlag(n, FlagDefaultToAL2023) {
				constructs.AnnotationsOf(n).AddWarning("GPU instance types keep AL2 with @aws-cdk/aws-eks:defaultToAL2023, as AL2023 splits GPU support into NVIDIA and Neuron AMIs; set AmiType (eks.AmiAL2023X86_64Nvidia or eks.AmiAL2023X86_64Neuron) to use AL2023")
			}
			if props.AmiType != "" && !slices.Contains(possible, props.AmiType) {
				names := make([]string, len(possible))
				for i, p := range possible {
					names[i] = string(p)
				}
				n.Errorf("AmiType %s does not match the architecture of InstanceTypes %s; use one of %s, or leave AmiType unset", props.AmiType, quoteList(props.InstanceTypes), strings.Join(names, ", "))
			}
		}
	}
	n.Role = props.NodeRole
	if n.Role == nil {
		r := iam.NewRole(n, "NodeGroupRole", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ec2.amazonaws.com")})
		for _, name := range []string{"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"} {
			r.AddManagedPolicy(iam.ManagedPolicyFromAWSManagedPolicyName(name))
		}
		if c, ok := props.Cluster.(*Cluster); ok && c.IPFamily() == IPv6 {
			r.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
				Resources: []string{"arn:aws:ec2:*:*:network-interface/*"},
				Actions:   []string{"ec2:AssignIpv6Addresses", "ec2:UnassignIpv6Addresses"},
			}))
		}
		n.Role = r
	}
	if props.MaxUnavailable != 0 && props.MaxUnavailablePercentage != 0 {
		n.Errorf("MaxUnavailable and MaxUnavailablePercentage cannot both be set; keep one")
	}
	if p := props.MaxUnavailablePercentage; p != 0 && (p < 1 || p > 100) {
		n.Errorf("MaxUnavailablePercentage %d must be between 1 and 100", p)
	}
	if m := props.MaxUnavailable; m != 0 {
		if m > maxSize {
			n.Errorf("MaxUnavailable %d must not exceed MaxSize %d", m, maxSize)
		}
		if m < 1 || m > 100 {
			n.Errorf("MaxUnavailable %d must be between 1 and 100", m)
		}
	}

	vpc := props.Cluster.Vpc()
	sel := ec2.SubnetSelection{}
	if props.Subnets != nil {
		sel = *props.Subnets
	}
	for _, s := range sel.Subnets {
		if other := vpcOf(s); other != nil && vpc != nil && other != vpc {
			n.Errorf("subnet %s is in VPC %s, not in the cluster's VPC %s; select subnets of the cluster's VPC (a node group's nodes must reach the control plane)", s.Node().Path(), other.Node().Path(), vpc.Node().Path())
		}
	}
	var subnetIDs []string
	if vpc != nil {
		subnetIDs = vpc.SelectSubnets(sel, n).SubnetIDs
	}

	p := ekscfn.CfnNodegroupProps{
		ClusterName:        props.Cluster.ClusterName(),
		NodeRole:           n.Role.RoleARN(),
		Subnets:            subnetIDs,
		ForceUpdateEnabled: new(props.ForceUpdate == nil || *props.ForceUpdate),
		InstanceTypes:      slices.Clone(props.InstanceTypes),
		Labels:             props.Labels,
		ScalingConfig:      &ekscfn.CfnNodegroup_ScalingConfigProperty{DesiredSize: new(desired), MaxSize: new(maxSize), MinSize: new(minSize)},
		Tags:               props.Tags,
	}
	if props.NodegroupName != "" {
		p.NodegroupName = new(props.NodegroupName)
	}
	ami := props.AmiType
	if ami == "" && props.LaunchTemplateSpec == nil && len(possible) > 0 {
		ami = possible[0]
	}
	if ami != "" {
		p.AmiType = new(string(ami))
	}
	if props.CapacityType != "" {
		p.CapacityType = new(string(props.CapacityType))
	}
	if props.DiskSize != 0 {
		p.DiskSize = new(props.DiskSize)
	}
	for _, t := range props.Taints {
		tp := ekscfn.CfnNodegroup_TaintProperty{}
		if t.Effect != "" {
			tp.Effect = new(string(t.Effect))
		}
		if t.Key != "" {
			tp.Key = new(t.Key)
		}
		if t.Value != "" {
			tp.Value = new(t.Value)
		}
		p.Taints = append(p.Taints, tp)
	}
	if lt := props.LaunchTemplateSpec; lt != nil {
		p.LaunchTemplate = &ekscfn.CfnNodegroup_LaunchTemplateSpecificationProperty{Id: new(lt.ID)}
		if lt.Version != "" {
			p.LaunchTemplate.Version = new(lt.Version)
		}
		if lt.ID == "" {
			n.Errorf("LaunchTemplateSpec.ID is required: set the launch template's id, e.g. lt.Ref()")
		}
	}
	if props.ReleaseVersion != "" {
		p.ReleaseVersion = new(props.ReleaseVersion)
	}
	if ra := props.RemoteAccess; ra != nil {
		p.RemoteAccess = &ekscfn.CfnNodegroup_RemoteAccessProperty{Ec2SshKey: ra.SSHKeyName}
		for _, sg := range ra.SourceSecurityGroups {
			p.RemoteAccess.SourceSecurityGroups = append(p.RemoteAccess.SourceSecurityGroups, sg.SecurityGroupID())
		}
	}
	if props.MaxUnavailable != 0 || props.MaxUnavailablePercentage != 0 {
		p.UpdateConfig = &ekscfn.CfnNodegroup_UpdateConfigProperty{}
		if props.MaxUnavailable != 0 {
			p.UpdateConfig.MaxUnavailable = new(float64(props.MaxUnavailable))
		}
		if props.MaxUnavailablePercentage != 0 {
			p.UpdateConfig.MaxUnavailablePercentage = new(float64(props.MaxUnavailablePercentage))
		}
	}
	if props.EnableNodeAutoRepair {
		p.NodeRepairConfig = &ekscfn.CfnNodegroup_NodeRepairConfigProperty{Enabled: new(true)}
	}
	n.Resource = ekscfn.NewCfnNodegroup(n, "Resource", p)
	if props.RemovalPolicy != "" {
		n.Resource.ApplyRemovalPolicy(props.RemovalPolicy)
	}
	return n
}

// NodegroupName returns the node group's name (Ref, as aws-eks-v2 without
// the EKS_NODEGROUP_NAME feature flag).
func (n *Nodegroup) NodegroupName() string { return n.Resource.Ref() }

// NodegroupARN returns the node group's ARN.
func (n *Nodegroup) NodegroupARN() string { return n.Resource.AttrArn() }

// checkScaling reports scaling sizes EKS rejects (a NodegroupScalingConfig
// has minSize and desiredSize of 0 or more and maxSize of 1 or more) and the
// orderings aws-eks-v2 rejects (desired above max, min above desired).
// minSize, desired and maxSize are the sizes after defaults.
func (n *Nodegroup) checkScaling(o NodegroupOptions, minSize, desired, maxSize int) {
	known := func(p *int) bool { return p != nil && !token.IsUnresolved(*p) }
	bad := false
	if known(o.MinSize) && *o.MinSize < 0 {
		n.Errorf("MinSize %d is negative; set 0 or more", *o.MinSize)
		bad = true
	}
	if known(o.DesiredSize) && *o.DesiredSize < 0 {
		n.Errorf("DesiredSize %d is negative; set 0 or more", *o.DesiredSize)
		bad = true
	}
	if known(o.MaxSize) && *o.MaxSize < 1 {
		n.Errorf("MaxSize %d is less than 1; a node group's MaxSize is 1 or more", *o.MaxSize)
		bad = true
	}
	if bad || token.IsUnresolved(minSize) || token.IsUnresolved(desired) || token.IsUnresolved(maxSize) {
		return
	}
	if o.DesiredSize == nil && maxSize < 1 {
		n.Errorf("MaxSize is %d (the default: DesiredSize, itself MinSize); a node group's MaxSize is 1 or more: set MaxSize", maxSize)
		return
	}
	if known(o.MinSize) && known(o.MaxSize) && minSize > maxSize {
		n.Errorf("MinSize %d is greater than MaxSize %d; lower MinSize or raise MaxSize", minSize, maxSize)
		return
	}
	if desired > maxSize {
		n.Errorf("DesiredSize %d%s is greater than MaxSize %d; raise MaxSize or lower DesiredSize", desired, defaulted(o.DesiredSize == nil, "MinSize"), maxSize)
	}
	if desired < minSize {
		n.Errorf("MinSize %d%s is greater than DesiredSize %d; lower MinSize or raise DesiredSize", minSize, defaulted(o.MinSize == nil, ""), desired)
	}
}

// defaulted notes a size that was not set: " (the default)", or " (the
// default: from)".
func defaulted(isDefault bool, from string) string {
	switch {
	case !isDefault:
		return ""
	case from != "":
		return " (the default: " + from + ")"
	}
	return " (the default)"
}

func isWindowsAmi(t NodegroupAmiType) bool { return strings.HasPrefix(string(t), "WINDOWS_") }

// windowsSupported is aws-eks-v2's isWindowsSupportedInstanceType: the
// classes c3, c4, d2, i2, m4 (but m4.16xlarge), m6a and r3 do not run
// Windows.
func windowsSupported(instanceType string) bool {
	if instanceType == "m4.16xlarge" {
		return true
	}
	class, _, _ := strings.Cut(instanceType, ".")
	switch class {
	case "c3", "c4", "d2", "i2", "m4", "m6a", "r3":
		return false
	}
	return true
}

// vpcOf returns the VPC that defines the subnet, or nil when unknown.
func vpcOf(s ec2.ISubnet) ec2.IVpc {
	for c := constructs.Construct(s); c != nil; c = c.Node().Scope() {
		if v, ok := c.(ec2.IVpc); ok {
			return v
		}
	}
	return nil
}

var (
	amiTypesByArch = map[string][]NodegroupAmiType{
		"arm64":  {AmiAL2ARM64, AmiAL2023ARM64Standard, AmiBottlerocketARM64},
		"x86_64": {AmiAL2X86_64, AmiAL2023X86_64Standard, AmiBottlerocketX86_64, AmiWindowsCore2019X86_64, AmiWindowsCore2022X86_64, AmiWindowsFull2019X86_64, AmiWindowsFull2022X86_64},
		"GPU":    {AmiAL2X86_64GPU, AmiAL2023X86_64Neuron, AmiAL2023X86_64Nvidia, AmiAL2023ARM64Nvidia, AmiBottlerocketX86_64Nvidia, AmiBottlerocketARM64Nvidia},
	}
	gpuClassRe = regexp.MustCompile(`^(p\d|g\d|inf\d|trn\d|dl\d)`)
	armClassRe = regexp.MustCompile(`^(a1|[a-z]+\d+g[a-z-]*)$`)
	// instanceTypeRe is an EC2 instance type's shape: a lower-case family
	// with a generation digit, a dot, a size ("m6i.large", "u-6tb1.metal",
	// "i7ie.metal-24xl").
	instanceTypeRe = regexp.MustCompile(`^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$`)
)

// instanceArch is aws-eks-v2's view of an instance type's architecture:
// "GPU" for accelerated classes (p, g, inf, trn, dl), "arm64" for Graviton
// classes (a1 and classes with a "g" after the generation: m7g, c6gn, t4g),
// else "x86_64".
func instanceArch(instanceType string) string {
	class, _, _ := strings.Cut(instanceType, ".")
	switch {
	case armClassRe.MatchString(class) && !strings.HasPrefix(class, "g"):
		return "arm64"
	case gpuClassRe.MatchString(class):
		return "GPU"
	default:
		return "x86_64"
	}
}
