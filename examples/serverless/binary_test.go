package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/forma-iac/forma/internal/binfloor"
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
	binfloor.Skip(t)
	work := t.TempDir()
	bin, _ := binfloor.Build(t, work, "serverless", ".")
	cache := filepath.Join(work, "cache")
	out := filepath.Join(work, "out")
	env := []string{"FORMA_CACHE_DIR=" + cache}
	// Inputs stamped in the last two seconds are not trusted (their times
	// could still change): the first synthesis runs on sources older than
	// that in a checkout, but not always here.
	first := binfloor.Measure(t, bin, env, "synth", "-q", "-o", out).Wall
	// Built from nothing, the function and the image have the hashes of
	// the snapshot, as on a clean clone.
	for _, f := range []string{"ServerlessAPI.assets.json", "ServerlessService.assets.json"} {
		got, err := os.ReadFile(filepath.Join(out, f))
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
	binfloor.Measure(t, bin, env, "synth", "-q", "-o", out) // writes the stamps if the first could not
	before := listing(t, cache)

	sum := binfloor.SynthRuns(t, bin, out, 0, 10, env...)
	t.Logf("first synthesis (builds) %v; second synthesis: median %v, best %v (floor %v), median CPU %v; peak RSS %.1f MiB",
		first.Round(time.Millisecond), sum.Wall.Round(100*time.Microsecond), sum.BestWall.Round(100*time.Microsecond), floorSecondSynth,
		sum.CPU.Round(100*time.Microsecond), float64(sum.RSS)/(1<<20))
	if after := listing(t, cache); !slices.Equal(before, after) {
		t.Errorf("the cache changed during the second syntheses (something was built):\nbefore %v\nafter  %v", before, after)
	}
	if sum.Wall > floorSecondSynth {
		t.Errorf("a second synthesis took %v (median), over the %v floor", sum.Wall, floorSecondSynth)
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
