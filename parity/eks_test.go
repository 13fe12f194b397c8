package parity

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ec2/ec2cfn"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/s3"
)

// The EKS cases; parity/oracle/eks.js builds the same stacks with aws-cdk-lib's
// aws-eks-v2. Each case builds one stack "Eks".

// eksStack makes the stack "Eks" and a VPC with one NAT gateway.
func eksStack(app *constructs.App) (*constructs.Stack, *ec2.Vpc) {
	stack := constructs.NewStack(app, "Eks", constructs.StackProps{})
	return stack, ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
}

// nodegroupCluster is a 1.33 cluster without Auto Mode and without a default
// node group.
func nodegroupCluster(stack *constructs.Stack, props eks.ClusterProps) *eks.Cluster {
	if props.Version.IsZero() {
		props.Version = eks.V1_33
	}
	props.DefaultCapacityType = eks.DefaultCapacityNodegroup
	props.DefaultCapacity = new(0)
	return eks.NewCluster(stack, "Cluster", props)
}

func init() {
	register(Case{Name: "eks-default", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "Eks", constructs.StackProps{})
		eks.NewCluster(stack, "Cluster", eks.ClusterProps{Version: eks.V1_33})
	}})

	register(Case{Name: "eks-private-logging-kms", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		eks.NewCluster(stack, "Cluster", eks.ClusterProps{
			Version:              eks.V1_32,
			Vpc:                  vpc,
			VpcSubnets:           []ec2.SubnetSelection{{SubnetType: ec2.SubnetPrivateWithEgress}},
			EndpointAccess:       eks.EndpointAccessPrivate,
			ClusterLogging:       []eks.ClusterLoggingType{eks.LoggingAPI, eks.LoggingAudit, eks.LoggingAuthenticator},
			SecretsEncryptionKey: kms.NewKey(stack, "SecretsKey", kms.KeyProps{}),
			ClusterName:          "private-cluster",
			Tags:                 map[string]string{"team": "platform"},
		})
	}})

	register(Case{Name: "eks-public-cidrs", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		cluster := nodegroupCluster(stack, eks.ClusterProps{
			Vpc:            vpc,
			EndpointAccess: eks.EndpointAccessPublicAndPrivate.OnlyFrom("203.0.113.0/24", "198.51.100.7/32"),
			ClusterLogging: []eks.ClusterLoggingType{eks.LoggingControllerManager, eks.LoggingScheduler},
		})
		cluster.Connections().AllowFrom(ec2.IPv4("10.0.0.0/16"), ec2.TCP(443), "")
	}})

	register(Case{Name: "eks-public-only", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		nodegroupCluster(stack, eks.ClusterProps{Vpc: vpc, EndpointAccess: eks.EndpointAccessPublic, Version: eks.V1_34})
	}})

	register(Case{Name: "eks-default-nodegroup", Build: func(app *constructs.App) {
		stack := constructs.NewStack(app, "Eks", constructs.StackProps{})
		eks.NewCluster(stack, "Cluster", eks.ClusterProps{Version: eks.V1_33, DefaultCapacityType: eks.DefaultCapacityNodegroup})
	}})

	register(Case{Name: "eks-nodegroups", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		cluster := nodegroupCluster(stack, eks.ClusterProps{Vpc: vpc})
		cluster.AddNodegroupCapacity("General", eks.NodegroupOptions{
			AmiType:       eks.AmiAL2023X86_64Standard,
			InstanceTypes: []string{"m6i.large", "m5.large"},
			MinSize:       new(2), MaxSize: new(6), DesiredSize: new(3),
			Labels:       map[string]string{"workload": "general", "tier": "web"},
			Taints:       []eks.Taint{{Effect: eks.TaintNoSchedule, Key: "dedicated", Value: "web"}},
			CapacityType: eks.CapacityOnDemand,
			DiskSize:     50,
		})
		cluster.AddNodegroupCapacity("Arm", eks.NodegroupOptions{
			AmiType:       eks.AmiBottlerocketARM64,
			InstanceTypes: []string{"m7g.large"},
			MinSize:       new(1),
			NodegroupName: "bottlerocket-arm",
			Taints:        []eks.Taint{{Effect: eks.TaintPreferNoSchedule, Key: "arch", Value: "arm64"}},
			CapacityType:  eks.CapacitySpot,
		})
		lt := ec2cfn.NewCfnLaunchTemplate(stack, "LaunchTemplate", ec2cfn.CfnLaunchTemplateProps{
			LaunchTemplateData: &ec2cfn.CfnLaunchTemplate_LaunchTemplateDataProperty{InstanceType: new("t3.medium")},
		})
		nodeRole := iam.NewRole(stack, "NodeRole", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ec2.amazonaws.com")})
		eks.NewNodegroup(stack, "Custom", eks.NodegroupProps{Cluster: cluster, NodegroupOptions: eks.NodegroupOptions{
			LaunchTemplateSpec: &eks.LaunchTemplateSpec{ID: lt.Ref(), Version: lt.AttrLatestVersionNumber()},
			AmiType:            eks.AmiAL2023X86_64Standard,
			NodeRole:           nodeRole,
			Subnets:            &ec2.SubnetSelection{SubnetType: ec2.SubnetPublic},
			MaxUnavailable:     1,
		}})
		cluster.AddNodegroupCapacity("Inferred", eks.NodegroupOptions{InstanceTypes: []string{"t4g.medium"}})
	}})

	register(Case{Name: "eks-fargate", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		cluster := nodegroupCluster(stack, eks.ClusterProps{Vpc: vpc})
		cluster.AddFargateProfile("System", eks.FargateProfileOptions{
			Selectors: []eks.Selector{{Namespace: "kube-system"}, {Namespace: "default", Labels: map[string]string{"app": "web", "tier": "front"}}},
		})
		cluster.AddFargateProfile("Jobs", eks.FargateProfileOptions{
			FargateProfileName: "jobs",
			Selectors:          []eks.Selector{{Namespace: "jobs"}},
			Vpc:                vpc,
			SubnetSelection:    &ec2.SubnetSelection{SubnetType: ec2.SubnetPrivateWithEgress},
		})
	}})

	register(Case{Name: "eks-addons", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		cluster := nodegroupCluster(stack, eks.ClusterProps{Vpc: vpc})
		eks.NewAddon(stack, "VpcCni", eks.AddonProps{Cluster: cluster, AddonName: "vpc-cni"})
		eks.NewAddon(stack, "CoreDns", eks.AddonProps{Cluster: cluster, AddonName: "coredns", AddonVersion: "v1.11.4-eksbuild.2", PreserveOnDelete: new(false)})
		eks.NewAddon(stack, "KubeProxy", eks.AddonProps{Cluster: cluster, AddonName: "kube-proxy", ConfigurationValues: map[string]any{"mode": "ipvs"}})
		cluster.EksPodIdentityAgent()
		eks.NewContainerInsights(stack, "ContainerInsights", eks.ContainerInsightsProps{Cluster: cluster})
	}})

	register(Case{Name: "eks-access", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		cluster := nodegroupCluster(stack, eks.ClusterProps{Vpc: vpc})
		admin := iam.NewRole(stack, "Admin", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
		cluster.GrantAccess("AdminAccess", admin.RoleARN(), eks.ClusterAccess(eks.AmazonEKSClusterAdminPolicy))
		dev := "arn:aws:iam::123456789012:role/developers"
		cluster.GrantAccess("DevAccess", dev, eks.NamespaceAccess(eks.AmazonEKSEditPolicy, "dev", "staging"))
		cluster.GrantAccess("DevView", dev, eks.ClusterAccess(eks.AmazonEKSViewPolicy))
		eks.NewAccessEntry(stack, "Auditor", eks.AccessEntryProps{
			Cluster:         cluster,
			Principal:       "arn:aws:iam::123456789012:role/auditor",
			AccessPolicies:  []eks.AccessPolicy{eks.ClusterAccess(eks.AmazonEKSAdminViewPolicy)},
			AccessEntryName: "auditor",
		})
	}})

	register(Case{Name: "eks-pod-identity", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		cluster := nodegroupCluster(stack, eks.ClusterProps{Vpc: vpc})
		web := cluster.AddPodIdentity("WebIdentity", eks.PodIdentityOptions{ServiceAccount: "web", Namespace: "shop"})
		s3.NewBucket(stack, "Assets", s3.BucketProps{}).GrantRead(web)
	}})

	register(Case{Name: "eks-masters-automode", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		masters := iam.NewRole(stack, "Masters", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
		nodeRole := iam.NewRole(stack, "AutoNodes", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ec2.amazonaws.com")})
		eks.NewCluster(stack, "Cluster", eks.ClusterProps{
			Version:                                 eks.V1_34,
			Vpc:                                     vpc,
			MastersRole:                             masters,
			Compute:                                 &eks.ComputeConfig{NodePools: []string{"system"}, NodeRole: nodeRole},
			BootstrapClusterCreatorAdminPermissions: new(false),
		})
	}})

	register(Case{Name: "eks-ipv6-nodegroup", Build: func(app *constructs.App) {
		stack, vpc := eksStack(app)
		cluster := nodegroupCluster(stack, eks.ClusterProps{Vpc: vpc, IPFamily: eks.IPv6})
		cluster.AddNodegroupCapacity("V6", eks.NodegroupOptions{
			AmiType:                  eks.AmiAL2023X86_64Standard,
			InstanceTypes:            []string{"m6i.large"},
			EnableNodeAutoRepair:     true,
			MaxUnavailablePercentage: 25,
			ReleaseVersion:           "1.33.0-20250620",
			Tags:                     map[string]string{"team": "platform"},
		})
	}})
}
