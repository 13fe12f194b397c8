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

// Skip skips t unless binary measurements run.
func Skip(t *testing.T) {
	t.Helper()
	if !Enabled() {
		t.Skip("set FORMA_BENCH_BINARY=1 to measure the built binary (make bench does)")
	}
}

// Build builds the package pkg (relative to the working directory) with
// -trimpath into dir/name, with env added to the environment, and returns
// the binary's path and how long the build took.
func Build(t *testing.T, dir, name, pkg string, env ...string) (string, time.Duration) {
	t.Helper()
	bin := filepath.Join(dir, name)
	build := exec.Command("go", "build", "-trimpath", "-o", bin, pkg)
	build.Env = append(os.Environ(), env...)
	build.Stderr = os.Stderr
	start := time.Now()
	if err := build.Run(); err != nil {
		t.Fatalf("go build %s: %v", pkg, err)
	}
	return bin, time.Since(start)
}

// Run is one measured run of a binary.
type Run struct {
	Wall, CPU time.Duration // CPU: user and system
	RSS       int64         // peak resident memory, bytes; 0 when unknown
}

// Measure runs bin with args, env added to the environment (and
// CDK_CONTEXT_JSON emptied), and measures it; it fails t when the run
// fails.
func Measure(t *testing.T, bin string, env []string, args ...string) Run {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "CDK_CONTEXT_JSON="), env...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v", filepath.Base(bin), args, err)
	}
	r := Run{Wall: time.Since(start), CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.RSS = ru.Maxrss * 1024 // Linux reports KiB
	}
	return r
}

// Summary is what a series of runs is judged by: the median and best wall
// and CPU times, and the largest peak memory.
type Summary struct {
	Wall, BestWall, CPU, BestCPU time.Duration
	RSS                          int64
}

// Summarize summarizes runs (at least one).
func Summarize(runs []Run) Summary {
	walls := make([]time.Duration, len(runs))
	cpus := make([]time.Duration, len(runs))
	var s Summary
	for i, r := range runs {
		walls[i], cpus[i] = r.Wall, r.CPU
		s.RSS = max(s.RSS, r.RSS)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	s.Wall, s.BestWall = walls[len(walls)/2], walls[0]
	s.CPU, s.BestCPU = cpus[len(cpus)/2], cpus[0]
	return s
}

// CheckSynth builds the package in the working directory as name, runs
// `name synth -q -o DIR` eleven times (the first as a warm-up) and fails t
// when the median wall time exceeds synth or the largest peak RSS exceeds
// rss bytes. Without FORMA_BENCH_BINARY=1 it skips t.
func CheckSynth(t *testing.T, name string, synth time.Duration, rss int64) {
	t.Helper()
	Skip(t)
	work := t.TempDir()
	bin, _ := Build(t, work, name, ".")
	s := SynthRuns(t, bin, filepath.Join(work, "out"), 1, 10)
	t.Logf("synth median %v, best %v (floor %v); peak RSS %.1f MiB (floor %d MiB)",
		s.Wall.Round(100*time.Microsecond), s.BestWall.Round(100*time.Microsecond), synth, float64(s.RSS)/(1<<20), rss>>20)
	CheckRSS(t, s, rss)
	if s.Wall > synth {
		t.Errorf("synth took %v (median), over the %v floor", s.Wall, synth)
	}
}

// SynthRuns runs `bin synth -q -o out` warm times unmeasured, then n times
// measured, with env added to the environment, and summarizes the
// measured runs.
func SynthRuns(t *testing.T, bin, out string, warm, n int, env ...string) Summary {
	t.Helper()
	var runs []Run
	for i := range warm + n {
		r := Measure(t, bin, env, "synth", "-q", "-o", out)
		if i >= warm {
			runs = append(runs, r)
		}
	}
	return Summarize(runs)
}

// CheckRSS fails t when the peak memory could not be read or exceeds rss
// bytes (0: no floor).
func CheckRSS(t *testing.T, s Summary, rss int64) {
	t.Helper()
	if s.RSS == 0 {
		t.Error("peak RSS could not be read from the process state")
	}
	if rss > 0 && s.RSS > rss {
		t.Errorf("synth peaked at %d bytes (%.1f MiB), over the %d MiB floor", s.RSS, float64(s.RSS)/(1<<20), rss>>20)
	}
}
