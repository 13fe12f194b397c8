// Package ec2 holds forma's constructs for AWS::EC2: the CloudFormation resource types
// AWS::EC2::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2 constructs Vpc (with its Subnets), SecurityGroup, Connections, Port,
// the peers (IPv4, IPv6, AnyIPv4, AnyIPv6, PrefixList, SecurityGroupIDPeer), the VPC
// endpoints GatewayVpcEndpoint and InterfaceVpcEndpoint, and FlowLog.
//
// The L2s build the same construct tree as aws-cdk-lib's aws-ec2 module, so they render
// the same logical IDs, properties, tags and DependsOn; the golden templates under
// testdata/ are checked against that (see Vpc and SecurityGroup for the deliberate
// differences). Bad props never panic: they are collected and reported by synthesis as
// errors naming the construct path and the fix.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files. An L2 exposes its main L1 as
// the field Resource, at construct id "Resource" (a Subnet's at "Subnet", as in the CDK).
// Dependency groups (InternetConnectivityEstablished) are not tree nodes: depend on them
// with Node().AddDependency, and synthesis expands them into their members.
package ec2
