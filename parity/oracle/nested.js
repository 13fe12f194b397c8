// Nested stacks: the AWS::CloudFormation::Stack resource, the nested
// templates, and references wired through parameters and outputs
// (../nested_test.go builds the same programs).
'use strict';

module.exports = {
  // References both ways between a parent and its nested stack, the nested
  // template's own parameter given by the parent, a timeout and
  // notification ARNs.
  'nested-basic': (cdk, app) => {
    const parent = new cdk.Stack(app, 'Parent');
    const pb = new cdk.aws_s3.Bucket(parent, 'PBucket');
    const nested = new cdk.NestedStack(parent, 'Nested', {
      parameters: { Stage: 'prod' },
      timeout: cdk.Duration.minutes(5),
      notificationArns: ['arn:aws:sns:us-east-1:123456789012:events'],
    });
    const stage = new cdk.CfnParameter(nested, 'Stage', { type: 'String' });
    const nb = new cdk.aws_s3.Bucket(nested, 'NBucket', { bucketName: stage.valueAsString });
    new cdk.CfnOutput(nested, 'ParentArn', { value: pb.bucketArn });
    new cdk.CfnOutput(nested, 'ParentName', { value: pb.bucketName });
    new cdk.CfnOutput(parent, 'NestedName', { value: nb.bucketName });
    new cdk.CfnOutput(parent, 'NestedDomain', { value: nb.bucketDomainName });
  },
  // Sibling nested stacks: one reads the other's bucket through the parent.
  'nested-siblings': (cdk, app) => {
    const parent = new cdk.Stack(app, 'Parent');
    const a = new cdk.NestedStack(parent, 'A');
    const b = new cdk.NestedStack(parent, 'B');
    const ab = new cdk.aws_s3.Bucket(a, 'Bucket');
    const bb = new cdk.aws_s3.Bucket(b, 'Bucket', { bucketName: ab.bucketName });
    new cdk.CfnOutput(b, 'FromA', { value: ab.bucketArn });
    new cdk.CfnOutput(parent, 'FromB', { value: bb.bucketRegionalDomainName });
  },
  // A stack nested in a nested stack reads the top-level stack, a sibling
  // of its parent and its own parent; another top-level stack imports a
  // value of the deepest stack through an export of the parent.
  'nested-deep': (cdk, app) => {
    const parent = new cdk.Stack(app, 'Parent');
    const pb = new cdk.aws_s3.Bucket(parent, 'PBucket');
    const side = new cdk.NestedStack(parent, 'Side');
    const sb = new cdk.aws_s3.Bucket(side, 'SBucket');
    const mid = new cdk.NestedStack(parent, 'Mid');
    const mb = new cdk.aws_s3.Bucket(mid, 'MBucket');
    const inner = new cdk.NestedStack(mid, 'Inner');
    const ib = new cdk.aws_s3.Bucket(inner, 'IBucket');
    new cdk.CfnOutput(inner, 'Top', { value: pb.bucketName });
    new cdk.CfnOutput(inner, 'Aunt', { value: sb.bucketArn });
    new cdk.CfnOutput(inner, 'Up', { value: mb.bucketName });
    new cdk.CfnOutput(parent, 'Deep', { value: ib.bucketArn });
    const other = new cdk.Stack(app, 'Other');
    new cdk.aws_s3.Bucket(other, 'OBucket', { bucketName: ib.bucketName });
  },
  // L2s in a nested stack: a Vpc, read by a security group of the parent;
  // a retained nested stack with a description.
  'nested-vpc': (cdk, app) => {
    const parent = new cdk.Stack(app, 'Network');
    const net = new cdk.NestedStack(parent, 'Net', {
      description: 'the network',
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const vpc = new cdk.aws_ec2.Vpc(net, 'Vpc', { maxAzs: 2 });
    const sg = new cdk.aws_ec2.SecurityGroup(parent, 'Sg', { vpc });
    const apps = new cdk.NestedStack(parent, 'Apps');
    new cdk.aws_ec2.SecurityGroup(apps, 'AppSg', { vpc, description: 'apps' });
    new cdk.CfnOutput(apps, 'ParentSg', { value: sg.securityGroupId });
  },
  // Tags of the app and of a nested stack: the nested stack's resources
  // and its AWS::CloudFormation::Stack resource carry them.
  'nested-tags': (cdk, app) => {
    const parent = new cdk.Stack(app, 'Parent');
    const nested = new cdk.NestedStack(parent, 'Data');
    new cdk.aws_sqs.CfnQueue(nested, 'Queue');
    new cdk.aws_sqs.CfnQueue(parent, 'Queue');
    cdk.Tags.of(app).add('team', 'platform');
    cdk.Tags.of(nested).add('layer', 'data');
  },
  // A grant across the nesting: a role of a nested stack reads the
  // parent's bucket; construct dependencies between sibling nested stacks
  // and from the parent on a nested stack.
  'nested-grant': (cdk, app) => {
    const parent = new cdk.Stack(app, 'Parent');
    const bucket = new cdk.aws_s3.Bucket(parent, 'Bucket');
    const a = new cdk.NestedStack(parent, 'A');
    const role = new cdk.aws_iam.Role(a, 'Role', { assumedBy: new cdk.aws_iam.ServicePrincipal('lambda.amazonaws.com') });
    bucket.grantRead(role);
    const b = new cdk.NestedStack(parent, 'B');
    const bq = new cdk.aws_sqs.CfnQueue(b, 'Queue');
    bq.node.addDependency(role);
    const pq = new cdk.aws_sqs.CfnQueue(parent, 'Queue');
    pq.node.addDependency(b);
  },
  // A nested stack of a stage's stack: its template is in the stage's
  // assembly, beside its parent's; the parent reads a value of it.
  'nested-in-stage': (cdk, app) => {
    const stage = new cdk.Stage(app, 'Prod');
    const svc = new cdk.Stack(stage, 'Svc');
    const inner = new cdk.NestedStack(svc, 'Inner');
    const q = new cdk.aws_sqs.CfnQueue(inner, 'Queue');
    new cdk.CfnOutput(svc, 'InnerArn', { value: q.attrArn });
  },
};
