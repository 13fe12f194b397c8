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
