// Package mototest gives the integration tests that run against
// moto_server its address ($FORMA_TEST_MOTO_URL, set by .ci/run) and one
// server to themselves at a time.
//
// Invariants: without the variable a test is skipped loudly, or fails
// when CI=true; with it, the test holds an exclusive lock for that server
// (a file lock in the temporary directory) until it ends, so that tests of
// different packages, which go test runs in parallel, never reset or
// change moto under one another.
package mototest
