package iam_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

// iamLogsApp builds the IamLogs stack. Parity: its template equals the one
// aws-cdk-lib 2.276.0 writes for the same program under default feature flags
// (checked with tplcmp.py against an oracle app written with Role, Policy,
// ManagedPolicy, the principals, grantPassRole, LogGroup grantWrite and
// grantRead); with minimize set, against the same app run with
// @aws-cdk/aws-iam:minimizePolicies=true.
func iamLogsApp(minimize bool) *constructs.App {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "IamLogs", constructs.StackProps{})
	doc := func(s ...*iam.PolicyStatement) *iam.PolicyDocument {
		return iam.NewPolicyDocument(iam.PolicyDocumentProps{Statements: s, Minimize: minimize})
	}
	_ = doc
	role := iam.NewRole(stack, "Role", iam.RoleProps{
		AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com"),
		ManagedPolicies: []iam.IManagedPolicy{
			iam.ManagedPolicyFromAWSManagedPolicyName("service-role/AWSLambdaBasicExecutionRole"),
			iam.ManagedPolicyFromAWSManagedPolicyName("service-role/AWSLambdaBasicExecutionRole"),
		},
		Description:        "app role",
		MaxSessionDuration: 2 * time.Hour,
		Path:               "/app/",
		InlinePolicies: map[string]*iam.PolicyDocument{
			"Inline": iam.NewPolicyDocument(iam.PolicyDocumentProps{Statements: []*iam.PolicyStatement{
				iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:ListAllMyBuckets"}, Resources: []string{"*"}}),
			}}),
		},
	})
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"sqs:SendMessage", "sqs:SendMessage", "sqs:GetQueueUrl"}, Resources: []string{"arn:aws:sqs:us-east-1:123456789012:queue-a"}}))
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"sqs:SendMessage"}, Resources: []string{"arn:aws:sqs:us-east-1:123456789012:queue-b"}}))
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"sqs:SendMessage"}, Resources: []string{"arn:aws:sqs:us-east-1:123456789012:queue-b"}}))
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Effect: iam.Deny, NotActions: []string{"s3:*"}, NotResources: []string{"arn:aws:s3:::b"}, Sid: "DenyOthers",
		Conditions: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	}))
	if minimize {
		role.DefaultPolicy.Document.SetMinimize(true)
	}
	cross := iam.NewRole(stack, "CrossRole", iam.RoleProps{AssumedBy: iam.NewAccountPrincipal("123456789012"), ExternalIDs: []string{"ext-1"}, RoleName: "cross-role"})
	iam.NewRole(stack, "FedRole", iam.RoleProps{AssumedBy: iam.NewFederatedPrincipal("cognito-identity.amazonaws.com",
		map[string]map[string]any{"StringEquals": {"cognito-identity.amazonaws.com:aud": "pool-1"}}, "sts:AssumeRoleWithWebIdentity")})
	iam.NewRole(stack, "RootRole", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
	iam.NewRole(stack, "ArnRole", iam.RoleProps{AssumedBy: iam.NewARNPrincipal("arn:aws:iam::123456789012:user/alice")})
	iam.NewPolicy(stack, "Extra", iam.PolicyProps{Roles: []iam.IRole{role, cross}, Document: iam.NewPolicyDocument(iam.PolicyDocumentProps{Minimize: minimize}), Statements: []*iam.PolicyStatement{
		iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"ec2:DescribeInstances"}, Resources: []string{"*"}}),
		iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"ec2:DescribeVpcs"}, Resources: []string{"*"}}),
	}})
	iam.NewPolicy(stack, "Named", iam.PolicyProps{PolicyName: "my-policy", Roles: []iam.IRole{cross}, Statements: []*iam.PolicyStatement{
		iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::b/*"}}),
	}})
	iam.NewManagedPolicy(stack, "Managed", iam.ManagedPolicyProps{Description: "managed", Roles: []iam.IRole{role}, Statements: []*iam.PolicyStatement{
		iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"sns:Publish"}, Resources: []string{"*"}}),
	}})
	role.GrantPassRole(cross)
	if minimize {
		cross.DefaultPolicy.Document.SetMinimize(true)
	}
	logs.NewLogGroup(stack, "DefaultLogs", logs.LogGroupProps{})
	named := logs.NewLogGroup(stack, "NamedLogs", logs.LogGroupProps{LogGroupName: "app/logs", Retention: logs.RetentionInfinite, RemovalPolicy: cfn.PolicyDelete})
	month := logs.NewLogGroup(stack, "MonthLogs", logs.LogGroupProps{Retention: logs.OneMonth})
	month.GrantWrite(role)
	named.GrantRead(cross)
	return app
}

func TestIamLogsGolden(t *testing.T) {
	snapshots.CheckDir(t, "testdata/iamlogs", func() *constructs.App { return iamLogsApp(false) })
}

func TestIamLogsMinimizeGolden(t *testing.T) {
	snapshots.CheckDir(t, "testdata/iamlogs-minimize", func() *constructs.App { return iamLogsApp(true) })
}

func synthErr(t *testing.T, app *constructs.App) string {
	t.Helper()
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded; want an error")
	}
	return err.Error()
}

func TestStatementWithoutActions(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Resources: []string{"*"}}))
	msg := synthErr(t, app)
	for _, want := range []string{"S/Role/DefaultPolicy", "at least one action", "PolicyStatementProps.Actions"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
}

func TestBadProps(t *testing.T) {
	tests := []struct {
		name  string
		build func(s *constructs.Stack)
		want  []string
	}{
		{"no principal", func(s *constructs.Stack) { iam.NewRole(s, "R", iam.RoleProps{}) }, []string{"S/R", "AssumedBy is required"}},
		{"session too long", func(s *constructs.Stack) {
			iam.NewRole(s, "R", iam.RoleProps{AssumedBy: iam.NewAnyPrincipal(), MaxSessionDuration: 13 * time.Hour})
		}, []string{"S/R", "between 1h and 12h"}},
		{"bad action", func(s *constructs.Stack) {
			r := iam.NewRole(s, "R", iam.RoleProps{AssumedBy: iam.NewAnyPrincipal()})
			r.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"GetObject"}, Resources: []string{"*"}}))
		}, []string{"S/R/DefaultPolicy", `action "GetObject" is invalid`}},
		{"principal in identity policy", func(s *constructs.Stack) {
			r := iam.NewRole(s, "R", iam.RoleProps{AssumedBy: iam.NewAnyPrincipal()})
			r.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}, Resources: []string{"*"}, Principals: []iam.IPrincipal{iam.NewAnyPrincipal()}}))
		}, []string{"S/R/DefaultPolicy", "cannot specify principals"}},
		{"no resource", func(s *constructs.Stack) {
			r := iam.NewRole(s, "R", iam.RoleProps{AssumedBy: iam.NewAnyPrincipal()})
			r.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}}))
		}, []string{"S/R/DefaultPolicy", "at least one resource"}},
		{"actions and not-actions", func(s *constructs.Stack) {
			r := iam.NewRole(s, "R", iam.RoleProps{AssumedBy: iam.NewAnyPrincipal()})
			r.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}, NotActions: []string{"s3:PutObject"}, Resources: []string{"*"}}))
		}, []string{"S/R/DefaultPolicy", "NotActions to a statement that has Actions"}},
		{"unattached policy", func(s *constructs.Stack) {
			iam.NewPolicy(s, "P", iam.PolicyProps{Statements: []*iam.PolicyStatement{iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}, Resources: []string{"*"}})}})
		}, []string{"S/P", "not attached to any role"}},
		{"bad retention", func(s *constructs.Stack) { logs.NewLogGroup(s, "L", logs.LogGroupProps{Retention: 42}) }, []string{"S/L", "Retention 42 days", "logs.OneMonth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := constructs.NewApp()
			tt.build(constructs.NewStack(app, "S", constructs.StackProps{}))
			msg := synthErr(t, app)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
		})
	}
}

func TestGrantToServicePrincipalAddsNothing(t *testing.T) {
	g := iam.GrantOnPrincipal(iam.GrantOnPrincipalOptions{Grantee: iam.NewServicePrincipal("s3.amazonaws.com"), Actions: []string{"s3:GetObject"}, ResourceARNs: []string{"*"}})
	if g.Success() || g.PrincipalStatement != nil {
		t.Errorf("grant to a service principal = %+v; want no statement", g)
	}
}

// TestStatementProblems checks that a statement records each misuse, in
// order, and that Problems returns a copy.
func TestStatementProblems(t *testing.T) {
	s := iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3GetObject"}})
	s.AddNotActions("s3:PutObject")
	want := []string{
		`action "s3GetObject" is invalid: an action is a service namespace, a colon and an action name ("s3:GetObject"); action names may hold wildcards`,
		"cannot add NotActions to a statement that has Actions; use two statements",
	}
	got := s.Problems()
	if !slices.Equal(got, want) {
		t.Fatalf("Problems() = %q, want %q", got, want)
	}
	got[0] = "changed"
	if s.Problems()[0] != want[0] {
		t.Errorf("Problems returned the statement's own list; it must return a copy")
	}
}
