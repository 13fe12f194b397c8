package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/rules"
	"github.com/forma-iac/forma/synth"
)

func schemaErrorApp() *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	st := constructs.NewStack(app, "S", constructs.StackProps{})
	cfn.NewResource(st, "Queue", "AWS::SQS::Queue", map[string]any{"VisibilityTimeout": 50000, "FifoQueue": "sure"})
	return app
}

func TestSchemaErrorsFailSynth(t *testing.T) {
	r := run(schemaErrorApp(), "synth", "-q", "-o", filepath.Join(t.TempDir(), "out"))
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"error: S/Queue: AWS::SQS::Queue property FifoQueue: wanted a boolean, given a string \"sure\"",
		"error: S/Queue: AWS::SQS::Queue property VisibilityTimeout: wanted a number from 0 to 43200, given 50000",
		"synthesis failed with 2 errors",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestNoValidationFlag(t *testing.T) {
	run(schemaErrorApp(), "synth", "-q", "--no-validation", "-o", filepath.Join(t.TempDir(), "out")).ok(t)
	t.Setenv(NoValidationEnv, "1")
	run(schemaErrorApp(), "synth", "-q", "-o", filepath.Join(t.TempDir(), "out")).ok(t)
}

func TestRulesReportAndStrict(t *testing.T) {
	build := func() *constructs.App {
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
		st := constructs.NewStack(app, "S", constructs.StackProps{})
		cfn.NewResource(st, "Key", "AWS::KMS::Key", nil)
		return app
	}
	dir := filepath.Join(t.TempDir(), "out")
	r := run(build(), "synth", "-o", dir).ok(t)
	if !strings.Contains(r.stderr, "ERROR  KMS.Rotation  S/Key") || !strings.Contains(r.stderr, "rules: 1 error, 0 warnings, 0 suppressed") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	for _, f := range []string{RulesJSONFile, RulesSARIFFile} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || !strings.Contains(string(b), "KMS.Rotation") {
			t.Errorf("%s: %v %s", f, err, b)
		}
	}
	r = run(build(), "synth", "-q", "--strict", "-o", filepath.Join(t.TempDir(), "out"))
	if r.code != 1 || !strings.Contains(r.stderr, "--strict: 1 unsuppressed rule error; fix them, or suppress each with rules.Suppress") {
		t.Errorf("--strict: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	t.Setenv(StrictEnv, "1")
	if r := run(build(), "synth", "-q", "-o", filepath.Join(t.TempDir(), "out")); r.code != 1 {
		t.Errorf("FORMA_STRICT=1: exit code %d, want 1", r.code)
	}
	app := build()
	rules.Suppress(app, "KMS.Rotation", "the key encrypts test data only")
	r = run(app, "synth", "--strict", "-o", filepath.Join(t.TempDir(), "out")).ok(t)
	if strings.Contains(r.stderr, "KMS.Rotation") {
		t.Errorf("a suppressed finding is in the table:\n%s", r.stderr)
	}
}

// TestRulesOnRenderedStacks checks that the rule pack run over each stack as
// synthesis renders it reports what it reports from the templates written.
func TestRulesOnRenderedStacks(t *testing.T) {
	build := func() *constructs.App {
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
		for _, name := range []string{"B", "A", "C"} {
			st := constructs.NewStack(app, name, constructs.StackProps{})
			cfn.NewResource(st, "Key", "AWS::KMS::Key", nil)
			cfn.NewResource(st, "Bucket", "AWS::S3::Bucket", nil)
			cfn.NewResource(st, "Queue", "AWS::SQS::Queue", map[string]any{"VisibilityTimeout": 30})
			cfn.NewResource(st, "Group", "AWS::EC2::SecurityGroup", map[string]any{
				"GroupDescription": "open",
				"SecurityGroupIngress": []any{
					map[string]any{"CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22},
					map[string]any{"CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443},
					map[string]any{"CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 1000, "ToPort": 2000},
				},
			})
			cfn.NewResource(st, "Log", "AWS::Logs::LogGroup", nil)
		}
		rules.Suppress(app.Node().FindChild("A"), "S3.Versioning", "the bucket holds nothing")
		return app
	}
	dir := filepath.Join(t.TempDir(), "out")
	run(build(), "synth", "-q", "-o", dir).ok(t)
	got, err := os.ReadFile(filepath.Join(dir, RulesJSONFile))
	if err != nil {
		t.Fatal(err)
	}
	app := build()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RulesReport(app, asm)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) < 10 {
		t.Fatalf("only %d findings", len(rep.Findings))
	}
	if want := rep.JSON(); string(got) != string(want) {
		t.Errorf("the report of the rendered stacks differs from the templates':\n%s\nwant:\n%s", got, want)
	}
}
