// The release example (examples/release) written with the AWS CDK. The Go
// side is ../release_test.go.
'use strict';

function release(cdk, app) {
  const { aws_codepipeline: cp, aws_codepipeline_actions: a, aws_codedeploy: cd, aws_codebuild: cb } = cdk;
  const { aws_ec2: ec2, aws_ecs: ecs, aws_elasticloadbalancingv2: elbv2, aws_lambda: lambda, aws_cloudwatch: cw } = cdk;
  const stack = new cdk.Stack(app, 'Release');

  const repo = new cdk.aws_codecommit.Repository(stack, 'Repo', { repositoryName: 'release-app' });
  const images = new cdk.aws_ecr.Repository(stack, 'Images');

  const build = new cb.PipelineProject(stack, 'Build', {
    buildSpec: cb.BuildSpec.fromObject({
      version: '0.2',
      phases: {
        install: { 'runtime-versions': { java: 'corretto8' } },
        build: { commands: ['echo Build started on `date`', 'mvn install'] },
        post_build: { commands: ['echo Build completed on `date`', 'mvn surefire-report:report'] },
      },
      reports: { SurefireReports: { files: ['**/*'], 'base-directory': 'target/surefire-reports' } },
      artifacts: { files: ['target/*.jar'], 'discard-paths': true },
    }),
  });

  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('amazon/amazon-ecs-sample'), portMappings: [{ containerPort: 80 }] });
  const service = new ecs.FargateService(stack, 'Service', {
    cluster, taskDefinition: task, deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
  });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'LB', { vpc, internetFacing: true });
  const blue = new elbv2.ApplicationTargetGroup(stack, 'Blue', { vpc, port: 80, targetType: elbv2.TargetType.IP });
  const green = new elbv2.ApplicationTargetGroup(stack, 'Green', { vpc, port: 80, targetType: elbv2.TargetType.IP });
  const prod = lb.addListener('Production', { port: 80, defaultTargetGroups: [blue] });
  const test = lb.addListener('Test', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, defaultTargetGroups: [green] });
  service.attachToApplicationTargetGroup(blue);
  const errors5xx = new cw.Alarm(stack, 'Errors5xx', {
    metric: lb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), threshold: 1, evaluationPeriods: 1,
  });
  const web = new cd.EcsDeploymentGroup(stack, 'WebDeployment', {
    service,
    deploymentConfig: cd.EcsDeploymentConfig.CANARY_10PERCENT_5MINUTES,
    blueGreenDeploymentConfig: { blueTargetGroup: blue, greenTargetGroup: green, listener: prod, testListener: test },
    alarms: [errors5xx],
    autoRollback: { failedDeployment: true, deploymentInAlarm: true },
  });

  const fn = new lambda.Function(stack, 'Api', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
  });
  const live = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
  new cd.LambdaDeploymentGroup(stack, 'ApiDeployment', { alias: live, deploymentConfig: cd.LambdaDeploymentConfig.CANARY_10PERCENT_10MINUTES });

  const fleet = new cd.ServerDeploymentGroup(stack, 'FleetDeployment', {
    ec2InstanceTags: new cd.InstanceTagSet({ App: ['release-app'] }),
    deploymentConfig: cd.ServerDeploymentConfig.HALF_AT_A_TIME,
  });

  const code = new cp.Artifact('Code'), image = new cp.Artifact('Image'), built = new cp.Artifact('Built');
  const pipeline = new cp.Pipeline(stack, 'Pipeline', { pipelineType: cp.PipelineType.V2 });
  pipeline.addStage({ stageName: 'Source', actions: [
    new a.CodeCommitSourceAction({ actionName: 'Code', repository: repo, branch: 'main', output: code }),
    new a.EcrSourceAction({ actionName: 'Image', repository: images, output: image }),
  ] });
  pipeline.addStage({ stageName: 'Build', actions: [
    new a.CodeBuildAction({ actionName: 'Maven', project: build, input: code, outputs: [built] }),
  ] });
  pipeline.addStage({ stageName: 'Deploy', actions: [
    new a.CodeDeployEcsDeployAction({
      actionName: 'Web', deploymentGroup: web, taskDefinitionTemplateInput: built, appSpecTemplateInput: built,
      containerImageInputs: [{ input: image, taskDefinitionPlaceholder: 'IMAGE1_NAME' }],
    }),
    new a.CodeDeployServerDeployAction({ actionName: 'Fleet', deploymentGroup: fleet, input: built }),
  ] });

  new cdk.aws_events.Rule(stack, 'Nightly', {
    schedule: cdk.aws_events.Schedule.cron({ hour: '2', minute: '0' }),
    targets: [new cdk.aws_events_targets.CodePipeline(pipeline)],
  });
}

module.exports = { release };
