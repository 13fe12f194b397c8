package codepipelineactions

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/codepipeline"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// EKSDeployActionProps configures NewEKSDeployAction. Set ManifestFiles to
// deploy with kubectl, or HelmReleaseName and HelmChartLocation to deploy a
// Helm chart.
type EKSDeployActionProps struct {
	Common
	// Cluster is the cluster deployed to (required).
	Cluster eks.ICluster
	// Input is the artifact holding the manifests or the chart (required):
	// a source or build output, or, for a packaged chart, an S3 source of
	// the .tgz.
	Input *codepipeline.Artifact
	// ManifestFiles are the Kubernetes manifest files in Input, applied
	// with kubectl, e.g. "k8s/deployment.yaml" (configuration ManifestFiles,
	// written comma-separated).
	ManifestFiles []string
	// HelmReleaseName is the Helm release (Helm only): a lower-case DNS
	// name of at most 53 characters, as Helm requires.
	HelmReleaseName string
	// HelmChartLocation is the chart's folder, or .tgz file, in Input
	// (Helm only).
	HelmChartLocation string
	// HelmValuesFiles override the chart's values (Helm only; written
	// comma-separated). Paths are relative to HelmChartLocation.
	HelmValuesFiles []string
	// Namespace is the Kubernetes namespace kubectl or helm runs in;
	// default: the manifests' or "default".
	Namespace string
	// EnvironmentVariables replace variables such as $IMAGE_TAG in the
	// manifests or the Helm values files; a Value may hold pipeline
	// variables, e.g. "#{Build.IMAGE_TAG}".
	EnvironmentVariables []codepipeline.EnvironmentVariable
	// Subnets and SecurityGroups place the action's compute in the VPC, for
	// a cluster whose endpoint is private. Default for an eks.Cluster
	// without public endpoint access, or with public access only from some
	// CIDR blocks and private access: its private subnets and the cluster
	// security group; otherwise none (the public endpoint is used).
	Subnets        []ec2.ISubnet
	SecurityGroups []ec2.ISecurityGroup
	// AccessPolicies are the access policies of the access entry the
	// action creates for its role; default cluster-wide
	// AmazonEKSClusterAdminPolicy. NamespaceAccess(AmazonEKSEditPolicy, ns)
	// suffices for manifests confined to one namespace.
	AccessPolicies []eks.AccessPolicy
}

// EKSDeployAction is CodePipeline's native EKS deploy action (Category
// Deploy, Owner AWS, Provider EKS, Version 1), which runs kubectl or Helm on
// CodePipeline-managed CodeBuild compute; aws-cdk-lib 2.276.0 has no such
// action. It follows the AWS CodePipeline User Guide's "Amazon Elastic
// Kubernetes Service EKS deploy action reference"
// (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EKS.html):
// V2 pipelines only; one input artifact (the manifests or the chart, a
// packaged chart may come as a .tgz from an S3 source) and no output;
// configuration ClusterName (required), ManifestFiles for kubectl, or
// HelmReleaseName and HelmChartLocation (both required for Helm) and
// HelmValuesFiles, Namespace, Subnets and SecurityGroupIds. HelmValuesFiles
// is documented as comma-separated; forma writes every list that way.
// EnvironmentVariables is the action declaration's own property
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codepipeline-pipeline-actiondeclaration.html).
//
// Binding it grants the action's role eks:DescribeCluster on the cluster;
// the EC2 reads (DescribeDhcpOptions, DescribeNetworkInterfaces,
// DescribeRouteTables, DescribeSecurityGroups, DescribeSubnets,
// DescribeVpcs) and, when the action runs in the VPC, the network interface
// actions (CreateNetworkInterface, CreateNetworkInterfacePermission,
// DeleteNetworkInterface) of VPC compute; logs:CreateLogGroup,
// CreateLogStream and PutLogEvents on the pipeline's log group
// /aws/codepipeline/<pipeline>, and reads of the artifact bucket. It creates
// an AWS::EKS::AccessEntry "AccessEntry" under the action for the role (a
// principal has one access entry per cluster: cluster.GrantAccess with the
// same role adds policies to it) and the pipeline depends on the entry, so
// its first run finds the access in place. A SECRETS_MANAGER environment
// variable (a secret's name or ARN) adds secretsmanager:GetSecretValue on
// that secret; a secret encrypted with a customer managed key also needs
// kms:Decrypt on the key for the role.
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
	p.EnvironmentVariables = append([]codepipeline.EnvironmentVariable(nil), a.props.EnvironmentVariables...)
	return p
}

