// CDK Pipelines: a self-updating pipeline that synthesizes the app,
// updates itself and deploys stages of stacks through the bootstrap roles.
// The Go side is ../pipelines_test.go; the buildspecs of the synth,
// self-mutation and asset projects hold the AWS CDK's commands here and
// forma's there, and the comparison masks them.
'use strict';

const CONNECTION = 'arn:aws:codeconnections:us-east-1:111111111111:connection/abc';
const PIPELINE_ENV = { account: '111111111111', region: 'us-east-1' };

// The application: a Storage stack with a queue and an output, and an
// Service stack that reads the queue's URL (a dependency).
function appStage(cdk, scope, id, env) {
  const stage = new cdk.Stage(scope, id, { env });
  const storage = new cdk.Stack(stage, 'Storage');
  const queue = new cdk.aws_sqs.CfnQueue(storage, 'Queue');
  const out = new cdk.CfnOutput(storage, 'QueueURL', { value: queue.attrQueueUrl });
  const service = new cdk.Stack(stage, 'Service');
  new cdk.aws_ssm.CfnParameter(service, 'Param', { type: 'String', value: queue.attrQueueUrl });
  return { stage, storage, service, out };
}

function pipelineStack(cdk, app, props) {
  const stack = new cdk.Stack(app, 'PipelineStack', { env: PIPELINE_ENV });
  const pipelines = cdk.pipelines;
  const source = pipelines.CodePipelineSource.connection('forma-iac/app', 'main', { connectionArn: CONNECTION });
  const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
    synth: new pipelines.ShellStep('Synth', { input: source, commands: ['npm ci', 'npx cdk synth'] }),
    ...props,
  });
  return { stack, pipeline, pipelines };
}

module.exports = {
  // Connection source and synth only: Source, Build, UpdatePipeline.
  'pipelines-synth': (cdk, app) => {
    pipelineStack(cdk, app, {});
  },
  // One stage of two dependent stacks.
  'pipelines-stage': (cdk, app) => {
    const { pipeline } = pipelineStack(cdk, app, {});
    pipeline.addStage(appStage(cdk, app, 'Test', PIPELINE_ENV).stage);
  },
  // A wave of two stages deploying in parallel.
  'pipelines-wave': (cdk, app) => {
    const { pipeline } = pipelineStack(cdk, app, {});
    const wave = pipeline.addWave('Regions');
    wave.addStage(appStage(cdk, app, 'East', PIPELINE_ENV).stage);
    wave.addStage(appStage(cdk, app, 'West', PIPELINE_ENV).stage);
  },
  // Pre and post steps: a manual approval before, a smoke test with a
  // stack output after.
  'pipelines-steps': (cdk, app) => {
    const { pipeline, pipelines } = pipelineStack(cdk, app, {});
    const a = appStage(cdk, app, 'Test', PIPELINE_ENV);
    pipeline.addStage(a.stage, {
      pre: [new pipelines.ManualApprovalStep('Approve', { comment: 'ship it?' })],
      post: [new pipelines.ShellStep('Smoke', {
        envFromCfnOutputs: { QUEUE_URL: a.out },
        commands: ['echo $QUEUE_URL'],
      })],
    });
  },
  // A stage in another account and region: the artifact bucket's key and
  // the cross-region support stack.
  'pipelines-cross-account': (cdk, app) => {
    const { pipeline } = pipelineStack(cdk, app, { crossAccountKeys: true });
    pipeline.addStage(appStage(cdk, app, 'Prod', { account: '222222222222', region: 'eu-west-1' }).stage);
  },
  // Self-mutation off: no UpdatePipeline stage.
  'pipelines-no-selfmutation': (cdk, app) => {
    const { pipeline } = pipelineStack(cdk, app, { selfMutation: false });
    pipeline.addStage(appStage(cdk, app, 'Test', PIPELINE_ENV).stage);
  },
};

