package main

import (
	"testing"
	"time"

	"github.com/forma-iac/forma/internal/binfloor"
)

// TestBinaryFloors checks the infra-pipeline example as a built binary: `infra-pipeline
// synth` in under 60 ms wall (median) with under 40 MiB peak memory. (The
// clean-build floor is examples/bonjour's; this test builds with the usual
// cache.) It runs only with FORMA_BENCH_BINARY=1 (make bench sets it).
func TestBinaryFloors(t *testing.T) {
	binfloor.CheckSynth(t, "infra-pipeline", 60*time.Millisecond, 40<<20)
}
