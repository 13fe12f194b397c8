package servicediscovery

import (
	"fmt"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/servicediscovery/servicediscoverycfn"
	"github.com/forma-iac/forma/constructs/token"
)

// NamespaceType is the kind of a Cloud Map namespace.
type NamespaceType string

// Namespace types.
const (
	NamespaceDNSPrivate NamespaceType = "DNS_PRIVATE"
	NamespaceDNSPublic  NamespaceType = "DNS_PUBLIC"
	NamespaceHTTP       NamespaceType = "HTTP"
)

// INamespace is a Cloud Map namespace, defined here or imported.
type INamespace interface {
	constructs.Construct
	// NamespaceName is the namespace's name (a literal when given as one).
	NamespaceName() string
	// NamespaceID is the namespace's Id attribute.
	NamespaceID() string
	// NamespaceARN is the namespace's Arn attribute.
	NamespaceARN() string
	// Type is the namespace's kind.
	Type() NamespaceType
}

// NamespaceProps configures the namespace constructors.
type NamespaceProps struct {
	// Name of the namespace (required): a domain name for DNS namespaces.
	Name string
	// Description default: none.
	Description string
}

// PrivateDNSNamespaceProps configures NewPrivateDNSNamespace.
type PrivateDNSNamespaceProps struct {
	// Name of the namespace (required), the private hosted zone's domain.
	Name string
	// Description default: none.
	Description string
	// Vpc the private hosted zone is associated with (required).
	Vpc ec2.IVpc
}

type namespace struct {
	constructs.Base
	name, id, arn string
	kind          NamespaceType
	problems      []string
}

func (n *namespace) NamespaceName() string { return n.name }
func (n *namespace) NamespaceID() string   { return n.id }
func (n *namespace) NamespaceARN() string  { return n.arn }
func (n *namespace) Type() NamespaceType   { return n.kind }

// Validate reports bad props.
func (n *namespace) Validate() []string { return n.problems }

func (n *namespace) requireName(name string) {
	if name == "" {
		n.problems = append(n.problems, "Name is required; give the namespace's name (a domain name for a DNS namespace)")
	}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// PrivateDNSNamespace is an AWS::ServiceDiscovery::PrivateDnsNamespace, the
// AWS CDK's PrivateDnsNamespace: a private hosted zone in a VPC.
type PrivateDNSNamespace struct {
	namespace
	// Resource is the L1 resource.
	Resource *servicediscoverycfn.CfnPrivateDnsNamespace
}

// NewPrivateDNSNamespace creates a private DNS namespace.
func NewPrivateDNSNamespace(scope constructs.Construct, id string, props PrivateDNSNamespaceProps) *PrivateDNSNamespace {
	n := &PrivateDNSNamespace{}
	n.Base = constructs.NewBase(n, scope, id)
	n.requireName(props.Name)
	p := servicediscoverycfn.CfnPrivateDnsNamespaceProps{Name: props.Name, Description: optional(props.Description)}
	if props.Vpc == nil {
		n.problems = append(n.problems, "Vpc is required; a private DNS namespace is associated with a VPC")
	} else {
		p.Vpc = props.Vpc.VpcID()
	}
	n.Resource = servicediscoverycfn.NewCfnPrivateDnsNamespace(n, "Resource", p)
	n.name, n.id, n.arn, n.kind = props.Name, n.Resource.AttrId(), n.Resource.AttrArn(), NamespaceDNSPrivate
	return n
}

// PublicDNSNamespace is an AWS::ServiceDiscovery::PublicDnsNamespace, the
// AWS CDK's PublicDnsNamespace.
type PublicDNSNamespace struct {
	namespace
	// Resource is the L1 resource.
	Resource *servicediscoverycfn.CfnPublicDnsNamespace
}

// NewPublicDNSNamespace creates a public DNS namespace.
func NewPublicDNSNamespace(scope constructs.Construct, id string, props NamespaceProps) *PublicDNSNamespace {
	n := &PublicDNSNamespace{}
	n.Base = constructs.NewBase(n, scope, id)
	n.requireName(props.Name)
	n.Resource = servicediscoverycfn.NewCfnPublicDnsNamespace(n, "Resource", servicediscoverycfn.CfnPublicDnsNamespaceProps{Name: props.Name, Description: optional(props.Description)})
	n.name, n.id, n.arn, n.kind = props.Name, n.Resource.AttrId(), n.Resource.AttrArn(), NamespaceDNSPublic
	return n
}

// HTTPNamespace is an AWS::ServiceDiscovery::HttpNamespace, the AWS CDK's
// HttpNamespace: instances found by API calls only (and Service Connect).
type HTTPNamespace struct {
	namespace
	// Resource is the L1 resource.
	Resource *servicediscoverycfn.CfnHttpNamespace
}

// NewHTTPNamespace creates an HTTP namespace.
func NewHTTPNamespace(scope constructs.Construct, id string, props NamespaceProps) *HTTPNamespace {
	n := &HTTPNamespace{}
	n.Base = constructs.NewBase(n, scope, id)
	n.requireName(props.Name)
	n.Resource = servicediscoverycfn.NewCfnHttpNamespace(n, "Resource", servicediscoverycfn.CfnHttpNamespaceProps{Name: props.Name, Description: optional(props.Description)})
	n.name, n.id, n.arn, n.kind = props.Name, n.Resource.AttrId(), n.Resource.AttrArn(), NamespaceHTTP
	return n
}

// DNSRecordType is the kind of DNS records Cloud Map creates for instances.
type DNSRecordType string

// DNS record types.
const (
	RecordA        DNSRecordType = "A"
	RecordAAAA     DNSRecordType = "AAAA"
	RecordAAndAAAA DNSRecordType = "A, AAAA"
	RecordSRV      DNSRecordType = "SRV"
	RecordCNAME    DNSRecordType = "CNAME"
)

// RoutingPolicy is how Route 53 answers for several instances.
type RoutingPolicy string

// Routing policies.
const (
	RoutingWeighted   RoutingPolicy = "WEIGHTED"
	RoutingMultivalue RoutingPolicy = "MULTIVALUE"
)

// ServiceProps configures NewService.
type ServiceProps struct {
	// Namespace the service is in (required).
	Namespace INamespace
	// Name of the service; default: generated by CloudFormation.
	Name string
	// Description default: none.
	Description string
	// DNSRecordType for a DNS namespace; default A.
	DNSRecordType DNSRecordType
	// DNSTTL is how long resolvers cache the records; default 60 s.
	DNSTTL time.Duration
	// RoutingPolicy default: WEIGHTED for CNAME records, MULTIVALUE otherwise.
	RoutingPolicy RoutingPolicy
	// CustomHealthCheckFailureThreshold turns on a custom health check (the
	// AWS CDK's customHealthCheck.failureThreshold), 1 to 10; default: none.
	CustomHealthCheckFailureThreshold int
}

// IService is a Cloud Map service.
type IService interface {
	constructs.Construct
	ServiceARN() string
	ServiceID() string
	Namespace() INamespace
	DNSRecordType() DNSRecordType
}

// Service is an AWS::ServiceDiscovery::Service, the AWS CDK's Service.
type Service struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *servicediscoverycfn.CfnService

	namespace  INamespace
	recordType DNSRecordType
	problems   []string
}

