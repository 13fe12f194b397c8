package badinput

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/s3"
)

// eksCluster builds a 1.33 cluster with its own VPC in stack "App".
func eksCluster(app *constructs.App, version eks.KubernetesVersion) (*constructs.Stack, *eks.Cluster) {
	s := stack(app, "App")
	vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	return s, eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: version, Vpc: vpc})
}

func init() {
	add(
		Case{Name: "eks-nodegroup-subnets-of-another-vpc", Build: func(app *constructs.App) {
			s, cluster := eksCluster(app, eks.V1_33)
			other := ec2.NewVpc(s, "OtherVpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
			cluster.AddNodegroupCapacity("Workers", eks.NodegroupOptions{
				AmiType:       eks.AmiAL2023X86_64Standard,
				InstanceTypes: []string{"m6i.large"},
				Subnets:       &ec2.SubnetSelection{Subnets: other.PrivateSubnets()},
			})
		}},
		Case{Name: "eks-fargate-profile-without-selectors", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.AddFargateProfile("Default", eks.FargateProfileOptions{})
		}},
		Case{Name: "eks-addon-unsupported-by-version", Build: func(app *constructs.App) {
			s, cluster := eksCluster(app, eks.KubernetesVersionOf("1.23"))
			eks.NewAddon(s, "PodIdentityAgent", eks.AddonProps{Cluster: cluster, AddonName: "eks-pod-identity-agent"})
		}},
		Case{Name: "eks-addon-unknown-name", Build: func(app *constructs.App) {
			s, cluster := eksCluster(app, eks.V1_33)
			eks.NewAddon(s, "Cni", eks.AddonProps{Cluster: cluster, AddonName: "vpc_cni"})
		}},
		Case{Name: "eks-access-namespace-scope-without-namespaces", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.GrantAccess("Dev", "arn:aws:iam::123456789012:role/dev", eks.NamespaceAccess(eks.AmazonEKSEditPolicy))
		}},
		Case{Name: "eks-deploy-action-on-v1-pipeline", Build: func(app *constructs.App) {
			s, cluster := eksCluster(app, eks.V1_33)
			src := codepipeline.NewArtifact("Src")
			p := codepipeline.NewPipeline(s, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV1})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
				actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: s3.BucketFromBucketName(s, "Sources", "sources"), BucketKey: "app.zip", Output: src}),
			}})
			p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
				actions.NewEKSDeployAction(actions.EKSDeployActionProps{Common: actions.Common{ActionName: "Eks"}, Cluster: cluster, Input: src, ManifestFiles: []string{"k8s/"}}),
			}})
		}},
		Case{Name: "eks-cluster-without-version", Build: func(app *constructs.App) {
			eks.NewCluster(stack(app, "App"), "Cluster", eks.ClusterProps{})
		}},
		Case{Name: "eks-nodegroup-negative-min-size", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.AddNodegroupCapacity("Workers", eks.NodegroupOptions{InstanceTypes: []string{"m6i.large"}, MinSize: new(-1)})
		}},
		Case{Name: "eks-nodegroup-min-over-max", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.AddNodegroupCapacity("Workers", eks.NodegroupOptions{InstanceTypes: []string{"m6i.large"}, MinSize: new(4), MaxSize: new(2)})
		}},
		Case{Name: "eks-nodegroup-desired-over-max", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.AddNodegroupCapacity("Workers", eks.NodegroupOptions{InstanceTypes: []string{"m6i.large"}, DesiredSize: new(6), MaxSize: new(3)})
		}},
		Case{Name: "eks-nodegroup-not-an-instance-type", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.AddNodegroupCapacity("Workers", eks.NodegroupOptions{InstanceTypes: []string{"large"}})
		}},
		Case{Name: "eks-nodegroup-launch-template-and-ssh", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.AddNodegroupCapacity("Workers", eks.NodegroupOptions{
				LaunchTemplateSpec: &eks.LaunchTemplateSpec{ID: "lt-0123456789abcdef0"},
				RemoteAccess:       &eks.NodegroupRemoteAccess{SSHKeyName: "ops"},
			})
		}},
		Case{Name: "eks-addon-twice", Build: func(app *constructs.App) {
			s, cluster := eksCluster(app, eks.V1_33)
			eks.NewAddon(s, "CoreDns", eks.AddonProps{Cluster: cluster, AddonName: "coredns"})
			eks.NewAddon(s, "Dns", eks.AddonProps{Cluster: cluster, AddonName: "coredns", AddonVersion: "v1.12.1-eksbuild.2"})
		}},
		Case{Name: "eks-grant-access-empty-principal", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.GrantAccess("Dev", "", eks.ClusterAccess(eks.AmazonEKSViewPolicy))
		}},
		Case{Name: "eks-cluster-admin-twice", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.GrantClusterAdmin("Ops", "arn:aws:iam::123456789012:role/ops")
			cluster.GrantClusterAdmin("Oncall", "arn:aws:iam::123456789012:role/ops")
		}},
		Case{Name: "eks-kubectl-step-unknown-cluster-version", Build: func(app *constructs.App) {
			s := stack(app, "App")
			cluster := eks.ClusterFromAttributes(s, "Prod", eks.ClusterAttributes{ClusterName: "prod"})
			actions.NewEKSKubectlDeploy(s, "Kubectl", actions.EKSKubectlDeployProps{Cluster: cluster, ManifestFiles: []string{"k8s/"}})
		}},
		Case{Name: "eks-deploy-action-comma-in-manifest", Build: func(app *constructs.App) {
			s, cluster := eksCluster(app, eks.V1_33)
			src := codepipeline.NewArtifact("Src")
			p := codepipeline.NewPipeline(s, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2})
			p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
				actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: s3.BucketFromBucketName(s, "Sources", "sources"), BucketKey: "app.zip", Output: src}),
			}})
			p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
				actions.NewEKSDeployAction(actions.EKSDeployActionProps{Common: actions.Common{ActionName: "Eks"}, Cluster: cluster, Input: src, ManifestFiles: []string{"k8s/app.yaml,k8s/svc.yaml"}}),
			}})
		}},
		Case{Name: "eks-fargate-selector-without-namespace", Build: func(app *constructs.App) {
			_, cluster := eksCluster(app, eks.V1_33)
			cluster.AddFargateProfile("Web", eks.FargateProfileOptions{Selectors: []eks.Selector{{Labels: map[string]string{"app": "web"}}}})
		}},
	)
}