var (
	// helmReleaseNameRe is Helm 3's release name: a lower-case DNS
	// subdomain name (at most 53 characters, checked apart).
	helmReleaseNameRe = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	// namespaceRe is a Kubernetes namespace name, an RFC 1123 DNS label.
	namespaceRe = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	// envNameRe is a shell variable name.
	envNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// Bind implements codepipeline.IAction.
func (a *EKSDeployAction) Bind(scope constructs.Construct, stage *codepipeline.Stage, opts codepipeline.ActionBindOptions) codepipeline.ActionConfig {
	p := a.props
	pipe := stage.Pipeline()
	fail := func(format string, args ...any) {
		pipe.Errorf("action %q: "+format, append([]any{p.ActionName}, args...)...)
	}
	if pipe.PipelineType != codepipeline.PipelineV2 {
		fail("the EKS deploy action runs in V2 pipelines only: set PipelineType to codepipeline.PipelineV2, or deploy with a CodeBuild project (codepipelineactions.NewEKSKubectlDeploy)")
	}
	if p.Cluster == nil || p.Input == nil {
		fail("EKSDeployActionProps.Cluster and Input are required")
		return codepipeline.ActionConfig{}
	}
	helm := p.HelmReleaseName != "" || p.HelmChartLocation != "" || len(p.HelmValuesFiles) > 0
	switch {
	case helm && len(p.ManifestFiles) > 0:
		fail("set either ManifestFiles (kubectl) or HelmReleaseName and HelmChartLocation (Helm), not both")
	case helm && (p.HelmReleaseName == "" || p.HelmChartLocation == ""):
		fail("a Helm deployment needs both HelmReleaseName and HelmChartLocation")
	case !helm && len(p.ManifestFiles) == 0:
		fail("set ManifestFiles (kubectl) or HelmReleaseName and HelmChartLocation (Helm)")
	}
	checkList := func(field string, xs []string) {
		for i, x := range xs {
			switch {
			case strings.TrimSpace(x) == "":
				fail("%s[%d] is empty; name a file of the input artifact", field, i)
			case strings.Contains(x, ","):
				fail("%s[%d] %q holds a comma, but %s is written as a comma-separated list; give each file as its own element (a file name cannot hold a comma)", field, i, x, field)
			}
		}
	}
	checkList("ManifestFiles", p.ManifestFiles)
	checkList("HelmValuesFiles", p.HelmValuesFiles)
	if r := p.HelmReleaseName; r != "" && !token.IsUnresolved(r) && (len(r) > 53 || !helmReleaseNameRe.MatchString(r)) {
		fail("HelmReleaseName %q is not a Helm release name; use at most 53 lower-case letters, digits, '-' and '.'", r)
	}
	if ns := p.Namespace; ns != "" && !token.IsUnresolved(ns) && !namespaceRe.MatchString(ns) {
		fail("Namespace %q is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and '-' (an RFC 1123 DNS label)", ns)
	}
	seen := map[string]bool{}
	for i, v := range p.EnvironmentVariables {
		switch {
		case !envNameRe.MatchString(v.Name):
			fail("EnvironmentVariables[%d] name %q is not a variable name; use letters, digits and '_', not starting with a digit", i, v.Name)
		case seen[v.Name]:
			fail("EnvironmentVariables[%d] %s is set twice; keep one", i, v.Name)
		case v.Value == "":
			fail("EnvironmentVariables[%d] %s has no Value; CodePipeline requires one", i, v.Name)
		}
		seen[v.Name] = true
		if v.Type != "" && v.Type != "PLAINTEXT" && v.Type != "SECRETS_MANAGER" {
			fail("EnvironmentVariables[%d] %s has type %q; use PLAINTEXT or SECRETS_MANAGER", i, v.Name, v.Type)
		}
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
	if len(subnets) > 0 || len(groups) > 0 {
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
	var secrets, keys []string
	for _, v := range p.EnvironmentVariables {
		if v.Type != "SECRETS_MANAGER" || v.Value == "" {
			continue
		}
		secret, key, err := codebuild.SecretVariableResources(s, v.Value)
		if err != nil {
			fail("environment variable %s: %v", v.Name, err)
			continue
		}
		secrets = append(secrets, secret)
		if key != "" {
			keys = append(keys, key)
		}
	}
	if len(secrets) > 0 {
		role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions: []string{"secretsmanager:GetSecretValue"}, Resources: secrets,
		}))
	}
	if len(keys) > 0 {
		role.AddToPrincipalPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"kms:Decrypt"}, Resources: keys}))
	}

	policies := p.AccessPolicies
	if policies == nil {
		policies = []eks.AccessPolicy{eks.ClusterAccess(eks.AmazonEKSClusterAdminPolicy)}
	}
	entry := eks.NewAccessEntry(scope, "AccessEntry", eks.AccessEntryProps{Cluster: p.Cluster, Principal: role.RoleARN(), AccessPolicies: policies})
	pipe.Resource.Node().AddDependency(entry)
	return codepipeline.ActionConfig{Configuration: cfg}
}

