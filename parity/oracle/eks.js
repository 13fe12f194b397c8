// AWS CDK programs for forma's EKS parity cases (parity/eks_test.go builds the
// same stacks in Go). The oracle is aws-cdk-lib's aws-eks-v2 module: a
// Cluster without a kubectl provider. Each case builds one stack "Eks".
'use strict';

// podIdentity builds what forma's Cluster.AddPodIdentity builds: a role
// pods.eks.amazonaws.com assumes (the statements aws-eks-v2's ServiceAccount
// writes for IdentityType.POD_IDENTITY), the cluster's eks-pod-identity-agent
// add-on and an AWS::EKS::PodIdentityAssociation "Association". aws-eks-v2's
// ServiceAccount also writes the service account through kubectl, which
// needs a kubectl provider; forma leaves the service account to the
// manifests the application deploys.
function podIdentity(cdk, scope, id, cluster, serviceAccount, namespace) {
  const { aws_iam: iam, aws_eks_v2: eks } = cdk;
  const holder = new (require('constructs').Construct)(scope, id);
  const role = new iam.Role(holder, 'Role', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
  role.assumeRolePolicy.addStatements(new iam.PolicyStatement({
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    principals: [new iam.ServicePrincipal('pods.eks.amazonaws.com')],
  }));
  cluster.eksPodIdentityAgent; // eslint-disable-line no-unused-expressions
  new eks.CfnPodIdentityAssociation(holder, 'Association', {
    clusterName: cluster.clusterName,
    namespace: namespace ?? 'default',
    roleArn: role.roleArn,
    serviceAccount,
  });
  return role;
}

function nodegroupCluster(cdk, stack, props) {
  const { aws_eks_v2: eks } = cdk;
  return new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_33,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    ...props,
  });
}

