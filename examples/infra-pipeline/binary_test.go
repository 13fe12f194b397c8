package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"
)

// Floors of the infra-pipeline example as a built binary: it synthesizes
// in under 60 ms wall with under 40 MiB peak memory. (The clean-build floor
// is examples/bonjour's; this test builds with the usual cache.)
const (
	floorSynth = 60 * time.Millisecond
	floorRSS   = 40 << 20
)

// TestBinaryFloors builds the example, then runs `infra-pipeline synth -q
// -o DIR` eleven times (the first as a warm-up) and checks the median wall
// time and the largest peak RSS against the floors. It is a
// measurement, not a unit test: it runs only with FORMA_BENCH_BINARY=1
// (make bench sets it), since timing on a loaded machine says little.
func TestBinaryFloors(t *testing.T) {
	if os.Getenv("FORMA_BENCH_BINARY") != "1" {
		t.Skip("set FORMA_BENCH_BINARY=1 to measure the built binary (make bench does)")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "infra-pipeline")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}

	var walls []time.Duration
	var maxRSS int64
	for i := 0; i < 11; i++ {
		cmd := exec.Command(bin, "synth", "-q", "-o", filepath.Join(work, "out"))
		cmd.Env = append(os.Environ(), "CDK_CONTEXT_JSON=")
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("infra-pipeline synth: %v", err)
		}
		wall := time.Since(start)
		if i == 0 {
			continue
		}
		walls = append(walls, wall)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss*1024 > maxRSS {
			maxRSS = ru.Maxrss * 1024 // Linux reports KiB
		}
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	median := walls[len(walls)/2]
	t.Logf("synth median %v, best %v (floor %v); peak RSS %.1f MiB (floor %d MiB)",
		median.Round(100*time.Microsecond), walls[0].Round(100*time.Microsecond), floorSynth, float64(maxRSS)/(1<<20), floorRSS>>20)
	if maxRSS == 0 {
		t.Error("peak RSS could not be read from the process state")
	}
	if median > floorSynth {
		t.Errorf("synth took %v (median), over the %v floor", median, floorSynth)
	}
	if maxRSS > floorRSS {
		t.Errorf("synth peaked at %d bytes, over the %d floor", maxRSS, floorRSS)
	}
}
