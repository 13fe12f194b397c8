package logs_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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

// TestGrantWithoutEffectFails checks that a grant to a principal without a
// policy of its own is an error naming the log group, not a silent no-op.
func TestGrantWithoutEffectFails(t *testing.T) {
	app := constructs.NewApp()
	g := logs.NewLogGroup(constructs.NewStack(app, "S", constructs.StackProps{}), "L", logs.LogGroupProps{})
	g.GrantWrite(iam.NewServicePrincipal("delivery.logs.amazonaws.com"))
	_, err := synth.Synthesize(app)
	if err == nil || !strings.Contains(err.Error(), "S/L") || !strings.Contains(err.Error(), "delivery.logs.amazonaws.com") {
		t.Errorf("error %v; want one naming S/L and the principal", err)
	}
}
