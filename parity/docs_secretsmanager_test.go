package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/lambda"
	sm "github.com/forma-iac/forma/constructs/secretsmanager"
)

// The examples of aws-cdk-lib's aws-secretsmanager README and API docs
// (oracle/docs-secretsmanager.js).

func docsStack(app *constructs.App) *constructs.Stack {
	return constructs.NewStack(app, "Docs", constructs.StackProps{})
}

func docsRotator(s *constructs.Stack) *lambda.Function {
	return lambda.NewFunction(s, "Fn", lambda.FunctionProps{
		Runtime: lambda.Python312, Handler: "index.handler",
		Code: lambda.CodeFromInline("def handler(event, context):\n    pass\n"),
	})
}

func lambdaRole(s *constructs.Stack, id string) *iam.Role {
	return iam.NewRole(s, id, iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
}

func init() {
	register(
		Case{Name: "docs-sm-templated", Build: func(app *constructs.App) {
			sm.NewSecret(docsStack(app), "TemplatedSecret", sm.SecretProps{
				GenerateSecretString: &sm.SecretStringGenerator{
					SecretStringTemplate: `{"username":"postgres"}`,
					GenerateStringKey:    "password",
					ExcludeCharacters:    `/@"`,
				},
			})
		}},
		Case{Name: "docs-sm-import-attributes", Build: func(app *constructs.App) {
			s := docsStack(app)
			key := kms.NewKey(s, "Key", kms.KeyProps{})
			secret := sm.SecretFromSecretAttributes(s, "ImportedSecret", sm.SecretAttributes{
				SecretCompleteARN: "arn:aws:secretsmanager:us-east-1:111111111111:secret:my-secret-AbCdEf",
				EncryptionKey:     key,
			})
			role := iam.NewRole(s, "SomeRole", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
			secret.GrantRead(role)
		}},
		Case{Name: "docs-sm-grant-role", Build: func(app *constructs.App) {
			s := docsStack(app)
			role := iam.NewRole(s, "SomeRole", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{})
			secret.GrantRead(role)
			secret.GrantWrite(role)
		}},
		Case{Name: "docs-sm-grant-kms", Build: func(app *constructs.App) {
			s := docsStack(app)
			role := lambdaRole(s, "Role")
			key := kms.NewKey(s, "KMS", kms.KeyProps{})
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{EncryptionKey: key})
			secret.GrantRead(role)
			secret.GrantWrite(role)
		}},
		Case{Name: "docs-sm-cross-account", Build: func(app *constructs.App) {
			s := docsStack(app)
			other := iam.NewAccountPrincipal("1234")
			key := kms.NewKey(s, "KMS", kms.KeyProps{})
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{EncryptionKey: key})
			secret.GrantRead(other)
		}},
		Case{Name: "docs-sm-rotation-lambda", Build: func(app *constructs.App) {
			s := docsStack(app)
			fn := docsRotator(s)
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{})
			secret.AddRotationSchedule("RotationSchedule", sm.RotationScheduleOptions{
				RotationLambda:            fn,
				AutomaticallyAfter:        15 * 24 * time.Hour,
				RotateImmediatelyOnUpdate: new(false),
			})
		}},
		Case{Name: "docs-sm-rotation-hours-kms", Build: func(app *constructs.App) {
			s := docsStack(app)
			fn := docsRotator(s)
			key := kms.NewKey(s, "Key", kms.KeyProps{})
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{EncryptionKey: key, SecretName: "app/rotated"})
			secret.AddRotationSchedule("RotationSchedule", sm.RotationScheduleOptions{RotationLambda: fn, AutomaticallyAfter: 6 * time.Hour})
		}},
		Case{Name: "docs-sm-imports", Build: func(app *constructs.App) {
			s := docsStack(app)
			complete := "arn:aws:secretsmanager:eu-west-1:111111111111:secret:MySecret-f3gDy9"
			partial := "arn:aws:secretsmanager:eu-west-1:111111111111:secret:MySecret"
			key := kms.KeyFromKeyARN("arn:aws:kms:eu-west-1:111111111111:key/21c4b39b-fde2-4273-9ac0-d9bb5c0d0030")
			role := lambdaRole(s, "Reader")
			sm.SecretFromSecretCompleteARN(s, "SecretFromCompleteArn", complete).GrantRead(role)
			sm.SecretFromSecretPartialARN(s, "SecretFromPartialArn", partial).GrantRead(role)
			sm.SecretFromSecretNameV2(s, "SecretFromName", "MySecret").GrantWrite(role)
			sm.SecretFromSecretAttributes(s, "SecretFromAttributes", sm.SecretAttributes{SecretCompleteARN: complete, EncryptionKey: key}).GrantRead(role)
		}},
		Case{Name: "docs-sm-replicas", Build: func(app *constructs.App) {
			s := docsStack(app)
			key := kms.NewKey(s, "MyKey", kms.KeyProps{})
			sm.NewSecret(s, "Secret", sm.SecretProps{
				ReplicaRegions: []sm.ReplicaRegion{{Region: "eu-west-1"}, {Region: "eu-central-1", EncryptionKey: key}},
			})
		}},
		Case{Name: "docs-sm-add-replica", Build: func(app *constructs.App) {
			secret := sm.NewSecret(docsStack(app), "Secret", sm.SecretProps{})
			secret.AddReplicaRegion("eu-west-1", nil)
		}},
		Case{Name: "docs-sm-json-object", Build: func(app *constructs.App) {
			s := docsStack(app)
			role := lambdaRole(s, "Role")
			sm.NewSecret(s, "Secret", sm.SecretProps{OrderedSecretObjectValue: []sm.SecretField{
				{Key: "username", Value: sm.UnsafePlainText(role.RoleName())},
				{Key: "database", Value: sm.UnsafePlainText("foo")},
				{Key: "password", Value: sm.UnsafePlainText("not-a-secret")},
			}})
		}},
		Case{Name: "docs-sm-string-value", Build: func(app *constructs.App) {
			sm.NewSecret(docsStack(app), "Secret", sm.SecretProps{
				SecretStringValue: sm.UnsafePlainText(`{"user":"admin","port":5432}`),
				Description:       "connection settings",
				RemovalPolicy:     cfn.PolicyRetain,
			})
		}},
		Case{Name: "docs-sm-generator", Build: func(app *constructs.App) {
			sm.NewSecret(docsStack(app), "Secret", sm.SecretProps{
				SecretName: "app-token",
				GenerateSecretString: &sm.SecretStringGenerator{
					PasswordLength:          64,
					ExcludeUppercase:        new(true),
					ExcludeNumbers:          new(false),
					ExcludeLowercase:        new(false),
					RequireEachIncludedType: new(false),
					IncludeSpace:            new(true),
					ExcludePunctuation:      new(true),
				},
				RemovalPolicy: cfn.PolicySnapshot,
			})
		}},
		Case{Name: "docs-sm-resource-policy", Build: func(app *constructs.App) {
			s := docsStack(app)
			role := lambdaRole(s, "Role")
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{})
			secret.GrantRead(role, "AWSCURRENT", "AWSPREVIOUS")
			secret.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
				Actions:    []string{"secretsmanager:GetSecretValue"},
				Resources:  []string{"*"},
				Principals: []iam.IPrincipal{iam.NewARNPrincipal("arn:aws:iam::123456789012:role/reader")},
			}))
			secret.DenyAccountRootDelete()
		}},
		Case{Name: "docs-sm-rotation-schedule", Build: func(app *constructs.App) {
			s := docsStack(app)
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{})
			imported := lambda.FunctionFromFunctionARN(s, "Imported", "arn:aws:lambda:us-east-1:123456789012:function:rotate")
			sm.NewRotationSchedule(s, "Schedule", sm.RotationScheduleProps{Secret: secret, RotationScheduleOptions: sm.RotationScheduleOptions{RotationLambda: imported, AutomaticallyAfter: 4 * time.Hour}})
			manual := sm.NewSecret(s, "Manual", sm.SecretProps{})
			manual.AddRotationSchedule("RotationSchedule", sm.RotationScheduleOptions{RotationLambda: docsRotator(s), NoAutomaticRotation: true})
		}},
		Case{Name: "docs-sm-cross-stack", Build: func(app *constructs.App) {
			env := constructs.Environment{Account: "111111111111", Region: "eu-west-1"}
			data := constructs.NewStack(app, "Data", constructs.StackProps{Env: env})
			appStack := constructs.NewStack(app, "App", constructs.StackProps{Env: env})
			secret := sm.NewSecret(data, "Secret", sm.SecretProps{SecretName: "db/credentials"})
			role := lambdaRole(appStack, "Role")
			secret.GrantRead(role)
			sm.SecretFromSecretNameV2(appStack, "Token", "api/token").GrantRead(role)
		}},
	)
}
