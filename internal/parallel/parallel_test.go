package parallel

import "testing"

// TestFor checks that every index is handled once, with one worker and
// with more workers than indices.
func TestFor(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		seen := make([]int, 50)
		For(len(seen), workers, func(i int) { seen[i]++ })
		for i, n := range seen {
			if n != 1 {
				t.Errorf("%d workers: index %d handled %d times", workers, i, n)
			}
		}
	}
}
