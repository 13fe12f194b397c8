package ec2

import (
	"fmt"
	"slices"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2/ec2cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/token"
)

// IGatewayVpcEndpointService is the service of a gateway endpoint.
type IGatewayVpcEndpointService interface {
	// ServiceName is the endpoint service's name ("com.amazonaws.<region>.s3").
	ServiceName() string
}

// GatewayVpcEndpointAWSService is an AWS service reachable through a gateway
// endpoint (S3, DynamoDB), as the AWS CDK's GatewayVpcEndpointAwsService.
type GatewayVpcEndpointAWSService struct {
	name, prefix string
}

// The AWS services with gateway endpoints.
var (
	GatewayEndpointS3        = GatewayVpcEndpointAWSService{name: "s3"}
	GatewayEndpointDynamoDB  = GatewayVpcEndpointAWSService{name: "dynamodb"}
	GatewayEndpointS3Express = GatewayVpcEndpointAWSService{name: "s3express"}
)

// NewGatewayVpcEndpointAWSService names another gateway service; prefix
// default "com.amazonaws".
func NewGatewayVpcEndpointAWSService(name, prefix string) GatewayVpcEndpointAWSService {
	return GatewayVpcEndpointAWSService{name: name, prefix: prefix}
}

// ServiceName is "<prefix>.<AWS::Region>.<name>": the AWS CDK names a
// gateway service with the AWS::Region pseudo parameter even in a stack with
// a literal region.
func (s GatewayVpcEndpointAWSService) ServiceName() string {
	prefix := s.prefix
	if prefix == "" {
		prefix = "com.amazonaws"
	}
	return prefix + "." + cfn.Region() + "." + s.name
}

// GatewayVpcEndpointOptions configures Vpc.AddGatewayEndpoint and the
// entries of VpcProps.GatewayEndpoints.
type GatewayVpcEndpointOptions struct {
	// Service is the AWS service (required): GatewayEndpointS3 or GatewayEndpointDynamoDB.
	Service IGatewayVpcEndpointService
	// Subnets whose route tables route to the endpoint; default: every
	// subnet of the VPC (private, then public, then isolated).
	Subnets []SubnetSelection
}

// GatewayVpcEndpointProps configures NewGatewayVpcEndpoint.
type GatewayVpcEndpointProps struct {
	GatewayVpcEndpointOptions
	// Vpc the endpoint belongs to (required).
	Vpc IVpc
}

// GatewayVpcEndpoint is a gateway VPC endpoint (AWS::EC2::VPCEndpoint of
// type Gateway), the counterpart of the AWS CDK's GatewayVpcEndpoint: the
// route tables of the selected subnets route the service's prefix list to it.
type GatewayVpcEndpoint struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *ec2cfn.CfnVPCEndpoint
	policy   *iam.PolicyDocument
	problems []string
}

// NewGatewayVpcEndpoint creates a gateway endpoint.
func NewGatewayVpcEndpoint(scope constructs.Construct, id string, props GatewayVpcEndpointProps) *GatewayVpcEndpoint {
	e := &GatewayVpcEndpoint{}
	e.Base = constructs.NewBase(e, scope, id)
	e.Node().AddValidation(constructs.ValidationFunc(func() []string { return e.problems }))
	cp := ec2cfn.CfnVPCEndpointProps{VpcEndpointType: new("Gateway")}
	if constructs.IsNil(props.Service) {
		e.problems = append(e.problems, "GatewayVpcEndpointOptions.Service is required: ec2.GatewayEndpointS3 or ec2.GatewayEndpointDynamoDB")
	} else {
		cp.ServiceName = new(props.Service.ServiceName())
	}
	if constructs.IsNil(props.Vpc) {
		e.problems = append(e.problems, "GatewayVpcEndpointProps.Vpc is required; use Vpc.AddGatewayEndpoint")
	} else {
		cp.VpcId = props.Vpc.VpcID()
		var subnets []ISubnet
		if props.Subnets == nil {
			subnets = slices.Concat(props.Vpc.PrivateSubnets(), props.Vpc.PublicSubnets(), props.Vpc.IsolatedSubnets())
		} else {
			for _, sel := range props.Subnets {
				subnets = append(subnets, props.Vpc.SelectSubnets(sel).Subnets...)
			}
		}
		for _, s := range subnets {
			if id := s.RouteTableID(); id != "" && !slices.Contains(cp.RouteTableIds, id) {
				cp.RouteTableIds = append(cp.RouteTableIds, id)
			}
		}
		if len(cp.RouteTableIds) == 0 {
			e.problems = append(e.problems, "the gateway endpoint has no route tables: the selected subnets have none; select subnets of the VPC")
		}
	}
	e.Resource = ec2cfn.NewCfnVPCEndpoint(e, "Resource", cp)
	return e
}

