package synth

import (
	"runtime"
	"sync/atomic"

	"github.com/forma-iac/forma/internal/parallel"
)

// workers overrides the number of stacks resolved and rendered at once when
// it is above zero; tests set it to compare sequential and parallel output.
var workers atomic.Int32

// Workers returns how many stacks synthesis resolves and renders at once:
// GOMAXPROCS, the cores Go may use.
func Workers() int {
	if n := workers.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// forEach calls fn(i) for i in [0, n), on up to s.workers goroutines.
// Each index is handled once; fn must only write what belongs to i.
func (s *synthesizer) forEach(n int, fn func(i int)) { parallel.For(n, s.workers, fn) }
