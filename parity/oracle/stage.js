// Stages: nested cloud assemblies, environments inherited from the stage,
// stack names and artifact IDs of stacks in stages, references inside a
// stage.
'use strict';

module.exports = {
  'stage-nested': (cdk, app) => {
    const top = new cdk.Stack(app, 'Top');
    new cdk.aws_s3.Bucket(top, 'B');
    const test = new cdk.Stage(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const web = new cdk.Stack(test, 'Web');
    new cdk.aws_s3.Bucket(web, 'Bucket');
    const db = new cdk.Stack(test, 'Db', { stackName: 'custom-db' });
    const data = new cdk.aws_s3.Bucket(db, 'Data');
    new cdk.CfnOutput(web, 'DataArn', { value: data.bucketArn });
    const inner = new cdk.Stage(test, 'Inner');
    const deep = new cdk.Stack(inner, 'Deep');
    new cdk.aws_s3.Bucket(deep, 'Bucket');
    const grp = new (require('constructs').Construct)(test, 'Grp');
    const g = new cdk.Stack(grp, 'InGroup');
    new cdk.aws_s3.Bucket(g, 'Bucket');
    const prod = new cdk.Stage(app, 'Prod', { stageName: 'production' });
    const pw = new cdk.Stack(prod, 'Web', { env: { account: '222222222222', region: 'us-east-1' } });
    new cdk.aws_s3.Bucket(pw, 'Bucket');
    new cdk.CfnOutput(pw, 'Where', { value: cdk.Fn.join(':', [pw.account, pw.region, pw.stackName]) });
  },
  'stage-in-stack': (cdk, app) => {
    const ps = new cdk.Stack(app, 'PipelineStack');
    new cdk.aws_s3.Bucket(ps, 'Artifacts');
    const prod = new cdk.Stage(ps, 'Prod', { env: { account: '222222222222', region: 'eu-west-1' } });
    const db = new cdk.Stack(prod, 'Db');
    const data = new cdk.aws_s3.Bucket(db, 'Data');
    const web = new cdk.Stack(prod, 'WebService');
    const site = new cdk.aws_s3.Bucket(web, 'Site');
    site.node.addDependency(data);
    new cdk.CfnOutput(web, 'DataName', { value: data.bucketName });
  },
};
