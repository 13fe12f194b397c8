package main

import (
	"testing"

	"github.com/forma-iac/forma/internal/gobuild"
	"github.com/forma-iac/forma/snapshots"
)

// TestSnapshot synthesizes the app twice (the same assembly bytes, or the
// test fails) and compares it with snapshots/serverless: the templates and
// the asset manifests with the hashes of the function's zip and of the
// image, not the zip and the image themselves.
func TestSnapshot(t *testing.T) {
	snapshots.Check(t, "serverless", newApp)
}

// TestSecondSynthesisBuildsNothing: in a new process (the builds this one
// remembers forgotten), a synthesis with nothing changed finds the
// function's build in the cache and runs no go build.
func TestSecondSynthesisBuildsNothing(t *testing.T) {
	snapshots.Files(t, newApp())
	gobuild.Forget()
	before := gobuild.Builds()
	snapshots.Files(t, newApp())
	if n := gobuild.Builds() - before; n != 0 {
		t.Errorf("a second synthesis ran %d go build(s), want none", n)
	}
}
