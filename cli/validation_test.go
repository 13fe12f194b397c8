package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
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
