// Package binfloor measures an example as a built binary against its
// floors: the median wall time of `synth -q` and the largest peak memory.
// The examples' TestBinaryFloors call CheckSynth, or build and measure
// with Build, Measure and Summarize when they measure more; it runs only with
// FORMA_BENCH_BINARY=1 (make bench sets it), since timing on a loaded
// machine says little.
package binfloor
