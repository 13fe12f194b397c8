package mototest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// URL returns $FORMA_TEST_MOTO_URL without a trailing slash and locks that
// server for t's process until t ends. Without the variable, t is skipped with a
// message that says what did not run (what) and how to run it, or fails
// when CI=true.
func URL(t testing.TB, what string) string {
	t.Helper()
	u := strings.TrimRight(os.Getenv("FORMA_TEST_MOTO_URL"), "/")
	if u == "" {
		msg := "FORMA_TEST_MOTO_URL is not set: " + what + " did NOT run. " +
			"Run bash .ci/run, or start moto_server -H 127.0.0.1 -p PORT and set FORMA_TEST_MOTO_URL=http://127.0.0.1:PORT"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Log("\n" + strings.Repeat("*", 78) + "\n*** SKIP: " + msg + "\n" + strings.Repeat("*", 78))
		t.Skip(msg)
		return ""
	}
	sum := sha256.Sum256([]byte(u))
	path := filepath.Join(os.TempDir(), "forma-moto-"+hex.EncodeToString(sum[:8])+".lock")
	release, err := hold(path)
	if err != nil {
		t.Fatalf("locking moto at %s (%s): %v", u, path, err)
	}
	t.Cleanup(release)
	return u
}

// The lock is held per process: a test (or subtest) of a process that
// holds it already shares it, so that nested calls never wait for
// themselves.
var (
	heldMu sync.Mutex
	held   = map[string]*holder{}
)

type holder struct {
	count  int
	unlock func()
}

func hold(path string) (func(), error) {
	heldMu.Lock()
	defer heldMu.Unlock()
	h := held[path]
	if h == nil {
		unlock, err := lock(path)
		if err != nil {
			return nil, err
		}
		h = &holder{unlock: unlock}
		held[path] = h
	}
	h.count++
	return func() {
		heldMu.Lock()
		defer heldMu.Unlock()
		if h.count--; h.count == 0 {
			h.unlock()
			delete(held, path)
		}
	}, nil
}
