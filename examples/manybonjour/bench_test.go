package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/forma-iac/forma/synth"
)

// benchmarkStacks builds n Bonjour stacks and synthesizes them into an
// assembly directory, as `manybonjour synth` does; building the tree is
// counted.
func benchmarkStacks(b *testing.B, n int) {
	b.ReportAllocs()
	dir := b.TempDir()
	for b.Loop() {
		if _, err := synth.SynthesizeTo(newApp(n), filepath.Join(dir, "out"), synth.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/stack")
}

// BenchmarkBonjourStacks synthesizes 20, 100 and 1,000 Bonjour stacks.
func BenchmarkBonjourStacks(b *testing.B) {
	for _, n := range []int{20, 100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchmarkStacks(b, n) })
	}
}
