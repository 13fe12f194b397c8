package secretsmanager_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/lambda"
	sm "github.com/forma-iac/forma/constructs/secretsmanager"
	"github.com/forma-iac/forma/synth"
)

func newStack(props constructs.StackProps) (*constructs.App, *constructs.Stack) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	return app, constructs.NewStack(app, "S", props)
}

func templateJSON(t *testing.T, app *constructs.App, stack string) string {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	return string(files[stack+".template.json"])
}

func synthError(t *testing.T, app *constructs.App, want ...string) {
	t.Helper()
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}

func TestDynamicReferences(t *testing.T) {
	app, s := newStack(constructs.StackProps{})
	secret := sm.NewSecret(s, "Secret", sm.SecretProps{})
	imported := sm.SecretFromSecretNameV2(s, "Imported", "app/token")
	cfn.NewOutput(s, "Whole", cfn.OutputProps{Value: secret.SecretValue().UnsafeUnwrap()})
	cfn.NewOutput(s, "Field", cfn.OutputProps{Value: secret.SecretValueFromJSON("password").UnsafeUnwrap()})
	cfn.NewOutput(s, "ImportedValue", cfn.OutputProps{Value: imported.SecretValueFromJSON("key").UnsafeUnwrap()})
	tpl := templateJSON(t, app, "S")
	for _, want := range []string{
		`"Whole":{"Value":{"Fn::Join":["",["{{resolve:secretsmanager:",{"Ref":"SecretA720EF05"},":SecretString:::}}"]]}}`,
		`"Field":{"Value":{"Fn::Join":["",["{{resolve:secretsmanager:",{"Ref":"SecretA720EF05"},":SecretString:password::}}"]]}}`,
		`":secret:app/token:SecretString:key::}}"`,
	} {
		if !strings.Contains(compact(t, tpl), want) {
			t.Errorf("template has no %s:\n%s", want, tpl)
		}
	}
	if got := sm.SecretValueFromSecretsManager("x", sm.SecretsManagerOptions{VersionStage: "AWSPREVIOUS"}).UnsafeUnwrap(); got != "{{resolve:secretsmanager:x:SecretString::AWSPREVIOUS:}}" {
		t.Errorf("version stage reference = %s", got)
	}
}

