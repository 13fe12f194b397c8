package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// DefaultTarget is the heap size, in bytes, up to which Start defers
// collection: enough for a thousand-stack app to build and synthesize with
// a few collections, small enough that its peak memory stays within a
// couple of hundred MiB.
const DefaultTarget = 160 << 20

var (
	once sync.Once
	// mu orders adjust after a collection and Stop.
	mu sync.Mutex
	// active is set while Start's pacing is in force.
	active bool
)

// Start paces the collector so that the heap grows to target bytes before
// it is collected, and after each collection sets the next goal back to
// target while the live heap is below it (collecting more often as it
// nears it); once the live heap is larger, it restores GOGC=100 and stops.
// It does nothing when GOGC or GOMEMLIMIT is set, and only once per
// process.
func Start(target uint64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	once.Do(func() {
		mu.Lock()
		active = true
		mu.Unlock()
		p := &pacer{target: target, sample: []metrics.Sample{sampleLive()}}
		if p.adjust() {
			p.arm()
		}
	})
}

// Stop ends the pacing Start began and restores GOGC=100, for a process
// that goes on after synthesis (a deploy polling CloudFormation for
// minutes need not keep a heap of the target's size). It does nothing when
// no pacing is in force.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if active {
		active = false
		debug.SetGCPercent(100)
	}
}

// pacer re-sets GOGC after each collection.
type pacer struct {
	target uint64
	sample []metrics.Sample
}

// adjust sets GOGC so that the next collection happens when the heap
// reaches the target, and reports whether it should be called again after
// the next collection (false once the live heap is half the target or
// more, when GOGC is back at 100).
func (p *pacer) adjust() bool {
	mu.Lock()
	defer mu.Unlock()
	if !active {
		return false
	}
	metrics.Read(p.sample)
	// Before the first collection the runtime paces from a heap of 4 MiB
	// (its minimum goal at GOGC=100): count at least that as live.
	live := uint64(4 << 20)
	if v := p.sample[0].Value; v.Kind() == metrics.KindUint64 && v.Uint64() > live {
		live = v.Uint64()
	}
	if live >= p.target {
		active = false
		debug.SetGCPercent(100)
		return false
	}
	debug.SetGCPercent(max(minPercent, int((p.target-live)*100/live)))
	return true
}

// minPercent is the smallest GOGC Start sets: as the live heap nears the
// target, collections come more often (each 25 % of growth) until it
// passes the target and pacing is Go's own again.
const minPercent = 25

// sentinel is an object that becomes garbage at once, so that its
// finalizer runs after the next collection.
type sentinel struct{ _ [16]byte }

// arm calls adjust after the next collection, and again after each one
// while adjust asks for it.
func (p *pacer) arm() {
	s := new(sentinel)
	runtime.SetFinalizer(s, func(*sentinel) {
		if p.adjust() {
			p.arm()
		}
	})
}

// sampleLive is the metric of the live heap: the bytes the last
// collection marked.
func sampleLive() metrics.Sample { return metrics.Sample{Name: "/gc/heap/live:bytes"} }
