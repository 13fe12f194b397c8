// The flagship: a Vpc, a Cluster and an ApplicationLoadBalancedFargateService
// ("Bonjour"), and variants of it. The Go side is ../bonjour_test.go.
'use strict';

const AZS = { 'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'] };

// bonjour builds the program with changes: stack env, Vpc props, Cluster
// props and an edit of the pattern's props.
function bonjour({ env, vpcProps = { maxAzs: 2 }, clusterProps = {}, edit } = {}) {
  return (cdk, app) => {
    const { aws_ec2: ec2, aws_ecs: ecs, aws_ecs_patterns: patterns } = cdk;
    const stack = new cdk.Stack(app, 'Bonjour', { env });
    const vpc = new ec2.Vpc(stack, 'MyVpc', vpcProps);
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, ...clusterProps });
    const props = {
      cluster,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('amazon/amazon-ecs-sample') },
    };
    const after = edit ? edit(cdk, stack, props) : undefined;
    const svc = new patterns.ApplicationLoadBalancedFargateService(stack, 'FargateService', props);
    if (after) after(svc);
  };
}

const insights = (clusterProps) => bonjour({ clusterProps });

module.exports = {
  bonjour: bonjour(),
  'bonjour-region': {
    context: AZS,
    build: bonjour({ env: { account: '123456789012', region: 'us-east-1' }, vpcProps: {} }),
  },
  'bonjour-nat1': bonjour({ vpcProps: { maxAzs: 2, natGateways: 1 } }),
  'bonjour-insights': insights({ containerInsights: true }),
  'bonjour-insights-false': insights({ containerInsights: false }),
  'bonjour-insightsv2': (cdk, app) => insights({ containerInsightsV2: cdk.aws_ecs.ContainerInsights.ENABLED })(cdk, app),
  'bonjour-insightsv2-enhanced': (cdk, app) => insights({ containerInsightsV2: cdk.aws_ecs.ContainerInsights.ENHANCED })(cdk, app),
  'bonjour-insightsv2-disabled': (cdk, app) => insights({ containerInsightsV2: cdk.aws_ecs.ContainerInsights.DISABLED })(cdk, app),
  'bonjour-props': bonjour({
    edit: (cdk, stack, p) => {
      Object.assign(p, { desiredCount: 3, cpu: 512, memoryLimitMiB: 1024, publicLoadBalancer: false, listenerPort: 8080 });
    },
  }),
  'bonjour-https': bonjour({
    edit: (cdk, stack, p) => {
      p.certificate = cdk.aws_certificatemanager.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
      p.redirectHTTP = true;
    },
  }),
  'bonjour-env-sorted': bonjour({
    edit: (cdk, stack, p) => {
      const { aws_ecs: ecs, aws_ssm: ssm, aws_secretsmanager: sm } = cdk;
      p.taskImageOptions.environment = { A: '1' };
      p.taskImageOptions.containerPort = 8080;
      p.taskImageOptions.secrets = {
        API_KEY: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(stack, 'ApiKeyParam', '/prod/api-key')),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(sm.Secret.fromSecretNameV2(stack, 'DbSecret', 'prod/db-password')),
      };
    },
  }),
  'bonjour-vpconly': bonjour({
    edit: (cdk, stack, p) => {
      p.vpc = p.cluster.vpc;
      delete p.cluster;
    },
  }),
  'bonjour-cb': bonjour({
    edit: (cdk, stack, p) => {
      Object.assign(p, { circuitBreaker: { rollback: true }, assignPublicIp: true, taskSubnets: { subnetType: cdk.aws_ec2.SubnetType.PUBLIC } });
      return (svc) => svc.targetGroup.configureHealthCheck({ path: '/health' });
    },
  }),
  'bonjour-ecr': bonjour({
    edit: (cdk, stack, p) => {
      p.taskImageOptions.image = cdk.aws_ecs.ContainerImage.fromEcrRepository(new cdk.aws_ecr.Repository(stack, 'Repo'), 'v1');
    },
  }),
  'bonjour-ecr-imported': bonjour({
    edit: (cdk, stack, p) => {
      p.taskImageOptions.image = cdk.aws_ecs.ContainerImage.fromEcrRepository(cdk.aws_ecr.Repository.fromRepositoryName(stack, 'Imported', 'my-repo'), 'v1');
    },
  }),
};
