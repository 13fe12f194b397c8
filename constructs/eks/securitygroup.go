package eks

import (
	"fmt"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ec2/ec2cfn"
)

// importedSecurityGroup is a security group known by id (the cluster
// security group EKS creates), the AWS CDK's SecurityGroup.fromSecurityGroupId
// with its defaults: ingress rules are AWS::EC2::SecurityGroupIngress
// resources under it, egress rules are dropped (the group allows all
// outbound traffic).
type importedSecurityGroup struct {
	constructs.Base
	constructs.Problems
	id   string
	conn *ec2.Connections
}

func importSecurityGroup(scope constructs.Construct, id, groupID string) *importedSecurityGroup {
	sg := &importedSecurityGroup{id: groupID}
	sg.Base = constructs.NewBase(sg, scope, id)
	sg.conn = ec2.NewConnections(ec2.ConnectionsProps{SecurityGroups: []ec2.ISecurityGroup{sg}})
	return sg
}

func (sg *importedSecurityGroup) SecurityGroupID() string                   { return sg.id }
func (sg *importedSecurityGroup) AllowAllOutbound() bool                    { return true }
func (sg *importedSecurityGroup) Connections() *ec2.Connections             { return sg.conn }
func (sg *importedSecurityGroup) CanInlineRule() bool                       { return false }
func (sg *importedSecurityGroup) UniqueID() string                          { return constructs.UniqueID(sg) }
func (sg *importedSecurityGroup) AddEgressRule(ec2.IPeer, ec2.Port, string) {}
func (sg *importedSecurityGroup) IngressRuleConfig() map[string]any {
	return map[string]any{"SourceSecurityGroupId": sg.id}
}
func (sg *importedSecurityGroup) EgressRuleConfig() map[string]any {
	return map[string]any{"DestinationSecurityGroupId": sg.id}
}

// AddIngressRule adds an AWS::EC2::SecurityGroupIngress "from <peer>:<port>".
func (sg *importedSecurityGroup) AddIngressRule(peer ec2.IPeer, port ec2.Port, description string) {
	if description == "" {
		description = "from " + peer.UniqueID() + ":" + port.String()
	}
	id := strings.Replace("from "+peer.UniqueID()+":"+port.String(), "/", "_", 1)
	if sg.Node().TryFindChild(id) != nil {
		return
	}
	p := ec2cfn.CfnSecurityGroupIngressProps{GroupId: new(sg.id), Description: new(description)}
	set := func(k string, v any) {
		s := func() *string { x := fmt.Sprint(v); return &x }
		switch k {
		case "CidrIp":
			p.CidrIp = s()
		case "CidrIpv6":
			p.CidrIpv6 = s()
		case "SourcePrefixListId":
			p.SourcePrefixListId = s()
		case "SourceSecurityGroupId":
			p.SourceSecurityGroupId = s()
		case "SourceSecurityGroupOwnerId":
			p.SourceSecurityGroupOwnerId = s()
		case "IpProtocol":
			p.IpProtocol = fmt.Sprint(v)
		case "FromPort":
			if n, ok := v.(int); ok {
				p.FromPort = new(n)
			}
		case "ToPort":
			if n, ok := v.(int); ok {
				p.ToPort = new(n)
			}
		default:
			sg.Errorf("a rule field %s cannot be written on an imported security group", k)
		}
	}
	for k, v := range peer.IngressRuleConfig() {
		set(k, v)
	}
	for k, v := range port.RuleJSON() {
		set(k, v)
	}
	ec2cfn.NewCfnSecurityGroupIngress(sg, id, p)
}
