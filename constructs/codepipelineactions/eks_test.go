package codepipelineactions_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/assertions"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codepipeline"
	actions "github.com/forma-iac/forma/constructs/codepipelineactions"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/iam"
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

// logGroupARN is the ARN of the pipeline's CodePipeline log group, with
// suffix appended.
func logGroupARN(suffix string) map[string]any {
	parts := []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":logs:", map[string]any{"Ref": "AWS::Region"}, ":",
		map[string]any{"Ref": "AWS::AccountId"}, ":log-group:/aws/codepipeline/", map[string]any{"Ref": assertions.StringLikeRegexp("^Pipeline[0-9A-F]{8}$")}}
	if suffix != "" {
		parts = append(parts, suffix)
	}
	return map[string]any{"Fn::Join": []any{"", parts}}
}

// eksActionStatements are the statements binding an EKS deploy action
// gives its role; vpc adds the network interface actions of VPC compute.
func eksActionStatements(vpc bool) []any {
	st := []any{
		map[string]any{"Action": "eks:DescribeCluster", "Effect": "Allow", "Resource": map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^Platform:ExportsOutputFnGetAttCluster[0-9A-F]{8}Arn")}},
		map[string]any{"Action": []any{"ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"}, "Effect": "Allow", "Resource": "*"},
	}
	if vpc {
		st = append(st, map[string]any{"Action": []any{"ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"}, "Effect": "Allow", "Resource": "*"})
	}
	bucket := map[string]any{"Fn::GetAtt": []any{assertions.StringLikeRegexp("^PipelineArtifactsBucket[0-9A-F]{8}$"), "Arn"}}
	return append(st,
		map[string]any{"Action": []any{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, "Effect": "Allow", "Resource": []any{logGroupARN(""), logGroupARN(":*")}},
		map[string]any{"Action": []any{"s3:GetObject*", "s3:GetBucket*", "s3:List*"}, "Effect": "Allow", "Resource": []any{bucket, map[string]any{"Fn::Join": []any{"", []any{bucket, "/*"}}}}},
		map[string]any{"Action": []any{"kms:Decrypt", "kms:DescribeKey"}, "Effect": "Allow", "Resource": map[string]any{"Fn::GetAtt": []any{assertions.StringLikeRegexp("^PipelineArtifactsBucketEncryptionKey[0-9A-F]{8}$"), "Arn"}}},
	)
}

// TestEKSDeployActionRendering pins the action declaration (type,
// configuration keys and values, artifacts, environment variables) and
// the whole policy of the action's role, for a public and a private
// cluster.
func TestEKSDeployActionRendering(t *testing.T) {
	t.Run("kubectl, public endpoint", func(t *testing.T) {
		_, delivery := eksPipeline(t, codepipeline.PipelineV2, eks.EndpointAccessPublicAndPrivate, func(_ *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewEKSDeployAction(actions.EKSDeployActionProps{
				Common: actions.Common{ActionName: "Eks"}, Cluster: c, Input: src,
				ManifestFiles: []string{"k8s/deployment.yaml", "k8s/service.yaml"}, Namespace: "shop",
				EnvironmentVariables: []codepipeline.EnvironmentVariable{{Name: "IMAGE_TAG", Value: "#{Build.IMAGE_TAG}"}, {Name: "TOKEN", Value: "shop/token", Type: "SECRETS_MANAGER"}},
			})}
		})
		tpl := assertions.FromStack(t, delivery)
		tpl.HasResourceProperties("AWS::CodePipeline::Pipeline", map[string]any{
			"Stages": assertions.ArrayWith([]any{map[string]any{
				"Name": "Deploy",
				"Actions": []any{assertions.ObjectEquals(map[string]any{
					"Name":           "Eks",
					"ActionTypeId":   map[string]any{"Category": "Deploy", "Owner": "AWS", "Provider": "EKS", "Version": "1"},
					"InputArtifacts": []any{map[string]any{"Name": "Src"}},
					"Configuration": assertions.ObjectEquals(map[string]any{
						"ClusterName":   map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^Platform:ExportsOutputRefCluster")},
						"ManifestFiles": "k8s/deployment.yaml,k8s/service.yaml",
						"Namespace":     "shop",
					}),
					"EnvironmentVariables": []any{
						assertions.ObjectEquals(map[string]any{"Name": "IMAGE_TAG", "Value": "#{Build.IMAGE_TAG}"}),
						assertions.ObjectEquals(map[string]any{"Name": "TOKEN", "Value": "shop/token", "Type": "SECRETS_MANAGER"}),
					},
					"RoleArn":  map[string]any{"Fn::GetAtt": []any{assertions.StringLikeRegexp("^PipelineDeployEksCodePipelineActionRole"), "Arn"}},
					"RunOrder": 1,
				})},
			}}),
		})
		secretRead := map[string]any{"Action": "secretsmanager:GetSecretValue", "Effect": "Allow", "Resource": map[string]any{"Fn::Join": []any{"", []any{
			"arn:", map[string]any{"Ref": "AWS::Partition"}, ":secretsmanager:", map[string]any{"Ref": "AWS::Region"}, ":", map[string]any{"Ref": "AWS::AccountId"}, ":secret:shop/token-??????"}}}}
		tpl.HasResourceProperties("AWS::IAM::Policy", map[string]any{
			"PolicyDocument": map[string]any{"Statement": assertions.ArrayEquals(append(eksActionStatements(false), secretRead))},
			"Roles":          []any{map[string]any{"Ref": assertions.StringLikeRegexp("^PipelineDeployEksCodePipelineActionRole")}},
		})
		tpl.HasResourceProperties("AWS::EKS::AccessEntry", assertions.ObjectEquals(map[string]any{
			"ClusterName":  map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^Platform:ExportsOutputRefCluster")},
			"PrincipalArn": map[string]any{"Fn::GetAtt": []any{assertions.StringLikeRegexp("^PipelineDeployEksCodePipelineActionRole"), "Arn"}},
			"AccessPolicies": []any{map[string]any{
				"AccessScope": map[string]any{"Type": "cluster"},
				"PolicyArn":   map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"}}},
			}},
		}))
	})
	t.Run("helm, private endpoint", func(t *testing.T) {
		_, delivery := eksPipeline(t, codepipeline.PipelineV2, eks.EndpointAccessPrivate, func(_ *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
			return []codepipeline.IAction{actions.NewEKSDeployAction(actions.EKSDeployActionProps{
				Common: actions.Common{ActionName: "Helm"}, Cluster: c, Input: src,
				HelmReleaseName: "web", HelmChartLocation: "chart", HelmValuesFiles: []string{"values.yaml", "../prod.yaml"}, Namespace: "shop",
			})}
		})
		tpl := assertions.FromStack(t, delivery)
		subnet := func(n string) any {
			return map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^Platform:ExportsOutputRefVpcPrivateSubnet" + n)}
		}
		tpl.HasResourceProperties("AWS::CodePipeline::Pipeline", map[string]any{
			"Stages": assertions.ArrayWith([]any{map[string]any{
				"Name": "Deploy",
				"Actions": []any{map[string]any{"Configuration": assertions.ObjectEquals(map[string]any{
					"ClusterName":       map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^Platform:ExportsOutputRefCluster")},
					"HelmReleaseName":   "web",
					"HelmChartLocation": "chart",
					"HelmValuesFiles":   "values.yaml,../prod.yaml",
					"Namespace":         "shop",
					"Subnets":           map[string]any{"Fn::Join": []any{"", []any{subnet("1"), ",", subnet("2")}}},
					"SecurityGroupIds":  map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^Platform:ExportsOutputFnGetAttClusterEB0386A7ClusterSecurityGroupId")},
				})}},
			}}),
		})
		tpl.HasResourceProperties("AWS::IAM::Policy", map[string]any{
			"PolicyDocument": map[string]any{"Statement": assertions.ArrayEquals(eksActionStatements(true))},
			"Roles":          []any{map[string]any{"Ref": assertions.StringLikeRegexp("^PipelineDeployHelmCodePipelineActionRole")}},
		})
	})
}

func TestEKSDeployActionInputErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		props actions.EKSDeployActionProps
		want  string
	}{
		"empty manifest":         {actions.EKSDeployActionProps{ManifestFiles: []string{"a.yaml", " "}}, `ManifestFiles[1] is empty`},
		"comma in a manifest":    {actions.EKSDeployActionProps{ManifestFiles: []string{"a,b.yaml"}}, `ManifestFiles[0] "a,b.yaml" holds a comma, but ManifestFiles is written as a comma-separated list; give each file as its own element`},
		"comma in values":        {actions.EKSDeployActionProps{HelmReleaseName: "web", HelmChartLocation: "chart", HelmValuesFiles: []string{"a,b.yaml"}}, `HelmValuesFiles[0] "a,b.yaml" holds a comma`},
		"bad release name":       {actions.EKSDeployActionProps{HelmReleaseName: "Web_App", HelmChartLocation: "chart"}, `HelmReleaseName "Web_App" is not a Helm release name`},
		"long release name":      {actions.EKSDeployActionProps{HelmReleaseName: strings.Repeat("a", 54), HelmChartLocation: "chart"}, `HelmReleaseName "` + strings.Repeat("a", 54) + `" is not a Helm release name; use at most 53`},
		"bad namespace":          {actions.EKSDeployActionProps{ManifestFiles: []string{"k8s/"}, Namespace: "Shop"}, `Namespace "Shop" is not a Kubernetes namespace name`},
		"bad variable name":      {actions.EKSDeployActionProps{ManifestFiles: []string{"k8s/"}, EnvironmentVariables: []codepipeline.EnvironmentVariable{{Name: "IMAGE-TAG", Value: "v1"}}}, `EnvironmentVariables[0] name "IMAGE-TAG" is not a variable name`},
		"variable twice":         {actions.EKSDeployActionProps{ManifestFiles: []string{"k8s/"}, EnvironmentVariables: []codepipeline.EnvironmentVariable{{Name: "TAG", Value: "a"}, {Name: "TAG", Value: "b"}}}, `EnvironmentVariables[1] TAG is set twice`},
		"variable without value": {actions.EKSDeployActionProps{ManifestFiles: []string{"k8s/"}, EnvironmentVariables: []codepipeline.EnvironmentVariable{{Name: "TAG"}}}, `EnvironmentVariables[0] TAG has no Value`},
		"variable type":          {actions.EKSDeployActionProps{ManifestFiles: []string{"k8s/"}, EnvironmentVariables: []codepipeline.EnvironmentVariable{{Name: "TAG", Value: "/tag", Type: "PARAMETER_STORE"}}}, `EnvironmentVariables[0] TAG has type "PARAMETER_STORE"; use PLAINTEXT or SECRETS_MANAGER`},
	} {
		t.Run(name, func(t *testing.T) {
			app, _ := eksPipeline(t, codepipeline.PipelineV2, eks.EndpointAccessPublicAndPrivate, func(_ *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
				p := tc.props
				p.Common = actions.Common{ActionName: "Eks"}
				p.Cluster, p.Input = c, src
				return []codepipeline.IAction{actions.NewEKSDeployAction(p)}
			})
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded; want an error")
			}
			if want := `Delivery/Pipeline: action "Eks": ` + tc.want; !strings.Contains(err.Error(), want) {
				t.Errorf("error does not contain %q:\n%v", want, err)
			}
		})
	}
}

