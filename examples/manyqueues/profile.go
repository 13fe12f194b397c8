package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// Environment variables that profile one run, for the scale work: a CPU
// profile of the whole run (building the tree included) and a heap profile
// of what was allocated, written when the run ends. Read them with
// `go tool pprof`.
const (
	CPUProfileEnv = "QUEUES_CPUPROFILE"
	MemProfileEnv = "QUEUES_MEMPROFILE"
)

// startProfile starts the profiles the environment asks for and returns
// the function that writes them.
func startProfile() (func() error, error) {
	var cpu *os.File
	if path := os.Getenv(CPUProfileEnv); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", CPUProfileEnv, err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", CPUProfileEnv, err)
		}
		cpu = f
	}
	memPath := os.Getenv(MemProfileEnv)
	if memPath != "" {
		runtime.MemProfileRate = 64 << 10
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return err
			}
		}
		if memPath == "" {
			return nil
		}
		f, err := os.Create(memPath)
		if err != nil {
			return fmt.Errorf("%s: %w", MemProfileEnv, err)
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}, nil
}
