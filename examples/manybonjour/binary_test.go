package main

import (
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/forma-iac/forma/internal/binfloor"
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

// TestBinaryFloors builds this example and examples/manyqueues, runs
// `synth -q -o DIR` five times for each floor (after two warm-ups), checks the
// median wall time and the largest peak RSS against the floors, and logs
// CPU time (user+sys) and the cost of one more Bonjour stack. It is a
// measurement, not a unit test: it runs only with FORMA_BENCH_BINARY=1
// (make bench-scale sets it). The machine should be quiet: wall time on a
// loaded machine says little; CPU time says more.
func TestBinaryFloors(t *testing.T) {
	binfloor.Skip(t)
	work := t.TempDir()
	bins := map[string]string{}
	bins["bonjour"], _ = binfloor.Build(t, work, "manybonjour", ".")
	bins["queues"], _ = binfloor.Build(t, work, "manyqueues", "../manyqueues")
	medians := map[int]binfloor.Summary{}
	for k, f := range floors {
		// Every run writes the same directory, as `forma synth` writes
		// cdk.out again and again: the first makes it, the second keeps
		// the first in its .forma-previous, and from the third on each
		// run reuses the files of the assembly before the last (see
		// assembly.Writer). The first two are warm-ups; the first, into
		// a new directory, is logged.
		out := filepath.Join(work, fmt.Sprintf("out-%d", k))
		env := []string{fmt.Sprintf("%s=%d", StacksEnv, f.stacks)}
		var runs []binfloor.Run
		for i := range 7 {
			// The files the builds and the last runs wrote are flushed
			// first: their writeback would otherwise run on the cores
			// this run is measured on.
			syscall.Sync()
			r := binfloor.Measure(t, bins[f.app], env, "synth", "-q", "-o", out)
			if i == 0 {
				t.Logf("%s: first synthesis, into a new directory: %v wall, %v CPU", f.name, r.Wall.Round(time.Millisecond), r.CPU.Round(time.Millisecond))
			}
			if i >= 2 {
				runs = append(runs, r)
			}
		}
		m := binfloor.Summarize(runs)
		if f.app == "bonjour" {
			medians[f.stacks] = m
		}
		t.Logf("%s: median %v wall (best %v; floor %v), median %v CPU (best %v), peak RSS %.1f MiB",
			f.name, m.Wall.Round(time.Millisecond), m.BestWall.Round(time.Millisecond), f.wall, m.CPU.Round(time.Millisecond), m.BestCPU.Round(time.Millisecond), float64(m.RSS)/(1<<20))
		binfloor.CheckRSS(t, m, f.rss)
		if m.Wall > f.wall {
			t.Errorf("%s took %v (median), %.1f× the %v floor", f.name, m.Wall.Round(time.Millisecond), float64(m.Wall)/float64(f.wall), f.wall)
		}
	}
	a, b := medians[100], medians[1000]
	n := time.Duration(900)
	t.Logf("one more Bonjour stack (100 -> 1,000 stacks): %v wall, %v CPU; at 1,000 stacks %v wall, %v CPU a stack",
		((b.Wall - a.Wall) / n).Round(time.Microsecond), ((b.CPU - a.CPU) / n).Round(time.Microsecond),
		(b.Wall / 1000).Round(time.Microsecond), (b.CPU / 1000).Round(time.Microsecond))
}