// VpcEndpointID returns the endpoint's id (Ref).
func (e *GatewayVpcEndpoint) VpcEndpointID() string { return e.Resource.Ref() }

// AddToPolicy adds a statement to the endpoint policy (by default the
// endpoint allows everything); the statement needs a principal.
func (e *GatewayVpcEndpoint) AddToPolicy(s *iam.PolicyStatement) {
	addEndpointPolicy(&e.policy, &e.Resource.Props, &e.problems, s)
}

func addEndpointPolicy(doc **iam.PolicyDocument, p *ec2cfn.CfnVPCEndpointProps, problems *[]string, s *iam.PolicyStatement) {
	if constructs.IsNil(s) || !s.HasPrincipal() {
		*problems = append(*problems, "an endpoint policy statement must have a principal; call AddPrincipals (iam.NewAnyPrincipal() for everyone)")
		return
	}
	if *doc == nil {
		*doc = iam.NewPolicyDocument(iam.PolicyDocumentProps{})
		p.PolicyDocument = *doc
	}
	(*doc).AddStatements(s)
}

// IInterfaceVpcEndpointService is the service of an interface endpoint.
type IInterfaceVpcEndpointService interface {
	// ServiceName is the endpoint service's name as seen from scope's stack.
	ServiceName(scope constructs.Construct) string
	// Port is the service's port (443 for AWS services).
	Port() int
	// PrivateDNSDefault is the endpoint's PrivateDnsEnabled when the props
	// leave it unset.
	PrivateDNSDefault() bool
}

// InterfaceVpcEndpointAWSService is an AWS service reachable through an
// interface endpoint, as the AWS CDK's InterfaceVpcEndpointAwsService: its
// name is "com.amazonaws.<region>.<name>", with the partition's prefix in
// the regions where the service uses one (cn.com.amazonaws in China, …),
// and private DNS on by default.
type InterfaceVpcEndpointAWSService struct {
	name    string
	special []string // regions where the name has the partition's prefix
	port    int
	prefix  string
}

func newAWSService(name string, special ...string) InterfaceVpcEndpointAWSService {
	return InterfaceVpcEndpointAWSService{name: name, special: special}
}

// NewInterfaceVpcEndpointAWSService names another AWS service ("glue");
// prefix default: "com.amazonaws" (give the partition's prefix, such as
// "cn.com.amazonaws", for a service that uses one in the stack's region);
// port default 443.
func NewInterfaceVpcEndpointAWSService(name, prefix string, port int) InterfaceVpcEndpointAWSService {
	return InterfaceVpcEndpointAWSService{name: name, prefix: prefix, port: port}
}

