package kms_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/synth"
)

func synthStack(t *testing.T, app *constructs.App, name string) map[string]any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl map[string]any
	if err := json.Unmarshal(files[name+".template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl["Resources"].(map[string]any)
}

func TestAliasesAndGrants(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	k := kms.NewKey(stack, "Key", kms.KeyProps{Alias: "first"})
	k.AddAlias("alias/second")
	role := iam.NewRole(stack, "R", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	k.GrantDecrypt(role)
	res := synthStack(t, app, "S")
	names := map[string]bool{}
	for id, r := range res {
		m := r.(map[string]any)
		if m["Type"] == "AWS::KMS::Alias" {
			names[m["Properties"].(map[string]any)["AliasName"].(string)] = true
			if !strings.HasPrefix(id, "KeyAlias") {
				t.Errorf("alias logical ID %s is not below the key", id)
			}
		}
	}
	if !names["alias/first"] || !names["alias/second"] {
		t.Errorf("aliases = %v, want alias/first and alias/second", names)
	}
	var pol []byte
	for id, r := range res {
		if strings.HasPrefix(id, "RDefaultPolicy") {
			pol, _ = json.Marshal(r)
		}
	}
	if !strings.Contains(string(pol), `"kms:Decrypt"`) {
		t.Errorf("the role's policy has no kms:Decrypt: %s", pol)
	}
}

func TestAliasErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	kms.NewAlias(stack, "Reserved", kms.AliasProps{AliasName: "alias/aws/s3", TargetKey: kms.KeyFromKeyARN("arn:aws:kms:us-east-1:1:key/x")})
	kms.NewAlias(stack, "NoKey", kms.AliasProps{AliasName: "x"})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{"S/Reserved", "reserved for AWS-managed keys", "S/NoKey", "TargetKey is required"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestAliasNameRefFlag(t *testing.T) {
	for _, on := range []bool{false, true} {
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: map[string]any{"@aws-cdk/aws-kms:aliasNameRef": on}})
		stack := constructs.NewStack(app, "S", constructs.StackProps{})
		a := kms.NewKey(stack, "Key", kms.KeyProps{}).AddAlias("x")
		if got := a.AliasName() != "alias/x"; got != on {
			t.Errorf("flag %v: AliasName() = %q", on, a.AliasName())
		}
	}
}