func compact(t *testing.T, s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestNoValueInTemplateByDefault(t *testing.T) {
	app, s := newStack(constructs.StackProps{})
	sm.NewSecret(s, "Secret", sm.SecretProps{GenerateSecretString: &sm.SecretStringGenerator{SecretStringTemplate: `{"u":"a"}`, GenerateStringKey: "p"}})
	if tpl := templateJSON(t, app, "S"); strings.Contains(tpl, "\"SecretString\"") {
		t.Errorf("a generated secret writes a SecretString:\n%s", tpl)
	}
}

func TestLiteralValues(t *testing.T) {
	app, s := newStack(constructs.StackProps{})
	user := iam.NewRole(s, "R", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ec2.amazonaws.com")})
	sm.NewSecret(s, "FromAttr", sm.SecretProps{SecretStringValue: sm.SecretValueFromAttribute(user.RoleARN())})
	sm.NewSecret(s, "Plain", sm.SecretProps{SecretStringValue: sm.UnsafePlainText("not-a-secret")})
	sm.NewSecret(s, "Object", sm.SecretProps{SecretObjectValue: map[string]sm.SecretValue{
		"user": sm.UnsafePlainText("admin"), "role": sm.SecretValueFromAttribute(user.RoleARN()),
	}})
	sm.NewSecret(s, "Ordered", sm.SecretProps{
		OrderedSecretObjectValue: []sm.SecretField{{Key: "z", Value: sm.UnsafePlainText("1")}, {Key: "a", Value: sm.UnsafePlainText("2")}},
		SecretObjectValue:        map[string]sm.SecretValue{"b": sm.UnsafePlainText("3")},
	})
	tpl := compact(t, templateJSON(t, app, "S"))
	for _, want := range []string{
		`"SecretString":{"Fn::GetAtt":["R`,
		`"SecretString":"not-a-secret"`,
		`"SecretString":{"Fn::Join":["",["{\"role\":\"",{"Fn::GetAtt":["R`,
		`"SecretString":"{\"z\":\"1\",\"a\":\"2\",\"b\":\"3\"}"`,
	} {
		if !strings.Contains(tpl, want) {
			t.Errorf("template has no %s:\n%s", want, tpl)
		}
	}
}

func TestValueErrors(t *testing.T) {
	app, s := newStack(constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
	sm.NewSecret(s, "Both", sm.SecretProps{
		GenerateSecretString: &sm.SecretStringGenerator{},
		SecretStringValue:    sm.UnsafePlainText("x"),
	})
	sm.NewSecret(s, "Literal", sm.SecretProps{SecretStringValue: sm.SecretValueFromAttribute("hunter2")})
	sm.NewSecret(s, "HalfTemplate", sm.SecretProps{GenerateSecretString: &sm.SecretStringGenerator{SecretStringTemplate: `{"u":"a"}`}})
	sm.NewSecret(s, "BadTemplate", sm.SecretProps{GenerateSecretString: &sm.SecretStringGenerator{SecretStringTemplate: `{u}`, GenerateStringKey: "p"}})
	sm.NewSecret(s, "Replica", sm.SecretProps{ReplicaRegions: []sm.ReplicaRegion{{Region: "eu-west-1"}}})
	shared := sm.NewSecret(s, "Shared", sm.SecretProps{})
	shared.GrantRead(iam.NewAccountPrincipal("222222222222"))
	sm.SecretFromSecretAttributes(s, "NoARN", sm.SecretAttributes{})
	sm.SecretFromSecretCompleteARN(s, "Incomplete", "arn:aws:secretsmanager:eu-west-1:111111111111:secret:app")
	sm.NewSecret(s, "NoFn", sm.SecretProps{}).AddRotationSchedule("Rotation", sm.RotationScheduleOptions{})
	sm.NewSecret(s, "TwiceKey", sm.SecretProps{
		OrderedSecretObjectValue: []sm.SecretField{{Key: "user", Value: sm.UnsafePlainText("a")}},
		SecretObjectValue:        map[string]sm.SecretValue{"user": sm.UnsafePlainText("b")},
	})
	sm.NewSecret(s, "BothRules", sm.SecretProps{}).AddRotationSchedule("Rotation", sm.RotationScheduleOptions{
		RotationLambda: lambda.FunctionFromFunctionARN(s, "Fn", "arn:aws:lambda:eu-west-1:111111111111:function:f"), NoAutomaticRotation: true, AutomaticallyAfter: time.Hour * 24,
	})
	synthError(t, app,
		"S/BothRules/Rotation: NoAutomaticRotation and AutomaticallyAfter 24h0m0s are both set",
		"S/TwiceKey: SecretProps gives the JSON key \"user\" twice",
		"S/Both: SecretProps sets GenerateSecretString and SecretStringValue",
		"S/Literal: SecretProps.SecretStringValue is a plain string",
		"S/HalfTemplate: GenerateSecretString: SecretStringTemplate and GenerateStringKey must be set together",
		"S/BadTemplate: GenerateSecretString.SecretStringTemplate \"{u}\" is not JSON",
		"S/Replica: replica region eu-west-1 is the region the stack deploys to",
		"S/Shared: GrantRead to account 222222222222: a secret shared with another account needs a customer-managed key",
		"S/NoARN: SecretAttributes: set exactly one of SecretCompleteARN and SecretPartialARN",
		"S/Incomplete: SecretCompleteARN",
		"S/NoFn/Rotation: RotationLambda is required",
	)
}

func TestCrossEnvironmentGrantUsesWildcard(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	a := constructs.NewStack(app, "A", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
	b := constructs.NewStack(app, "B", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
	secret := sm.NewSecret(a, "Secret", sm.SecretProps{SecretName: "shared"})
	role := iam.NewRole(b, "R", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ec2.amazonaws.com")})
	if got := secret.ARNForPolicies(role); !strings.HasSuffix(got, "-??????") {
		t.Errorf("ARNForPolicies in another region = %q, want a -?????? suffix", got)
	}
	if got := secret.ARNForPolicies(secret); got != secret.SecretARN() {
		t.Errorf("ARNForPolicies in the secret's stack = %q, want the ARN", got)
	}
}

func TestRotationOfImportedFunctionAddsNoGrants(t *testing.T) {
	app, s := newStack(constructs.StackProps{})
	key := kms.NewKey(s, "Key", kms.KeyProps{})
	secret := sm.NewSecret(s, "Secret", sm.SecretProps{EncryptionKey: key})
	fn := lambda.FunctionFromFunctionARN(s, "Fn", "arn:aws:lambda:us-east-1:123456789012:function:rotator")
	secret.AddRotationSchedule("Rotation", sm.RotationScheduleOptions{RotationLambda: fn})
	tpl := compact(t, templateJSON(t, app, "S"))
	if strings.Contains(tpl, "AWS::Lambda::Permission") {
		t.Errorf("an imported rotation function got a permission:\n%s", tpl)
	}
	for _, want := range []string{`"RotationLambdaARN":"arn:aws:lambda:us-east-1:123456789012:function:rotator"`, `"ScheduleExpression":"rate(30 days)"`, `"secretsmanager:DeleteSecret"`} {
		if !strings.Contains(tpl, want) {
			t.Errorf("template has no %s:\n%s", want, tpl)
		}
	}
}

func TestSecretNames(t *testing.T) {
	app, s := newStack(constructs.StackProps{})
	generated := sm.NewSecret(s, "A", sm.SecretProps{})
	named := sm.NewSecret(s, "B", sm.SecretProps{SecretName: "app/db-creds"})
	cfn.NewOutput(s, "NA", cfn.OutputProps{Value: generated.SecretName()})
	cfn.NewOutput(s, "NB", cfn.OutputProps{Value: named.SecretName()})
	tpl := compact(t, templateJSON(t, app, "S"))
	for _, want := range []string{
		`"NA":{"Value":{"Fn::Join":["-",[{"Fn::Select":[0,{"Fn::Split":["-",{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"ACCC8ACD5"}]}]}]}]},{"Fn::Select":[1,{"Fn::Split":["-",{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"ACCC8ACD5"}]}]}]}]}]]}}`,
		`"NB":{"Value":{"Fn::Join":["-",[{"Fn::Select":[0,`,
	} {
		if !strings.Contains(tpl, want) {
			t.Errorf("template has no %s:\n%s", want, tpl)
		}
	}
	for arn, want := range map[string]string{
		"arn:aws:secretsmanager:us-east-1:1:secret:my-secret":        "my", // the AWS CDK strips any 6 characters after the last "-"
		"arn:aws:secretsmanager:us-east-1:1:secret:app/token-AbCdEf": "app/token",
		"arn:aws:secretsmanager:us-east-1:1:secret:app/token":        "app/token",
	} {
		if got := sm.SecretFromSecretPartialARN(s, "I"+want+arn[len(arn)-3:], arn).SecretName(); got != want {
			t.Errorf("SecretName of %s = %q, want %q", arn, got, want)
		}
	}

	app = constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: map[string]any{"@aws-cdk/aws-secretsmanager:parseOwnedSecretName": false}})
	s = constructs.NewStack(app, "S", constructs.StackProps{})
	cfn.NewOutput(s, "N", cfn.OutputProps{Value: sm.NewSecret(s, "A", sm.SecretProps{}).SecretName()})
	if tpl := compact(t, templateJSON(t, app, "S")); !strings.Contains(tpl, `"N":{"Value":{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"ACCC8ACD5"}]}]}}`) {
		t.Errorf("with the flag off, the name is the ARN's resource name:\n%s", tpl)
	}
}
