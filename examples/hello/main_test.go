package main

import (
	"testing"

	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

func TestSnapshot(t *testing.T) {
	snapshots.Check(t, "hello", newApp)
}

// BenchmarkSynthHello builds and synthesizes the hello app, files rendered.
func BenchmarkSynthHello(b *testing.B) {
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
