package eks

import (
	"regexp"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/eks/ekscfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// PodIdentityOptions configures a Pod Identity.
type PodIdentityOptions struct {
	// ServiceAccount is the Kubernetes service account's name; default: the
	// construct's unique id in lower case, as aws-eks-v2's ServiceAccount.
	ServiceAccount string
	// Namespace of the service account; default "default".
	Namespace string
	// Role is the IAM role the pods get; default: a new role "Role" that
	// pods.eks.amazonaws.com may assume and tag sessions of. A given role's
	// trust policy must allow that.
	Role iam.IRole
}

// PodIdentityProps configures NewPodIdentity.
type PodIdentityProps struct {
	// Cluster is the cluster (required).
	Cluster ICluster
	PodIdentityOptions
}

// PodIdentity gives the pods of a Kubernetes service account an IAM role
// through EKS Pod Identity: the role, an AWS::EKS::PodIdentityAssociation
// "Association", and the cluster's eks-pod-identity-agent add-on. It is what
// aws-eks-v2's ServiceAccount with IdentityType.POD_IDENTITY writes, without
// the service account object itself (aws-eks-v2 applies it with kubectl;
// with forma it comes with the application's manifests).
//
// A PodIdentity is an iam.IGrantable: bucket.GrantRead(podIdentity) and
// secret.GrantRead(podIdentity) give the pods access.
type PodIdentity struct {
	constructs.Base
	constructs.Problems
	// Role is the pods' role.
	Role iam.IRole
	// Association is the AWS::EKS::PodIdentityAssociation.
	Association *ekscfn.CfnPodIdentityAssociation

	serviceAccount, namespace string
}

var (
	dnsSubdomainRe = regexp.MustCompile(`^[a-z0-9]+[a-z0-9-.]*[a-z0-9]+$`)
	dnsLabelRe     = regexp.MustCompile(`^[a-z0-9]+[a-z0-9-]*[a-z0-9]+$`)
)

// NewPodIdentity creates a Pod Identity.
func NewPodIdentity(scope constructs.Construct, id string, props PodIdentityProps) *PodIdentity {
	props.Cluster = constructs.NormalizeNil(props.Cluster)
	props.Role = constructs.NormalizeNil(props.Role)
	p := &PodIdentity{serviceAccount: props.ServiceAccount, namespace: props.Namespace}
	p.Base = constructs.NewBase(p, scope, id)
	if p.serviceAccount == "" {
		p.serviceAccount = strings.ToLower(constructs.UniqueID(p))
	}
	if p.namespace == "" {
		p.namespace = "default"
	}
	if !token.IsUnresolved(p.serviceAccount) && (len(p.serviceAccount) > 253 || !dnsSubdomainRe.MatchString(p.serviceAccount)) {
		p.Errorf("ServiceAccount %q is not a Kubernetes object name; use lower-case letters, digits, '-' and '.' (a DNS subdomain name)", p.serviceAccount)
	}
	if !token.IsUnresolved(p.namespace) && (len(p.namespace) > 63 || !dnsLabelRe.MatchString(p.namespace)) {
		p.Errorf("Namespace %q is not a Kubernetes namespace name; use lower-case letters, digits and '-' (an RFC 1123 DNS label)", p.namespace)
	}
	p.Role = props.Role
	if p.Role == nil {
		r := iam.NewRole(p, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("pods.eks.amazonaws.com")})
		r.AssumeRolePolicy.AddStatements(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:    []string{"sts:AssumeRole", "sts:TagSession"},
			Principals: []iam.IPrincipal{iam.NewServicePrincipal("pods.eks.amazonaws.com")},
		}))
		p.Role = r
	}
	if props.Cluster == nil {
		p.Errorf("PodIdentityProps.Cluster is required: set the cluster, or use cluster.AddPodIdentity")
		return p
	}
	if c, ok := props.Cluster.(*Cluster); ok {
		c.EksPodIdentityAgent()
	}
	p.Association = ekscfn.NewCfnPodIdentityAssociation(p, "Association", ekscfn.CfnPodIdentityAssociationProps{
		ClusterName:    props.Cluster.ClusterName(),
		Namespace:      p.namespace,
		RoleArn:        p.Role.RoleARN(),
		ServiceAccount: p.serviceAccount,
	})
	return p
}

// GrantPrincipal returns the role's principal: grants to a PodIdentity go to
// its role.
func (p *PodIdentity) GrantPrincipal() iam.IPrincipal { return p.Role.GrantPrincipal() }

// ServiceAccount returns the Kubernetes service account's name.
func (p *PodIdentity) ServiceAccount() string { return p.serviceAccount }

// Namespace returns the service account's namespace.
func (p *PodIdentity) Namespace() string { return p.namespace }

// AddToPrincipalPolicy adds a statement to the role's policy.
func (p *PodIdentity) AddToPrincipalPolicy(s *iam.PolicyStatement) bool {
	return p.Role.AddToPrincipalPolicy(s)
}
