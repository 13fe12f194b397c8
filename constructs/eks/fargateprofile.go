package eks

import (
	"regexp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks/ekscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// namespacePatternRe is a Kubernetes namespace name (an RFC 1123 DNS label
// of at most 63 characters) in which Fargate selectors and access scopes
// also accept the wildcards '*' and '?'.
var namespacePatternRe = regexp.MustCompile(`^[a-z0-9*?]([-a-z0-9*?]{0,61}[a-z0-9*?])?$`)

// Selector picks the pods a Fargate profile runs: those in Namespace that
// carry all of Labels.
type Selector struct {
	// Namespace is the Kubernetes namespace (required).
	Namespace string
	// Labels the pods must carry; default: every pod of the namespace.
	Labels map[string]string
}

// FargateProfileOptions configures a Fargate profile.
type FargateProfileOptions struct {
	// Selectors pick the pods (one to five; required).
	Selectors []Selector
	// FargateProfileName is the physical name; default: generated.
	FargateProfileName string
	// PodExecutionRole lets Fargate pull images and join the cluster;
	// default: a new role "PodExecutionRole" with
	// AmazonEKSFargatePodExecutionRolePolicy.
	PodExecutionRole iam.IRole
	// Vpc and SubnetSelection pick the pods' subnets; default: the cluster's
	// private subnets (chosen by EKS). SubnetSelection without Vpc is
	// ignored, as in aws-eks-v2.
	Vpc             ec2.IVpc
	SubnetSelection *ec2.SubnetSelection
	// Tags of the profile.
	Tags map[string]string
	// RemovalPolicy: default destroy.
	RemovalPolicy cfn.RemovalPolicy
}

// FargateProfileProps configures NewFargateProfile.
type FargateProfileProps struct {
	// Cluster is the cluster (required).
	Cluster *Cluster
	FargateProfileOptions
}

// FargateProfile runs the pods its selectors pick on AWS Fargate
// (AWS::EKS::FargateProfile), aws-eks-v2's FargateProfile. Profiles of one
// cluster are created one after another (each depends on the previous).
type FargateProfile struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::EKS::FargateProfile.
	Resource *ekscfn.CfnFargateProfile
	// PodExecutionRole is the pods' execution role.
	PodExecutionRole iam.IRole
}

// NewFargateProfile creates a Fargate profile.
func NewFargateProfile(scope constructs.Construct, id string, props FargateProfileProps) *FargateProfile {
	props.PodExecutionRole = constructs.NormalizeNil(props.PodExecutionRole)
	props.Vpc = constructs.NormalizeNil(props.Vpc)
	f := &FargateProfile{}
	f.Base = constructs.NewBase(f, scope, id)
	if props.Cluster == nil {
		f.Errorf("FargateProfileProps.Cluster is required: set the cluster, or use cluster.AddFargateProfile")
		return f
	}
	f.PodExecutionRole = props.PodExecutionRole
	if f.PodExecutionRole == nil {
		f.PodExecutionRole = iam.NewRole(f, "PodExecutionRole", iam.RoleProps{
			AssumedBy:       iam.NewServicePrincipal("eks-fargate-pods.amazonaws.com"),
			ManagedPolicies: []iam.IManagedPolicy{iam.ManagedPolicyFromAWSManagedPolicyName("AmazonEKSFargatePodExecutionRolePolicy")},
		})
	}
	if props.SubnetSelection != nil && props.Vpc == nil {
		constructs.AnnotationsOf(f).AddWarning("SubnetSelection is ignored without Vpc: the profile uses the cluster's private subnets; set Vpc to the cluster's VPC too")
	}
	var subnets []string
	if props.Vpc != nil {
		sel := ec2.SubnetSelection{SubnetType: ec2.SubnetPrivateWithEgress}
		if props.SubnetSelection != nil {
			sel = *props.SubnetSelection
		}
		subnets = props.Vpc.SelectSubnets(sel, f).SubnetIDs
	}
	switch n := len(props.Selectors); {
	case n == 0:
		f.Errorf("a Fargate profile needs at least one selector; set Selectors, e.g. []eks.Selector{{Namespace: \"default\"}}")
	case n > 5:
		f.Errorf("a Fargate profile has at most five selectors, got %d; split them over several profiles", n)
	}
	p := ekscfn.CfnFargateProfileProps{
		ClusterName:         props.Cluster.ClusterName(),
		PodExecutionRoleArn: f.PodExecutionRole.RoleARN(),
		Subnets:             subnets,
		Selectors:           []ekscfn.CfnFargateProfile_SelectorProperty{},
	}
	for i, s := range props.Selectors {
		switch {
		case s.Namespace == "":
			f.Errorf("Selectors[%d] has no Namespace; every selector names a Kubernetes namespace", i)
		case !token.IsUnresolved(s.Namespace) && !namespacePatternRe.MatchString(s.Namespace):
			f.Errorf("Selectors[%d] namespace %q is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and '-' (an RFC 1123 DNS label), with the wildcards '*' and '?' if need be", i, s.Namespace)
		}
		sp := ekscfn.CfnFargateProfile_SelectorProperty{Namespace: s.Namespace, Labels: []ekscfn.CfnFargateProfile_LabelProperty{}}
		for _, k := range sortedKeys(s.Labels) {
			sp.Labels = append(sp.Labels, ekscfn.CfnFargateProfile_LabelProperty{Key: k, Value: s.Labels[k]})
		}
		p.Selectors = append(p.Selectors, sp)
	}
	if props.FargateProfileName != "" {
		p.FargateProfileName = new(props.FargateProfileName)
	}
	for _, k := range sortedKeys(props.Tags) {
		p.Tags = append(p.Tags, cfn.Tag{Key: k, Value: props.Tags[k]})
	}
	f.Resource = ekscfn.NewCfnFargateProfile(f, "Resource", p)
	if props.RemovalPolicy != "" {
		f.Resource.ApplyRemovalPolicy(props.RemovalPolicy)
	}
	profiles := props.Cluster.attachFargateProfile(f)
	if len(profiles) > 1 {
		f.Resource.Node().AddDependency(profiles[len(profiles)-2])
	}
	return f
}

// FargateProfileName returns the profile's name (Ref).
func (f *FargateProfile) FargateProfileName() string { return f.Resource.Ref() }

// FargateProfileARN returns the profile's ARN.
func (f *FargateProfile) FargateProfileARN() string { return f.Resource.AttrArn() }
