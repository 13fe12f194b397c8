package eks

import (
	"slices"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/eks/ekscfn"
	"github.com/forma-iac/forma/constructs/token"
)

// AccessScopeType is the scope of an access policy: the whole cluster or
// some namespaces.
type AccessScopeType string

// Access scope types.
const (
	AccessScopeCluster   AccessScopeType = "cluster"
	AccessScopeNamespace AccessScopeType = "namespace"
)

// AccessPolicyName is the name of an Amazon EKS access policy.
type AccessPolicyName string

// The Amazon EKS access policies (aws-eks-v2's AccessPolicyArn values and
// more; see https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html).
const (
	AmazonEKSClusterAdminPolicy AccessPolicyName = "AmazonEKSClusterAdminPolicy"
	AmazonEKSAdminPolicy        AccessPolicyName = "AmazonEKSAdminPolicy"
	AmazonEKSAdminViewPolicy    AccessPolicyName = "AmazonEKSAdminViewPolicy"
	AmazonEKSEditPolicy         AccessPolicyName = "AmazonEKSEditPolicy"
	AmazonEKSViewPolicy         AccessPolicyName = "AmazonEKSViewPolicy"
	// AmazonEKSAutoNodePolicy is for the node role of EKS Auto Mode, on an
	// entry of type AccessEntryEC2.
	AmazonEKSAutoNodePolicy AccessPolicyName = "AmazonEKSAutoNodePolicy"
)

// ARN returns the policy's ARN,
// arn:<partition>:eks::aws:cluster-access-policy/<name>.
func (n AccessPolicyName) ARN() string {
	return "arn:" + cfn.Partition() + ":eks::aws:cluster-access-policy/" + string(n)
}

// AccessPolicy is an EKS access policy and its scope, aws-eks-v2's
// IAccessPolicy. Make one with ClusterAccess or NamespaceAccess.
type AccessPolicy struct {
	// Policy is the access policy.
	Policy AccessPolicyName
	// Scope is where the policy applies.
	Scope AccessScopeType
	// Namespaces are the namespaces of a namespace scope (required then).
	Namespaces []string
}

// ClusterAccess is policy on the whole cluster.
func ClusterAccess(policy AccessPolicyName) AccessPolicy {
	return AccessPolicy{Policy: policy, Scope: AccessScopeCluster}
}

// NamespaceAccess is policy on the namespaces given.
func NamespaceAccess(policy AccessPolicyName, namespaces ...string) AccessPolicy {
	return AccessPolicy{Policy: policy, Scope: AccessScopeNamespace, Namespaces: namespaces}
}

// AccessEntryType is the type of an access entry.
type AccessEntryType string

// Access entry types; HYBRID_LINUX and HYPERPOD_LINUX entries cannot have
// access policies (an EC2 entry, for the nodes of EKS Auto Mode, takes
// AmazonEKSAutoNodePolicy).
const (
	AccessEntryStandard      AccessEntryType = "STANDARD"
	AccessEntryFargateLinux  AccessEntryType = "FARGATE_LINUX"
	AccessEntryEC2Linux      AccessEntryType = "EC2_LINUX"
	AccessEntryEC2Windows    AccessEntryType = "EC2_WINDOWS"
	AccessEntryEC2           AccessEntryType = "EC2"
	AccessEntryHybridLinux   AccessEntryType = "HYBRID_LINUX"
	AccessEntryHyperPodLinux AccessEntryType = "HYPERPOD_LINUX"
)

// AccessEntryProps configures NewAccessEntry.
type AccessEntryProps struct {
	// Cluster is the cluster (required).
	Cluster ICluster
	// Principal is the ARN of the IAM role or user (required).
	Principal string
	// AccessPolicies are the policies of the entry.
	AccessPolicies []AccessPolicy
	// AccessEntryType: default: not set (EKS's STANDARD).
	AccessEntryType AccessEntryType
	// AccessEntryName is accepted for aws-eks-v2 compatibility; as there, it
	// is not written (an access entry has no name property).
	AccessEntryName string
	// RemovalPolicy: default destroy.
	RemovalPolicy cfn.RemovalPolicy
}

// AccessEntry gives an IAM principal access to a cluster
// (AWS::EKS::AccessEntry), aws-eks-v2's AccessEntry. A principal has one
// access entry per cluster: a second entry for the same principal on a
// cluster defined or imported in the app is an error (cluster.GrantAccess
// adds to the first).
type AccessEntry struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::EKS::AccessEntry.
	Resource *ekscfn.CfnAccessEntry

	typ      AccessEntryType
	policies []AccessPolicy
}