module.exports = {
  'eks-default': (cdk, app) => {
    const stack = new cdk.Stack(app, 'Eks');
    new cdk.aws_eks_v2.Cluster(stack, 'Cluster', { version: cdk.aws_eks_v2.KubernetesVersion.V1_33 });
  },

  'eks-private-logging-kms': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2, aws_kms: kms } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_32,
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      endpointAccess: eks.EndpointAccess.PRIVATE,
      clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR],
      secretsEncryptionKey: new kms.Key(stack, 'SecretsKey'),
      clusterName: 'private-cluster',
      tags: { team: 'platform' },
    });
  },

  'eks-public-cidrs': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = nodegroupCluster(cdk, stack, {
      vpc,
      endpointAccess: eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom('203.0.113.0/24', '198.51.100.7/32'),
      clusterLogging: [eks.ClusterLoggingTypes.CONTROLLER_MANAGER, eks.ClusterLoggingTypes.SCHEDULER],
    });
    cluster.connections.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(443));
  },

  'eks-public-only': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    nodegroupCluster(cdk, stack, { vpc, endpointAccess: eks.EndpointAccess.PUBLIC, version: eks.KubernetesVersion.V1_34 });
  },

  'eks-default-nodegroup': (cdk, app) => {
    const { aws_eks_v2: eks } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_33,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    });
  },

  'eks-nodegroups': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2, aws_iam: iam } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = nodegroupCluster(cdk, stack, { vpc });
    cluster.addNodegroupCapacity('General', {
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      instanceTypes: [new ec2.InstanceType('m6i.large'), new ec2.InstanceType('m5.large')],
      minSize: 2, maxSize: 6, desiredSize: 3,
      labels: { workload: 'general', tier: 'web' },
      taints: [{ effect: eks.TaintEffect.NO_SCHEDULE, key: 'dedicated', value: 'web' }],
      capacityType: eks.CapacityType.ON_DEMAND,
      diskSize: 50,
    });
    cluster.addNodegroupCapacity('Arm', {
      amiType: eks.NodegroupAmiType.BOTTLEROCKET_ARM_64,
      instanceTypes: [new ec2.InstanceType('m7g.large')],
      minSize: 1,
      nodegroupName: 'bottlerocket-arm',
      taints: [{ effect: eks.TaintEffect.PREFER_NO_SCHEDULE, key: 'arch', value: 'arm64' }],
      capacityType: eks.CapacityType.SPOT,
    });
    const lt = new ec2.CfnLaunchTemplate(stack, 'LaunchTemplate', {
      launchTemplateData: { instanceType: 't3.medium' },
    });
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    new eks.Nodegroup(stack, 'Custom', {
      cluster,
      launchTemplateSpec: { id: lt.ref, version: lt.attrLatestVersionNumber },
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      nodeRole,
      subnets: { subnetType: ec2.SubnetType.PUBLIC },
      maxUnavailable: 1,
    });
    cluster.addNodegroupCapacity('Inferred', { instanceTypes: [new ec2.InstanceType('t4g.medium')] });
  },

  'eks-fargate': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = nodegroupCluster(cdk, stack, { vpc });
    cluster.addFargateProfile('System', {
      selectors: [{ namespace: 'kube-system' }, { namespace: 'default', labels: { app: 'web', tier: 'front' } }],
    });
    cluster.addFargateProfile('Jobs', {
      fargateProfileName: 'jobs',
      selectors: [{ namespace: 'jobs' }],
      vpc,
      subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
  },

  'eks-addons': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2, aws_iam: iam } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = nodegroupCluster(cdk, stack, { vpc });
    new eks.Addon(stack, 'VpcCni', { cluster, addonName: 'vpc-cni' });
    new eks.Addon(stack, 'CoreDns', { cluster, addonName: 'coredns', addonVersion: 'v1.11.4-eksbuild.2', preserveOnDelete: false });
    new eks.Addon(stack, 'KubeProxy', { cluster, addonName: 'kube-proxy', configurationValues: { mode: 'ipvs' } });
    cluster.eksPodIdentityAgent; // eslint-disable-line no-unused-expressions
    const obs = new eks.Addon(stack, 'ContainerInsights', { cluster, addonName: 'amazon-cloudwatch-observability' });
    const role = podIdentity(cdk, obs, 'CloudWatchAgent', cluster, 'cloudwatch-agent', 'amazon-cloudwatch');
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy'));
  },

  'eks-access': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2, aws_iam: iam } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = nodegroupCluster(cdk, stack, { vpc });
    const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    cluster.grantAccess('AdminAccess', admin.roleArn, [
      eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER }),
    ]);
    const dev = 'arn:aws:iam::123456789012:role/developers';
    cluster.grantAccess('DevAccess', dev, [
      eks.AccessPolicy.fromAccessPolicyName('AmazonEKSEditPolicy', { accessScopeType: eks.AccessScopeType.NAMESPACE, namespaces: ['dev', 'staging'] }),
    ]);
    cluster.grantAccess('DevView', dev, [
      eks.AccessPolicy.fromAccessPolicyName('AmazonEKSViewPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER }),
    ]);
    new eks.AccessEntry(stack, 'Auditor', {
      cluster,
      principal: 'arn:aws:iam::123456789012:role/auditor',
      accessPolicies: [new eks.AccessPolicy({
        accessScope: { type: eks.AccessScopeType.CLUSTER },
        policy: eks.AccessPolicyArn.AMAZON_EKS_ADMIN_VIEW_POLICY,
      })],
      accessEntryName: 'auditor',
    });
  },

  'eks-pod-identity': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2, aws_s3: s3 } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = nodegroupCluster(cdk, stack, { vpc });
    const role = podIdentity(cdk, cluster, 'WebIdentity', cluster, 'web', 'shop');
    const bucket = new s3.Bucket(stack, 'Assets');
    bucket.grantRead(role);
  },

  'eks-masters-automode': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2, aws_iam: iam } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const mastersRole = new iam.Role(stack, 'Masters', { assumedBy: new iam.AccountRootPrincipal() });
    const nodeRole = new iam.Role(stack, 'AutoNodes', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_34,
      vpc,
      mastersRole,
      compute: { nodePools: ['system'], nodeRole },
      bootstrapClusterCreatorAdminPermissions: false,
    });
  },

  'eks-ipv6-nodegroup': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const stack = new cdk.Stack(app, 'Eks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = nodegroupCluster(cdk, stack, { vpc, ipFamily: eks.IpFamily.IP_V6 });
    cluster.addNodegroupCapacity('V6', {
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      instanceTypes: [new ec2.InstanceType('m6i.large')],
      enableNodeAutoRepair: true,
      maxUnavailablePercentage: 25,
      releaseVersion: '1.33.0-20250620',
      tags: { team: 'platform' },
    });
  },
};
