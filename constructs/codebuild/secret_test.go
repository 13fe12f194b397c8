package codebuild_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codebuild"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/secretsmanager"
)

func TestSecretEnvironmentVariables(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	key := kms.NewKey(stack, "Key", kms.KeyProps{})
	token := secretsmanager.NewSecret(stack, "Token", secretsmanager.SecretProps{EncryptionKey: key})
	named := secretsmanager.SecretFromSecretNameV2(stack, "Named", "app/named")
	codebuild.NewPipelineProject(stack, "P", codebuild.PipelineProjectProps{EnvironmentVariables: []codebuild.EnvironmentVariable{
		{Name: "TOKEN", Secret: token},
		{Name: "USER", Secret: token, Value: "username"},
		{Name: "NAMED", Secret: named, Value: "key"},
	}})
	res := resources(t, app, "S")
	pol := policyJSON(t, res)
	for _, want := range []string{
		`{"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Resource":[{"Ref":"TokenCB33349F"},{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":secretsmanager:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":secret:app/named-??????"]]}]}`,
	} {
		if !strings.Contains(pol, want) {
			t.Errorf("policy lacks %s:\n%s", want, pol)
		}
	}
	var env, keyPolicy []byte
	for _, r := range res {
		switch r["Type"] {
		case "AWS::CodeBuild::Project":
			env, _ = json.Marshal(r["Properties"].(map[string]any)["Environment"].(map[string]any)["EnvironmentVariables"])
		case "AWS::KMS::Key":
			keyPolicy, _ = json.Marshal(r["Properties"])
		}
	}
	for _, want := range []string{
		`{"Name":"TOKEN","Type":"SECRETS_MANAGER","Value":{"Ref":"TokenCB33349F"}}`,
		`{"Name":"USER","Type":"SECRETS_MANAGER","Value":{"Fn::Join":["",[{"Ref":"TokenCB33349F"},":username"]]}}`,
		`":secret:app/named:key"]]}}`,
	} {
		if !strings.Contains(string(env), want) {
			t.Errorf("environment lacks %s:\n%s", want, env)
		}
	}
	if !strings.Contains(string(keyPolicy), `{"Action":"kms:Decrypt","Condition":{"StringEquals":{"kms:ViaService":{"Fn::Join":["",["secretsmanager.",{"Ref":"AWS::Region"},".amazonaws.com"]]}}},"Effect":"Allow","Principal":{"AWS":{"Fn::GetAtt":["PRole`) {
		t.Errorf("the key policy does not let the project's role decrypt through Secrets Manager:\n%s", keyPolicy)
	}
}
