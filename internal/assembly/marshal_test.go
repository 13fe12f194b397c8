package assembly

import (
	"fmt"
	"testing"
)

// TestMarshalManifestAsEncodingJSON checks that MarshalManifest writes the
// bytes encoding/json writes for the manifest, indented.
func TestMarshalManifestAsEncodingJSON(t *testing.T) {
	yes := true
	manifests := []*Manifest{
		{Version: Version},
		{Version: Version, Artifacts: map[string]*Artifact{}},
		{Version: Version, Order: []string{"S", "Tree", "Gone"}, Artifacts: map[string]*Artifact{
			"S": {Type: TypeStack, Environment: "aws://111111111111/eu-west-1", Properties: &Properties{TemplateFile: "S.template.json", ValidateOnSynth: &yes, Tags: map[string]string{"b": "<&>", "a": "é"}},
				Dependencies: []string{"Z", "A"}, DisplayName: "S<x>",
				Metadata: map[string][]MetadataEntry{
					"/S/B/Resource": {{Type: "aws:cdk:logicalId", Data: "B1234"}, {Type: "aws:cdk:warning", Data: "a <warning> & \"quote\"\n\u2028"}},
					"/S/A":          {{Type: "aws:cdk:info"}, {Type: "x", Data: map[string]any{"k": []any{1, "two", nil, map[string]any{}}, "e": []any{}}}},
					"/S/Empty":      {},
					"/S/Nil":        nil,
					"/S/é":          {{Type: "aws:cdk:logicalId", Data: 3.5}},
				}},
			"B":    {Type: TypeStack, Metadata: map[string][]MetadataEntry{"/B/R": {{Type: "aws:cdk:logicalId", Data: "R"}}}},
			"A":    {Type: TypeAsset, Properties: &Properties{File: "A.assets.json"}},
			"Tree": {Type: TypeTree, Properties: &Properties{File: "tree.json"}},
			"Nil":  nil,
		}, Missing: []any{map[string]any{"key": "k<", "props": map[string]any{}}}, Runtime: map[string]any{"libraries": map[string]any{}}},
	}
	// Enough artifacts to be written on several goroutines.
	many := &Manifest{Version: Version, Artifacts: map[string]*Artifact{}}
	for i := range 3 * parallelArtifacts {
		id := fmt.Sprintf("Stack%d", i)
		many.Artifacts[id] = &Artifact{Type: TypeStack, Properties: &Properties{TemplateFile: id + ".template.json"},
			Metadata: map[string][]MetadataEntry{"/" + id + "/Q": {{Type: "aws:cdk:logicalId", Data: "Q" + id}}}}
		if i%7 == 0 {
			many.Artifacts[id] = nil
		}
	}
	manifests = append(manifests, many)
	for i, m := range manifests {
		got, err := MarshalManifest(m)
		if err != nil {
			t.Fatal(err)
		}
		want, err := MarshalJSON(m, "  ")
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("manifest %d:\n%s\nwant:\n%s", i, got, want)
		}
	}
}
