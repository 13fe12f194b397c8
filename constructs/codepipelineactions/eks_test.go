package codepipelineactions_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/assertions"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/synth"
)

// eksPipeline builds a platform stack with a cluster and a delivery stack
// with a pipeline whose "Deploy" stage holds the actions mk makes.
func eksPipeline(t *testing.T, pipelineType codepipeline.PipelineType, access eks.EndpointAccess, mk func(stack *constructs.Stack, cluster *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction) (*constructs.App, *constructs.Stack) {
	t.Helper()
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	platform := constructs.NewStack(app, "Platform", constructs.StackProps{})
	vpc := ec2.NewVpc(platform, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	cluster := eks.NewCluster(platform, "Cluster", eks.ClusterProps{Version: eks.V1_33, Vpc: vpc, EndpointAccess: access})
	delivery := constructs.NewStack(app, "Delivery", constructs.StackProps{})
	src := codepipeline.NewArtifact("Src")
	p := codepipeline.NewPipeline(delivery, "Pipeline", codepipeline.PipelineProps{PipelineType: pipelineType})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: s3.BucketFromBucketName(delivery, "B", "b"), BucketKey: "a.zip", Output: src}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: mk(delivery, cluster, src)})
	return app, delivery
}

func TestEKSDeployActionKubectl(t *testing.T) {
	_, delivery := eksPipeline(t, codepipeline.PipelineV2, eks.EndpointAccessPublicAndPrivate, func(_ *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
		return []codepipeline.IAction{actions.NewEKSDeployAction(actions.EKSDeployActionProps{
			Common: actions.Common{ActionName: "Eks"}, Cluster: c, Input: src,
			ManifestFiles: []string{"k8s/deployment.yaml", "k8s/service.yaml"}, Namespace: "shop",
		})}
	})
	tpl := assertions.FromStack(t, delivery)
	tpl.HasResourceProperties("AWS::CodePipeline::Pipeline", map[string]any{
		"PipelineType": "V2",
		"Stages": assertions.ArrayWith([]any{map[string]any{
			"Name": "Deploy",
			"Actions": []any{map[string]any{
				"ActionTypeId":   map[string]any{"Category": "Deploy", "Owner": "AWS", "Provider": "EKS", "Version": "1"},
				"InputArtifacts": []any{map[string]any{"Name": "Src"}},
				"Configuration": assertions.ObjectEquals(map[string]any{
					"ClusterName":   map[string]any{"Fn::ImportValue": assertions.AnyValue()},
					"ManifestFiles": "k8s/deployment.yaml,k8s/service.yaml",
					"Namespace":     "shop",
				}),
			}},
		}}),
	})
	tpl.HasResourceProperties("AWS::EKS::AccessEntry", map[string]any{
		"ClusterName":    map[string]any{"Fn::ImportValue": assertions.AnyValue()},
		"PrincipalArn":   map[string]any{"Fn::GetAtt": []any{assertions.StringLikeRegexp("^PipelineDeployEksCodePipelineActionRole"), "Arn"}},
		"AccessPolicies": []any{map[string]any{"AccessScope": map[string]any{"Type": "cluster"}}},
	})
	tpl.HasResource("AWS::CodePipeline::Pipeline", map[string]any{"DependsOn": assertions.ArrayWith([]any{assertions.StringLikeRegexp("^PipelineDeployEksAccessEntry")})})
	tpl.HasResourceProperties("AWS::IAM::Policy", map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.ArrayWith([]any{
			map[string]any{"Action": "eks:DescribeCluster", "Resource": map[string]any{"Fn::ImportValue": assertions.AnyValue()}},
		})},
	})
}