// A stage whose stack has two file assets and an image asset, published
// one action per asset (the default) and grouped per type.
function assetStage(cdk, app, id) {
  const stage = new cdk.Stage(app, id, { env: PIPELINE_ENV });
  const stack = new cdk.Stack(stage, 'Code');
  const syn = stack.synthesizer;
  const a = syn.addFileAsset({ sourceHash: 'a'.repeat(64), fileName: 'a.txt', packaging: cdk.FileAssetPackaging.FILE });
  const b = syn.addFileAsset({ sourceHash: 'b'.repeat(64), fileName: 'b.txt', packaging: cdk.FileAssetPackaging.FILE });
  syn.addDockerImageAsset({ sourceHash: 'c'.repeat(64), directoryName: 'image' });
  new cdk.aws_ssm.CfnParameter(stack, 'Param', { type: 'String', value: cdk.Fn.join(',', [a.objectKey, b.objectKey]) });
  return stage;
}
module.exports['pipelines-assets'] = (cdk, app) => {
  const { pipeline } = pipelineStack(cdk, app, {});
  pipeline.addStage(assetStage(cdk, app, 'Test'));
};
module.exports['pipelines-assets-grouped'] = (cdk, app) => {
  const { pipeline } = pipelineStack(cdk, app, { publishAssetsInParallel: false });
  pipeline.addStage(assetStage(cdk, app, 'Test'));
};

// A CodeCommit source, a CodeBuildStep synth with its own settings, a wave
// with steps before and after, steps around one stack, a step with an
// additional input and a literal environment.
module.exports['pipelines-codecommit-steps'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'PipelineStack', { env: PIPELINE_ENV });
  const pipelines = cdk.pipelines;
  const repo = cdk.aws_codecommit.Repository.fromRepositoryName(stack, 'Repo', 'infra');
  const source = pipelines.CodePipelineSource.codeCommit(repo, 'main');
  const synth = new pipelines.CodeBuildStep('Synth', {
    input: source,
    installCommands: ['go version'],
    commands: ['go run . synth -q -o out'],
    primaryOutputDirectory: 'out',
    buildEnvironment: { computeType: cdk.aws_codebuild.ComputeType.MEDIUM },
  });
  const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', { synth, pipelineName: 'infra' });
  const a = appStage(cdk, app, 'Test', PIPELINE_ENV);
  const wave = pipeline.addWave('Rollout', {
    pre: [new pipelines.ManualApprovalStep('Start')],
    post: [new pipelines.ShellStep('Report', { commands: ['echo done'], env: { LEVEL: 'info' } })],
  });
  wave.addStage(a.stage, {
    stackSteps: [{
      stack: a.service,
      pre: [new pipelines.ShellStep('Lint', { input: synth, additionalInputs: { 'src': source }, commands: ['ls src'] })],
      post: [new pipelines.CodeBuildStep('Probe', { envFromCfnOutputs: { URL: a.out }, commands: ['echo $URL'], timeout: cdk.Duration.minutes(10) })],
    }],
  });
};

// An S3 source and deployments without change sets.
module.exports['pipelines-s3-direct'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'PipelineStack', { env: PIPELINE_ENV });
  const pipelines = cdk.pipelines;
  const bucket = new cdk.aws_s3.Bucket(stack, 'Sources', { versioned: true });
  const source = pipelines.CodePipelineSource.s3(bucket, 'app.zip');
  const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
    synth: new pipelines.ShellStep('Synth', { input: source, commands: ['make synth'] }),
    useChangeSets: false,
    selfMutation: false,
  });
  pipeline.addStage(appStage(cdk, app, 'Test', PIPELINE_ENV).stage);
};

// A stage in another account of the pipeline's region: the artifact key
// and bucket name the other account's deploy role.
module.exports['pipelines-other-account'] = (cdk, app) => {
  const { pipeline } = pipelineStack(cdk, app, { crossAccountKeys: true });
  pipeline.addStage(appStage(cdk, app, 'Prod', { account: '222222222222', region: 'us-east-1' }).stage);
};

