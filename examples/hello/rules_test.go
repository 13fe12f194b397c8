package main

import (
	"testing"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/synth"
)

// TestNoUnsuppressedFindings keeps the example free of unsuppressed
// findings of the rule pack: each suppression in main.go says why.
func TestNoUnsuppressedFindings(t *testing.T) {
	app := newApp()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := cli.RulesReport(app, asm)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Unsuppressed() {
		t.Errorf("%s %s %s: %s", f.Level, f.Rule, f.Path, f.Message)
	}
	for _, f := range rep.Findings {
		if f.Suppressed && f.Reason == "" {
			t.Errorf("%s %s is suppressed without a reason", f.Rule, f.Path)
		}
	}
}
