package lambda_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/synth"
)

func inlineFunction(stack *constructs.Stack, id string) *lambda.Function {
	return lambda.NewFunction(stack, id, lambda.FunctionProps{Runtime: lambda.NodeJS22X, Handler: "index.handler", Code: lambda.CodeFromInline("exports.handler = 1;")})
}

func TestFunctionURLErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	f := inlineFunction(stack, "Fn")
	f.AddFunctionURL(lambda.FunctionURLOptions{AuthType: "PUBLIC", InvokeMode: "STREAM", CORS: &lambda.FunctionURLCORSOptions{MaxAge: 25 * time.Hour}})
	u := lambda.NewFunctionURL(stack, "Orphan", lambda.FunctionURLProps{})
	u.GrantInvokeURL(iam.NewServicePrincipal("cloudfront.amazonaws.com"))
	f.GrantInvokeURL(nil)
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{
		`S/Fn/FunctionUrl: FunctionURLOptions.AuthType "PUBLIC" is not one Lambda offers`,
		`FunctionURLOptions.InvokeMode "STREAM" is not one Lambda offers`,
		"FunctionURLCORSOptions.MaxAge 25h0m0s must be whole seconds up to 86400",
		"S/Orphan: FunctionURLProps.Function is required",
		"S/Fn: GrantInvokeURL was given a nil grantee",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
}

// TestFunctionURLPublicPermissions checks what a URL of auth type NONE adds
// to the function's resource policy and that an IAM URL adds nothing.
func TestFunctionURLPublicPermissions(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	pub := inlineFunction(stack, "Public")
	u := pub.AddFunctionURL(lambda.FunctionURLOptions{AuthType: lambda.FunctionURLAuthTypeNone})
	priv := inlineFunction(stack, "Private")
	if got := priv.AddFunctionURL().AuthType(); got != lambda.FunctionURLAuthTypeAWSIAM {
		t.Errorf("default auth type %s, want AWS_IAM", got)
	}
	if u.AuthType() != lambda.FunctionURLAuthTypeNone {
		t.Errorf("auth type %s, want NONE", u.AuthType())
	}
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(files["S.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	var perms []string
	for id, r := range tpl.Resources {
		if r.Type != "AWS::Lambda::Permission" {
			continue
		}
		if !strings.HasPrefix(id, "Publicinvokefunction") {
			t.Errorf("unexpected permission %s", id)
		}
		if r.Properties["Principal"] != "*" {
			t.Errorf("%s: principal %v, want *", id, r.Properties["Principal"])
		}
		perms = append(perms, r.Properties["Action"].(string))
		switch r.Properties["Action"] {
		case "lambda:InvokeFunctionUrl":
			if r.Properties["FunctionUrlAuthType"] != "NONE" {
				t.Errorf("%s: FunctionUrlAuthType %v", id, r.Properties["FunctionUrlAuthType"])
			}
		case "lambda:InvokeFunction":
			if r.Properties["InvokedViaFunctionUrl"] != true {
				t.Errorf("%s: InvokedViaFunctionUrl %v", id, r.Properties["InvokedViaFunctionUrl"])
			}
		}
	}
	if len(perms) != 2 {
		t.Errorf("permissions %v, want lambda:InvokeFunctionUrl and lambda:InvokeFunction", perms)
	}
}
