// AWS CDK programs taken from the examples of aws-cdk-lib's aws-eks-v2
// README and API docs (parity/docs_eks_test.go builds the same stacks in
// Go). Each case builds one stack "Docs"; a `declare const` of an example
// becomes a construct of the stack. Examples that need a kubectl provider
// (manifests, Helm charts, service accounts, the ALB controller) have no
// forma counterpart and are left out.
'use strict';

function stack(cdk, app) {
  return new cdk.Stack(app, 'Docs');
}

module.exports = {
  // "Quick start".
  'docs-eks-quickstart': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    new eks.Cluster(stack(cdk, app), 'hello-eks', { version: eks.KubernetesVersion.V1_37 });
  },

  // "Managed Node Groups" with a Fargate profile for the default namespace.
  'docs-eks-nodegroup-fargate': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    const cluster = new eks.Cluster(stack(cdk, app), 'ManagedNodeCluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    });
    cluster.addFargateProfile('FargateProfile', { selectors: [{ namespace: 'default' }] });
  },

  // "Node Pools": Auto Mode with both node pools named.
  'docs-eks-automode-pools': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    new eks.Cluster(stack(cdk, app), 'EksAutoCluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.AUTOMODE,
      compute: { nodePools: ['system', 'general-purpose'] },
    });
  },

  // "Disabling Default Node Pools".
  'docs-eks-automode-no-pools': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    new eks.Cluster(stack(cdk, app), 'EksAutoCluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.AUTOMODE,
      compute: { nodePools: [] },
    });
  },

  // "Node Groups as the default capacity type".
  'docs-eks-default-capacity': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    new eks.Cluster(stack(cdk, app), 'EksCluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 3,
      defaultCapacityInstance: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.LARGE),
    });
  },

  // No initial capacity, node groups added later.
  'docs-eks-nodegroup-later': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const cluster = new eks.Cluster(stack(cdk, app), 'EksCluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
    });
    cluster.addNodegroupCapacity('custom-node-group', {
      minSize: 1,
      maxSize: 3,
      instanceTypes: [ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.LARGE)],
    });
    cluster.addNodegroupCapacity('big-disk', {
      instanceTypes: [new ec2.InstanceType('m5.large')],
      minSize: 4,
      diskSize: 100,
    });
  },

  // "Mixed with Auto Mode and Node Groups".
  'docs-eks-mixed': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const cluster = new eks.Cluster(stack(cdk, app), 'Cluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.AUTOMODE,
      compute: { nodePools: ['system', 'general-purpose'] },
    });
    cluster.addNodegroupCapacity('specialized-workload', {
      minSize: 1,
      maxSize: 3,
      instanceTypes: [ec2.InstanceType.of(ec2.InstanceClass.C5, ec2.InstanceSize.XLARGE)],
      labels: { workload: 'specialized' },
    });
  },

  // A node group pinned to AL2, an ARM64 node group and node auto repair.
  'docs-eks-nodegroup-ami': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const cluster = new eks.Cluster(stack(cdk, app), 'HelloEKS', {
      version: eks.KubernetesVersion.V1_32,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 5,
      defaultCapacityInstance: ec2.InstanceType.of(ec2.InstanceClass.M5, ec2.InstanceSize.SMALL),
    });
    cluster.addNodegroupCapacity('workers', {
      instanceTypes: [new ec2.InstanceType('m5.large')],
      amiType: eks.NodegroupAmiType.AL2_X86_64,
    });
    cluster.addNodegroupCapacity('extra-ng-arm', {
      instanceTypes: [new ec2.InstanceType('m6g.medium')],
      minSize: 2,
    });
    cluster.addNodegroupCapacity('NodeGroup', { enableNodeAutoRepair: true });
  },

  // "Fargate profiles": addFargateProfile and the FargateProfile construct.
  'docs-eks-fargate-profiles': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    const s = stack(cdk, app);
    const cluster = new eks.Cluster(s, 'Cluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
    });
    cluster.addFargateProfile('MyProfile', { selectors: [{ namespace: 'default' }] });
    new eks.FargateProfile(s, 'MyProfile', { cluster, selectors: [{ namespace: 'default' }] });
  },

  // "Endpoint Access" and "Logging".
  'docs-eks-private-logging': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    new eks.Cluster(stack(cdk, app), 'hello-eks', {
      version: eks.KubernetesVersion.V1_37,
      endpointAccess: eks.EndpointAccess.PRIVATE,
      clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUTHENTICATOR, eks.ClusterLoggingTypes.SCHEDULER],
    });
  },

  // "VPC Support".
  'docs-eks-vpc': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const s = stack(cdk, app);
    const vpc = new ec2.Vpc(s, 'Vpc');
    new eks.Cluster(s, 'HelloEKS', {
      version: eks.KubernetesVersion.V1_37,
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    });
  },

  // "Masters Role" and "Encryption".
  'docs-eks-masters-encryption': (cdk, app) => {
    const { aws_eks_v2: eks, aws_iam: iam, aws_kms: kms } = cdk;
    const s = stack(cdk, app);
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const secretsKey = new kms.Key(s, 'SecretsKey');
    new eks.Cluster(s, 'HelloEKS', {
      version: eks.KubernetesVersion.V1_37,
      mastersRole: role,
      secretsEncryptionKey: secretsKey,
    });
  },

  // "Access Entry": a masters role and grants to a namespace-scoped role
  // (merged into one entry). The README's grant of
  // AmazonEKSClusterAdminPolicy to the masters role is left out: aws-eks-v2
  // writes that policy twice in the masters role's entry, which
  // CloudFormation rejects; forma writes it once.
  'docs-eks-grant-access': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2, aws_iam: iam } = cdk;
    const s = stack(cdk, app);
    const vpc = new ec2.Vpc(s, 'Vpc');
    const clusterAdminRole = new iam.Role(s, 'ClusterAdminRole', { assumedBy: new iam.ArnPrincipal('arn_for_trusted_principal') });
    const eksAdminRole = new iam.Role(s, 'EKSAdminRole', { assumedBy: new iam.ArnPrincipal('arn_for_trusted_principal') });
    const cluster = new eks.Cluster(s, 'Cluster', { vpc, mastersRole: clusterAdminRole, version: eks.KubernetesVersion.V1_37 });
    cluster.grantAccess('eksAdminRoleAccess', eksAdminRole.roleArn, [
      eks.AccessPolicy.fromAccessPolicyName('AmazonEKSAdminPolicy', { accessScopeType: eks.AccessScopeType.NAMESPACE, namespaces: ['foo', 'bar'] }),
    ]);
    cluster.grantAccess('eksAdminRoleView', eksAdminRole.roleArn, [
      eks.AccessPolicy.fromAccessPolicyName('AmazonEKSViewPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER }),
    ]);
  },

  // "Access Entry Types": an EC2 entry for an Auto Mode node role.
  'docs-eks-access-entry-type': (cdk, app) => {
    const { aws_eks_v2: eks, aws_iam: iam } = cdk;
    const s = stack(cdk, app);
    const nodeRole = new iam.Role(s, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const cluster = new eks.Cluster(s, 'Cluster', { version: eks.KubernetesVersion.V1_37, bootstrapClusterCreatorAdminPermissions: false });
    cluster.grantAccess('nodeAccess', nodeRole.roleArn, [
      eks.AccessPolicy.fromAccessPolicyName('AmazonEKSAutoNodePolicy', { accessScopeType: eks.AccessScopeType.CLUSTER }),
    ], { accessEntryType: eks.AccessEntryType.EC2 });
  },

  // "Add-ons".
  'docs-eks-addon': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    const s = stack(cdk, app);
    const cluster = new eks.Cluster(s, 'Cluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      bootstrapSelfManagedAddons: false,
    });
    new eks.Addon(s, 'Addon', {
      cluster,
      addonName: 'coredns',
      addonVersion: 'v1.11.4-eksbuild.2',
      preserveOnDelete: false,
      configurationValues: { replicaCount: 2 },
    });
  },

  // "Provisioned Control Plane".
  'docs-eks-scaling-tier': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    const s = stack(cdk, app);
    new eks.Cluster(s, 'HighPerformanceCluster', {
      version: eks.KubernetesVersion.V1_37,
      controlPlaneScalingTier: eks.ControlPlaneScalingTier.TIER_XL,
    });
    new eks.Cluster(s, 'Sixteen', {
      version: eks.KubernetesVersion.V1_37,
      controlPlaneScalingTier: eks.ControlPlaneScalingTier.of('tier-ultra'),
    });
  },

  // "Hybrid Nodes".
  'docs-eks-hybrid': (cdk, app) => {
    const eks = cdk.aws_eks_v2;
    new eks.Cluster(stack(cdk, app), 'Cluster', {
      version: eks.KubernetesVersion.V1_37,
      remoteNodeNetworks: [{ cidrs: ['10.0.0.0/16'] }],
      remotePodNetworks: [{ cidrs: ['192.168.0.0/16'] }],
    });
  },

  // "Default AMI type (under feature flag)": x86_64 and arm64 node groups
  // default to AL2023, a pinned node group keeps AL2.
  'docs-eks-al2023-flag': {
    context: { '@aws-cdk/aws-eks:defaultToAL2023': true },
    build: (cdk, app) => {
      const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
      const cluster = new eks.Cluster(stack(cdk, app), 'Cluster', {
        version: eks.KubernetesVersion.V1_37,
        defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      });
      cluster.addNodegroupCapacity('workers', {
        instanceTypes: [new ec2.InstanceType('m5.large')],
        amiType: eks.NodegroupAmiType.AL2_X86_64,
      });
      cluster.addNodegroupCapacity('new-workers', { instanceTypes: [new ec2.InstanceType('m5.large')] });
      cluster.addNodegroupCapacity('arm', { instanceTypes: [new ec2.InstanceType('m7g.large')] });
    },
  },

  // A cluster whose resources are all retained, with a node group, a
  // Fargate profile and the Pod Identity agent add-on under it, and an
  // add-on outside it.
  'docs-eks-removal-policy': (cdk, app) => {
    const { aws_eks_v2: eks, aws_ec2: ec2 } = cdk;
    const s = stack(cdk, app);
    const cluster = new eks.Cluster(s, 'Cluster', {
      version: eks.KubernetesVersion.V1_37,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 1,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    cluster.addFargateProfile('Jobs', { selectors: [{ namespace: 'jobs' }] });
    cluster.eksPodIdentityAgent; // eslint-disable-line no-unused-expressions
    new eks.Addon(s, 'Cni', { cluster, addonName: 'vpc-cni' });
  },
};
