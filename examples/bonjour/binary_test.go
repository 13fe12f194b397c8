package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/forma-iac/forma/internal/binfloor"
)

// Floors of the flagship as a built binary (issue: Bonjour synthesizes in
// under 50 ms wall with under 40 MiB peak memory; a clean build takes under
// 60 s).
const (
	floorSynth = 50 * time.Millisecond
	floorRSS   = 40 << 20
	floorBuild = 60 * time.Second
)

// TestBinaryFloors builds the example with an empty build cache, then runs
// `bonjour synth -q -o DIR` eleven times (the first as a warm-up) and checks
// the median wall time and the largest peak RSS against the floors. It is a
// measurement, not a unit test: it runs only with FORMA_BENCH_BINARY=1
// (make bench sets it), since timing on a loaded machine says little.
func TestBinaryFloors(t *testing.T) {
	binfloor.Skip(t)
	work := t.TempDir()
	bin, buildTime := binfloor.Build(t, work, "bonjour", ".", "GOCACHE="+filepath.Join(work, "gocache"))
	s := binfloor.SynthRuns(t, bin, filepath.Join(work, "out"), 1, 10)
	t.Logf("clean build %.1f s (floor %v); synth median %v, best %v (floor %v); peak RSS %.1f MiB (floor %d MiB)",
		buildTime.Seconds(), floorBuild, s.Wall.Round(100*time.Microsecond), s.BestWall.Round(100*time.Microsecond), floorSynth, float64(s.RSS)/(1<<20), floorRSS>>20)
	binfloor.CheckRSS(t, s, floorRSS)
	if buildTime > floorBuild {
		t.Errorf("clean build took %v, over the %v floor", buildTime, floorBuild)
	}
	if s.Wall > floorSynth {
		t.Errorf("synth took %v (median), over the %v floor", s.Wall, floorSynth)
	}
}
