package cli

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
)

// panicking is an element whose rendering panics: it stands for a bug in
// forma that synthesis runs into.
type panicking struct{ *cfn.UntypedResource }

func (p panicking) Render() (any, error) { panic("boom\nsecond line") }

func TestPanicIsOneLineAboutABug(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	s := constructs.NewStack(app, "S", constructs.StackProps{})
	p := panicking{}
	p.UntypedResource = &cfn.UntypedResource{}
	p.Init(p, s, "P", cfn.Spec{Type: "AWS::SQS::Queue", Properties: &p.Properties})
	r := run(app, "synth", "-q", "-o", t.TempDir())
	want := "error: internal error: boom second line — this is a bug in forma; please report it with the program that causes it\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", r.code, r.stderr, want)
	}
	if strings.Contains(r.stderr, "goroutine") {
		t.Error("a stack trace was printed")
	}
}
