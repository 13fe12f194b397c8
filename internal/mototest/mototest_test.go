package mototest

import (
	"sync/atomic"
	"testing"
	"time"
)

// Two holders of the same server's lock take turns.
func TestLockSerializes(t *testing.T) {
	url := "http://127.0.0.1:1/" + t.Name()
	var inside, overlap atomic.Int32
	done := make(chan bool)
	for range 2 {
		go func() {
			t.Run("holder", func(t *testing.T) {
				Lock(t, url)
				if inside.Add(1) > 1 {
					overlap.Add(1)
				}
				time.Sleep(50 * time.Millisecond)
				inside.Add(-1)
			})
			done <- true
		}()
	}
	<-done
	<-done
	if overlap.Load() != 0 {
		t.Error("two tests held the lock at once")
	}
}
