// Package mototest lets the integration tests of several packages share
// one moto_server ($FORMA_TEST_MOTO_URL, started by .ci/run): URL skips a
// test loudly when no server is given (and fails it under CI=true), and
// holds a lock for the rest of the test, so that a test of one package
// never resets moto while a test of another is deploying to it (go test
// runs packages in parallel).
//
// Invariants: the lock is an flock on a file named after the URL in the
// temporary directory, released when the test ends; tests within one
// package do not run in parallel with each other against moto.
package mototest
