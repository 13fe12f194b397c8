package lambda_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/events"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/synth"
)

// versionID synthesizes a function built by mutate and returns its
// current version's logical ID.
func versionID(t *testing.T, mutate func(p *lambda.FunctionProps, f func() *lambda.Function)) string {
	t.Helper()
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	p := lambda.FunctionProps{Runtime: lambda.NodeJS22X, Handler: "index.handler", Code: lambda.CodeFromInline("exports.handler = 1;")}
	var fn *lambda.Function
	mutate(&p, func() *lambda.Function { return fn })
	fn = lambda.NewFunction(stack, "Fn", p)
	v := fn.CurrentVersion()
	mutate(nil, func() *lambda.Function { return fn })
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl struct {
		Resources map[string]struct{ Type string }
	}
	_ = json.Unmarshal(files["S.template.json"], &tpl)
	id := v.Resource.LogicalID()
	if tpl.Resources[id].Type != "AWS::Lambda::Version" {
		t.Fatalf("no version %s in the template", id)
	}
	if !strings.HasPrefix(id, "FnCurrentVersion") || len(id) != len("FnCurrentVersion")+8+32 {
		t.Errorf("version logical ID %s is not FnCurrentVersion + 8 + 32 hex", id)
	}
	return id
}

func TestCurrentVersionChangesWithCodeOnly(t *testing.T) {
	base := versionID(t, func(*lambda.FunctionProps, func() *lambda.Function) {})
	code := versionID(t, func(p *lambda.FunctionProps, _ func() *lambda.Function) {
		if p != nil {
			p.Code = lambda.CodeFromInline("exports.handler = 2;")
		}
	})
	env := versionID(t, func(p *lambda.FunctionProps, f func() *lambda.Function) {
		if p == nil {
			f().AddEnvironment("LATE", "1") // added after CurrentVersion: still hashed
		}
	})
	reserved := versionID(t, func(p *lambda.FunctionProps, _ func() *lambda.Function) {
		if p != nil {
			p.ReservedConcurrentExecutions = new(5)
		}
	})
	if code == base || env == base {
		t.Errorf("a code or environment change kept the version %s", base)
	}
	if reserved != base {
		t.Errorf("reserved concurrency changed the version: %s vs %s", reserved, base)
	}
}

func TestFunctionErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	lambda.NewFunction(stack, "Java", lambda.FunctionProps{Runtime: lambda.Java21, Handler: "h", Code: lambda.CodeFromInline("x")})
	lambda.NewFunction(stack, "Empty", lambda.FunctionProps{})
	lambda.NewFunction(stack, "Limits", lambda.FunctionProps{Runtime: lambda.Python313, Handler: "h", Code: lambda.CodeFromInline(""), MemorySize: 64, Timeout: 16 * 60e9})
	lambda.NewAlias(stack, "Alias", lambda.AliasProps{})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{
		"S/Java", "inline code is not supported by runtime java21",
		"S/Empty", "Runtime is required", "Handler is required", "Code is required",
		"S/Limits", "inline code is empty", "MemorySize 64 MiB", "Timeout 16m0s",
		"S/Alias", "AliasName is required", "Version is required",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestGrantInvokeToServiceAndEventTarget(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	fn := lambda.NewFunction(stack, "Fn", lambda.FunctionProps{Runtime: lambda.NodeJS22X, Handler: "index.handler", Code: lambda.CodeFromInline("x")})
	if g := fn.GrantInvoke(iam.NewServicePrincipal("apigateway.amazonaws.com")); g.ResourceStatement == nil {
		t.Error("GrantInvoke to a service added no permission")
	}
	fn.GrantInvoke(iam.NewServicePrincipal("apigateway.amazonaws.com")) // once
	rule := events.NewRule(stack, "R", events.RuleProps{Schedule: new(events.ScheduleExpression("rate(1 hour)"))})
	rule.AddTarget(lambda.EventTarget{Function: fn})
	rule.AddTarget(lambda.EventTarget{Function: fn}) // one permission per rule and function
	perms := 0
	for _, c := range stack.Node().FindAll() {
		if r := cfn.ResourceOf(c); r != nil && r.CfnType() == "AWS::Lambda::Permission" {
			perms++
		}
	}
	if perms != 2 {
		t.Errorf("%d permissions, want 2 (one invoke grant, one rule)", perms)
	}
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
}

// TestRuntimesMatchTheRegistrySchema checks AllRuntimes against the Runtime
// enum of the installed cfn-lint's AWS::Lambda::Function schema.
func TestRuntimesMatchTheRegistrySchema(t *testing.T) {
	out, err := exec.Command("python3", "-c", `import cfnlint,glob,json,os
for f in glob.glob(os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas", "resources", "*.json")):
    with open(f) as fh:
        text = fh.read()
    if '"AWS::Lambda::Function"' not in text:
        continue
    d = json.loads(text)
    if d.get("typeName") == "AWS::Lambda::Function":
        print("\n".join(d["properties"]["Runtime"]["enum"]))
        break`).Output()
	if err != nil {
		t.Skip("cfn-lint is not installed")
	}
	enum := strings.Fields(string(out))
	if enum == nil {
		t.Skip("no AWS::Lambda::Function schema found")
	}
	var have []string
	for _, r := range lambda.AllRuntimes {
		have = append(have, r.Name)
	}
	if strings.Join(have, " ") != strings.Join(enum, " ") {
		t.Errorf("runtimes differ from the registry schema:\n forma  %v\n schema %v", have, enum)
	}
}

func TestImportedFunctionPermissions(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	agnostic := constructs.NewStack(app, "A", constructs.StackProps{})
	pinned := constructs.NewStack(app, "P", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "us-east-1"}})
	arn := "arn:aws:lambda:us-east-1:123456789012:function:f"
	p := lambda.Permission{Principal: iam.NewServicePrincipal("events.amazonaws.com")}
	if lambda.FunctionFromFunctionARN(agnostic, "F", arn).AddPermission("X", p) != nil {
		t.Error("a permission was added to a function of an unknown account")
	}
	if lambda.FunctionFromFunctionAttributes(agnostic, "S", lambda.FunctionAttributes{FunctionARN: arn, SameEnvironment: true}).AddPermission("X", p) == nil {
		t.Error("SameEnvironment did not allow the permission")
	}
	if lambda.FunctionFromFunctionARN(pinned, "F", arn).AddPermission("X", p) == nil {
		t.Error("a function of the stack's account got no permission")
	}
	role := iam.NewRole(agnostic, "R", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	withRole := lambda.FunctionFromFunctionAttributes(agnostic, "WithRole", lambda.FunctionAttributes{FunctionARN: arn, Role: role})
	if withRole.GrantPrincipal() != role.GrantPrincipal() {
		t.Error("the imported function's grant principal is not its role")
	}
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
}