// privateNetwork returns the subnets and security groups given, or, for an
// eks.Cluster whose endpoint the internet cannot reach from anywhere (no
// public access, or public access only from some CIDR blocks, which
// CodeBuild's addresses are not in, beside private access), its private
// subnets and the cluster security group.
func privateNetwork(cluster eks.ICluster, subnets []ec2.ISubnet, groups []ec2.ISecurityGroup) ([]ec2.ISubnet, []ec2.ISecurityGroup) {
	if len(subnets) > 0 || len(groups) > 0 {
		return subnets, groups
	}
	c, ok := cluster.(*eks.Cluster)
	if !ok {
		return nil, nil
	}
	ea := c.EndpointAccess()
	if !ea.PublicAccess() || ea.PrivateAccess() && len(ea.PublicCIDRs()) > 0 {
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
	// KubectlVersion is the kubectl minor release installed, "1.N", e.g.
	// "1.33": the build installs its latest patch release from dl.k8s.io
	// and checks its SHA-256. Default: the cluster's Kubernetes version;
	// required for a cluster whose version forma does not know (an
	// imported one without KubernetesVersion). kubectl supports a cluster
	// one minor version older or newer than itself.
	KubectlVersion string
	// Environment is the build machine; default LinuxStandard7_0, small.
	// A Linux image, x86-64 or ARM.
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
// whose buildspec installs kubectl of the cluster's minor version (checked
// against its published SHA-256), runs `aws eks update-kubeconfig --name
// $CLUSTER_NAME --region $AWS_REGION` (CodeBuild sets AWS_REGION; the
// cluster is in the project's region) and `kubectl apply`; its role is
// allowed eks:DescribeCluster on the cluster (what update-kubeconfig calls)
// and given an access entry "AccessEntry", which the project depends on.
// Run it with Action.
type EKSKubectlDeploy struct {
	constructs.Base
	constructs.Problems
	// Project is the CodeBuild project.
	Project *codebuild.Project
	// AccessEntry gives the project's role access to the cluster.
	AccessEntry *eks.AccessEntry
}

// kubectlVersionRe is a kubectl minor release, "1.N".
var kubectlVersionRe = regexp.MustCompile(`^1\.(0|[1-9][0-9]*)$`)

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
	for i, f := range props.ManifestFiles {
		if strings.TrimSpace(f) == "" {
			d.Errorf("ManifestFiles[%d] is empty; name a file or folder of the input artifact", i)
		}
	}
	if ns := props.Namespace; ns != "" && !token.IsUnresolved(ns) && !namespaceRe.MatchString(ns) {
		d.Errorf("Namespace %q is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and '-' (an RFC 1123 DNS label)", ns)
	}
	clusterVersion := props.Cluster.KubernetesVersion().Version()
	version := props.KubectlVersion
	switch {
	case version == "" && clusterVersion == "":
		d.Errorf("KubectlVersion is required: forma does not know the Kubernetes version of cluster %s; set the cluster's minor version, e.g. \"1.33\" (or KubernetesVersion in eks.ClusterAttributes)", props.Cluster.Node().Path())
	case version == "":
		version = clusterVersion
	case !kubectlVersionRe.MatchString(version):
		d.Errorf("KubectlVersion %q is not a kubectl minor release; write \"1.N\", e.g. \"1.33\"", version)
	case kubectlVersionRe.MatchString(clusterVersion) && minorSkew(version, clusterVersion) > 1:
		d.Errorf("KubectlVersion %s is more than one minor version away from the cluster's Kubernetes %s, which kubectl does not support; use %s (the default)", version, clusterVersion, clusterVersion)
	}
	arch := "amd64"
	switch img := props.Environment.BuildImage; img.Type {
	case codebuild.ARMContainer, codebuild.ARMLambdaContainer:
		arch = "arm64"
	case codebuild.WindowsContainer, codebuild.WindowsServer2019Container, codebuild.WindowsServer2022Container:
		d.Errorf("Environment.BuildImage %s is a Windows image; the kubectl step's buildspec runs on Linux: use a Linux image such as codebuild.LinuxStandard7_0", img.ImageID)
	}
	url := `"https://dl.k8s.io/release/${KUBECTL_RELEASE}/bin/linux/` + arch + `/kubectl"`
	install := []string{
		`KUBECTL_RELEASE="$(curl -fsSL https://dl.k8s.io/release/stable-` + version + `.txt)"`,
		`curl -fsSLo /tmp/kubectl ` + url,
		`echo "$(curl -fsSL ` + url[:len(url)-1] + `.sha256")  /tmp/kubectl" | sha256sum --check`,
		"install -m 0755 /tmp/kubectl /usr/local/bin/kubectl",
		"kubectl version --client",
	}
	apply := "kubectl apply"
	if props.Namespace != "" {
		apply += ` --namespace "$NAMESPACE"`
	}
	for _, f := range props.ManifestFiles {
		apply += " -f " + shellQuote(f)
	}
	spec := codebuild.BuildSpec{Phases: codebuild.SpecPhases{
		Install:  &codebuild.SpecPhase{Commands: install},
		PreBuild: &codebuild.SpecPhase{Commands: []string{`aws eks update-kubeconfig --name "$CLUSTER_NAME" --region "$AWS_REGION"`}},
		Build:    &codebuild.SpecPhase{Commands: []string{apply}},
	}}
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

// minorSkew returns how many minor versions apart two "1.N" versions are.
func minorSkew(a, b string) int {
	n := func(v string) int {
		m, _ := strconv.Atoi(strings.TrimPrefix(v, "1."))
		return m
	}
	d := n(a) - n(b)
	if d < 0 {
		d = -d
	}
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
