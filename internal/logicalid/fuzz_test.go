package logicalid

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var alnum = regexp.MustCompile(`^[A-Za-z0-9]*$`)

// FuzzFromPath checks the logical-ID function on paths of up to three
// components, seeded with the construct paths of the snapshots: it never
// panics, is deterministic, and returns at most 255 alphanumerics, empty
// only when every component is "Default".
func FuzzFromPath(f *testing.F) {
	manifests, _ := filepath.Glob("../../snapshots/*/manifest.json")
	for _, p := range manifests {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		var m struct {
			Artifacts map[string]struct{ Metadata map[string]any }
		}
		if err := json.Unmarshal(data, &m); err != nil {
			f.Fatal(err)
		}
		for _, a := range m.Artifacts {
			for path := range a.Metadata {
				parts := strings.Split(strings.TrimPrefix(path, "/"), "/")[1:]
				for len(parts) < 3 {
					parts = append(parts, "Default")
				}
				f.Add(parts[0], parts[1], strings.Join(parts[2:], "/"))
			}
		}
	}
	f.Add("Default", "Default", "Default")
	f.Add("-", "", "é")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var comps []string
		for _, s := range []string{a, b, c} {
			if s != "" {
				comps = append(comps, strings.Split(s, "/")...)
			}
		}
		id := FromPath(comps)
		if id != FromPath(append([]string(nil), comps...)) {
			t.Fatal("not deterministic")
		}
		if len(id) > 255 || !alnum.MatchString(id) {
			t.Fatalf("FromPath(%q) = %q: not at most 255 alphanumerics", comps, id)
		}
		allDefault := true
		for _, c := range comps {
			allDefault = allDefault && c == "Default"
		}
		if (id == "") != allDefault {
			t.Fatalf("FromPath(%q) = %q", comps, id)
		}
	})
}
