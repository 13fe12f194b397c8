package main

import (
	"os"
	"testing"
	"time"

	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

func TestSnapshot(t *testing.T) {
	snapshots.Check(t, "release", newApp)
}

// BenchmarkSynthRelease builds and synthesizes the release app in-process,
// files rendered.
func BenchmarkSynthRelease(b *testing.B) {
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

// TestSynthFloor checks the in-process floor (10 ms per synthesis, the
// best of seven runs). Like TestBinaryFloors it is a measurement and runs
// only with FORMA_BENCH_BINARY=1 (make bench sets it).
func TestSynthFloor(t *testing.T) {
	if os.Getenv("FORMA_BENCH_BINARY") != "1" {
		t.Skip("set FORMA_BENCH_BINARY=1 to measure synthesis (make bench does)")
	}
	best := time.Hour
	for range 7 {
		start := time.Now()
		asm, err := synth.Synthesize(newApp())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := asm.Files(false); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	t.Logf("in-process synthesis: best %v", best)
	if best > 10*time.Millisecond {
		t.Errorf("synthesis took %v, over the 10 ms floor", best)
	}
}
