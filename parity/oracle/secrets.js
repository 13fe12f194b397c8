// AWS CDK programs for forma's Secrets Manager parity cases
// (parity/secrets_test.go builds the same stacks in Go). Each case builds
// one stack "Secrets".
'use strict';

function stack(cdk, app) {
  return new cdk.Stack(app, 'Secrets');
}

module.exports = {
  // A Secret with every default: a generated value, deleted with the stack.
  'secrets-default': (cdk, app) => {
    new cdk.aws_secretsmanager.Secret(stack(cdk, app), 'Secret');
  },

  // A generated JSON secret: a template, the key of the generated password,
  // excluded characters and a length, a name and a description.
  'secrets-generated': (cdk, app) => {
    new cdk.aws_secretsmanager.Secret(stack(cdk, app), 'Secret', {
      secretName: 'app/db',
      description: 'the database credentials',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'admin' }),
        generateStringKey: 'password',
        excludeCharacters: '"@/\\',
        passwordLength: 20,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
  },

  // A secret encrypted with a customer key, replicated to two regions (one
  // with its own imported key), kept when removed from the stack.
  'secrets-kms-replicas': (cdk, app) => {
    const s = stack(cdk, app);
    const key = new cdk.aws_kms.Key(s, 'Key');
    const replicaKey = cdk.aws_kms.Key.fromKeyArn(s, 'ReplicaKey', 'arn:aws:kms:eu-central-1:123456789012:key/abcd-1234');
    new cdk.aws_secretsmanager.Secret(s, 'Secret', {
      encryptionKey: key,
      replicaRegions: [{ region: 'eu-west-1' }, { region: 'eu-central-1', encryptionKey: replicaKey }],
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
  },

  // GrantRead and GrantWrite to roles, on a secret with a key and on
  // imported secrets (by name, complete and partial ARN).
  'secrets-grants': (cdk, app) => {
    const { aws_iam: iam, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const key = new cdk.aws_kms.Key(s, 'Key');
    const secret = new sm.Secret(s, 'Secret', { encryptionKey: key });
    const reader = new iam.Role(s, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const writer = new iam.Role(s, 'Writer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    secret.grantRead(reader);
    secret.grantWrite(writer);
    const plain = new sm.Secret(s, 'Plain');
    plain.grantRead(reader, ['AWSCURRENT']);
    sm.Secret.fromSecretNameV2(s, 'ByName', 'app/token').grantRead(reader);
    sm.Secret.fromSecretCompleteArn(s, 'ByCompleteArn', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/complete-AbCdEf').grantRead(reader);
    sm.Secret.fromSecretPartialArn(s, 'ByPartialArn', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/partial').grantRead(reader);
    sm.Secret.fromSecretAttributes(s, 'ByAttributes', {
      secretCompleteArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/keyed-AbCdEf',
      encryptionKey: cdk.aws_kms.Key.fromKeyArn(s, 'ImportedKey', 'arn:aws:kms:us-east-1:123456789012:key/abcd-1234'),
    }).grantRead(writer);
  },

  // A rotation schedule with a rotation Lambda function, on a secret with
  // a key.
  'secrets-rotation': (cdk, app) => {
    const { aws_lambda: lambda, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const key = new cdk.aws_kms.Key(s, 'Key');
    const secret = new sm.Secret(s, 'Secret', { encryptionKey: key });
    const fn = new lambda.Function(s, 'Rotator', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline('def handler(event, context):\n    pass\n'),
    });
    secret.addRotationSchedule('Rotation', { rotationLambda: fn, automaticallyAfter: cdk.Duration.days(7) });
    const other = new sm.Secret(s, 'Other');
    other.addRotationSchedule('Rotation', { rotationLambda: fn, rotateImmediatelyOnUpdate: false });
  },

  // CodeBuild SECRETS_MANAGER environment variables from a Secret, a JSON
  // key of it and a secret name.
  'secrets-codebuild': (cdk, app) => {
    const { aws_codebuild: cb, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const secret = new sm.Secret(s, 'Token', { encryptionKey: new cdk.aws_kms.Key(s, 'Key') });
    new cb.PipelineProject(s, 'Project', {
      environmentVariables: {
        TOKEN: { type: cb.BuildEnvironmentVariableType.SECRETS_MANAGER, value: secret.secretArn },
        USER: { type: cb.BuildEnvironmentVariableType.SECRETS_MANAGER, value: `${secret.secretArn}:username` },
        NAMED: { type: cb.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'app/named:key' },
      },
    });
  },

  // ECS container secrets from a Secret (whole and a JSON field) and from
  // an imported one.
  'secrets-ecs': (cdk, app) => {
    const { aws_ecs: ecs, aws_secretsmanager: sm } = cdk;
    const s = stack(cdk, app);
    const secret = new sm.Secret(s, 'Db', { encryptionKey: new cdk.aws_kms.Key(s, 'Key') });
    const imported = sm.Secret.fromSecretNameV2(s, 'Api', 'app/api');
    const td = new ecs.FargateTaskDefinition(s, 'Task');
    td.addContainer('App', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      secrets: {
        DB: ecs.Secret.fromSecretsManager(secret),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password'),
        API_KEY: ecs.Secret.fromSecretsManager(imported, 'key'),
      },
    });
  },

  // Values given explicitly: another resource's attribute, and a JSON
  // object of an attribute and a plain text value.
  'secrets-values': (cdk, app) => {
    const { aws_iam: iam, aws_secretsmanager: sm, SecretValue } = cdk;
    const s = stack(cdk, app);
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    new sm.Secret(s, 'FromAttribute', { secretStringValue: SecretValue.resourceAttribute(role.node.defaultChild.attrArn) });
    new sm.Secret(s, 'FromObject', {
      secretObjectValue: { arn: SecretValue.resourceAttribute(role.node.defaultChild.attrArn), name: SecretValue.unsafePlainText('admin') },
    });
  },
};
