package main

import (
	"testing"

	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

func TestSnapshot(t *testing.T) {
	snapshots.Check(t, "electrify", newApp)
}

// BenchmarkSynthElectrify builds and synthesizes the electrify app
// in-process, files rendered (the release trigger's build is remembered
// after the first run, as in one process).
func BenchmarkSynthElectrify(b *testing.B) {
	for b.Loop() {
		asm, err := synth.Synthesize(newApp())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := asm.Files(false); err != nil {
			b.Fatal(err)
		}
	}
}
