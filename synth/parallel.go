package synth

import (
	"runtime"
	"sync"
	"sync/atomic"
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
func (s *synthesizer) forEach(n int, fn func(i int)) {
	w := min(s.workers, n)
	if w <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
