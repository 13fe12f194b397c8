package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// floorSecondSynth is the floor of a second synthesis of the example as a
// built binary with nothing changed: the function and the image are found
// in the cache (through their stamps: not even go list runs), so no Go
// build happens.
const floorSecondSynth = 300 * time.Millisecond

// TestBinaryFloors builds the example, synthesizes it once with an empty
// FORMA_CACHE_DIR (the function and the image are built, with the hashes
// of the snapshot), then ten more
// times and checks the median wall time against the floor, and that the
// cache did not change (nothing was built again). It is a measurement,
// not a unit test: it runs only with FORMA_BENCH_BINARY=1 (make bench sets
// it), since timing on a loaded machine says little; the CPU time is
// logged too, steadier there.
func TestBinaryFloors(t *testing.T) {
	if os.Getenv("FORMA_BENCH_BINARY") != "1" {
		t.Skip("set FORMA_BENCH_BINARY=1 to measure the built binary (make bench does)")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "serverless")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	cache := filepath.Join(work, "cache")
	synth := func() (wall, cpu time.Duration, rss int64) {
		t.Helper()
		cmd := exec.Command(bin, "synth", "-q", "-o", filepath.Join(work, "out"))
		cmd.Env = append(os.Environ(), "CDK_CONTEXT_JSON=", "FORMA_CACHE_DIR="+cache)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("serverless synth: %v", err)
		}
		wall = time.Since(start)
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss * 1024 // Linux reports KiB
		}
		return wall, cpu, rss
	}
	// Inputs stamped in the last two seconds are not trusted (their times
	// could still change): the first synthesis runs on sources older than
	// that in a checkout, but not always here.
	first, _, _ := synth()
	// Built from nothing, the function and the image have the hashes of
	// the snapshot, as on a clean clone.
	for _, f := range []string{"ServerlessAPI.assets.json", "ServerlessService.assets.json"} {
		got, err := os.ReadFile(filepath.Join(work, "out", f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "snapshots", "serverless", f))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s built from an empty cache differs from the snapshot's:\n%s\nwant:\n%s", f, got, want)
		}
	}
	time.Sleep(2 * time.Second)
	synth() // writes the stamps if the first could not
	before := listing(t, cache)

	var walls, cpus []time.Duration
	var maxRSS int64
	for range 10 {
		wall, cpu, rss := synth()
		walls, cpus = append(walls, wall), append(cpus, cpu)
		maxRSS = max(maxRSS, rss)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	median := walls[len(walls)/2]
	t.Logf("first synthesis (builds) %v; second synthesis: median %v, best %v (floor %v), median CPU %v; peak RSS %.1f MiB",
		first.Round(time.Millisecond), median.Round(100*time.Microsecond), walls[0].Round(100*time.Microsecond), floorSecondSynth,
		cpus[len(cpus)/2].Round(100*time.Microsecond), float64(maxRSS)/(1<<20))
	if after := listing(t, cache); !slices.Equal(before, after) {
		t.Errorf("the cache changed during the second syntheses (something was built):\nbefore %v\nafter  %v", before, after)
	}
	if median > floorSecondSynth {
		t.Errorf("a second synthesis took %v (median), over the %v floor", median, floorSecondSynth)
	}
}

// listing is every path under dir except stamps (rewritten when a file's
// time is too recent to trust).
func listing(t *testing.T, dir string) []string {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "stamps" {
			return filepath.SkipDir
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
