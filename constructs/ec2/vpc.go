package ec2

import "github.com/forma-iac/forma/constructs"

// Vpc is a VPC with subnets, routes and gateways (implementation in progress).
type Vpc struct {
	constructs.Base
	// Resource is the AWS::EC2::VPC.
	Resource *CfnVPC
}

// NewVpc creates a VPC.
func NewVpc(scope constructs.Construct, id string, props VpcProps) *Vpc {
	v := &Vpc{}
	v.Base = constructs.NewBase(v, scope, id)
	v.Resource = NewCfnVPC(v, "Resource", CfnVPCProps{CidrBlock: new("10.0.0.0/16")})
	return v
}

func (v *Vpc) VpcID() string                                         { return v.Resource.Ref() }
func (v *Vpc) VpcCidrBlock() string                                  { return v.Resource.GetAtt("CidrBlock").String() }
func (v *Vpc) AvailabilityZones() []string                           { return nil }
func (v *Vpc) PublicSubnets() []ISubnet                              { return nil }
func (v *Vpc) PrivateSubnets() []ISubnet                             { return nil }
func (v *Vpc) IsolatedSubnets() []ISubnet                            { return nil }
func (v *Vpc) SelectSubnets(SubnetSelection) SelectedSubnets         { return SelectedSubnets{} }
func (v *Vpc) InternetConnectivityEstablished() constructs.Construct { return nil }
