// Vpc alone, and security groups: a stack "Net" holding a Vpc "MyVpc" and
// more. The Go side is ../vpc_test.go.
'use strict';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const AZS = { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'] };

function net({ regional = false, context, props = () => ({}), extra } = {}) {
  const build = (cdk, app) => {
    const stack = new cdk.Stack(app, 'Net', regional ? { env: { account: ACCOUNT, region: REGION } } : {});
    const vpc = new cdk.aws_ec2.Vpc(stack, 'MyVpc', props(cdk.aws_ec2));
    if (extra) extra(cdk, stack, vpc);
  };
  return context ? { context, build } : build;
}

// securityGroups mirrors rule-making calls of the AWS CDK's README.
function securityGroups(cdk, stack, vpc) {
  const ec2 = cdk.aws_ec2;
  const a = new ec2.SecurityGroup(stack, 'SgA', { vpc });
  const b = new ec2.SecurityGroup(stack, 'SgB', { vpc, allowAllOutbound: false });
  const c = new ec2.SecurityGroup(stack, 'SgC', { vpc, allowAllOutbound: false, description: 'closed', securityGroupName: 'closed-sg' });
  const d = new ec2.SecurityGroup(stack, 'SgD', { vpc, disableInlineRules: true });
  a.connections.allowFrom(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(443));
  a.connections.allowFrom(b, ec2.Port.tcp(8080));
  b.connections.allowTo(a, ec2.Port.tcp(5432), 'B to A db');
  a.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcpRange(8000, 8100));
  a.addIngressRule(ec2.Peer.prefixList('pl-12345678'), ec2.Port.udp(53), 'dns');
  a.connections.allowFromAnyIpv4(ec2.Port.allTcp());
  d.addIngressRule(ec2.Peer.ipv4('192.168.0.0/16'), ec2.Port.icmpPing());
  d.connections.allowFrom(a, ec2.Port.allTraffic(), 'everything from A');
  b.addEgressRule(ec2.Peer.ipv4('10.1.0.0/16'), ec2.Port.tcp(22));
  const conns = new ec2.Connections({ securityGroups: [d], defaultPort: ec2.Port.tcp(3306) });
  conns.allowDefaultPortFrom(b, 'mysql');
  conns.addSecurityGroup(c);
}

module.exports = {
  'vpc-default': net(),
  'vpc-maxazs2': net({ props: () => ({ maxAzs: 2 }) }),
  'vpc-region': net({ regional: true, context: AZS }),
  'vpc-region-nocontext': net({ regional: true }),
  'vpc-region-nat1': net({ regional: true, context: AZS, props: () => ({ natGateways: 1 }) }),
  'vpc-nat1': net({ props: () => ({ maxAzs: 2, natGateways: 1 }) }),
  'vpc-isolated-masks': net({
    props: (ec2) => ({
      ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'Ingress', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 28 },
        { name: 'Spare', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 26, reserved: true },
      ],
    }),
  }),
  'vpc-nat0': net({ props: () => ({ maxAzs: 2, natGateways: 0 }) }),
  'vpc-nat0-isolated': net({
    props: (ec2) => ({ natGateways: 0, subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }),
  }),
  'vpc-natsubnets': net({
    props: (ec2) => ({
      maxAzs: 2,
      natGateways: 1,
      natGatewaySubnets: { subnetGroupName: 'Edge' },
      vpcName: 'named',
      subnetConfiguration: [
        { name: 'Web', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'Edge', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 27 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
    }),
  }),
  'vpc-sg': net({ props: () => ({ maxAzs: 2, natGateways: 0 }), extra: securityGroups }),
};