// An environment-agnostic pipeline deploying an environment-agnostic
// stage: the bootstrap roles of the pipeline's account and region.
module.exports['pipelines-agnostic'] = (cdk, app) => {
  const stack = new cdk.Stack(app, 'PipelineStack');
  const pipelines = cdk.pipelines;
  const source = pipelines.CodePipelineSource.connection('forma-iac/app', 'main', { connectionArn: CONNECTION });
  const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
    synth: new pipelines.ShellStep('Synth', { input: source, commands: ['make synth'] }),
  });
  pipeline.addStage(appStage(cdk, app, 'Test', undefined).stage);
};

// A stage in another region of the pipeline's account, without
// cross-account keys: a support stack whose bucket has the S3-managed key.
module.exports['pipelines-other-region'] = (cdk, app) => {
  const { pipeline } = pipelineStack(cdk, app, {});
  pipeline.addStage(appStage(cdk, app, 'West', { account: '111111111111', region: 'us-west-2' }).stage);
};

// The codepipeline L2 a CDK pipeline builds on: a CloudFormation action in
// another region with the roles the pipeline generates, with and without
// cross-account keys.
function crossRegionL2(keys) {
  return (cdk, app) => {
    const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
    const stack = new cdk.Stack(app, 'Release', { env: PIPELINE_ENV });
    const bucket = new cdk.aws_s3.Bucket(stack, 'Source', { versioned: true });
    const src = new cp.Artifact('Src');
    const p = new cp.Pipeline(stack, 'Pipeline', { crossAccountKeys: keys });
    p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'S3', bucket, bucketKey: 'app.zip', output: src })] });
    p.addStage({ stageName: 'Deploy', actions: [new a.CloudFormationCreateUpdateStackAction({
      actionName: 'Deploy', stackName: 'app', adminPermissions: true, region: 'eu-west-1', templatePath: src.atPath('template.json'),
    })] });
  };
}
module.exports['pipelines-l2-cross-region'] = crossRegionL2(true);
module.exports['pipelines-l2-cross-region-nokeys'] = crossRegionL2(false);

// A V2 pipeline by the feature flag, deploying a stage whose stacks tie:
// two independent stacks and a third reading both, plus an explicit
// dependency.
module.exports['pipelines-v2-ties'] = {
  context: { '@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2': true },
  build: (cdk, app) => {
    const { pipeline } = pipelineStack(cdk, app, {});
    const stage = new cdk.Stage(app, 'Test', { env: PIPELINE_ENV });
    const b = new cdk.Stack(stage, 'Beta');
    const qb = new cdk.aws_sqs.CfnQueue(b, 'Queue');
    const a = new cdk.Stack(stage, 'Alpha');
    const qa = new cdk.aws_sqs.CfnQueue(a, 'Queue');
    const c = new cdk.Stack(stage, 'Gamma');
    new cdk.aws_ssm.CfnParameter(c, 'Param', { type: 'String', value: cdk.Fn.join(',', [qa.attrArn, qb.attrArn]) });
    const d = new cdk.Stack(stage, 'Delta');
    new cdk.aws_sqs.CfnQueue(d, 'Queue');
    d.addDependency(c);
    pipeline.addStage(stage);
  },
};

// CodeBuild defaults for every project, Docker for the synth and the
// self-mutation, and an extra statement for the synth's role.
module.exports['pipelines-codebuild-defaults'] = (cdk, app) => {
  const { pipeline } = pipelineStack(cdk, app, {
    dockerEnabledForSynth: true,
    dockerEnabledForSelfMutation: true,
    codeBuildDefaults: {
      buildEnvironment: { computeType: cdk.aws_codebuild.ComputeType.LARGE, environmentVariables: { STAGE: { value: 'ci' } } },
      timeout: cdk.Duration.minutes(30),
    },
    synthCodeBuildDefaults: {
      rolePolicy: [new cdk.aws_iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: ['*'] })],
    },
  });
  pipeline.addStage(appStage(cdk, app, 'Test', PIPELINE_ENV).stage, {
    post: [new cdk.pipelines.ShellStep('Check', { commands: ['true'] })],
  });
};