// TestEKSDeployActionAccessEntryIsShared checks that granting the action's
// role more access through the cluster adds to the action's access entry.
func TestEKSDeployActionAccessEntryIsShared(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	s := constructs.NewStack(app, "App", constructs.StackProps{})
	cluster := eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_33, Vpc: ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})})
	role := iam.NewRole(s, "DeployRole", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
	src := codepipeline.NewArtifact("Src")
	p := codepipeline.NewPipeline(s, "Pipeline", codepipeline.PipelineProps{PipelineType: codepipeline.PipelineV2})
	p.AddStage(codepipeline.StageProps{StageName: "Source", Actions: []codepipeline.IAction{
		actions.NewS3SourceAction(actions.S3SourceActionProps{Common: actions.Common{ActionName: "Src"}, Bucket: s3.BucketFromBucketName(s, "B", "b"), BucketKey: "a.zip", Output: src}),
	}})
	p.AddStage(codepipeline.StageProps{StageName: "Deploy", Actions: []codepipeline.IAction{
		actions.NewEKSDeployAction(actions.EKSDeployActionProps{Common: actions.Common{ActionName: "Eks", Role: role}, Cluster: cluster, Input: src, ManifestFiles: []string{"k8s/"},
			AccessPolicies: []eks.AccessPolicy{eks.NamespaceAccess(eks.AmazonEKSEditPolicy, "shop")}}),
	}})
	cluster.GrantAccess("DeployView", role.RoleARN(), eks.ClusterAccess(eks.AmazonEKSViewPolicy))
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
	tpl := assertions.FromStack(t, s)
	tpl.ResourceCountIs("AWS::EKS::AccessEntry", 1)
	tpl.HasResourceProperties("AWS::EKS::AccessEntry", map[string]any{"AccessPolicies": []any{
		map[string]any{"AccessScope": map[string]any{"Type": "namespace", "Namespaces": []any{"shop"}}},
		map[string]any{"AccessScope": map[string]any{"Type": "cluster"}},
	}})
}

