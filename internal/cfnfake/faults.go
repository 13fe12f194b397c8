package cfnfake

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Faults are the delays and errors the double injects to measure a client
// at scale, as a real account shows them: the zero value injects none.
type Faults struct {
	// Latency is how long every request waits before it is handled.
	Latency time.Duration
	// OperationTime is the least wall time a stack operation (create,
	// update, delete, rollback) takes: its last step waits for it.
	OperationTime time.Duration
	// ThrottleRate is the share of CloudFormation requests answered with a
	// Throttling error ("Rate exceeded") instead of being handled; the
	// choice is pseudo-random from Seed, so a run is repeatable.
	ThrottleRate float64
	Seed         uint64
}

// SetFaults sets the faults injected from now on.
func (f *Fake) SetFaults(x Faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = x
	f.rng = rand.New(rand.NewPCG(x.Seed, x.Seed^0x9e3779b97f4a7c15))
}

// Throttled returns how many requests were answered with a Throttling
// error.
func (f *Fake) Throttled() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.throttled
}

// latency waits for the injected latency, without holding the lock.
func (f *Fake) latency() {
	f.mu.Lock()
	d := f.faults.Latency
	f.mu.Unlock()
	if d > 0 {
		time.Sleep(d)
	}
}

// throttle reports whether to answer this CloudFormation request with a
// Throttling error, and writes it; it is called with the lock held.
func (f *Fake) throttle(w http.ResponseWriter) bool {
	if f.faults.ThrottleRate <= 0 || f.rng == nil || f.rng.Float64() >= f.faults.ThrottleRate {
		return false
	}
	f.throttled++
	writeError(w, 400, "Sender", "Throttling", "Rate exceeded")
	return true
}

// waitsForTime reports whether s's operation, about to take its last step,
// must wait for Faults.OperationTime; it is called with the lock held.
func (f *Fake) waitsForTime(s *stack) bool {
	if f.faults.OperationTime <= 0 || len(s.queue) != 1 {
		return false
	}
	return !s.opStart.IsZero() && time.Since(s.opStart) < f.faults.OperationTime
}
