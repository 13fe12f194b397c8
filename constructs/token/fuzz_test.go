package token_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs/token"
)

// FuzzResolveString resolves strings that mix text with string, list and
// number token markers, and text that only looks like a marker. Resolution
// must never panic; a string with one string token resolves to the token's
// value alone or to a Fn::Join whose literal parts are the text around it.
func FuzzResolveString(f *testing.F) {
	for _, s := range []string{"", "arn:aws:s3:::", "${Token[TOKEN.1]}", "${Token[", "#{Token[LIST.1]}", "-1.8881545897087e+289", "a${b}c", "{Token[", strings.Repeat("$", 70)} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, before, after string) {
		// Text alone, marker-like or not, resolves or fails; no panic.
		_, _ = token.Resolve(nil, before+after)
		_, _ = token.Resolve(nil, []any{before, map[string]any{"k": after}})
		s := before + token.AsString(ref) + after
		got, err := token.Resolve(nil, s)
		if err != nil {
			return // the text held a marker-like sequence forma rejects
		}
		if strings.Contains(before+after, "{Token[") {
			return // the text held markers of its own
		}
		if before == "" && after == "" {
			if m, ok := got.(map[string]any); !ok || m["Ref"] != "Queue" {
				t.Fatalf("a lone token resolved to %v", got)
			}
			return
		}
		j, ok := got.(map[string]any)["Fn::Join"].([]any)
		if !ok || len(j) != 2 {
			t.Fatalf("%q resolved to %v, want a Fn::Join", s, got)
		}
		var lit strings.Builder
		for _, p := range j[1].([]any) {
			if str, ok := p.(string); ok {
				lit.WriteString(str)
			}
		}
		if lit.String() != before+after {
			t.Fatalf("the literal parts of %v are %q, want %q", got, lit.String(), before+after)
		}
	})
}