func TestEKSKubectlDeployBuildspec(t *testing.T) {
	var step *actions.EKSKubectlDeploy
	_, delivery := eksPipeline(t, codepipeline.PipelineV1, eks.EndpointAccessPublicAndPrivate, func(s *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
		step = actions.NewEKSKubectlDeploy(s, "Kubectl", actions.EKSKubectlDeployProps{Cluster: c, ManifestFiles: []string{"k8s/", "extra dir/x.yaml"},
			Environment: codebuild.BuildEnvironment{BuildImage: codebuild.LinuxArmAmazonLinux2023Standard3_0}})
		return []codepipeline.IAction{step.Action("Kubectl", src)}
	})
	tpl := assertions.FromStack(t, delivery)
	const spec = `version: "0.2"
phases:
    install:
        commands:
            - KUBECTL_RELEASE="$(curl -fsSL https://dl.k8s.io/release/stable-1.33.txt)"
            - curl -fsSLo /tmp/kubectl "https://dl.k8s.io/release/${KUBECTL_RELEASE}/bin/linux/arm64/kubectl"
            - echo "$(curl -fsSL "https://dl.k8s.io/release/${KUBECTL_RELEASE}/bin/linux/arm64/kubectl.sha256")  /tmp/kubectl" | sha256sum --check
            - install -m 0755 /tmp/kubectl /usr/local/bin/kubectl
            - kubectl version --client
    pre_build:
        commands:
            - aws eks update-kubeconfig --name "$CLUSTER_NAME" --region "$AWS_REGION"
    build:
        commands:
            - kubectl apply -f k8s/ -f 'extra dir/x.yaml'
`
	tpl.HasResourceProperties("AWS::CodeBuild::Project", map[string]any{
		"Source":    map[string]any{"Type": "CODEPIPELINE", "BuildSpec": spec},
		"VpcConfig": assertions.Absent(),
		"Environment": map[string]any{"EnvironmentVariables": []any{
			map[string]any{"Name": "CLUSTER_NAME", "Type": "PLAINTEXT", "Value": map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^Platform:ExportsOutputRefCluster")}},
		}},
	})
	tpl.HasResourceProperties("AWS::IAM::Policy", map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.ArrayWith([]any{assertions.ObjectEquals(map[string]any{
			"Action": "eks:DescribeCluster", "Effect": "Allow",
			"Resource": map[string]any{"Fn::ImportValue": assertions.StringLikeRegexp("^Platform:ExportsOutputFnGetAttCluster[0-9A-F]{8}Arn")},
		})})},
		"Roles": []any{map[string]any{"Ref": assertions.StringLikeRegexp("^KubectlProjectRole")}},
	})
	tpl.HasResourceProperties("AWS::EKS::AccessEntry", map[string]any{
		"PrincipalArn":   map[string]any{"Fn::GetAtt": []any{assertions.StringLikeRegexp("^KubectlProjectRole"), "Arn"}},
		"AccessPolicies": []any{map[string]any{"AccessScope": map[string]any{"Type": "cluster"}}},
	})
}

