package main

// Environment variables that profile one run (package internal/profiling),
// for the scale work: a CPU profile of the whole run (building the tree
// included) and a heap profile of what was allocated, written when the run
// ends. Read them with `go tool pprof`.
const (
	CPUProfileEnv = "QUEUES_CPUPROFILE"
	MemProfileEnv = "QUEUES_MEMPROFILE"
)