// The AWS services most used with interface endpoints, named as the AWS
// CDK's InterfaceVpcEndpointAwsService members (ECR is ECR, ECR_DOCKER is
// InterfaceEndpointECRDocker, CLOUDWATCH_LOGS is InterfaceEndpointLogs, …).
var (
	InterfaceEndpointECR                    = newAWSService("ecr.api", "cn-north-1", "cn-northwest-1", "eusc-de-east-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "us-isof-south-1", "us-isof-east-1", "eu-isoe-west-1")
	InterfaceEndpointECRDocker              = newAWSService("ecr.dkr", "cn-north-1", "cn-northwest-1", "eusc-de-east-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "us-isof-south-1", "us-isof-east-1", "eu-isoe-west-1")
	InterfaceEndpointLogs                   = newAWSService("logs")
	InterfaceEndpointSecretsManager         = newAWSService("secretsmanager")
	InterfaceEndpointSSM                    = newAWSService("ssm")
	InterfaceEndpointSSMMessages            = newAWSService("ssmmessages")
	InterfaceEndpointEC2Messages            = newAWSService("ec2messages")
	InterfaceEndpointKMS                    = newAWSService("kms")
	InterfaceEndpointSTS                    = newAWSService("sts", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointSQS                    = newAWSService("sqs", "cn-north-1", "cn-northwest-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1")
	InterfaceEndpointSNS                    = newAWSService("sns", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1")
	InterfaceEndpointECS                    = newAWSService("ecs")
	InterfaceEndpointECSAgent               = newAWSService("ecs-agent")
	InterfaceEndpointECSTelemetry           = newAWSService("ecs-telemetry")
	InterfaceEndpointCloudWatchMonitoring   = newAWSService("monitoring", "cn-north-1", "cn-northwest-1", "us-iso-west-1")
	InterfaceEndpointEventBridge            = newAWSService("events")
	InterfaceEndpointLambda                 = newAWSService("lambda", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointXRay                   = newAWSService("xray", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointEC2                    = newAWSService("ec2", "cn-north-1", "cn-northwest-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1")
	InterfaceEndpointElasticLoadBalancing   = newAWSService("elasticloadbalancing")
	InterfaceEndpointCloudFormation         = newAWSService("cloudformation", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointCodeBuild              = newAWSService("codebuild")
	InterfaceEndpointCodePipeline           = newAWSService("codepipeline")
	InterfaceEndpointCodeDeploy             = newAWSService("codedeploy")
	InterfaceEndpointAPIGateway             = newAWSService("execute-api", "cn-north-1", "cn-northwest-1", "eusc-de-east-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "us-isof-south-1", "us-isof-east-1", "eu-isoe-west-1")
	InterfaceEndpointKinesisStreams         = newAWSService("kinesis-streams", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointKinesisFirehose        = newAWSService("kinesis-firehose")
	InterfaceEndpointStepFunctions          = newAWSService("states", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointElasticFilesystem      = newAWSService("elasticfilesystem", "cn-north-1", "cn-northwest-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1")
	InterfaceEndpointRDS                    = newAWSService("rds", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointS3                     = newAWSService("s3", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointDynamoDB               = newAWSService("dynamodb")
	InterfaceEndpointAthena                 = newAWSService("athena", "cn-north-1", "cn-northwest-1", "us-iso-east-1")
	InterfaceEndpointBedrock                = newAWSService("bedrock")
	InterfaceEndpointBedrockRuntime         = newAWSService("bedrock-runtime")
	InterfaceEndpointApplicationAutoScaling = newAWSService("application-autoscaling", "cn-north-1", "cn-northwest-1", "us-iso-east-1", "us-isob-east-1")
	InterfaceEndpointAutoScaling            = newAWSService("autoscaling", "cn-north-1", "cn-northwest-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1")
	InterfaceEndpointEKS                    = newAWSService("eks", "cn-north-1", "cn-northwest-1")
	InterfaceEndpointElastiCache            = newAWSService("elasticache", "cn-north-1", "cn-northwest-1")
)

// partitionPrefixes are the service name prefixes of the regions outside
// the aws partition.
var partitionPrefixes = map[string]string{
	"cn-north-1": "cn.com.amazonaws", "cn-northwest-1": "cn.com.amazonaws",
	"eusc-de-east-1": "eu.amazonaws",
	"us-iso-east-1":  "gov.ic.c2s", "us-iso-west-1": "gov.ic.c2s",
	"us-isob-east-1": "gov.sgov.sc2s", "us-isob-west-1": "gov.sgov.sc2s",
	"us-isof-south-1": "gov.ic.hci.csp", "us-isof-east-1": "gov.ic.hci.csp",
	"eu-isoe-west-1": "uk.adc-e.cloud",
}

// ServiceName is the service's name in the region of scope's stack: a
// literal for a stack with a region, else (also outside a stack) built with
// AWS::Region.
func (s InterfaceVpcEndpointAWSService) ServiceName(scope constructs.Construct) string {
	region := cfn.Region()
	if scope != nil {
		if st := constructs.TryStackOf(scope); st != nil {
			region = st.Region()
		}
	}
	prefix := s.prefix
	if prefix == "" {
		prefix = "com.amazonaws"
		if !token.IsUnresolved(region) && slices.Contains(s.special, region) {
			prefix = partitionPrefixes[region]
		}
	}
	return prefix + "." + region + "." + s.name
}

// Port returns the service's port (443).
func (s InterfaceVpcEndpointAWSService) Port() int {
	if s.port == 0 {
		return 443
	}
	return s.port
}

// PrivateDNSDefault is true for AWS services.
func (s InterfaceVpcEndpointAWSService) PrivateDNSDefault() bool { return true }

// InterfaceVpcEndpointService is an endpoint service by name (a
// PrivateLink service of another account), as the AWS CDK's
// InterfaceVpcEndpointService: private DNS off by default.
type InterfaceVpcEndpointService struct {
	// Name is the service name ("com.amazonaws.vpce.us-east-1.vpce-svc-…").
	Name string
	// ServicePort default 443.
	ServicePort int
}

// ServiceName returns s.Name.
func (s InterfaceVpcEndpointService) ServiceName(constructs.Construct) string { return s.Name }

// Port returns the service's port (default 443).
func (s InterfaceVpcEndpointService) Port() int {
	if s.ServicePort == 0 {
		return 443
	}
	return s.ServicePort
}

// PrivateDNSDefault is false for a named service.
func (s InterfaceVpcEndpointService) PrivateDNSDefault() bool { return false }

// InterfaceVpcEndpointOptions configures Vpc.AddInterfaceEndpoint.
type InterfaceVpcEndpointOptions struct {
	// Service is the endpoint service (required): InterfaceEndpointECR, …
	Service IInterfaceVpcEndpointService
	// PrivateDNSEnabled default: the service's default (true for AWS services).
	PrivateDNSEnabled *bool
	// Subnets to put the endpoint's interfaces in, at most one per
	// Availability Zone; default: the VPC's default selection (private subnets).
	Subnets SubnetSelection
	// SecurityGroups of the endpoint; default: a new group "SecurityGroup"
	// (all outbound traffic allowed).
	SecurityGroups []ISecurityGroup
	// Open default true: the security groups allow the service's port from
	// the VPC's CIDR block.
	Open *bool
}

// InterfaceVpcEndpointProps configures NewInterfaceVpcEndpoint.
type InterfaceVpcEndpointProps struct {
	InterfaceVpcEndpointOptions
	// Vpc the endpoint belongs to (required).
	Vpc IVpc
}

// InterfaceVpcEndpoint is an interface VPC endpoint (AWS::EC2::VPCEndpoint
// of type Interface), the counterpart of the AWS CDK's InterfaceVpcEndpoint:
// network interfaces in one subnet per Availability Zone, a security group
// open to the VPC on the service's port, private DNS on for AWS services.
type InterfaceVpcEndpoint struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *ec2cfn.CfnVPCEndpoint
	// SecurityGroup is the group created by default, nil when groups were given.
	SecurityGroup *SecurityGroup
	conn          *Connections
	policy        *iam.PolicyDocument
	problems      []string
}

// NewInterfaceVpcEndpoint creates an interface endpoint.
func NewInterfaceVpcEndpoint(scope constructs.Construct, id string, props InterfaceVpcEndpointProps) *InterfaceVpcEndpoint {
	e := &InterfaceVpcEndpoint{}
	e.Base = constructs.NewBase(e, scope, id)
	e.Node().AddValidation(constructs.ValidationFunc(func() []string { return e.problems }))
	cp := ec2cfn.CfnVPCEndpointProps{VpcEndpointType: new("Interface")}
	port := 443
	if constructs.IsNil(props.Service) {
		e.problems = append(e.problems, "InterfaceVpcEndpointOptions.Service is required: ec2.InterfaceEndpointECR, ec2.InterfaceEndpointLogs, …")
	} else {
		port = props.Service.Port()
		cp.ServiceName = new(props.Service.ServiceName(e))
		dns := props.Service.PrivateDNSDefault()
		if props.PrivateDNSEnabled != nil {
			dns = *props.PrivateDNSEnabled
		}
		cp.PrivateDnsEnabled = new(dns)
	}
	if constructs.IsNil(props.Vpc) {
		e.problems = append(e.problems, "InterfaceVpcEndpointProps.Vpc is required; use Vpc.AddInterfaceEndpoint")
		e.Resource = ec2cfn.NewCfnVPCEndpoint(e, "Resource", cp)
		return e
	}
	var groups []ISecurityGroup
	for i, g := range props.SecurityGroups {
		if constructs.IsNil(g) {
			e.problems = append(e.problems, fmt.Sprintf("InterfaceVpcEndpointOptions.SecurityGroups[%d] is nil", i))
			continue
		}
		groups = append(groups, g)
	}
	if len(props.SecurityGroups) == 0 {
		e.SecurityGroup = NewSecurityGroup(e, "SecurityGroup", SecurityGroupProps{Vpc: props.Vpc})
		groups = []ISecurityGroup{e.SecurityGroup}
	}
	dp := TCP(port)
	e.conn = NewConnections(ConnectionsProps{SecurityGroups: groups, DefaultPort: &dp})
	if props.Open == nil || *props.Open {
		e.conn.AllowDefaultPortFrom(IPv4(props.Vpc.VpcCidrBlock()), "")
	}
	sel := props.Subnets
	sel.OnePerAZ = true
	selected := props.Vpc.SelectSubnets(sel)
	if len(selected.SubnetIDs) == 0 {
		e.problems = append(e.problems, "the interface endpoint has no subnets: the selection matches none; select subnets of the VPC")
	}
	for _, g := range groups {
		cp.SecurityGroupIds = append(cp.SecurityGroupIds, g.SecurityGroupID())
	}
	cp.SubnetIds = selected.SubnetIDs
	cp.VpcId = props.Vpc.VpcID()
	e.Resource = ec2cfn.NewCfnVPCEndpoint(e, "Resource", cp)
	return e
}

// VpcEndpointID returns the endpoint's id (Ref).
func (e *InterfaceVpcEndpoint) VpcEndpointID() string { return e.Resource.Ref() }

// DNSEntries returns the endpoint's DNS entries (Fn::GetAtt DnsEntries).
func (e *InterfaceVpcEndpoint) DNSEntries() []string {
	return e.Resource.GetAtt("DnsEntries").List()
}

// Connections returns the endpoint's security group connections, with the
// service's port as default port.
func (e *InterfaceVpcEndpoint) Connections() *Connections { return e.conn }

// AddToPolicy adds a statement to the endpoint policy (by default the
// endpoint allows everything); the statement needs a principal.
func (e *InterfaceVpcEndpoint) AddToPolicy(s *iam.PolicyStatement) {
	addEndpointPolicy(&e.policy, &e.Resource.Props, &e.problems, s)
}

// AddGatewayEndpoint adds a gateway endpoint (S3, DynamoDB) under the VPC,
// as the AWS CDK's Vpc.addGatewayEndpoint.
func (v *Vpc) AddGatewayEndpoint(id string, opts GatewayVpcEndpointOptions) *GatewayVpcEndpoint {
	return NewGatewayVpcEndpoint(v, id, GatewayVpcEndpointProps{GatewayVpcEndpointOptions: opts, Vpc: v})
}

// AddInterfaceEndpoint adds an interface endpoint under the VPC, as the AWS
// CDK's Vpc.addInterfaceEndpoint.
func (v *Vpc) AddInterfaceEndpoint(id string, opts InterfaceVpcEndpointOptions) *InterfaceVpcEndpoint {
	return NewInterfaceVpcEndpoint(v, id, InterfaceVpcEndpointProps{InterfaceVpcEndpointOptions: opts, Vpc: v})
}
