// Package badinput is a corpus of wrong forma programs: each case builds an
// app with one typical mistake, and the test checks that building it does
// not panic, that synthesis through cli.Run exits with code 1 (0 for a
// warning-only case) and that stderr holds exactly the expected lines, each
// with the construct path. The expected output lives in
// testdata/errors.txtar; `go test ./internal/badinput -update` rewrites it
// from the current messages, for review.
package badinput
