package parallel

import (
	"sync"
	"sync/atomic"
)

// For calls fn(i) for each i in [0, n) on up to workers goroutines, each
// index once, and returns when all calls have; with one worker or less it
// calls them in order on the calling goroutine. fn must write only what
// belongs to i.
func For(n, workers int, fn func(i int)) {
	w := min(workers, n)
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
