// CodePipeline: pipelines V1 and V2, the artifact bucket and key, action
// roles, sources, approvals, triggers and conditions. The Go side is
// ../pipeline_test.go.
'use strict';

const V2 = '@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2';
const NOKEYS = '@aws-cdk/aws-codepipeline:crossAccountKeysDefaultValueToFalse';

// A V1 pipeline (no flags) reading an S3 object on its CloudTrail events,
// with a manual approval.
function s3Approval(cdk, app) {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
  const stack = new cdk.Stack(app, 'Release');
  const bucket = new cdk.aws_s3.Bucket(stack, 'Source', { versioned: true });
  const src = new cp.Artifact();
  const p = new cp.Pipeline(stack, 'Pipeline');
  p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'S3', bucket, bucketKey: 'app.zip', output: src, trigger: a.S3Trigger.EVENTS })] });
  p.addStage({ stageName: 'Approve', actions: [new a.ManualApprovalAction({ actionName: 'Approve', additionalInformation: 'ship it?', externalEntityLink: 'https://example.com' })] });
}

// CodeCommit (events by default) and ECR sources, a polled S3 source, a
// disabled transition and a nightly schedule starting the pipeline.
function codecommitECR(cdk, app) {
  const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
  const stack = new cdk.Stack(app, 'Release');
  const repo = cdk.aws_codecommit.Repository.fromRepositoryName(stack, 'Repo', 'app');
  const images = new cdk.aws_ecr.Repository(stack, 'Images');
  const bucket = cdk.aws_s3.Bucket.fromBucketName(stack, 'Drop', 'drop-bucket');
  const p = new cp.Pipeline(stack, 'Pipeline', { pipelineName: 'release', restartExecutionOnUpdate: true });
  p.addStage({ stageName: 'Source', actions: [
    new a.CodeCommitSourceAction({ actionName: 'Code', repository: repo, output: new cp.Artifact('Code') }),
    new a.CodeCommitSourceAction({ actionName: 'Dev', repository: repo, branch: 'dev', output: new cp.Artifact(), codeBuildCloneOutput: true }),
    new a.EcrSourceAction({ actionName: 'Image', repository: images, imageTag: 'release', output: new cp.Artifact('Image') }),
    new a.S3SourceAction({ actionName: 'Drop', bucket, bucketKey: 'drop.zip', output: new cp.Artifact(), trigger: a.S3Trigger.POLL }),
  ] });
  p.addStage({ stageName: 'Approve', transitionToEnabled: false, actions: [new a.ManualApprovalAction({ actionName: 'Approve', notificationTopic: new cdk.aws_sns.Topic(stack, 'Approvals'), runOrder: 2 })] });
  new cdk.aws_events.Rule(stack, 'Nightly', { schedule: cdk.aws_events.Schedule.cron({ hour: '2', minute: '0' }), targets: [new cdk.aws_events_targets.CodePipeline(p)] });
}

// A V2 pipeline by the flags, without its own key: a GitHub connection
// source with a trigger, variables, QUEUED mode, stage conditions and
// automatic rollback.
const v2 = {
  context: { [V2]: true, [NOKEYS]: true },
  build(cdk, app) {
    const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
    const stack = new cdk.Stack(app, 'Release');
    const src = new cp.Artifact();
    const gh = new a.CodeStarConnectionsSourceAction({
      actionName: 'GitHub', connectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/abc',
      owner: 'forma-iac', repo: 'forma', branch: 'main', output: src, triggerOnPush: false, variablesNamespace: 'SourceVars',
    });
    const p = new cp.Pipeline(stack, 'Pipeline', {
      executionMode: cp.ExecutionMode.QUEUED,
      variables: [new cp.Variable({ variableName: 'env', defaultValue: 'prod', description: 'target' })],
      triggers: [{
        providerType: cp.ProviderType.CODE_STAR_SOURCE_CONNECTION,
        gitConfiguration: {
          sourceAction: gh,
          pushFilter: [{ branchesIncludes: ['main', 'release/*'], filePathsExcludes: ['docs/**'] }, { tagsIncludes: ['v*'] }],
          pullRequestFilter: [{ branchesIncludes: ['main'], events: [cp.GitPullRequestEvent.OPEN] }],
        },
      }],
    });
    p.addStage({ stageName: 'Source', actions: [gh] });
    p.addStage({
      stageName: 'Approve',
      actions: [new a.ManualApprovalAction({ actionName: 'Approve' })],
      beforeEntry: { conditions: [{ result: cp.Result.FAIL, rules: [new cp.Rule({ name: 'Alarm', provider: 'CloudWatchAlarm', version: '1', configuration: { AlarmName: 'errors', WaitTime: '1' } })] }] },
      onSuccess: { conditions: [{ result: cp.Result.FAIL, rules: [new cp.Rule({ name: 'Window', provider: 'DeploymentWindow', version: '1', configuration: { Cron: '0 9 ? * MON-FRI *' } })] }] },
      onFailure: { result: cp.Result.ROLLBACK },
    });
  },
};

// V2 by type with a bucket key that rotates, the action roles trusting
// the account (the trust scope flag off), PARALLEL mode.
const v2Rotation = {
  context: { '@aws-cdk/pipelines:reduceStageRoleTrustScope': false },
  build(cdk, app) {
    const cp = cdk.aws_codepipeline, a = cdk.aws_codepipeline_actions;
    const stack = new cdk.Stack(app, 'Release');
    const bucket = new cdk.aws_s3.Bucket(stack, 'Source', { versioned: true });
    const p = new cp.Pipeline(stack, 'Pipeline', { pipelineType: cp.PipelineType.V2, executionMode: cp.ExecutionMode.PARALLEL, enableKeyRotation: true });
    p.addStage({ stageName: 'Source', actions: [new a.S3SourceAction({ actionName: 'S3', bucket, bucketKey: 'app.zip', output: new cp.Artifact() })] });
    p.addStage({ stageName: 'Approve', actions: [new a.ManualApprovalAction({ actionName: 'Approve' })], onFailure: { result: cp.Result.RETRY, retryMode: cp.RetryMode.FAILED_ACTIONS } });
  },
};

module.exports = {
  'pipeline-s3-approval': s3Approval,
  'pipeline-codecommit-ecr': codecommitECR,
  'pipeline-v2-flags': v2,
  'pipeline-v2-rotation': v2Rotation,
};
