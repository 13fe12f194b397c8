package parity

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
)

// The examples of aws-cdk-lib's aws-eks-v2 README and API docs
// (oracle/docs-eks.js).

func init() {
	register(
		Case{Name: "docs-eks-quickstart", Build: func(app *constructs.App) {
			eks.NewCluster(docsStack(app), "hello-eks", eks.ClusterProps{Version: eks.V1_37})
		}},
		Case{Name: "docs-eks-nodegroup-fargate", Build: func(app *constructs.App) {
			cluster := eks.NewCluster(docsStack(app), "ManagedNodeCluster", eks.ClusterProps{
				Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityNodegroup,
			})
			cluster.AddFargateProfile("FargateProfile", eks.FargateProfileOptions{Selectors: []eks.Selector{{Namespace: "default"}}})
		}},
		Case{Name: "docs-eks-automode-pools", Build: func(app *constructs.App) {
			eks.NewCluster(docsStack(app), "EksAutoCluster", eks.ClusterProps{
				Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityAutoMode,
				Compute: &eks.ComputeConfig{NodePools: []string{"system", "general-purpose"}},
			})
		}},
		Case{Name: "docs-eks-automode-no-pools", Build: func(app *constructs.App) {
			eks.NewCluster(docsStack(app), "EksAutoCluster", eks.ClusterProps{
				Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityAutoMode,
				Compute: &eks.ComputeConfig{NodePools: []string{}},
			})
		}},
		Case{Name: "docs-eks-default-capacity", Build: func(app *constructs.App) {
			eks.NewCluster(docsStack(app), "EksCluster", eks.ClusterProps{
				Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityNodegroup,
				DefaultCapacity: new(3), DefaultCapacityInstance: "t3.large",
			})
		}},
		Case{Name: "docs-eks-nodegroup-later", Build: func(app *constructs.App) {
			cluster := eks.NewCluster(docsStack(app), "EksCluster", eks.ClusterProps{
				Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityNodegroup, DefaultCapacity: new(0),
			})
			cluster.AddNodegroupCapacity("custom-node-group", eks.NodegroupOptions{MinSize: new(1), MaxSize: new(3), InstanceTypes: []string{"t3.large"}})
			cluster.AddNodegroupCapacity("big-disk", eks.NodegroupOptions{InstanceTypes: []string{"m5.large"}, MinSize: new(4), DiskSize: 100})
		}},
		Case{Name: "docs-eks-mixed", Build: func(app *constructs.App) {
			cluster := eks.NewCluster(docsStack(app), "Cluster", eks.ClusterProps{
				Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityAutoMode,
				Compute: &eks.ComputeConfig{NodePools: []string{"system", "general-purpose"}},
			})
			cluster.AddNodegroupCapacity("specialized-workload", eks.NodegroupOptions{
				MinSize: new(1), MaxSize: new(3), InstanceTypes: []string{"c5.xlarge"},
				Labels: map[string]string{"workload": "specialized"},
			})
		}},
		Case{Name: "docs-eks-nodegroup-ami", Build: func(app *constructs.App) {
			cluster := eks.NewCluster(docsStack(app), "HelloEKS", eks.ClusterProps{
				Version: eks.V1_32, DefaultCapacityType: eks.DefaultCapacityNodegroup,
				DefaultCapacity: new(5), DefaultCapacityInstance: "m5.small",
			})
			cluster.AddNodegroupCapacity("workers", eks.NodegroupOptions{InstanceTypes: []string{"m5.large"}, AmiType: eks.AmiAL2X86_64})
			cluster.AddNodegroupCapacity("extra-ng-arm", eks.NodegroupOptions{InstanceTypes: []string{"m6g.medium"}, MinSize: new(2)})
			cluster.AddNodegroupCapacity("NodeGroup", eks.NodegroupOptions{EnableNodeAutoRepair: true})
		}},
		Case{Name: "docs-eks-fargate-profiles", Build: func(app *constructs.App) {
			s := docsStack(app)
			cluster := eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityNodegroup, DefaultCapacity: new(0)})
			cluster.AddFargateProfile("MyProfile", eks.FargateProfileOptions{Selectors: []eks.Selector{{Namespace: "default"}}})
			eks.NewFargateProfile(s, "MyProfile", eks.FargateProfileProps{Cluster: cluster, FargateProfileOptions: eks.FargateProfileOptions{Selectors: []eks.Selector{{Namespace: "default"}}}})
		}},
		Case{Name: "docs-eks-private-logging", Build: func(app *constructs.App) {
			eks.NewCluster(docsStack(app), "hello-eks", eks.ClusterProps{
				Version:        eks.V1_37,
				EndpointAccess: eks.EndpointAccessPrivate,
				ClusterLogging: []eks.ClusterLoggingType{eks.LoggingAPI, eks.LoggingAuthenticator, eks.LoggingScheduler},
			})
		}},
		Case{Name: "docs-eks-vpc", Build: func(app *constructs.App) {
			s := docsStack(app)
			vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{})
			eks.NewCluster(s, "HelloEKS", eks.ClusterProps{
				Version: eks.V1_37, Vpc: vpc,
				VpcSubnets: []ec2.SubnetSelection{{SubnetType: ec2.SubnetPrivateWithEgress}},
			})
		}},
		Case{Name: "docs-eks-masters-encryption", Build: func(app *constructs.App) {
			s := docsStack(app)
			role := iam.NewRole(s, "Role", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
			key := kms.NewKey(s, "SecretsKey", kms.KeyProps{})
			eks.NewCluster(s, "HelloEKS", eks.ClusterProps{Version: eks.V1_37, MastersRole: role, SecretsEncryptionKey: key})
		}},
		Case{Name: "docs-eks-grant-access", Build: func(app *constructs.App) {
			s := docsStack(app)
			vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{})
			clusterAdmin := iam.NewRole(s, "ClusterAdminRole", iam.RoleProps{AssumedBy: iam.NewARNPrincipal("arn_for_trusted_principal")})
			eksAdmin := iam.NewRole(s, "EKSAdminRole", iam.RoleProps{AssumedBy: iam.NewARNPrincipal("arn_for_trusted_principal")})
			cluster := eks.NewCluster(s, "Cluster", eks.ClusterProps{Vpc: vpc, MastersRole: clusterAdmin, Version: eks.V1_37})
			cluster.GrantAccess("eksAdminRoleAccess", eksAdmin.RoleARN(), eks.NamespaceAccess(eks.AmazonEKSAdminPolicy, "foo", "bar"))
			cluster.GrantAccess("eksAdminRoleView", eksAdmin.RoleARN(), eks.ClusterAccess(eks.AmazonEKSViewPolicy))
		}},
		Case{Name: "docs-eks-access-entry-type", Build: func(app *constructs.App) {
			s := docsStack(app)
			nodeRole := iam.NewRole(s, "NodeRole", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ec2.amazonaws.com")})
			cluster := eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_37, BootstrapClusterCreatorAdminPermissions: new(false)})
			cluster.GrantAccessOfType("nodeAccess", nodeRole.RoleARN(), eks.AccessEntryEC2, eks.ClusterAccess(eks.AmazonEKSAutoNodePolicy))
		}},
		Case{Name: "docs-eks-addon", Build: func(app *constructs.App) {
			s := docsStack(app)
			cluster := eks.NewCluster(s, "Cluster", eks.ClusterProps{
				Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityNodegroup, BootstrapSelfManagedAddons: new(false),
			})
			eks.NewAddon(s, "Addon", eks.AddonProps{
				Cluster: cluster, AddonName: "coredns", AddonVersion: "v1.11.4-eksbuild.2",
				PreserveOnDelete: new(false), ConfigurationValues: map[string]any{"replicaCount": 2},
			})
		}},
		Case{Name: "docs-eks-scaling-tier", Build: func(app *constructs.App) {
			s := docsStack(app)
			eks.NewCluster(s, "HighPerformanceCluster", eks.ClusterProps{Version: eks.V1_37, ControlPlaneScalingTier: eks.ControlPlaneTierXL})
			eks.NewCluster(s, "Sixteen", eks.ClusterProps{Version: eks.V1_37, ControlPlaneScalingTier: eks.ControlPlaneTierUltra})
		}},
		Case{Name: "docs-eks-hybrid", Build: func(app *constructs.App) {
			eks.NewCluster(docsStack(app), "Cluster", eks.ClusterProps{
				Version:            eks.V1_37,
				RemoteNodeNetworks: []eks.RemoteNetwork{{CIDRs: []string{"10.0.0.0/16"}}},
				RemotePodNetworks:  []eks.RemoteNetwork{{CIDRs: []string{"192.168.0.0/16"}}},
			})
		}},
		Case{Name: "docs-eks-al2023-flag", Context: map[string]any{eks.FlagDefaultToAL2023: true}, Build: func(app *constructs.App) {
			cluster := eks.NewCluster(docsStack(app), "Cluster", eks.ClusterProps{Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityNodegroup})
			cluster.AddNodegroupCapacity("workers", eks.NodegroupOptions{InstanceTypes: []string{"m5.large"}, AmiType: eks.AmiAL2X86_64})
			cluster.AddNodegroupCapacity("new-workers", eks.NodegroupOptions{InstanceTypes: []string{"m5.large"}})
			cluster.AddNodegroupCapacity("arm", eks.NodegroupOptions{InstanceTypes: []string{"m7g.large"}})
		}},
		Case{Name: "docs-eks-removal-policy", Build: func(app *constructs.App) {
			s := docsStack(app)
			cluster := eks.NewCluster(s, "Cluster", eks.ClusterProps{
				Version: eks.V1_37, DefaultCapacityType: eks.DefaultCapacityNodegroup, DefaultCapacity: new(1),
				RemovalPolicy: cfn.PolicyRetain,
			})
			cluster.AddFargateProfile("Jobs", eks.FargateProfileOptions{Selectors: []eks.Selector{{Namespace: "jobs"}}})
			cluster.EksPodIdentityAgent()
			eks.NewAddon(s, "Cni", eks.AddonProps{Cluster: cluster, AddonName: "vpc-cni"})
		}},
	)
}
