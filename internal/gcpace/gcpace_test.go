package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

// TestAdjust checks the GOGC adjust sets for a live heap well below, near
// and above the target.
func TestAdjust(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	runtime.GC()
	mu.Lock()
	active = true
	mu.Unlock()
	p := &pacer{target: 1 << 40}
	p.sample = append(p.sample, sampleLive())
	if !p.adjust() {
		t.Fatal("adjust stopped with a live heap far below the target")
	}
	if got := debug.SetGCPercent(100); got < 1000 {
		t.Errorf("GOGC = %d with a live heap far below the target, want the goal at the target", got)
	}
	p.target = 1 << 20 // below any live heap: pacing goes back to Go's own
	if p.adjust() {
		t.Error("adjust went on with a live heap above the target")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC = %d above the target, want 100", got)
	}
}

// TestEnvTurnsOff checks that GOGC in the environment leaves pacing alone.
func TestEnvTurnsOff(t *testing.T) {
	t.Setenv("GOGC", "100")
	old := debug.SetGCPercent(123)
	defer debug.SetGCPercent(old)
	Start(DefaultTarget)
	if got := debug.SetGCPercent(123); got != 123 {
		t.Errorf("Start changed GOGC to %d with GOGC set in the environment", got)
	}
}

// TestStop checks that Stop ends pacing: GOGC is 100 again, and the next
// adjustment after a collection changes nothing.
func TestStop(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	Start(DefaultTarget)
	if got := debug.SetGCPercent(-1); got <= 100 {
		t.Errorf("GOGC = %d after Start, want the goal at the target", got)
	}
	debug.SetGCPercent(300)
	Stop()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC = %d after Stop, want 100", got)
	}
	p := &pacer{target: 1 << 40, sample: []metrics.Sample{sampleLive()}}
	if p.adjust() {
		t.Error("adjust went on after Stop")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC = %d after an adjustment following Stop, want 100", got)
	}
}