func TestEKSKubectlDeployErrors(t *testing.T) {
	imported := func(s *constructs.Stack) eks.ICluster {
		return eks.ClusterFromAttributes(s, "Prod", eks.ClusterAttributes{ClusterName: "prod"})
	}
	for name, tc := range map[string]struct {
		cluster func(s *constructs.Stack, c *eks.Cluster) eks.ICluster
		props   actions.EKSKubectlDeployProps
		want    string
	}{
		"no manifests":            {nil, actions.EKSKubectlDeployProps{}, "EKSKubectlDeployProps.ManifestFiles is required"},
		"empty manifest":          {nil, actions.EKSKubectlDeployProps{ManifestFiles: []string{""}}, "ManifestFiles[0] is empty"},
		"bad namespace":           {nil, actions.EKSKubectlDeployProps{ManifestFiles: []string{"k8s/"}, Namespace: "my_ns"}, `Namespace "my_ns" is not a Kubernetes namespace name`},
		"bad kubectl version":     {nil, actions.EKSKubectlDeployProps{ManifestFiles: []string{"k8s/"}, KubectlVersion: "v1.33.2"}, `KubectlVersion "v1.33.2" is not a kubectl minor release`},
		"kubectl too far":         {nil, actions.EKSKubectlDeployProps{ManifestFiles: []string{"k8s/"}, KubectlVersion: "1.30"}, "KubectlVersion 1.30 is more than one minor version away from the cluster's Kubernetes 1.33"},
		"windows image":           {nil, actions.EKSKubectlDeployProps{ManifestFiles: []string{"k8s/"}, Environment: codebuild.BuildEnvironment{BuildImage: codebuild.WindowsBase2_0}}, "Environment.BuildImage aws/codebuild/windows-base:2.0 is a Windows image"},
		"unknown cluster version": {func(s *constructs.Stack, _ *eks.Cluster) eks.ICluster { return imported(s) }, actions.EKSKubectlDeployProps{ManifestFiles: []string{"k8s/"}}, "KubectlVersion is required: forma does not know the Kubernetes version of cluster Delivery/Prod"},
	} {
		t.Run(name, func(t *testing.T) {
			app, _ := eksPipeline(t, codepipeline.PipelineV1, eks.EndpointAccessPublicAndPrivate, func(s *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
				p := tc.props
				p.Cluster = c
				if tc.cluster != nil {
					p.Cluster = tc.cluster(s, c)
				}
				return []codepipeline.IAction{actions.NewEKSKubectlDeploy(s, "Kubectl", p).Action("Kubectl", src)}
			})
			_, err := synth.Synthesize(app)
			if err == nil {
				t.Fatal("synthesis succeeded; want an error")
			}
			if want := "Delivery/Kubectl: " + tc.want; !strings.Contains(err.Error(), want) {
				t.Errorf("error does not contain %q:\n%v", want, err)
			}
		})
	}
}

