package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/lambda"
	sm "github.com/forma-iac/forma/constructs/secretsmanager"
)

// Secrets Manager secrets and their use by roles, rotation functions,
// CodeBuild and ECS (oracle/secrets.js).

func secretsStack(app *constructs.App) *constructs.Stack {
	return constructs.NewStack(app, "Secrets", constructs.StackProps{})
}

func ec2Role(s *constructs.Stack, id string) *iam.Role {
	return iam.NewRole(s, id, iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ec2.amazonaws.com")})
}

func init() {
	register(
		Case{Name: "secrets-default", Build: func(app *constructs.App) {
			sm.NewSecret(secretsStack(app), "Secret", sm.SecretProps{})
		}},
		Case{Name: "secrets-generated", Build: func(app *constructs.App) {
			sm.NewSecret(secretsStack(app), "Secret", sm.SecretProps{
				SecretName:  "app/db",
				Description: "the database credentials",
				GenerateSecretString: &sm.SecretStringGenerator{
					SecretStringTemplate: `{"username":"admin"}`,
					GenerateStringKey:    "password",
					ExcludeCharacters:    `"@/\`,
					PasswordLength:       20,
					ExcludePunctuation:   new(true),
					IncludeSpace:         new(false),
				},
			})
		}},
		Case{Name: "secrets-kms-replicas", Build: func(app *constructs.App) {
			s := secretsStack(app)
			key := kms.NewKey(s, "Key", kms.KeyProps{})
			replicaKey := kms.KeyFromKeyARN("arn:aws:kms:eu-central-1:123456789012:key/abcd-1234")
			sm.NewSecret(s, "Secret", sm.SecretProps{
				EncryptionKey:  key,
				ReplicaRegions: []sm.ReplicaRegion{{Region: "eu-west-1"}, {Region: "eu-central-1", EncryptionKey: replicaKey}},
				RemovalPolicy:  cfn.PolicyRetain,
			})
		}},
		Case{Name: "secrets-grants", Build: func(app *constructs.App) {
			s := secretsStack(app)
			key := kms.NewKey(s, "Key", kms.KeyProps{})
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{EncryptionKey: key})
			reader, writer := ec2Role(s, "Reader"), ec2Role(s, "Writer")
			secret.GrantRead(reader)
			secret.GrantWrite(writer)
			plain := sm.NewSecret(s, "Plain", sm.SecretProps{})
			plain.GrantRead(reader, "AWSCURRENT")
			sm.SecretFromSecretNameV2(s, "ByName", "app/token").GrantRead(reader)
			sm.SecretFromSecretCompleteARN(s, "ByCompleteArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/complete-AbCdEf").GrantRead(reader)
			sm.SecretFromSecretPartialARN(s, "ByPartialArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/partial").GrantRead(reader)
			sm.SecretFromSecretAttributes(s, "ByAttributes", sm.SecretAttributes{
				SecretCompleteARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/keyed-AbCdEf",
				EncryptionKey:     kms.KeyFromKeyARN("arn:aws:kms:us-east-1:123456789012:key/abcd-1234"),
			}).GrantRead(writer)
		}},
		Case{Name: "secrets-rotation", Build: func(app *constructs.App) {
			s := secretsStack(app)
			key := kms.NewKey(s, "Key", kms.KeyProps{})
			secret := sm.NewSecret(s, "Secret", sm.SecretProps{EncryptionKey: key})
			fn := lambda.NewFunction(s, "Rotator", lambda.FunctionProps{
				Runtime: lambda.Python312, Handler: "index.handler",
				Code: lambda.CodeFromInline("def handler(event, context):\n    pass\n"),
			})
			secret.AddRotationSchedule("Rotation", sm.RotationScheduleOptions{RotationLambda: fn, AutomaticallyAfter: 7 * 24 * time.Hour})
			other := sm.NewSecret(s, "Other", sm.SecretProps{})
			other.AddRotationSchedule("Rotation", sm.RotationScheduleOptions{RotationLambda: fn, RotateImmediatelyOnUpdate: new(false)})
		}},
		Case{Name: "secrets-codebuild", Build: func(app *constructs.App) {
			s := secretsStack(app)
			secret := sm.NewSecret(s, "Token", sm.SecretProps{EncryptionKey: kms.NewKey(s, "Key", kms.KeyProps{})})
			codebuild.NewPipelineProject(s, "Project", codebuild.PipelineProjectProps{
				EnvironmentVariables: []codebuild.EnvironmentVariable{
					{Name: "TOKEN", Type: codebuild.SecretsManager, Value: secret.SecretARN()},
					{Name: "USER", Type: codebuild.SecretsManager, Value: secret.SecretARN() + ":username"},
					{Name: "NAMED", Type: codebuild.SecretsManager, Value: "app/named:key"},
				},
			})
		}},
		Case{Name: "secrets-values", Build: func(app *constructs.App) {
			s := secretsStack(app)
			role := ec2Role(s, "Role")
			sm.NewSecret(s, "FromAttribute", sm.SecretProps{SecretStringValue: sm.SecretValueFromAttribute(role.Resource.AttrArn())})
			sm.NewSecret(s, "FromObject", sm.SecretProps{SecretObjectValue: map[string]sm.SecretValue{
				"arn": sm.SecretValueFromAttribute(role.Resource.AttrArn()), "name": sm.UnsafePlainText("admin"),
			}})
		}},
		Case{Name: "secrets-ecs", Build: func(app *constructs.App) {
			s := secretsStack(app)
			secret := sm.NewSecret(s, "Db", sm.SecretProps{EncryptionKey: kms.NewKey(s, "Key", kms.KeyProps{})})
			imported := sm.SecretFromSecretNameV2(s, "Api", "app/api")
			td := ecs.NewFargateTaskDefinition(s, "Task", ecs.FargateTaskDefinitionProps{})
			td.AddContainer("App", ecs.ContainerDefinitionOptions{
				Image: ecs.ImageFromRegistry("nginx"),
				OrderedSecrets: []ecs.SecretVar{
					{Name: "DB", Secret: ecs.SecretFromSecretsManager(secret, "")},
					{Name: "DB_PASSWORD", Secret: ecs.SecretFromSecretsManager(secret, "password")},
					{Name: "API_KEY", Secret: ecs.SecretFromSecretsManager(imported, "key")},
				},
			})
		}},
	)
}
