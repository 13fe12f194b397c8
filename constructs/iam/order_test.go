package iam_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/synth"
)

type fakeResource struct {
	constructs.Base
	added []*iam.PolicyStatement
}

func (f *fakeResource) AddToResourcePolicy(s *iam.PolicyStatement) bool {
	f.added = append(f.added, s)
	return true
}

func newFakeResource(scope constructs.Construct, id string) *fakeResource {
	f := &fakeResource{}
	f.Base = constructs.NewBase(f, scope, id)
	return f
}

func resources(t *testing.T, app *constructs.App, stack string) map[string]any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatalf("synthesis failed:\n%v", err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	var tpl map[string]any
	if err := json.Unmarshal(files[stack+".template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl["Resources"].(map[string]any)
}

func stmt(action, resource string) *iam.PolicyStatement {
	return iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{action}, Resources: []string{resource}})
}

func doc(s ...*iam.PolicyStatement) *iam.PolicyDocument {
	return iam.NewPolicyDocument(iam.PolicyDocumentProps{Statements: s})
}

// TestInlinePolicyOrder checks that OrderedInlinePolicies keeps the program's
// order, before the name-sorted InlinePolicies, and that a name given twice
// is an error.
func TestInlinePolicyOrder(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	iam.NewRole(stack, "Role", iam.RoleProps{
		AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com"),
		OrderedInlinePolicies: []iam.InlinePolicy{
			{Name: "zeta", Document: doc(stmt("s3:GetObject", "*"))},
			{Name: "alpha", Document: doc(stmt("s3:PutObject", "*"))},
		},
		InlinePolicies: map[string]*iam.PolicyDocument{"omega": doc(stmt("sqs:SendMessage", "*")), "beta": doc(stmt("sns:Publish", "*"))},
	})
	role := resources(t, app, "S")["Role1ABCC5F0"].(map[string]any)
	var names []string
	for _, p := range role["Properties"].(map[string]any)["Policies"].([]any) {
		names = append(names, p.(map[string]any)["PolicyName"].(string))
	}
	if d := cmp.Diff([]string{"zeta", "alpha", "beta", "omega"}, names); d != "" {
		t.Errorf("policy order (-want +got):\n%s", d)
	}

	app = constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack = constructs.NewStack(app, "S", constructs.StackProps{})
	iam.NewRole(stack, "Role", iam.RoleProps{
		AssumedBy:             iam.NewServicePrincipal("lambda.amazonaws.com"),
		OrderedInlinePolicies: []iam.InlinePolicy{{Name: "a", Document: doc(stmt("s3:GetObject", "*"))}, {Name: "b"}},
		InlinePolicies:        map[string]*iam.PolicyDocument{"a": doc(stmt("s3:GetObject", "*"))},
	})
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded with a policy name given twice")
	}
	for _, w := range []string{"S/Role", `inline policy "a" is given twice`, `inline policy "b" has no document`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}

// TestMinimizeFromContext checks that @aws-cdk/aws-iam:minimizePolicies is
// read from the context, and that SetMinimize(false) wins over it.
func TestMinimizeFromContext(t *testing.T) {
	for _, tc := range []struct {
		name    string
		context map[string]any
		off     bool
		want    int
	}{
		{"unset", nil, false, 2},
		{"true", map[string]any{constructs.FlagIAMMinimizePolicies: true}, false, 1},
		{"string true", map[string]any{constructs.FlagIAMMinimizePolicies: "true"}, false, 1},
		{"false", map[string]any{constructs.FlagIAMMinimizePolicies: false}, false, 2},
		{"true, document off", map[string]any{constructs.FlagIAMMinimizePolicies: true}, true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: tc.context})
			stack := constructs.NewStack(app, "S", constructs.StackProps{})
			role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
			role.AddToPolicy(stmt("s3:GetObject", "arn:aws:s3:::b/*"))
			role.AddToPolicy(stmt("s3:PutObject", "arn:aws:s3:::b/*"))
			if tc.off {
				role.DefaultPolicy.Document.SetMinimize(false)
			}
			pol := resources(t, app, "S")["RoleDefaultPolicy5FFB7DAB"].(map[string]any)
			got := pol["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any)
			if len(got) != tc.want {
				t.Errorf("%d statements, want %d: %v", len(got), tc.want, got)
			}
			if tc.want == 1 {
				want := []any{"s3:GetObject", "s3:PutObject"}
				if d := cmp.Diff(want, got[0].(map[string]any)["Action"]); d != "" {
					t.Errorf("merged actions (-want +got):\n%s", d)
				}
			}
		})
	}
}

