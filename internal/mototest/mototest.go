package mototest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// URL returns $FORMA_TEST_MOTO_URL without a trailing slash and locks that
// server for t until t ends. Without the variable, t is skipped with a
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
	unlock, err := lock(path)
	if err != nil {
		t.Fatalf("locking moto at %s (%s): %v", u, path, err)
	}
	t.Cleanup(unlock)
	return u
}
