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
};
