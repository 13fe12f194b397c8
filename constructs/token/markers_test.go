package token

import (
	"reflect"
	"testing"
)

// TestFindStringMarkersAsRegexp checks the marker scanner against the
// regular expression it replaces.
func TestFindStringMarkersAsRegexp(t *testing.T) {
	for _, s := range []string{
		"", "plain", "${Token[1]}", "a${Token[12]}b${Token[Hint.3]}c", "${Token[a.b.7]}${Token[8]}",
		"${Token[]}", "${Token[x]}", "${Token[1.]}", "${Token[1]", "${Token[1]x}", "${Token[${Token[4]}",
		"$${Token[5]}}", "${Token[a]b.6]}", "${Token[Q.9]}]}", "x${Token[.2]}", "${Token[1]}${Token[2]}",
		"${Token[my-bucket.Arn.123]}/*", "${Token[é.4]}",
	} {
		want := stringMarker.FindAllStringSubmatchIndex(s, -1)
		var got [][]int
		for _, m := range findStringMarkers(s, nil) {
			got = append(got, m[:])
		}
		if len(want) == 0 && len(got) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}
