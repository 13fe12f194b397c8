package binfloor

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// Enabled reports whether binary measurements run (FORMA_BENCH_BINARY=1).
func Enabled() bool { return os.Getenv("FORMA_BENCH_BINARY") == "1" }

// CheckSynth builds the package in the working directory as name, runs
// `name synth -q -o DIR` eleven times (the first as a warm-up) and fails t
// when the median wall time exceeds synth or the largest peak RSS exceeds
// rss bytes. Without FORMA_BENCH_BINARY=1 it skips t.
func CheckSynth(t *testing.T, name string, synth time.Duration, rss int64) {
	t.Helper()
	if !Enabled() {
		t.Skip("set FORMA_BENCH_BINARY=1 to measure the built binary (make bench does)")
	}
	work := t.TempDir()
	bin := filepath.Join(work, name)
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}

	var walls []time.Duration
	var maxRSS int64
	for i := range 11 {
		cmd := exec.Command(bin, "synth", "-q", "-o", filepath.Join(work, "out"))
		cmd.Env = append(os.Environ(), "CDK_CONTEXT_JSON=")
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s synth: %v", name, err)
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
	slices.Sort(walls)
	median := walls[len(walls)/2]
	t.Logf("synth median %v, best %v (floor %v); peak RSS %.1f MiB (floor %d MiB)",
		median.Round(100*time.Microsecond), walls[0].Round(100*time.Microsecond), synth, float64(maxRSS)/(1<<20), rss>>20)
	if maxRSS == 0 {
		t.Error("peak RSS could not be read from the process state")
	}
	if median > synth {
		t.Errorf("synth took %v (median), over the %v floor", median, synth)
	}
	if maxRSS > rss {
		t.Errorf("synth peaked at %d bytes, over the %d floor", maxRSS, rss)
	}
}
