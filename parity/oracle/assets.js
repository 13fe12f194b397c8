// File assets: Lambda code from a directory and an S3 asset. The Go side is
// ../assets_test.go. The asset's content is ../testdata/lambda-asset.
'use strict';
const path = require('path');

const dir = path.join(__dirname, '..', 'testdata', 'lambda-asset');

// A function whose code is a directory asset (trace.log excluded), with a
// current version; the same directory and one of its files as S3 assets,
// their locations as outputs.
function lambdaAsset(cdk, app) {
  const stack = new cdk.Stack(app, 'Assets');
  const f = new cdk.aws_lambda.Function(stack, 'Handler', {
    runtime: cdk.aws_lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: cdk.aws_lambda.Code.fromAsset(dir, { exclude: ['*.log'] }),
  });
  new cdk.aws_lambda.Alias(stack, 'Live', { aliasName: 'live', version: f.currentVersion });
  const site = new cdk.aws_s3_assets.Asset(stack, 'Site', { path: dir });
  const file = new cdk.aws_s3_assets.Asset(stack, 'File', { path: path.join(dir, 'index.js') });
  new cdk.CfnOutput(stack, 'SiteBucket', { value: site.s3BucketName });
  new cdk.CfnOutput(stack, 'SiteKey', { value: site.s3ObjectKey });
  new cdk.CfnOutput(stack, 'SiteURL', { value: site.s3ObjectUrl });
  new cdk.CfnOutput(stack, 'FileURL', { value: file.httpUrl });
}

module.exports = {
  'lambda-asset': lambdaAsset,
};
