package codepipelineactions

import (
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/iam"
)

// EKSDeployActionProps configures NewEKSDeployAction. Set ManifestFiles to
// deploy with kubectl, or HelmReleaseName and HelmChartLocation to deploy a
// Helm chart.
type EKSDeployActionProps struct {
	Common
	// Cluster is the cluster deployed to (required).
	Cluster eks.ICluster
	// Input is the artifact holding the manifests or the chart (required).
	Input *codepipeline.Artifact
	// ManifestFiles are the Kubernetes manifest files in Input, applied
	// with kubectl, e.g. "k8s/deployment.yaml".
	ManifestFiles []string
	// HelmReleaseName is the Helm release (Helm only).
	HelmReleaseName string
	// HelmChartLocation is the chart's folder in Input (Helm only).
	HelmChartLocation string
	// HelmValuesFiles override the chart's values (Helm only).
	HelmValuesFiles []string
	// Namespace is the Kubernetes namespace; default: the manifests' or
	// "default".
	Namespace string
	// Subnets and SecurityGroups place the action's compute in the VPC, for
	// a cluster whose endpoint is private. Default for an eks.Cluster
	// without public endpoint access: its private subnets and the cluster
	// security group; otherwise none (the public endpoint is used).
	Subnets        []ec2.ISubnet
	SecurityGroups []ec2.ISecurityGroup
	// AccessPolicies are the access policies of the access entry the
	// action creates for its role; default cluster-wide
	// AmazonEKSClusterAdminPolicy, as the AWS CodePipeline EKS action
	// reference sets up. NamespaceAccess(AmazonEKSEditPolicy, ns) suffices
	// for manifests confined to one namespace.
	AccessPolicies []eks.AccessPolicy
}

// EKSDeployAction is CodePipeline's native EKS deploy action (Category
// Deploy, Owner AWS, Provider EKS, Version 1), which runs kubectl or Helm on
// CodePipeline-managed compute. aws-cdk-lib 2.276.0 has no such action; this
// one follows the AWS CodePipeline User Guide's "Amazon Elastic Kubernetes
// Service EKS deploy action reference"
// (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EKS.html):
// configuration ClusterName, ManifestFiles or HelmReleaseName,
// HelmChartLocation and HelmValuesFiles, Namespace, Subnets and
// SecurityGroupIds (lists written comma-separated); one input artifact; V2
// pipelines only.
//
// Binding it grants the action's role eks:DescribeCluster on the cluster,
// the EC2 reads and network interface actions of VPC access, the
// pipeline's /aws/codepipeline/<pipeline> log group and reads of the
// artifact bucket; and it creates an AWS::EKS::AccessEntry "AccessEntry"
// under the action for the role (a role has one access entry per cluster:
// do not also grant it with cluster.GrantAccess). The pipeline depends on
// the entry, so its first run finds the access in place.
type EKSDeployAction struct{ props EKSDeployActionProps }

// NewEKSDeployAction returns an EKS deploy action.
func NewEKSDeployAction(props EKSDeployActionProps) *EKSDeployAction {
	props.Cluster = constructs.NormalizeNil(props.Cluster)
	return &EKSDeployAction{props: props}
}

// ActionProperties implements codepipeline.IAction.
func (a *EKSDeployAction) ActionProperties() codepipeline.ActionProperties {
	p := a.props.props(codepipeline.CategoryDeploy, "EKS", deployBounds)
	if a.props.Input != nil {
		p.Inputs = []*codepipeline.Artifact{a.props.Input}
	}
	return p
}

