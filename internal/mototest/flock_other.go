//go:build !unix

package mototest

import "os"

// Without flock, tests of different packages may share moto unlocked: run
// them with go test -p 1.
func lock(*os.File) error { return nil }

func unlock(*os.File) {}