// NewService creates a Cloud Map service in a namespace.
func NewService(scope constructs.Construct, id string, props ServiceProps) *Service {
	s := &Service{namespace: props.Namespace, recordType: props.DNSRecordType}
	s.Base = constructs.NewBase(s, scope, id)
	if s.recordType == "" {
		s.recordType = RecordA
	}
	if props.Namespace == nil {
		s.problems = append(s.problems, "Namespace is required; pass the namespace the service is registered in")
		s.Resource = servicediscoverycfn.NewCfnService(s, "Resource", servicediscoverycfn.CfnServiceProps{})
		return s
	}
	p := servicediscoverycfn.CfnServiceProps{
		Name:        optional(props.Name),
		Description: optional(props.Description),
		NamespaceId: new(props.Namespace.NamespaceID()),
	}
	if props.Namespace.Type() != NamespaceHTTP {
		ttl := props.DNSTTL
		if ttl == 0 {
			ttl = time.Minute
		}
		policy := props.RoutingPolicy
		if policy == "" {
			policy = RoutingMultivalue
			if s.recordType == RecordCNAME {
				policy = RoutingWeighted
			}
		}
		var records []servicediscoverycfn.CfnService_DnsRecordProperty
		switch s.recordType {
		case RecordA, RecordAAAA, RecordSRV, RecordCNAME:
			records = []servicediscoverycfn.CfnService_DnsRecordProperty{{Type: string(s.recordType), TTL: float64(ttl / time.Second)}}
		case RecordAAndAAAA:
			records = []servicediscoverycfn.CfnService_DnsRecordProperty{{Type: "A", TTL: float64(ttl / time.Second)}, {Type: "AAAA", TTL: float64(ttl / time.Second)}}
		default:
			s.problems = append(s.problems, fmt.Sprintf("DNSRecordType %q is not a record type; use servicediscovery.RecordA, RecordAAAA, RecordAAndAAAA, RecordSRV or RecordCNAME", s.recordType))
		}
		if s.recordType == RecordCNAME && policy == RoutingMultivalue {
			s.problems = append(s.problems, "CNAME records cannot use the MULTIVALUE routing policy; use RoutingWeighted")
		}
		p.DnsConfig = &servicediscoverycfn.CfnService_DnsConfigProperty{
			DnsRecords:    records,
			NamespaceId:   new(props.Namespace.NamespaceID()),
			RoutingPolicy: new(string(policy)),
		}
	}
	if n := props.CustomHealthCheckFailureThreshold; n != 0 {
		if !token.IsUnresolved(n) && (n < 1 || n > 10) {
			s.problems = append(s.problems, fmt.Sprintf("CustomHealthCheckFailureThreshold is %d; it must be 1 to 10", n))
		}
		p.HealthCheckCustomConfig = &servicediscoverycfn.CfnService_HealthCheckCustomConfigProperty{FailureThreshold: new(float64(n))}
	}
	s.Resource = servicediscoverycfn.NewCfnService(s, "Resource", p)
	return s
}

// ServiceARN returns the service's Arn attribute.
func (s *Service) ServiceARN() string { return s.Resource.AttrArn() }

// ServiceID returns the service's Id attribute.
func (s *Service) ServiceID() string { return s.Resource.AttrId() }

// Namespace returns the service's namespace.
func (s *Service) Namespace() INamespace { return s.namespace }

// DNSRecordType returns the service's record type.
func (s *Service) DNSRecordType() DNSRecordType { return s.recordType }

// Validate reports bad props.
func (s *Service) Validate() []string { return s.problems }
