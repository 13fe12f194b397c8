// Package profiling lets an example program profile one run of itself, for
// the scale work: a CPU profile of the whole run and a heap profile of what
// was allocated, each written to the file an environment variable names.
// Read them with `go tool pprof`.
package profiling
