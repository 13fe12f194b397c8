package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"
)

// Floors of many Bonjour stacks as a built binary on 2 cores (issue 13):
// 1,000 stacks under 1 s wall and 250 MiB peak memory, 100 stacks under
// 0.12 s.
var floors = []struct {
	stacks int
	wall   time.Duration
	rss    int64 // 0: no floor
}{
	{100, 120 * time.Millisecond, 0},
	{1000, time.Second, 250 << 20},
}

// run is one measured `manybonjour synth`.
type run struct {
	wall, cpu time.Duration
	rss       int64
}

// TestBinaryFloors builds the example, runs `manybonjour synth -q -o DIR`
// five times for each size (after a warm-up) and checks the median wall time
// and the largest peak RSS against the floors; it logs CPU time (user+sys)
// and the cost of one more stack. It is a measurement, not a unit test: it
// runs only with FORMA_BENCH_BINARY=1 (make bench sets it).
func TestBinaryFloors(t *testing.T) {
	if os.Getenv("FORMA_BENCH_BINARY") != "1" {
		t.Skip("set FORMA_BENCH_BINARY=1 to measure the built binary (make bench does)")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "manybonjour")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	medians := map[int]run{}
	for _, f := range floors {
		var runs []run
		var maxRSS int64
		for i := range 6 {
			cmd := exec.Command(bin, "synth", "-q", "-o", filepath.Join(work, "out"))
			cmd.Env = append(os.Environ(), "CDK_CONTEXT_JSON=", fmt.Sprintf("%s=%d", StacksEnv, f.stacks))
			cmd.Stderr = os.Stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				t.Fatalf("manybonjour synth (%d stacks): %v", f.stacks, err)
			}
			r := run{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				r.rss = ru.Maxrss * 1024 // Linux reports KiB
			}
			if i == 0 {
				continue
			}
			runs = append(runs, r)
			maxRSS = max(maxRSS, r.rss)
		}
		sort.Slice(runs, func(i, j int) bool { return runs[i].wall < runs[j].wall })
		m := runs[len(runs)/2]
		medians[f.stacks] = m
		t.Logf("%d stacks: median %v wall (best %v; floor %v), %v CPU, peak RSS %.1f MiB",
			f.stacks, m.wall.Round(time.Millisecond), runs[0].wall.Round(time.Millisecond), f.wall, m.cpu.Round(time.Millisecond), float64(maxRSS)/(1<<20))
		if maxRSS == 0 {
			t.Error("peak RSS could not be read from the process state")
		}
		if m.wall > f.wall {
			t.Errorf("%d stacks took %v (median), over the %v floor", f.stacks, m.wall, f.wall)
		}
		if f.rss > 0 && maxRSS > f.rss {
			t.Errorf("%d stacks peaked at %.1f MiB, over the %d MiB floor", f.stacks, float64(maxRSS)/(1<<20), f.rss>>20)
		}
	}
	a, b := medians[floors[0].stacks], medians[floors[len(floors)-1].stacks]
	n := time.Duration(floors[len(floors)-1].stacks - floors[0].stacks)
	t.Logf("one more stack: %v wall, %v CPU", ((b.wall - a.wall) / n).Round(time.Microsecond), ((b.cpu - a.cpu) / n).Round(time.Microsecond))
}
