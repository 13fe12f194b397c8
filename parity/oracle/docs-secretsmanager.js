// AWS CDK programs taken from the examples of aws-cdk-lib's
// aws-secretsmanager README and API docs (parity/docs_secretsmanager_test.go
// builds the same stacks in Go). Each case builds one stack "Docs"; a
// `declare const` of an example becomes a construct of the stack.
'use strict';

function stack(cdk, app) {
  return new cdk.Stack(app, 'Docs');
}

function rotator(cdk, s) {
  const lambda = cdk.aws_lambda;
  return new lambda.Function(s, 'Fn', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(event, context):\n    pass\n'),
  });
}

module.exports = {
  // "Create a new Secret in a Stack": a templated secret.
  'docs-sm-templated': (cdk, app) => {
    new cdk.aws_secretsmanager.Secret(stack(cdk, app), 'TemplatedSecret', {
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'postgres' }),
        generateStringKey: 'password',
        excludeCharacters: '/@"',
      },
    });
  },

  // A pre-existing secret imported with its key, read by a role.
  'docs-sm-import-attributes': (cdk, app) => {
    const { aws_iam: iam, aws_kms: kms, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const encryptionKey = new kms.Key(s, 'Key');
    const secret = sm.Secret.fromSecretAttributes(s, 'ImportedSecret', {
      secretCompleteArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:my-secret-AbCdEf',
      encryptionKey,
    });
    const role = new iam.Role(s, 'SomeRole', { assumedBy: new iam.AccountRootPrincipal() });
    secret.grantRead(role);
  },

  // "Grant permission to use the secret to a role".
  'docs-sm-grant-role': (cdk, app) => {
    const { aws_iam: iam, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const role = new iam.Role(s, 'SomeRole', { assumedBy: new iam.AccountRootPrincipal() });
    const secret = new sm.Secret(s, 'Secret');
    secret.grantRead(role);
    secret.grantWrite(role);
  },

  // The same with a KMS key.
  'docs-sm-grant-kms': (cdk, app) => {
    const { aws_iam: iam, aws_kms: kms, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const key = new kms.Key(s, 'KMS');
    const secret = new sm.Secret(s, 'Secret', { encryptionKey: key });
    secret.grantRead(role);
    secret.grantWrite(role);
  },

  // Cross-account access: the resource policy and the key policy.
  'docs-sm-cross-account': (cdk, app) => {
    const { aws_iam: iam, aws_kms: kms, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const otherAccount = new iam.AccountPrincipal('1234');
    const key = new kms.Key(s, 'KMS');
    const secret = new sm.Secret(s, 'Secret', { encryptionKey: key });
    secret.grantRead(otherAccount);
  },

  // "Using a Custom Lambda Function" for rotation.
  'docs-sm-rotation-lambda': (cdk, app) => {
    const s = stack(cdk, app);
    const fn = rotator(cdk, s);
    const secret = new cdk.aws_secretsmanager.Secret(s, 'Secret');
    secret.addRotationSchedule('RotationSchedule', {
      rotationLambda: fn,
      automaticallyAfter: cdk.Duration.days(15),
      rotateImmediatelyOnUpdate: false,
    });
  },

  // Rotation every few hours of a secret with a key, and a grant to the
  // rotation function's role.
  'docs-sm-rotation-hours-kms': (cdk, app) => {
    const s = stack(cdk, app);
    const fn = rotator(cdk, s);
    const key = new cdk.aws_kms.Key(s, 'Key');
    const secret = new cdk.aws_secretsmanager.Secret(s, 'Secret', { encryptionKey: key, secretName: 'app/rotated' });
    secret.addRotationSchedule('RotationSchedule', {
      rotationLambda: fn,
      automaticallyAfter: cdk.Duration.hours(6),
    });
  },

  // "Importing Secrets": every import, each read by a role.
  'docs-sm-imports': (cdk, app) => {
    const { aws_iam: iam, aws_kms: kms, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const secretCompleteArn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:MySecret-f3gDy9';
    const secretPartialArn = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:MySecret';
    const encryptionKey = kms.Key.fromKeyArn(s, 'MyEncKey', 'arn:aws:kms:eu-west-1:111111111111:key/21c4b39b-fde2-4273-9ac0-d9bb5c0d0030');
    const role = new iam.Role(s, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    sm.Secret.fromSecretCompleteArn(s, 'SecretFromCompleteArn', secretCompleteArn).grantRead(role);
    sm.Secret.fromSecretPartialArn(s, 'SecretFromPartialArn', secretPartialArn).grantRead(role);
    sm.Secret.fromSecretNameV2(s, 'SecretFromName', 'MySecret').grantWrite(role);
    sm.Secret.fromSecretAttributes(s, 'SecretFromAttributes', { secretCompleteArn, encryptionKey }).grantRead(role);
  },

  // "Replicating secrets".
  'docs-sm-replicas': (cdk, app) => {
    const s = stack(cdk, app);
    const myKey = new cdk.aws_kms.Key(s, 'MyKey');
    new cdk.aws_secretsmanager.Secret(s, 'Secret', {
      replicaRegions: [{ region: 'eu-west-1' }, { region: 'eu-central-1', encryptionKey: myKey }],
    });
  },

  // addReplicaRegion.
  'docs-sm-add-replica': (cdk, app) => {
    const secret = new cdk.aws_secretsmanager.Secret(stack(cdk, app), 'Secret');
    secret.addReplicaRegion('eu-west-1');
  },

  // "Creating JSON Secrets" with plain text values and a role's attribute.
  'docs-sm-json-object': (cdk, app) => {
    const { aws_iam: iam, SecretValue } = cdk;
    const s = stack(cdk, app);
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new cdk.aws_secretsmanager.Secret(s, 'Secret', {
      secretObjectValue: {
        username: SecretValue.unsafePlainText(role.roleName),
        database: SecretValue.unsafePlainText('foo'),
        password: SecretValue.unsafePlainText('not-a-secret'),
      },
    });
  },

  // A JSON string given as the value, in plain text.
  'docs-sm-string-value': (cdk, app) => {
    new cdk.aws_secretsmanager.Secret(stack(cdk, app), 'Secret', {
      secretStringValue: cdk.SecretValue.unsafePlainText(JSON.stringify({ user: 'admin', port: 5432 })),
      description: 'connection settings',
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
  },

  // Every SecretStringGenerator field.
  'docs-sm-generator': (cdk, app) => {
    new cdk.aws_secretsmanager.Secret(stack(cdk, app), 'Secret', {
      secretName: 'app-token',
      generateSecretString: {
        passwordLength: 64,
        excludeUppercase: true,
        excludeNumbers: false,
        excludeLowercase: false,
        requireEachIncludedType: false,
        includeSpace: true,
        excludePunctuation: true,
      },
      removalPolicy: cdk.RemovalPolicy.SNAPSHOT,
    });
  },

  // A read limited to a version stage, a statement added to the resource
  // policy and the account denied deletion.
  'docs-sm-resource-policy': (cdk, app) => {
    const { aws_iam: iam, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const secret = new sm.Secret(s, 'Secret');
    secret.grantRead(role, ['AWSCURRENT', 'AWSPREVIOUS']);
    secret.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['*'],
      principals: [new iam.ArnPrincipal('arn:aws:iam::123456789012:role/reader')],
    }));
    secret.denyAccountRootDelete();
  },

  // A RotationSchedule of its own, with an imported rotation function, and
  // a schedule without rotation rules (automaticallyAfter 0).
  'docs-sm-rotation-schedule': (cdk, app) => {
    const { aws_lambda: lambda, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const secret = new sm.Secret(s, 'Secret');
    const imported = lambda.Function.fromFunctionArn(s, 'Imported', 'arn:aws:lambda:us-east-1:123456789012:function:rotate');
    new sm.RotationSchedule(s, 'Schedule', { secret, rotationLambda: imported, automaticallyAfter: cdk.Duration.hours(4) });
    const manual = new sm.Secret(s, 'Manual');
    manual.addRotationSchedule('RotationSchedule', { rotationLambda: rotator(cdk, s), automaticallyAfter: cdk.Duration.days(0) });
  },

  // A secret of one stack read by a role of another stack of the same
  // environment, and a secret imported by name in an environment's stack.
  'docs-sm-cross-stack': (cdk, app) => {
    const { aws_iam: iam, aws_secretsmanager: sm } = cdk;
    const env = { account: '111111111111', region: 'eu-west-1' };
    const data = new cdk.Stack(app, 'Data', { env });
    const appStack = new cdk.Stack(app, 'App', { env });
    const secret = new sm.Secret(data, 'Secret', { secretName: 'db/credentials' });
    const role = new iam.Role(appStack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    secret.grantRead(role);
    sm.Secret.fromSecretNameV2(appStack, 'Token', 'api/token').grantRead(role);
  },
};
