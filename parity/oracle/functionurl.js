// Lambda function URLs. The Go side is ../functionurl_test.go.
'use strict';

function fn(cdk, scope, id) {
  return new cdk.aws_lambda.Function(scope, id, {
    runtime: cdk.aws_lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: cdk.aws_lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
}

// A public URL (auth type NONE: the two permissions for anyone) with CORS,
// its address as an output.
function publicURL(cdk, app) {
  const stack = new cdk.Stack(app, 'PublicURL');
  const f = fn(cdk, stack, 'Handler');
  const url = f.addFunctionUrl({
    authType: cdk.aws_lambda.FunctionUrlAuthType.NONE,
    cors: {
      allowedOrigins: ['https://example.com'],
      allowedMethods: [cdk.aws_lambda.HttpMethod.GET, cdk.aws_lambda.HttpMethod.POST],
      allowedHeaders: ['Content-Type'],
      allowCredentials: true,
      maxAge: cdk.Duration.minutes(5),
    },
  });
  new cdk.CfnOutput(stack, 'URL', { value: url.url });
}

// IAM-authenticated URLs: the default auth type on a function, streaming
// responses; callers granted by role (identity policy), by service and by
// another account (permissions); a URL on an alias, public, and a URL
// created with its own construct with CORS defaults.
function iamURL(cdk, app) {
  const stack = new cdk.Stack(app, 'IAMURL');
  const f = fn(cdk, stack, 'Handler');
  const url = f.addFunctionUrl({ invokeMode: cdk.aws_lambda.InvokeMode.RESPONSE_STREAM });
  const caller = new cdk.aws_iam.Role(stack, 'Caller', { assumedBy: new cdk.aws_iam.AccountRootPrincipal() });
  url.grantInvokeUrl(caller);
  url.grantInvokeUrl(caller);
  f.grantInvokeUrl(new cdk.aws_iam.ServicePrincipal('cloudfront.amazonaws.com'));
  f.grantInvokeUrl(new cdk.aws_iam.AccountPrincipal('111122223333'));
  const live = new cdk.aws_lambda.Alias(stack, 'Live', { aliasName: 'live', version: f.currentVersion });
  live.addFunctionUrl({ authType: cdk.aws_lambda.FunctionUrlAuthType.NONE });
  const other = fn(cdk, stack, 'Other');
  new cdk.aws_lambda.FunctionUrl(stack, 'OtherURL', {
    function: other,
    authType: cdk.aws_lambda.FunctionUrlAuthType.AWS_IAM,
    cors: { allowedOrigins: ['*'] },
  });
  new cdk.CfnOutput(stack, 'URL', { value: url.url });
  new cdk.CfnOutput(stack, 'FunctionArn', { value: url.functionArn });
}

module.exports = {
  'function-url-public': publicURL,
  'function-url-iam': iamURL,
};
