// The infra-pipeline example (../../examples/infra-pipeline): a
// self-updating pipeline deploying the Bonjour service as a stage to Test,
// with a smoke test on its URL output, and after a manual approval to Prod
// in another account and region. The Go side is ../infrapipeline_test.go;
// the synth and self-mutation buildspecs hold forma's commands there and
// are masked.
'use strict';

const CONNECTION = 'arn:aws:codeconnections:us-east-1:111111111111:connection/6f1b3c9e-0d2a-4e8b-9c55-2f3a4b5c6d7e';
const PIPELINE_ENV = { account: '111111111111', region: 'us-east-1' };
const PROD_ENV = { account: '222222222222', region: 'eu-west-1' };
const ZONES = {
  'availability-zones:account=111111111111:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  'availability-zones:account=222222222222:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
};

function bonjourStage(cdk, scope, id, env) {
  const { aws_ec2: ec2, aws_ecs: ecs, aws_ecs_patterns: patterns } = cdk;
  const stage = new cdk.Stage(scope, id, { env });
  const stack = new cdk.Stack(stage, 'Bonjour');
  const vpc = new ec2.Vpc(stack, 'MyVpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const service = new patterns.ApplicationLoadBalancedFargateService(stack, 'FargateService', {
    cluster,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('amazon/amazon-ecs-sample') },
  });
  const url = service.node.findChild('ServiceURL');
  return { stage, url };
}

module.exports = {
  'infra-pipeline': {
    context: ZONES,
    build: (cdk, app) => {
      const pipelines = cdk.pipelines;
      const stack = new cdk.Stack(app, 'InfraPipeline', { env: PIPELINE_ENV });
      const source = pipelines.CodePipelineSource.connection('forma-iac/bonjour-infra', 'main', { connectionArn: CONNECTION });
      const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
        synth: new pipelines.ShellStep('Synth', { input: source, commands: ['go run . synth -q -o cdk.out'] }),
        pipelineType: cdk.aws_codepipeline.PipelineType.V2,
        crossAccountKeys: true,
        enableKeyRotation: true,
      });
      const test = bonjourStage(cdk, app, 'Test', PIPELINE_ENV);
      pipeline.addStage(test.stage, {
        post: [new pipelines.ShellStep('SmokeTest', {
          envFromCfnOutputs: { SERVICE_URL: test.url },
          commands: ['curl --fail --silent --show-error --retry 10 --retry-delay 6 --retry-all-errors "$SERVICE_URL"'],
        })],
      });
      const prod = bonjourStage(cdk, app, 'Prod', PROD_ENV);
      pipeline.addStage(prod.stage, {
        pre: [new pipelines.ManualApprovalStep('PromoteToProd', { comment: 'Test passed its smoke test: deploy Bonjour to Prod?' })],
      });
    },
  },
};