// NewAccessEntry creates an access entry.
func NewAccessEntry(scope constructs.Construct, id string, props AccessEntryProps) *AccessEntry {
	props.Cluster = constructs.NormalizeNil(props.Cluster)
	e := &AccessEntry{typ: props.AccessEntryType}
	e.Base = constructs.NewBase(e, scope, id)
	p := ekscfn.CfnAccessEntryProps{PrincipalArn: props.Principal}
	if props.Cluster == nil {
		e.Errorf("AccessEntryProps.Cluster is required: set the cluster the entry gives access to")
	} else {
		p.ClusterName = props.Cluster.ClusterName()
	}
	if props.Principal == "" {
		e.Errorf("AccessEntryProps.Principal is required: set the ARN of the IAM role or user, e.g. role.RoleARN()")
	} else if entries, _ := records(props.Cluster); entries != nil {
		if other := entries[props.Principal]; other != nil {
			who := "principal " + props.Principal
			if token.IsUnresolved(props.Principal) {
				who = "the principal"
			}
			e.Errorf("%s already has access entry %s on cluster %s, and a principal has one access entry per cluster; add these policies to that entry (cluster.GrantAccess with the same principal, or entry.AddAccessPolicies)", who, other.Node().Path(), props.Cluster.Node().Path())
		} else {
			entries[props.Principal] = e
		}
	}
	if props.AccessEntryType != "" {
		p.Type = new(string(props.AccessEntryType))
	}
	e.Resource = ekscfn.NewCfnAccessEntry(e, "Resource", p)
	e.Resource.Props.AccessPolicies = []ekscfn.CfnAccessEntry_AccessPolicyProperty{}
	e.AddAccessPolicies(props.AccessPolicies...)
	if props.RemovalPolicy != "" {
		e.Resource.ApplyRemovalPolicy(props.RemovalPolicy)
	}
	return e
}

// AddAccessPolicies adds policies to the entry; a policy the entry has
// already (same name, scope and namespaces) is not added again. aws-eks-v2
// writes it twice, which CloudFormation rejects, e.g. for a grant of
// AmazonEKSClusterAdminPolicy to the masters role.
func (e *AccessEntry) AddAccessPolicies(policies ...AccessPolicy) {
	switch e.typ {
	case AccessEntryHybridLinux, AccessEntryHyperPodLinux:
		if len(policies) > 0 {
			e.Errorf("an access entry of type %s cannot have access policies; use eks.AccessEntryStandard for an entry with policies", e.typ)
			return
		}
	}
	for _, pol := range policies {
		if slices.ContainsFunc(e.policies, func(p AccessPolicy) bool {
			return p.Policy == pol.Policy && p.Scope == pol.Scope && slices.Equal(p.Namespaces, pol.Namespaces)
		}) {
			// A policy the entry has already: CloudFormation rejects the
			// repeat (AccessPolicies holds unique items).
			continue
		}
		e.policies = append(e.policies, pol)
		switch pol.Scope {
		case AccessScopeNamespace:
			if len(pol.Namespaces) == 0 {
				e.Errorf("access policy %s has scope namespace but no namespaces; name them, e.g. eks.NamespaceAccess(eks.%s, \"dev\"), or use eks.ClusterAccess(eks.%s)", pol.Policy, pol.Policy, pol.Policy)
			}
			for _, ns := range pol.Namespaces {
				if !token.IsUnresolved(ns) && !namespacePatternRe.MatchString(ns) {
					e.Errorf("access policy %s: namespace %q is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and '-' (an RFC 1123 DNS label), or a pattern such as \"dev-*\"", pol.Policy, ns)
				}
			}
		case AccessScopeCluster:
			if len(pol.Namespaces) > 0 {
				e.Errorf("access policy %s has scope cluster and namespaces %s; use eks.NamespaceAccess for namespaces, or drop them", pol.Policy, quoteList(pol.Namespaces))
			}
		default:
			e.Errorf("access policy %s has scope %q; use eks.ClusterAccess or eks.NamespaceAccess", pol.Policy, pol.Scope)
		}
		if pol.Policy == "" {
			e.Errorf("an access policy has no policy name; use one of eks.AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy, AmazonEKSAdminViewPolicy")
		}
		var arn string
		if token.IsUnresolved(string(pol.Policy)) || len(pol.Policy) > 4 && string(pol.Policy[:4]) == "arn:" {
			arn = string(pol.Policy)
		} else {
			arn = pol.Policy.ARN()
		}
		e.Resource.Props.AccessPolicies = append(e.Resource.Props.AccessPolicies, ekscfn.CfnAccessEntry_AccessPolicyProperty{
			AccessScope: &ekscfn.CfnAccessEntry_AccessScopeProperty{Type: string(pol.Scope), Namespaces: slices.Clone(pol.Namespaces)},
			PolicyArn:   arn,
		})
	}
}

// AccessPolicies returns the entry's policies.
func (e *AccessEntry) AccessPolicies() []AccessPolicy { return slices.Clone(e.policies) }

// AccessEntryARN returns the entry's ARN.
func (e *AccessEntry) AccessEntryARN() string { return e.Resource.AttrAccessEntryArn() }

// AccessEntryName returns the entry's name (Ref).
func (e *AccessEntry) AccessEntryName() string { return e.Resource.Ref() }