func TestEKSDeployActionHelmPrivate(t *testing.T) {
	_, delivery := eksPipeline(t, codepipeline.PipelineV2, eks.EndpointAccessPrivate, func(_ *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
		return []codepipeline.IAction{actions.NewEKSDeployAction(actions.EKSDeployActionProps{
			Common: actions.Common{ActionName: "Helm"}, Cluster: c, Input: src,
			HelmReleaseName: "web", HelmChartLocation: "chart", HelmValuesFiles: []string{"values-prod.yaml"},
			AccessPolicies: []eks.AccessPolicy{eks.NamespaceAccess(eks.AmazonEKSEditPolicy, "shop")},
		})}
	})
	tpl := assertions.FromStack(t, delivery)
	tpl.HasResourceProperties("AWS::CodePipeline::Pipeline", map[string]any{
		"Stages": assertions.ArrayWith([]any{map[string]any{
			"Actions": []any{map[string]any{"Configuration": map[string]any{
				"HelmReleaseName": "web", "HelmChartLocation": "chart", "HelmValuesFiles": "values-prod.yaml",
				"Subnets":          map[string]any{"Fn::Join": assertions.AnyValue()},
				"SecurityGroupIds": map[string]any{"Fn::ImportValue": assertions.AnyValue()},
			}}},
		}}),
	})
	tpl.HasResourceProperties("AWS::EKS::AccessEntry", map[string]any{
		"AccessPolicies": []any{map[string]any{"AccessScope": map[string]any{"Type": "namespace", "Namespaces": []any{"shop"}}}},
	})
	tpl.HasResourceProperties("AWS::IAM::Policy", map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.ArrayWith([]any{
			map[string]any{"Action": []any{"ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"}},
		})},
	})
}

func TestEKSDeployActionErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		typ   codepipeline.PipelineType
		props actions.EKSDeployActionProps
		want  string
	}{
		"V1 pipeline":      {codepipeline.PipelineV1, actions.EKSDeployActionProps{ManifestFiles: []string{"k8s/"}}, `Delivery/Pipeline: action "Eks": the EKS deploy action runs in V2 pipelines only`},
		"nothing to apply": {codepipeline.PipelineV2, actions.EKSDeployActionProps{}, `set ManifestFiles (kubectl) or HelmReleaseName and HelmChartLocation (Helm)`},
		"kubectl and helm": {codepipeline.PipelineV2, actions.EKSDeployActionProps{ManifestFiles: []string{"a.yaml"}, HelmReleaseName: "r", HelmChartLocation: "c"}, "not both"},
		"half a helm":      {codepipeline.PipelineV2, actions.EKSDeployActionProps{HelmReleaseName: "r"}, "needs both HelmReleaseName and HelmChartLocation"},
	} {
		t.Run(name, func(t *testing.T) {
			app, _ := eksPipeline(t, tc.typ, eks.EndpointAccessPublicAndPrivate, func(_ *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
				p := tc.props
				p.Common = actions.Common{ActionName: "Eks"}
				p.Cluster, p.Input = c, src
				return []codepipeline.IAction{actions.NewEKSDeployAction(p)}
			})
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded; want an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error does not contain %q:\n%v", tc.want, err)
			}
		})
	}
}

func TestEKSKubectlDeploy(t *testing.T) {
	var step *actions.EKSKubectlDeploy
	_, delivery := eksPipeline(t, codepipeline.PipelineV1, eks.EndpointAccessPrivate, func(s *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
		step = actions.NewEKSKubectlDeploy(s, "Kubectl", actions.EKSKubectlDeployProps{Cluster: c, ManifestFiles: []string{"k8s/"}, Namespace: "shop"})
		return []codepipeline.IAction{step.Action("Kubectl", src)}
	})
	tpl := assertions.FromStack(t, delivery)
	tpl.HasResourceProperties("AWS::CodeBuild::Project", map[string]any{
		"Environment": map[string]any{"EnvironmentVariables": []any{
			map[string]any{"Name": "CLUSTER_NAME", "Value": map[string]any{"Fn::ImportValue": assertions.AnyValue()}},
			map[string]any{"Name": "NAMESPACE", "Value": "shop"},
		}},
		"Source":    map[string]any{"Type": "CODEPIPELINE", "BuildSpec": assertions.StringLikeRegexp(`(?s)stable-1\.33\.txt.*aws eks update-kubeconfig --name "\$CLUSTER_NAME".*kubectl apply --namespace "\$NAMESPACE" -f k8s/`)},
		"VpcConfig": map[string]any{"SecurityGroupIds": []any{map[string]any{"Fn::ImportValue": assertions.AnyValue()}}},
	})
	tpl.HasResourceProperties("AWS::EKS::AccessEntry", map[string]any{
		"PrincipalArn": map[string]any{"Fn::GetAtt": []any{assertions.StringLikeRegexp("^KubectlProjectRole"), "Arn"}},
	})
	tpl.HasResource("AWS::CodeBuild::Project", map[string]any{"DependsOn": assertions.ArrayWith([]any{assertions.StringLikeRegexp("^KubectlAccessEntry")})})
}
