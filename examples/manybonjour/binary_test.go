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

// Floors of synthesis at scale as built binaries on 2 cores (issue 13):
// 1,000 Bonjour stacks under 1 s wall and 250 MiB peak memory, 100 stacks
// under 0.12 s, the 10,000-L1 app (examples/manyqueues) under 0.3 s.
var floors = []struct {
	name   string
	app    string // "bonjour" or "queues"
	stacks int    // Bonjour stacks
	wall   time.Duration
	rss    int64 // 0: no floor
}{
	{"100 Bonjour stacks", "bonjour", 100, 120 * time.Millisecond, 0},
	{"1,000 Bonjour stacks", "bonjour", 1000, time.Second, 250 << 20},
	{"10,000 L1 resources (manyqueues)", "queues", 0, 300 * time.Millisecond, 0},
}

// run is one measured synthesis.
type run struct {
	wall, cpu time.Duration
	rss       int64
}

// TestBinaryFloors builds this example and examples/manyqueues, runs
// `synth -q -o DIR` five times for each floor (after two warm-ups), checks the
// median wall time and the largest peak RSS against the floors, and logs
// CPU time (user+sys) and the cost of one more Bonjour stack. It is a
// measurement, not a unit test: it runs only with FORMA_BENCH_BINARY=1
// (make bench-scale sets it). The machine should be quiet: wall time on a
// loaded machine says little; CPU time says more.
func TestBinaryFloors(t *testing.T) {
	if os.Getenv("FORMA_BENCH_BINARY") != "1" {
		t.Skip("set FORMA_BENCH_BINARY=1 to measure the built binary (make bench-scale does)")
	}
	work := t.TempDir()
	bins := map[string]string{"bonjour": filepath.Join(work, "manybonjour"), "queues": filepath.Join(work, "manyqueues")}
	for app, pkg := range map[string]string{"bonjour": ".", "queues": "../manyqueues"} {
		build := exec.Command("go", "build", "-trimpath", "-o", bins[app], pkg)
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			t.Fatalf("go build %s: %v", pkg, err)
		}
	}
	medians := map[int]run{}
	for k, f := range floors {
		var runs []run
		var maxRSS int64
		// Every run writes the same directory, as `forma synth` writes
		// cdk.out again and again: the first makes it, the second keeps
		// the first in its .forma-previous, and from the third on each
		// run reuses the files of the assembly before the last (see
		// assembly.Writer). The first two are warm-ups; the first, into
		// a new directory, is logged.
		out := filepath.Join(work, fmt.Sprintf("out-%d", k))
		for i := range 7 {
			// The files the builds and the last runs wrote are flushed
			// first: their writeback would otherwise run on the cores
			// this run is measured on.
			syscall.Sync()
			cmd := exec.Command(bins[f.app], "synth", "-q", "-o", out)
			cmd.Env = append(os.Environ(), "CDK_CONTEXT_JSON=", fmt.Sprintf("%s=%d", StacksEnv, f.stacks))
			cmd.Stderr = os.Stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				t.Fatalf("synth (%s): %v", f.name, err)
			}
			r := run{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				r.rss = ru.Maxrss * 1024 // Linux reports KiB
			}
			if i == 0 {
				t.Logf("%s: first synthesis, into a new directory: %v wall, %v CPU", f.name, r.wall.Round(time.Millisecond), r.cpu.Round(time.Millisecond))
			}
			if i < 2 {
				continue
			}
			runs = append(runs, r)
			maxRSS = max(maxRSS, r.rss)
		}
		sort.Slice(runs, func(i, j int) bool { return runs[i].wall < runs[j].wall })
		m := runs[len(runs)/2]
		cpus := make([]time.Duration, len(runs))
		for i, r := range runs {
			cpus[i] = r.cpu
		}
		sort.Slice(cpus, func(i, j int) bool { return cpus[i] < cpus[j] })
		m.cpu = cpus[len(cpus)/2]
		if f.app == "bonjour" {
			medians[f.stacks] = m
		}
		t.Logf("%s: median %v wall (best %v; floor %v), median %v CPU (best %v), peak RSS %.1f MiB",
			f.name, m.wall.Round(time.Millisecond), runs[0].wall.Round(time.Millisecond), f.wall, m.cpu.Round(time.Millisecond), cpus[0].Round(time.Millisecond), float64(maxRSS)/(1<<20))
		if maxRSS == 0 {
			t.Error("peak RSS could not be read from the process state")
		}
		if m.wall > f.wall {
			t.Errorf("%s took %v (median), %.1f× the %v floor", f.name, m.wall.Round(time.Millisecond), float64(m.wall)/float64(f.wall), f.wall)
		}
		if f.rss > 0 && maxRSS > f.rss {
			t.Errorf("%s peaked at %.1f MiB, over the %d MiB floor", f.name, float64(maxRSS)/(1<<20), f.rss>>20)
		}
	}
	a, b := medians[100], medians[1000]
	n := time.Duration(900)
	t.Logf("one more Bonjour stack (100 -> 1,000 stacks): %v wall, %v CPU; at 1,000 stacks %v wall, %v CPU a stack",
		((b.wall - a.wall) / n).Round(time.Microsecond), ((b.cpu - a.cpu) / n).Round(time.Microsecond),
		(b.wall / 1000).Round(time.Microsecond), (b.cpu / 1000).Round(time.Microsecond))
}
