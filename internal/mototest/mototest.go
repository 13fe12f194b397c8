package mototest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Env names the moto_server the integration tests use.
const Env = "FORMA_TEST_MOTO_URL"

// URL returns $FORMA_TEST_MOTO_URL without a trailing slash and holds the
// server's lock until the test ends. Without it the test is skipped with a
// banner saying what did not run (what names it), or fails when CI=true.
func URL(t testing.TB, what string) string {
	t.Helper()
	u := strings.TrimRight(os.Getenv(Env), "/")
	if u == "" {
		msg := Env + " is not set: " + what + " against moto_server did NOT run. " +
			"Run bash .ci/run, or start moto_server -H 127.0.0.1 -p PORT and set " + Env + "=http://127.0.0.1:PORT"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Log("\n" + strings.Repeat("*", 78) + "\n*** SKIP: " + msg + "\n" + strings.Repeat("*", 78))
		t.Skip(msg)
		return ""
	}
	Lock(t, u)
	return u
}

var unsafe = regexp.MustCompile(`[^A-Za-z0-9]+`)

// Lock holds the lock of the moto_server at url until the test ends.
func Lock(t testing.TB, url string) {
	t.Helper()
	name := filepath.Join(os.TempDir(), "forma-moto-"+unsafe.ReplaceAllString(url, "-")+".lock")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("locking moto_server %s: %v", url, err)
	}
	if err := lock(f); err != nil {
		f.Close()
		t.Fatalf("locking moto_server %s (%s): %v", url, name, err)
	}
	t.Cleanup(func() {
		unlock(f)
		f.Close()
	})
}