// TestEKSActionsUseTheVpcOfARestrictedEndpoint checks that a cluster whose
// public endpoint admits only some CIDR blocks is reached from its VPC.
func TestEKSActionsUseTheVpcOfARestrictedEndpoint(t *testing.T) {
	_, delivery := eksPipeline(t, codepipeline.PipelineV2, eks.EndpointAccessPublicAndPrivate.OnlyFrom("203.0.113.0/24"), func(s *constructs.Stack, c *eks.Cluster, src *codepipeline.Artifact) []codepipeline.IAction {
		step := actions.NewEKSKubectlDeploy(s, "Kubectl", actions.EKSKubectlDeployProps{Cluster: c, ManifestFiles: []string{"k8s/"}})
		return []codepipeline.IAction{
			actions.NewEKSDeployAction(actions.EKSDeployActionProps{Common: actions.Common{ActionName: "Eks"}, Cluster: c, Input: src, ManifestFiles: []string{"k8s/"}}),
			step.Action("Kubectl", src),
		}
	})
	tpl := assertions.FromStack(t, delivery)
	tpl.HasResourceProperties("AWS::CodePipeline::Pipeline", map[string]any{
		"Stages": assertions.ArrayWith([]any{map[string]any{"Actions": assertions.ArrayWith([]any{map[string]any{"Configuration": map[string]any{
			"Subnets":          map[string]any{"Fn::Join": assertions.AnyValue()},
			"SecurityGroupIds": map[string]any{"Fn::ImportValue": assertions.AnyValue()},
		}}})}}),
	})
	tpl.HasResourceProperties("AWS::CodeBuild::Project", map[string]any{"VpcConfig": map[string]any{"Subnets": assertions.AnyValue()}})
}
