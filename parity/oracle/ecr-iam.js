// ECR repositories and their grants, IAM roles and policies, and a security
// group without outbound traffic. The Go side is ../ecriam_test.go.
'use strict';

const OTHER_ACCOUNT = '111122223333';

// A repository pulled by another account's root, by an account principal
// and by a role of the stack.
function crossAccountPull(cdk, app) {
  const stack = new cdk.Stack(app, 'Registry');
  const repo = new cdk.aws_ecr.Repository(stack, 'Repo');
  repo.grantPull(new cdk.aws_iam.AccountPrincipal(OTHER_ACCOUNT));
  const role = new cdk.aws_iam.Role(stack, 'Puller', { assumedBy: new cdk.aws_iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  repo.grantPull(role);
}

// A repository pulled by a service principal and an ARN principal, and read
// by the stack's account root.
function servicePull(cdk, app) {
  const stack = new cdk.Stack(app, 'Registry');
  const repo = new cdk.aws_ecr.Repository(stack, 'Repo', { repositoryName: 'builds' });
  repo.grantPull(new cdk.aws_iam.ServicePrincipal('codebuild.amazonaws.com'));
  repo.grantPull(new cdk.aws_iam.ArnPrincipal(`arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`));
  repo.grantRead(new cdk.aws_iam.AccountRootPrincipal());
}

// Lifecycle rules in the order a program adds them: a tagged rule, the
// "any" rule, a prioritised untagged rule and a pattern rule.
function lifecycle(cdk, app) {
  const stack = new cdk.Stack(app, 'Registry');
  const repo = new cdk.aws_ecr.Repository(stack, 'Repo', {
    lifecycleRules: [{ tagPrefixList: ['prod'], maxImageCount: 9999 }],
  });
  repo.addLifecycleRule({ maxImageAge: cdk.Duration.days(30), description: 'expire old images' });
  repo.addLifecycleRule({ tagStatus: cdk.aws_ecr.TagStatus.UNTAGGED, maxImageCount: 1, rulePriority: 1, description: 'one untagged' });
  repo.addLifecycleRule({ tagPatternList: ['v*-rc*'], maxImageCount: 5 });
  new cdk.aws_ecr.Repository(stack, 'Other', { lifecycleRegistryId: OTHER_ACCOUNT });
}

// Push and pull-push grants to roles, and a push grant to another account.
function push(cdk, app) {
  const stack = new cdk.Stack(app, 'Registry');
  const repo = new cdk.aws_ecr.Repository(stack, 'Repo');
  const both = new cdk.aws_ecr.Repository(stack, 'Both');
  const ci = new cdk.aws_iam.Role(stack, 'CI', { assumedBy: new cdk.aws_iam.ServicePrincipal('codebuild.amazonaws.com') });
  repo.grantPush(ci);
  both.grantPullPush(ci);
  both.grantPush(new cdk.aws_iam.AccountPrincipal(OTHER_ACCOUNT));
}

// A repository emptied on delete, scanned on push, with immutable tags,
// encrypted with a KMS key, and a statement of its own policy.
function emptyOnDelete(cdk, app) {
  const stack = new cdk.Stack(app, 'Registry');
  const key = cdk.aws_kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
  const repo = new cdk.aws_ecr.Repository(stack, 'Repo', {
    emptyOnDelete: true,
    removalPolicy: cdk.RemovalPolicy.DESTROY,
    imageScanOnPush: true,
    imageTagMutability: cdk.aws_ecr.TagMutability.IMMUTABLE,
    encryptionKey: key,
  });
  repo.addToResourcePolicy(new cdk.aws_iam.PolicyStatement({
    sid: 'AllowOrgPull',
    actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    principals: [new cdk.aws_iam.AnyPrincipal()],
    conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
  }));
  new cdk.aws_ecr.Repository(stack, 'Kms', { encryption: cdk.aws_ecr.RepositoryEncryption.KMS, imageScanOnPush: false });
  new cdk.aws_ecr.Repository(stack, 'Excl', {
    imageTagMutability: cdk.aws_ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
    imageTagMutabilityExclusionFilters: [cdk.aws_ecr.ImageTagMutabilityExclusionFilter.wildcard('dev-*'), cdk.aws_ecr.ImageTagMutabilityExclusionFilter.wildcard('latest')],
  });
}

// A role with inline policies in a non-sorted order.
function inlineOrder(cdk, app) {
  const stack = new cdk.Stack(app, 'Identity');
  const doc = (action, resource) => new cdk.aws_iam.PolicyDocument({
    statements: [new cdk.aws_iam.PolicyStatement({ actions: [action], resources: [resource] })],
  });
  new cdk.aws_iam.Role(stack, 'Role', {
    assumedBy: new cdk.aws_iam.ServicePrincipal('lambda.amazonaws.com'),
    inlinePolicies: {
      zeta: doc('s3:GetObject', 'arn:aws:s3:::zeta/*'),
      alpha: doc('sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:alpha'),
      mid: doc('sns:Publish', '*'),
    },
  });
}

// Statements that @aws-cdk/aws-iam:minimizePolicies merges: a role's default
// policy with grants on two repositories, statements that share actions or
// resources, a managed policy and a repository policy.
function minimize(cdk, app) {
  const stack = new cdk.Stack(app, 'Identity');
  const iam = cdk.aws_iam;
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  const a = new cdk.aws_ecr.Repository(stack, 'RepoA');
  const b = new cdk.aws_ecr.Repository(stack, 'RepoB');
  a.grantPull(role);
  b.grantPull(role);
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket-b/*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket-a/*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::bucket-a/*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'], conditions: { Bool: { 'aws:SecureTransport': 'true' } } }));
  role.addToPolicy(new iam.PolicyStatement({ sid: 'Kept', actions: ['sns:Publish'], resources: ['*'] }));
  new iam.ManagedPolicy(stack, 'Managed', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream'], resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['*'] }),
    ],
  });
  a.grantPull(new iam.ServicePrincipal('codebuild.amazonaws.com'));
  a.grantPull(new iam.ServicePrincipal('codepipeline.amazonaws.com'));
  const group = new cdk.aws_logs.LogGroup(stack, 'Group');
  group.grantWrite(new iam.ServicePrincipal('events.amazonaws.com'));
  group.grantWrite(new iam.ServicePrincipal('delivery.logs.amazonaws.com'));
}

// Security groups without outbound traffic that get egress rules, with and
// without inline rules, IPv4 and IPv6.
function noOutbound(cdk, app) {
  const stack = new cdk.Stack(app, 'Net');
  const ec2 = cdk.aws_ec2;
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const separate = new ec2.SecurityGroup(stack, 'Separate', { vpc, allowAllOutbound: false, disableInlineRules: true });
  separate.addEgressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(443), 'https inside');
  const separateV6 = new ec2.SecurityGroup(stack, 'SeparateV6', { vpc, allowAllOutbound: false, disableInlineRules: true });
  separateV6.addEgressRule(ec2.Peer.ipv6('2001:db8::/32'), ec2.Port.tcp(443), 'https v6');
  const separateEmpty = new ec2.SecurityGroup(stack, 'SeparateEmpty', { vpc, allowAllOutbound: false, disableInlineRules: true });
  separateEmpty.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));
  const inline = new ec2.SecurityGroup(stack, 'Inline', { vpc, allowAllOutbound: false });
  inline.addEgressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(443), 'https inside');
  const inlineV6 = new ec2.SecurityGroup(stack, 'InlineV6', { vpc, allowAllOutbound: false });
  inlineV6.addEgressRule(ec2.Peer.ipv6('2001:db8::/32'), ec2.Port.tcp(443), 'https v6');
  const open = new ec2.SecurityGroup(stack, 'Open', { vpc, disableInlineRules: true });
  open.addEgressRule(ec2.Peer.ipv6('2001:db8::/32'), ec2.Port.tcp(443), 'https v6');
  separate.connections.allowTo(inline, ec2.Port.tcp(5432), 'db');
}

// Statements that merge by principals, with a Deny, not-actions and
// conditions, under @aws-cdk/aws-iam:minimizePolicies.
function minimizeMixed(cdk, app) {
  const stack = new cdk.Stack(app, 'Identity');
  const iam = cdk.aws_iam;
  const repo = new cdk.aws_ecr.Repository(stack, 'Repo');
  const pull = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
  repo.addToResourcePolicy(new iam.PolicyStatement({ actions: pull, principals: [new iam.AccountPrincipal('444455556666')] }));
  repo.addToResourcePolicy(new iam.PolicyStatement({ actions: pull, principals: [new iam.ServicePrincipal('lambda.amazonaws.com')] }));
  repo.addToResourcePolicy(new iam.PolicyStatement({ actions: pull, principals: [new iam.AccountPrincipal('111122223333')] }));
  repo.addToResourcePolicy(new iam.PolicyStatement({ actions: ['ecr:ListImages'], principals: [new iam.AccountPrincipal('111122223333')] }));
  repo.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:DeleteRepository'], principals: [new iam.AnyPrincipal()] }));
  repo.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:SetRepositoryPolicy'], principals: [new iam.AnyPrincipal()] }));
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, notActions: ['s3:*'], resources: ['*'] }));
  role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, notActions: ['s3:*'], resources: ['arn:aws:s3:::x'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['arn:aws:kms:us-east-1:111122223333:key/a'], conditions: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['arn:aws:kms:us-east-1:111122223333:key/b'], conditions: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Encrypt'], resources: ['arn:aws:kms:us-east-1:111122223333:key/a'] }));
  repo.grantPull(role);
}

// Security groups that allow all IPv6 outbound traffic, inline or not, with
// and without IPv4 outbound traffic, and egress rules they ignore or keep.
function ipv6Outbound(cdk, app) {
  const stack = new cdk.Stack(app, 'Net');
  const ec2 = cdk.aws_ec2;
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  for (const [id, disableInlineRules, allowAllOutbound] of [['InlineClosed', false, false], ['SeparateClosed', true, false], ['InlineOpen', false, true], ['SeparateOpen', true, true]]) {
    const sg = new ec2.SecurityGroup(stack, id, { vpc, allowAllIpv6Outbound: true, allowAllOutbound, disableInlineRules });
    sg.addEgressRule(ec2.Peer.ipv6('2001:db8::/32'), ec2.Port.tcp(443), 'ignored');
    sg.addEgressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(443), 'https inside');
  }
}

// Log group grants to principals without a policy of their own: a service,
// an ARN of another account, an account; they go to the log group's
// resource policy.
function logsResourcePolicy(cdk, app) {
  const stack = new cdk.Stack(app, 'Logs');
  const iam = cdk.aws_iam;
  const group = new cdk.aws_logs.LogGroup(stack, 'Group');
  group.grantWrite(new iam.ServicePrincipal('delivery.logs.amazonaws.com'));
  group.grantRead(new iam.ArnPrincipal(`arn:aws:iam::${OTHER_ACCOUNT}:role/reader`));
  group.grant(new iam.AccountPrincipal('444455556666'), 'logs:DescribeLogStreams');
  const named = new cdk.aws_logs.LogGroup(stack, 'Named', { logGroupName: 'my/group' });
  named.grantWrite(new iam.ServicePrincipal('events.amazonaws.com'));
  const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  named.grantWrite(role);
}

// Statements equal as sets: a role's default policy keeps the first, a
// policy of its own keeps both.
function equalStatements(cdk, app) {
  const stack = new cdk.Stack(app, 'Identity');
  const iam = cdk.aws_iam;
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::b/*', 'arn:aws:s3:::a/*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
  new iam.Policy(stack, 'Own', { roles: [role], statements: [
    new iam.PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'], resources: ['*'] }),
    new iam.PolicyStatement({ actions: ['sqs:GetQueueUrl', 'sqs:SendMessage'], resources: ['*'] }),
  ] });
}

module.exports = {
  'ecr-cross-account-pull': crossAccountPull,
  'ecr-service-pull': servicePull,
  'ecr-lifecycle': lifecycle,
  'ecr-push': push,
  'ecr-empty-on-delete': emptyOnDelete,
  'iam-inline-order': inlineOrder,
  'iam-equal-statements': equalStatements,
  'iam-minimize': { context: { '@aws-cdk/aws-iam:minimizePolicies': true }, build: minimize },
  'iam-no-minimize': minimize,
  'iam-minimize-mixed': { context: { '@aws-cdk/aws-iam:minimizePolicies': true }, build: minimizeMixed },
  'logs-resource-policy': logsResourcePolicy,
  'sg-no-outbound': noOutbound,
  'sg-ipv6-outbound': ipv6Outbound,
  'sg-no-outbound-context': { context: { '@aws-cdk/aws-ec2.securityGroupDisableInlineRules': true }, build: noOutbound },
};

// Task definitions pulling from a repository of the stack, an imported one
// and an L1 one, by tag and by digest; a log group written by the task role
// and read by another role.
module.exports['ecr-ecs-image'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'Images');
  const ecs = cdk.aws_ecs;
  const repo = new cdk.aws_ecr.Repository(stack, 'Repo');
  const imported = cdk.aws_ecr.Repository.fromRepositoryName(stack, 'Imported', 'shared/base');
  const td = new ecs.FargateTaskDefinition(stack, 'TD');
  td.addContainer('web', { image: ecs.ContainerImage.fromEcrRepository(repo, 'v1'), memoryLimitMiB: 512 });
  td.addContainer('sidecar', { image: ecs.ContainerImage.fromEcrRepository(imported, 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), memoryLimitMiB: 256 });
  const logs = new cdk.aws_logs.LogGroup(stack, 'Audit');
  logs.grantWrite(td.taskRole);
  const reader = new cdk.aws_iam.Role(stack, 'Reader', { assumedBy: new cdk.aws_iam.AccountRootPrincipal() });
  logs.grantRead(reader);
  repo.grantPullPush(reader);
};
