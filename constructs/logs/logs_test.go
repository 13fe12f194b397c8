package logs_test

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/logs"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

// logsApp builds the Logs stack. Parity: its template equals the one
// aws-cdk-lib 2.276.0 writes for the same program under default feature
// flags (checked with tplcmp.py against an oracle app): a log group with the
// default retention (two years, retained) whose id "Default" gives it the
// logical ID "Resource", a named INFREQUENT_ACCESS group granted for writing
// and for one action, and a never-expiring, deleted group granted for
// reading, in a stack with an explicit account and region.
func logsApp() *constructs.App {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Logs", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
	role := iam.NewRole(stack, "Writer", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	logs.NewLogGroup(stack, "Default", logs.LogGroupProps{})
	web := logs.NewLogGroup(stack, "App", logs.LogGroupProps{LogGroupName: "/app/web", Retention: logs.OneWeek, LogGroupClass: "INFREQUENT_ACCESS"})
	forever := logs.NewLogGroup(stack, "Forever", logs.LogGroupProps{Retention: logs.RetentionInfinite, RemovalPolicy: cfn.PolicyDelete})
	web.GrantWrite(role)
	forever.GrantRead(role)
	web.Grant(role, "logs:DescribeLogStreams")
	return app
}

func TestLogsGolden(t *testing.T) {
	snapshots.CheckDir(t, "testdata/logs", logsApp)
}

func TestBadLogGroup(t *testing.T) {
	for _, tt := range []struct {
		props logs.LogGroupProps
		want  string
	}{
		{logs.LogGroupProps{Retention: 42}, "Retention 42 days"},
		{logs.LogGroupProps{LogGroupName: "bad name!"}, `LogGroupName "bad name!" is invalid`},
	} {
		app := constructs.NewApp()
		logs.NewLogGroup(constructs.NewStack(app, "S", constructs.StackProps{}), "L", tt.props)
		_, err := synth.Synthesize(app)
		if err == nil || !strings.Contains(err.Error(), "S/L") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("props %+v: error %v; want one naming S/L and %q", tt.props, err, tt.want)
		}
	}
}

// TestCfnLint lints the golden templates in one cfn-lint process; it skips,
// loudly, when cfn-lint is not installed.
func TestCfnLint(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.template.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden templates: %v", err)
	}
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("SKIP: cfn-lint is not installed; golden templates NOT linted (pip install cfn-lint==1.51.0)")
	}
	out, err := exec.Command(bin, append([]string{"--non-zero-exit-code", "error"}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("cfn-lint reports errors:\n%s", out)
	} else if len(out) > 0 {
		t.Logf("cfn-lint:\n%s", out)
	}
}

// TestGrantToServicePrincipal checks that a grant to a principal without a
// policy of its own writes the log group's resource policy, as the AWS CDK
// does: the document a JSON string with the log group's ARN inside, named by
// the policy's unique id; an account's principal written as its id (the
// ids and the name are those aws-cdk-lib 2.276.0 writes for this program).
func TestGrantToServicePrincipal(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	g := logs.NewLogGroup(constructs.NewStack(app, "S", constructs.StackProps{}), "L", logs.LogGroupProps{})
	if gr := g.GrantWrite(iam.NewServicePrincipal("delivery.logs.amazonaws.com")); gr.ResourceStatement == nil {
		t.Error("the grant added no resource statement")
	}
	g.Grant(iam.NewARNPrincipal("arn:aws:iam::111122223333:role/r"), "logs:GetLogEvents")
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl struct{ Resources map[string]any }
	if err := json.Unmarshal(files["S.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"Type": "AWS::Logs::ResourcePolicy", "Properties": map[string]any{
		"PolicyName": "SLPolicyA1F11565",
		"PolicyDocument": map[string]any{"Fn::Join": []any{"", []any{
			`{"Statement":[{"Action":["logs:CreateLogStream","logs:PutLogEvents"],"Effect":"Allow","Principal":{"Service":"delivery.logs.amazonaws.com"},"Resource":"`,
			map[string]any{"Fn::GetAtt": []any{"L2EA2915D", "Arn"}},
			`"},{"Action":"logs:GetLogEvents","Effect":"Allow","Principal":{"AWS":"111122223333"},"Resource":["arn:`,
			map[string]any{"Ref": "AWS::Partition"}, ":logs:", map[string]any{"Ref": "AWS::Region"}, ":", map[string]any{"Ref": "AWS::AccountId"}, ":log-group:",
			map[string]any{"Ref": "L2EA2915D"}, `","`, map[string]any{"Fn::GetAtt": []any{"L2EA2915D", "Arn"}},
			`"]}],"Version":"2012-10-17"}`,
		}}},
	}}
	var got any
	for id, r := range tpl.Resources {
		if strings.HasPrefix(id, "LPolicyResourcePolicy") {
			got = r
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("resource policy (-want +got):\n%s", d)
	}
}
