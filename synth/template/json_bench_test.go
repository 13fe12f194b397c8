package template

import (
	"encoding/json"
	"os"
	"testing"
)

// BenchmarkJSON writes a Bonjour stack's template (the snapshot's).
func BenchmarkJSON(b *testing.B) {
	data, err := os.ReadFile("../../snapshots/bonjour/Bonjour.template.json")
	if err != nil {
		b.Skip(err)
	}
	var doc map[string]map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		b.Skip(err)
	}
	t := New()
	for _, sec := range Sections {
		for k, v := range doc[sec] {
			t.Set(sec, k, v)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		t.JSON()
	}
}
