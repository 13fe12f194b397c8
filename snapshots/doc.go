// Package snapshots holds the golden cloud assemblies of forma's examples,
// one directory per example (snapshots/<name>/), and the test helper that
// checks an app against them.
//
// Invariants: a snapshot is exactly what synthesis writes — every file of
// the assembly, byte for byte — and is produced by code, never edited by
// hand: `go test ./... -update` (make snapshots) rewrites it, atomically.
// Otherwise a difference fails the test: JSON files are decoded and compared
// with cmp.Diff labelled (-want +got), a file missing from either side
// fails, and a formatting-only difference fails too. The helper synthesizes
// twice and fails if the two runs differ in a single byte.
package snapshots
