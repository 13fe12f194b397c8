package synth_test

import (
	"testing"

	"github.com/forma-iac/forma/synth"
)

// BenchmarkSynth10kNoValidation is BenchmarkSynth10k without the schema
// check: the difference is the check's cost (at most 200 ms).
func BenchmarkSynth10kNoValidation(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		app := bigApp(100, 100)
		b.StartTimer()
		if _, err := synth.SynthesizeWith(app, synth.Options{NoValidation: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(10000, "resources")
}
