package kms_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/synth"
)

func TestKeyDefaultPolicyAndStatements(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "us-east-1"}})
	k := kms.NewKey(stack, "Key", kms.KeyProps{Description: "d", EnableKeyRotation: true})
	root := iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"kms:*"}, Resources: []string{"*"}, Principals: []iam.IPrincipal{iam.NewAccountRootPrincipal()}})
	if !k.AddToResourcePolicy(root) {
		t.Error("AddToResourcePolicy reported false for a key in the program")
	}
	if kms.KeyFromKeyARN("arn:aws:kms:us-east-1:1:key/x").AddToResourcePolicy(root) {
		t.Error("AddToResourcePolicy reported true for an imported key")
	}
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl map[string]any
	if err := json.Unmarshal(files["S.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	var want any
	_ = json.Unmarshal([]byte(`{"Type":"AWS::KMS::Key","Properties":{"Description":"d","EnableKeyRotation":true,
	 "KeyPolicy":{"Statement":[{"Action":"kms:*","Effect":"Allow","Principal":{"AWS":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::123456789012:root"]]}},"Resource":"*"}],"Version":"2012-10-17"}},
	 "UpdateReplacePolicy":"Retain","DeletionPolicy":"Retain"}`), &want)
	if d := cmp.Diff(want, tpl["Resources"].(map[string]any)["Key961B73FD"]); d != "" {
		t.Errorf("key (-want +got), the identical statement written once:\n%s", d)
	}
}
