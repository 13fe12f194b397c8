// Package eks holds forma's constructs for Amazon EKS: the CloudFormation
// resource types AWS::EKS::* as generated L1 types (Cfn*, one *.generated.go
// file per type), and L2 constructs that match aws-cdk-lib's aws-eks-v2
// module (a cluster managed without a kubectl provider): Cluster, Nodegroup,
// FargateProfile, Addon, ContainerInsights, AccessEntry and PodIdentity.
//
//	cluster := eks.NewCluster(stack, "Cluster", eks.ClusterProps{
//		Version:             eks.V1_33,
//		Vpc:                 vpc,
//		DefaultCapacityType: eks.DefaultCapacityNodegroup,
//		DefaultCapacity:     new(0),
//	})
//	cluster.AddNodegroupCapacity("Workers", eks.NodegroupOptions{
//		AmiType:       eks.AmiAL2023X86_64Standard,
//		InstanceTypes: []string{"m6i.large"},
//	})
//	cluster.GrantAccess("Admins", adminRole.RoleARN(), eks.ClusterAccess(eks.AmazonEKSClusterAdminPolicy))
//	web := cluster.AddPodIdentity("Web", eks.PodIdentityOptions{ServiceAccount: "web", Namespace: "shop"})
//	bucket.GrantRead(web)
//
// Invariants: the *.generated.go files come from internal/cfngen and are never
// edited by hand; an L1 type renders its Props exactly as the CloudFormation
// registry spells them. The L2s write the resources and logical IDs
// aws-eks-v2 writes for the same program (parity/eks_test.go; the Cluster
// doc comment lists the configurations checked and the differences). An
// add-on the cluster's Kubernetes version does not support, by the table in
// addontable.go, is a synthesis error; so are the other mistakes the
// constructs detect, each reported with the construct path and the fix.
package eks