// Bind implements codepipeline.IAction.
func (a *EKSDeployAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	pipe := stage.Pipeline()
	if pipe.PipelineType != codepipeline.PipelineV2 {
		pipe.Errorf("action %q: the EKS deploy action runs in V2 pipelines only: set PipelineType to codepipeline.PipelineV2, or deploy with a CodeBuild project (codepipelineactions.NewEKSKubectlDeploy)", p.ActionName)
	}
	if p.Cluster == nil || p.Input == nil {
		pipe.Errorf("action %q: EKSDeployActionProps.Cluster and Input are required", p.ActionName)
		return codepipeline.ActionConfig{}
	}
	helm := p.HelmReleaseName != "" || p.HelmChartLocation != "" || len(p.HelmValuesFiles) > 0
	switch {
	case helm && len(p.ManifestFiles) > 0:
		pipe.Errorf("action %q: set either ManifestFiles (kubectl) or HelmReleaseName and HelmChartLocation (Helm), not both", p.ActionName)
	case helm && (p.HelmReleaseName == "" || p.HelmChartLocation == ""):
		pipe.Errorf("action %q: a Helm deployment needs both HelmReleaseName and HelmChartLocation", p.ActionName)
	case !helm && len(p.ManifestFiles) == 0:
		pipe.Errorf("action %q: set ManifestFiles (kubectl) or HelmReleaseName and HelmChartLocation (Helm)", p.ActionName)
	}
	cfg := map[string]any{"ClusterName": p.Cluster.ClusterName()}
	if len(p.ManifestFiles) > 0 {
		cfg["ManifestFiles"] = strings.Join(p.ManifestFiles, ",")
	}
	if p.HelmReleaseName != "" {
		cfg["HelmReleaseName"] = p.HelmReleaseName
	}
	if p.HelmChartLocation != "" {
		cfg["HelmChartLocation"] = p.HelmChartLocation
	}
	if len(p.HelmValuesFiles) > 0 {
		cfg["HelmValuesFiles"] = strings.Join(p.HelmValuesFiles, ",")
	}
	if p.Namespace != "" {
		cfg["Namespace"] = p.Namespace
	}
	subnets, groups := privateNetwork(p.Cluster, p.Subnets, p.SecurityGroups)
	if len(subnets) > 0 {
		ids := make([]string, len(subnets))
		for i, s := range subnets {
			ids[i] = s.SubnetID()
		}
		cfg["Subnets"] = strings.Join(ids, ",")
	}
	if len(groups) > 0 {
		ids := make([]string, len(groups))
		for i, g := range groups {
			ids[i] = g.SecurityGroupID()
		}
		cfg["SecurityGroupIds"] = strings.Join(ids, ",")
	}

	role := opts.Role
	role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions: []string{"eks:DescribeCluster"}, Resources: []string{p.Cluster.ClusterARN()},
	}))
	role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions:   []string{"ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"},
		Resources: []string{"*"},
	}))
	if len(subnets) > 0 {
		role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:   []string{"ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"},
			Resources: []string{"*"},
		}))
	}
	s := constructs.StackOf(scope)
	logGroup := "arn:" + s.Partition() + ":logs:" + s.Region() + ":" + s.Account() + ":log-group:/aws/codepipeline/" + pipe.PipelineName()
	role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions: []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, Resources: []string{logGroup, logGroup + ":*"},
	}))
	opts.Bucket.GrantRead(role)

	policies := p.AccessPolicies
	if policies == nil {
		policies = []eks.AccessPolicy{eks.ClusterAccess(eks.AmazonEKSClusterAdminPolicy)}
	}
	entry := eks.NewAccessEntry(scope, "AccessEntry", eks.AccessEntryProps{Cluster: p.Cluster, Principal: role.RoleARN(), AccessPolicies: policies})
	pipe.Resource.Node().AddDependency(entry)
	return codepipeline.ActionConfig{Configuration: cfg}
}

// privateNetwork returns the subnets and security groups given, or, for an
// eks.Cluster whose endpoint has no public access, its private subnets and
// the cluster security group.
func privateNetwork(cluster eks.ICluster, subnets []ec2.ISubnet, groups []ec2.ISecurityGroup) ([]ec2.ISubnet, []ec2.ISecurityGroup) {
	if len(subnets) > 0 || len(groups) > 0 {
		return subnets, groups
	}
	if c, ok := cluster.(*eks.Cluster); ok && !c.EndpointAccess().PublicAccess() {
		return c.PrivateSubnets(), []ec2.ISecurityGroup{c.ClusterSecurityGroup}
	}
	return nil, nil
}

// EKSKubectlDeployProps configures NewEKSKubectlDeploy.
type EKSKubectlDeployProps struct {
	// Cluster is the cluster deployed to (required).
	Cluster eks.ICluster
	// ManifestFiles are the manifest files (or folders) of the input
	// artifact applied with kubectl apply -f (required).
	ManifestFiles []string
	// Namespace is the Kubernetes namespace; default: the manifests'.
	Namespace string
	// KubectlVersion is the kubectl minor release installed, e.g. "1.33";
	// default: the cluster's Kubernetes version, else the image's kubectl.
	KubectlVersion string
	// Environment is the build machine; default LinuxStandard7_0, small.
	Environment codebuild.BuildEnvironment
	// Subnets and SecurityGroups run the builds in the cluster's VPC, for a
	// cluster whose endpoint is private; default as EKSDeployActionProps.
	Subnets        []ec2.ISubnet
	SecurityGroups []ec2.ISecurityGroup
	// AccessPolicies of the project role's access entry; default
	// cluster-wide AmazonEKSClusterAdminPolicy.
	AccessPolicies []eks.AccessPolicy
}

