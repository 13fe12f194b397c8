package iam

import (
	"encoding/json"

	"github.com/forma-iac/forma/constructs/token"
)

// uniqueList returns a list token that resolves the strings fn returns and
// keeps the first of each distinct value (compared after resolution, since
// two tokens may render the same); an empty list renders as absent.
func uniqueList(fn func() []string) []string {
	return token.AsList(token.Func(func(ctx *token.Context) (any, error) {
		l := fn()
		if len(l) == 0 {
			return nil, nil
		}
		seen := map[string]bool{}
		var out []any
		for _, s := range l {
			v, err := token.Resolve(ctx, s)
			if err != nil {
				return nil, err
			}
			b, _ := json.Marshal(v)
			if seen[string(b)] {
				continue
			}
			seen[string(b)] = true
			out = append(out, v)
		}
		return out, nil
	}))
}

// lazyString returns a string token computed at synthesis.
func lazyString(fn func() string) string {
	return token.AsString(token.Func(func(*token.Context) (any, error) { return fn(), nil }))
}