// TestGrantOnPrincipalOrResource checks who gets what: a role of the
// resource's account its identity statement only, a role of another account
// both statements, a service principal the resource statement only.
func TestGrantOnPrincipalOrResource(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	here := constructs.NewStack(app, "Here", constructs.StackProps{Env: constructs.Environment{Account: "111111111111", Region: "us-east-1"}})
	there := constructs.NewStack(app, "There", constructs.StackProps{Env: constructs.Environment{Account: "222222222222", Region: "us-east-1"}})
	res := newFakeResource(here, "Res")
	grant := func(g iam.IGrantable) *iam.Grant {
		return iam.GrantOnPrincipalOrResource(iam.GrantOnPrincipalOrResourceOptions{Grantee: g, Actions: []string{"s3:GetObject"}, ResourceARNs: []string{"arn:aws:s3:::b/*"}, Resource: res})
	}
	local := iam.NewRole(here, "Local", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	remote := iam.NewRole(there, "Remote", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	for _, tc := range []struct {
		name                string
		grantee             iam.IGrantable
		principal, resource bool
	}{
		{"same account role", local, true, false},
		{"other account role", remote, true, true},
		{"service", iam.NewServicePrincipal("sns.amazonaws.com"), false, true},
		{"same account principal", iam.NewAccountPrincipal("111111111111"), false, true},
	} {
		g := grant(tc.grantee)
		if (g.PrincipalStatement != nil) != tc.principal || (g.ResourceStatement != nil) != tc.resource {
			t.Errorf("%s: principal statement %v, resource statement %v; want %v, %v", tc.name, g.PrincipalStatement != nil, g.ResourceStatement != nil, tc.principal, tc.resource)
		}
	}
	if len(res.added) != 3 {
		t.Errorf("%d resource statements, want 3", len(res.added))
	}
}

// TestRoleGrantWithoutEffectFails checks that a grant on a role to a
// principal without a policy is an error naming the role, not a no-op.
func TestRoleGrantWithoutEffectFails(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	role.GrantPassRole(iam.NewServicePrincipal("ecs.amazonaws.com"))
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "S/Role") || !strings.Contains(err.Error(), "ecs.amazonaws.com") {
		t.Errorf("error %v; want one naming S/Role and the principal", err)
	}
}

// TestDefaultPolicyKeepsOneOfEqualStatements checks that a role's default
// policy keeps the first of statements equal as sets, as the AWS CDK's
// Role does, while a Policy of its own keeps both.
func TestDefaultPolicyKeepsOneOfEqualStatements(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	ab := iam.PolicyStatementProps{Actions: []string{"s3:GetObject", "s3:PutObject"}, Resources: []string{"*"}}
	ba := iam.PolicyStatementProps{Actions: []string{"s3:PutObject", "s3:GetObject"}, Resources: []string{"*"}}
	role.AddToPolicy(iam.NewPolicyStatement(ab))
	role.AddToPolicy(iam.NewPolicyStatement(ba))
	iam.NewPolicy(stack, "Own", iam.PolicyProps{Roles: []iam.IRole{role}, Statements: []*iam.PolicyStatement{iam.NewPolicyStatement(ab), iam.NewPolicyStatement(ba)}})
	res := resources(t, app, "S")
	count := func(id string) int {
		return len(res[id].(map[string]any)["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any))
	}
	if n := count("RoleDefaultPolicy5FFB7DAB"); n != 1 {
		t.Errorf("default policy: %d statements, want 1", n)
	}
	for id := range res {
		if strings.HasPrefix(id, "Own") {
			if n := count(id); n != 2 {
				t.Errorf("policy of its own: %d statements, want 2", n)
			}
		}
	}
}
