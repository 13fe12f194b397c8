package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/rules"
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