// EKSKubectlDeploy is a CodeBuild deploy step for EKS, for teams that keep
// deployments in CodeBuild (or V1 pipelines): a pipeline project "Project"
// whose buildspec runs `aws eks update-kubeconfig` and `kubectl apply`
// against the cluster, its role allowed eks:DescribeCluster and given an
// access entry "AccessEntry". Run it with Action.
type EKSKubectlDeploy struct {
	constructs.Base
	constructs.Problems
	// Project is the CodeBuild project.
	Project *codebuild.Project
	// AccessEntry gives the project's role access to the cluster.
	AccessEntry *eks.AccessEntry
}

// NewEKSKubectlDeploy creates the CodeBuild deploy step.
func NewEKSKubectlDeploy(scope constructs.Construct, id string, props EKSKubectlDeployProps) *EKSKubectlDeploy {
	props.Cluster = constructs.NormalizeNil(props.Cluster)
	d := &EKSKubectlDeploy{}
	d.Base = constructs.NewBase(d, scope, id)
	if props.Cluster == nil {
		d.Errorf("EKSKubectlDeployProps.Cluster is required: set the cluster deployed to")
		return d
	}
	if len(props.ManifestFiles) == 0 {
		d.Errorf("EKSKubectlDeployProps.ManifestFiles is required: name the manifest files of the input artifact, e.g. []string{\"k8s/\"}")
	}
	version := props.KubectlVersion
	if version == "" {
		version = props.Cluster.KubernetesVersion().Version()
	}
	var install []string
	if version != "" {
		install = []string{
			`curl -sSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/$(curl -sSL https://dl.k8s.io/release/stable-` + version + `.txt)/bin/linux/amd64/kubectl"`,
			"chmod +x /usr/local/bin/kubectl",
		}
	}
	apply := "kubectl apply"
	if props.Namespace != "" {
		apply += ` --namespace "$NAMESPACE"`
	}
	for _, f := range props.ManifestFiles {
		apply += " -f " + shellQuote(f)
	}
	spec := codebuild.BuildSpec{Phases: codebuild.SpecPhases{
		PreBuild: &codebuild.SpecPhase{Commands: []string{`aws eks update-kubeconfig --name "$CLUSTER_NAME" --region "$AWS_REGION"`}},
		Build:    &codebuild.SpecPhase{Commands: []string{apply}},
	}}
	if install != nil {
		spec.Phases.Install = &codebuild.SpecPhase{Commands: install}
	}
	vars := []codebuild.EnvironmentVariable{{Name: "CLUSTER_NAME", Value: props.Cluster.ClusterName()}}
	if props.Namespace != "" {
		vars = append(vars, codebuild.EnvironmentVariable{Name: "NAMESPACE", Value: props.Namespace})
	}
	pp := codebuild.PipelineProjectProps{
		Description:          "kubectl apply to an EKS cluster",
		BuildSpec:            codebuild.BuildSpecYAML(spec),
		Environment:          props.Environment,
		EnvironmentVariables: vars,
	}
	subnets, groups := privateNetwork(props.Cluster, props.Subnets, props.SecurityGroups)
	if len(subnets) > 0 {
		pp.Vpc = props.Cluster.Vpc()
		pp.SubnetSelection = ec2.SubnetSelection{Subnets: subnets}
		pp.SecurityGroups = groups
	}
	d.Project = codebuild.NewPipelineProject(d, "Project", pp)
	d.Project.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions: []string{"eks:DescribeCluster"}, Resources: []string{props.Cluster.ClusterARN()},
	}))
	policies := props.AccessPolicies
	if policies == nil {
		policies = []eks.AccessPolicy{eks.ClusterAccess(eks.AmazonEKSClusterAdminPolicy)}
	}
	d.AccessEntry = eks.NewAccessEntry(d, "AccessEntry", eks.AccessEntryProps{Cluster: props.Cluster, Principal: d.Project.Role().RoleARN(), AccessPolicies: policies})
	d.Project.Resource.Node().AddDependency(d.AccessEntry)
	return d
}

// Action returns a CodeBuild action that runs the deploy step on input, the
// artifact holding the manifests.
func (d *EKSKubectlDeploy) Action(name string, input *codepipeline.Artifact) *CodeBuildAction {
	return NewCodeBuildAction(CodeBuildActionProps{Common: Common{ActionName: name}, Project: d.Project, Input: input})
}

// shellQuote quotes a path for the buildspec's shell unless it is plain.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
