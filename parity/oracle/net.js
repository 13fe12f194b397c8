// Oracle programs for forma's networking L2s: ALB listener rules and
// actions, VPC endpoints and flow logs. parity/net_test.go builds the same
// programs with forma.
'use strict';

// listenerWithDefault is an internet-facing ALB with an HTTP listener whose
// default action is a fixed 404.
function listenerWithDefault(cdk, stack) {
  const ec2 = cdk.aws_ec2;
  const elbv2 = cdk.aws_elasticloadbalancingv2;
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
  const listener = lb.addListener('Listener', {
    port: 80,
    defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'not here' }),
  });
  return { vpc, lb, listener };
}

module.exports = {
  // Rules with host, path, header, method, query-string and source-IP
  // conditions, added through addTargets, addAction, addTargetGroups and a
  // standalone ApplicationListenerRule.
  'net-listener-rules': (cdk, app) => {
    const elbv2 = cdk.aws_elasticloadbalancingv2;
    const targets = cdk.aws_elasticloadbalancingv2_targets;
    const stack = new cdk.Stack(app, 'NetRules');
    const { vpc, listener } = listenerWithDefault(cdk, stack);
    const api = listener.addTargets('Api', {
      port: 8080,
      priority: 10,
      conditions: [
        elbv2.ListenerCondition.hostHeaders(['api.example.com']),
        elbv2.ListenerCondition.pathPatterns(['/api/*', '/v2/*']),
      ],
      targets: [new targets.IpTarget('10.0.1.10', 8080)],
    });
    const web = new elbv2.ApplicationTargetGroup(stack, 'Web', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    listener.addAction('Admin', {
      priority: 20,
      conditions: [
        elbv2.ListenerCondition.httpHeader('X-Admin', ['yes', 'true']),
        elbv2.ListenerCondition.httpRequestMethods(['GET', 'POST']),
        elbv2.ListenerCondition.queryStrings([{ key: 'mode', value: 'admin' }, { value: 'debug' }]),
        elbv2.ListenerCondition.sourceIps(['10.0.0.0/8', '192.168.0.0/16']),
      ],
      action: elbv2.ListenerAction.forward([api]),
    });
    listener.addTargetGroups('Static', {
      priority: 30,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/static/*'])],
      targetGroups: [web],
    });
    new elbv2.ApplicationListenerRule(stack, 'Standalone', {
      listener,
      priority: 40,
      conditions: [elbv2.ListenerCondition.hostHeaders(['www.example.com'])],
      targetGroups: [web],
    });
  },

  // Weighted forwards with group stickiness as the default action and in a
  // rule, and a plain forward to two groups (weight 1 each).
  'net-weighted-forward': (cdk, app) => {
    const elbv2 = cdk.aws_elasticloadbalancingv2;
    const stack = new cdk.Stack(app, 'NetWeighted');
    const vpc = new cdk.aws_ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
    const blue = new elbv2.ApplicationTargetGroup(stack, 'Blue', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    const green = new elbv2.ApplicationTargetGroup(stack, 'Green', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    const listener = lb.addListener('Listener', {
      port: 80,
      defaultAction: elbv2.ListenerAction.weightedForward(
        [{ targetGroup: blue, weight: 90 }, { targetGroup: green, weight: 10 }],
        { stickinessDuration: cdk.Duration.minutes(5) },
      ),
    });
    listener.addAction('Canary', {
      priority: 5,
      conditions: [elbv2.ListenerCondition.httpHeader('X-Canary', ['1'])],
      action: elbv2.ListenerAction.weightedForward([{ targetGroup: blue, weight: 0 }, { targetGroup: green, weight: 100 }]),
    });
    listener.addAction('Both', {
      priority: 6,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/both'])],
      action: elbv2.ListenerAction.forward([blue, green]),
    });
    listener.addAction('Sticky', {
      priority: 7,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/sticky'])],
      action: elbv2.ListenerAction.forward([blue], { stickinessDuration: cdk.Duration.hours(1) }),
    });
  },

  // Fixed-response and redirect rules, an HTTPS redirect listener and a
  // second listener whose default action is a redirect.
  'net-fixed-redirect': (cdk, app) => {
    const elbv2 = cdk.aws_elasticloadbalancingv2;
    const stack = new cdk.Stack(app, 'NetFixed');
    const { lb, listener } = listenerWithDefault(cdk, stack);
    listener.addAction('Health', {
      priority: 1,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/health'])],
      action: elbv2.ListenerAction.fixedResponse(200, { contentType: 'application/json', messageBody: '{"ok":true}' }),
    });
    listener.addAction('Old', {
      priority: 2,
      conditions: [elbv2.ListenerCondition.hostHeaders(['old.example.com'])],
      action: elbv2.ListenerAction.redirect({ host: 'new.example.com', protocol: 'HTTPS', port: '443', permanent: true }),
    });
    listener.addAction('Docs', {
      priority: 3,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/docs/*'])],
      action: elbv2.ListenerAction.redirect({ path: '/manual/#{path}', query: '#{query}&from=docs' }),
    });
    listener.addAction('Teapot', {
      priority: 50000,
      conditions: [elbv2.ListenerCondition.sourceIps(['203.0.113.0/24'])],
      action: elbv2.ListenerAction.fixedResponse(503),
    });
    lb.addListener('Alt', {
      port: 8080,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: '#{protocol}', port: '80' }),
    });
  },

  // Gateway endpoints for S3 (all subnets) and DynamoDB (private subnets).
  'net-gateway-endpoints': (cdk, app) => {
    const ec2 = cdk.aws_ec2;
    const stack = new cdk.Stack(app, 'NetGateway');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const dynamo = vpc.addGatewayEndpoint('Dynamo', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    });
    dynamo.addToPolicy(new cdk.aws_iam.PolicyStatement({
      principals: [new cdk.aws_iam.AnyPrincipal()],
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resources: ['arn:aws:dynamodb:*:*:table/orders'],
    }));
  },

  // Interface endpoints: default security group open to the VPC, private
  // DNS on and off, a subnet selection, an own security group, closed; and
  // in a stack with a literal region.
  'net-interface-endpoints': {
    context: { 'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    build: (cdk, app) => {
      const ec2 = cdk.aws_ec2;
      const stack = new cdk.Stack(app, 'NetInterface');
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      vpc.addInterfaceEndpoint('Ecr', { service: ec2.InterfaceVpcEndpointAwsService.ECR });
      vpc.addInterfaceEndpoint('EcrDocker', { service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, privateDnsEnabled: true });
      vpc.addInterfaceEndpoint('Logs', {
        service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        subnets: { subnetType: ec2.SubnetType.PUBLIC },
        open: false,
      });
      const sg = new ec2.SecurityGroup(stack, 'EndpointSg', { vpc, allowAllOutbound: false });
      vpc.addInterfaceEndpoint('Secrets', {
        service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        securityGroups: [sg],
        privateDnsEnabled: false,
      });
      vpc.addInterfaceEndpoint('Partner', {
        service: new ec2.InterfaceVpcEndpointService('com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0', 8443),
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: [vpc.availabilityZones[0]] },
      });
      const regional = new cdk.Stack(app, 'NetInterfaceRegional', { env: { account: '123456789012', region: 'eu-west-1' } });
      const rvpc = new ec2.Vpc(regional, 'Vpc', { maxAzs: 3, natGateways: 1 });
      rvpc.addInterfaceEndpoint('Ssm', { service: ec2.InterfaceVpcEndpointAwsService.SSM });
      rvpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    },
  },

  // Gateway endpoints declared in the VPC's props, with an isolated group.
  'net-vpc-gateway-endpoints': (cdk, app) => {
    const ec2 = cdk.aws_ec2;
    const stack = new cdk.Stack(app, 'NetVpcGateway');
    new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        Dynamo: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: [{ subnetGroupName: 'Data' }, { subnetGroupName: 'App' }] },
      },
    });
  },

  // Flow logs to CloudWatch Logs: the default log group and role, a flow log
  // in the VPC's props with a traffic type, interval and custom format, and
  // one with a given log group and role.
  'net-flowlog-cloudwatch': (cdk, app) => {
    const ec2 = cdk.aws_ec2;
    const stack = new cdk.Stack(app, 'NetFlowLogs');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      flowLogs: {
        Rejected: {
          trafficType: ec2.FlowLogTrafficType.REJECT,
          maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
          logFormat: [ec2.LogFormat.SRC_ADDR, ec2.LogFormat.DST_ADDR, ec2.LogFormat.custom('${action}')],
        },
      },
    });
    vpc.addFlowLog('FlowLog');
    const group = new cdk.aws_logs.LogGroup(stack, 'Group', { retention: cdk.aws_logs.RetentionDays.ONE_WEEK });
    const role = new cdk.aws_iam.Role(stack, 'Role', { assumedBy: new cdk.aws_iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    vpc.addFlowLog('Custom', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(group, role),
      trafficType: ec2.FlowLogTrafficType.ACCEPT,
      flowLogName: 'accepted',
    });
  },

  // Flow logs to S3: a default bucket, a default bucket with a key prefix,
  // and a bucket given by ARN.
  'net-flowlog-s3': (cdk, app) => {
    const ec2 = cdk.aws_ec2;
    const stack = new cdk.Stack(app, 'NetFlowLogsS3');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    vpc.addFlowLog('ToS3', { destination: ec2.FlowLogDestination.toS3() });
    vpc.addFlowLog('ToS3Prefix', { destination: ec2.FlowLogDestination.toS3(undefined, 'flows/') });
    const bucket = cdk.aws_s3.Bucket.fromBucketArn(stack, 'Logs', 'arn:aws:s3:::my-flow-logs');
    vpc.addFlowLog('ToArn', { destination: ec2.FlowLogDestination.toS3(bucket, 'vpc') });
  },

  // A Fargate service as the target of a listener rule: it depends on the
  // rule, not on the listener.
  'net-rule-fargate-target': (cdk, app) => {
    const ec2 = cdk.aws_ec2;
    const elbv2 = cdk.aws_elasticloadbalancingv2;
    const ecs = cdk.aws_ecs;
    const stack = new cdk.Stack(app, 'NetRuleService');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 80 }] });
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
    const listener = lb.addListener('Listener', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    listener.addTargets('App', {
      port: 80,
      priority: 5,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/app/*'])],
      targets: [service],
    });
  },

  // Flow logs to default S3 buckets under the feature flag that `cdk init`
  // sets: each bucket gets a policy for the log delivery service.
  'net-flowlog-s3-logging-policy': {
    context: { '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true },
    build: (cdk, app) => {
      const ec2 = cdk.aws_ec2;
      const stack = new cdk.Stack(app, 'NetFlowLogsPolicy');
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
      vpc.addFlowLog('Plain', { destination: ec2.FlowLogDestination.toS3() });
      vpc.addFlowLog('Prefixed', { destination: ec2.FlowLogDestination.toS3(undefined, 'flows') });
    },
  },

  // Feature flags of the load balancer L2s: the post-quantum TLS policy for
  // HTTPS listeners, IPv6 rules for dual-stack-without-public-IPv4.
  'net-alb-feature-flags': {
    context: {
      '@aws-cdk/aws-elasticloadbalancingv2:usePostQuantumTlsPolicy': true,
      '@aws-cdk/aws-elasticloadbalancingV2:albDualstackWithoutPublicIpv4SecurityGroupRulesDefault': true,
    },
    build: (cdk, app) => {
      const elbv2 = cdk.aws_elasticloadbalancingv2;
      const stack = new cdk.Stack(app, 'NetAlbFlags');
      const vpc = new cdk.aws_ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', {
        vpc,
        internetFacing: true,
        ipAddressType: elbv2.IpAddressType.DUAL_STACK_WITHOUT_PUBLIC_IPV4,
      });
      lb.addListener('Https', {
        port: 443,
        certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:us-east-1:123456789012:certificate/abc')],
        defaultAction: elbv2.ListenerAction.fixedResponse(200),
      });
    },
  },
};
