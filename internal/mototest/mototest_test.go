package mototest

import (
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// Two holders of the lock never overlap.
func TestLockExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l")
	unlock, err := lock(path)
	if err != nil {
		t.Fatal(err)
	}
	var second atomic.Bool
	done := make(chan struct{})
	go func() {
		u, err := lock(path)
		if err != nil {
			t.Error(err)
		} else {
			second.Store(true)
			u()
		}
		close(done)
	}()
	time.Sleep(100 * time.Millisecond)
	if second.Load() {
		t.Fatal("the lock was taken twice")
	}
	unlock()
	<-done
	if !second.Load() {
		t.Fatal("the second holder never got the lock")
	}
}

func TestSkipsWithoutTheVariable(t *testing.T) {
	t.Setenv("FORMA_TEST_MOTO_URL", "")
	t.Setenv("CI", "")
	ran := false
	t.Run("inner", func(t *testing.T) {
		URL(t, "the test")
		ran = true
	})
	if ran {
		t.Error("URL did not skip")
	}
}

// Within a process the lock is shared: a nested holder does not wait, and
// the file lock is released with the last holder.
func TestHoldIsReentrant(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l")
	r1, err := hold(path)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := hold(path)
	if err != nil {
		t.Fatal(err)
	}
	r2()
	r1()
	// Released: another open file description gets it at once.
	done := make(chan struct{})
	go func() {
		u, err := lock(path)
		if err == nil {
			u()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the lock was not released by the last holder")
	}
}
