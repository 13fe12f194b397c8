// Package mototest gives the integration tests that run against
// moto_server its address ($FORMA_TEST_MOTO_URL, set by .ci/run) and one
// server to themselves at a time.
//
// Invariants: without the variable a test is skipped loudly, or fails
// when CI=true; with it, the test's process holds an exclusive lock for
// that server (a file lock in the temporary directory) until the test
// ends, so that tests of different packages, which go test runs in
// parallel processes, never reset or change moto under one another. Tests
// of one process share the lock (a subtest does not wait for its parent).
package mototest
