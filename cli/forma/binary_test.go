package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// floorValidate is the floor of `forma validate buildspec` on the seed's
// buildspec, as a built binary: the check an editor or a pre-commit hook
// runs on every save.
const floorValidate = 20 * time.Millisecond

// TestValidateFloor builds forma, then runs `forma validate buildspec` on
// the seed's buildspec eleven times (the first as a warm-up) and checks the
// median wall time. It is a measurement, not a unit test: it runs only with
// FORMA_BENCH_BINARY=1 (make bench sets it).
func TestValidateFloor(t *testing.T) {
	if os.Getenv("FORMA_BENCH_BINARY") != "1" {
		t.Skip("set FORMA_BENCH_BINARY=1 to measure the built binary (make bench does)")
	}
	bin := filepath.Join(t.TempDir(), "forma")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	spec, err := filepath.Abs("../../constructs/codebuild/testdata/seed-buildspec.yml")
	if err != nil {
		t.Fatal(err)
	}
	var walls []time.Duration
	for i := 0; i < 11; i++ {
		cmd := exec.Command(bin, "validate", "buildspec", "-q", spec)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("forma validate buildspec: %v", err)
		}
		if i > 0 {
			walls = append(walls, time.Since(start))
		}
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	median := walls[len(walls)/2]
	t.Logf("validate buildspec median %v, best %v (floor %v)", median.Round(100*time.Microsecond), walls[0].Round(100*time.Microsecond), floorValidate)
	if median > floorValidate {
		t.Errorf("validate buildspec took %v (median), over the %v floor", median, floorValidate)
	}
}
