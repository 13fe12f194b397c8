package main

import (
	"testing"

	"github.com/forma-iac/forma/snapshots"
)

func TestSnapshot(t *testing.T) {
	snapshots.Check(t, "nested", newApp)
}
