package iam

import (
	"encoding/json"
	"sort"
)

// mergeStatements merges statements that have the same effect, conditions
// and not-elements and agree on two of Actions, Resources and Principals, as
// the AWS CDK does with @aws-cdk/aws-iam:minimizePolicies. Statements with a
// Sid are never merged.
func mergeStatements(stmts []*PolicyStatement) []*PolicyStatement {
	return mergeWith(stmts, mergeIfCombinable)
}

// mergeEqualStatements keeps the first of statements that are equal as
// sets (same effect, Sid, conditions, and the same actions, resources and
// principals in any order), as the AWS CDK does to a role's default policy
// when @aws-cdk/aws-iam:minimizePolicies is off.
func mergeEqualStatements(stmts []*PolicyStatement) []*PolicyStatement {
	return mergeWith(stmts, mergeIfEqual)
}

func mergeIfEqual(a, b *PolicyStatement) *PolicyStatement {
	if a.effect != b.effect || a.sid != b.sid || conditionString(a) != conditionString(b) {
		return nil
	}
	if !setEqual(a.notActions.list, b.notActions.list) || !setEqual(a.notResources.list, b.notResources.list) ||
		!setEqual(principalKeys(a.notPrincipals), principalKeys(b.notPrincipals)) {
		return nil
	}
	if !setEqual(a.actions.list, b.actions.list) || !setEqual(a.resources.list, b.resources.list) ||
		!setEqual(principalKeys(a.principals), principalKeys(b.principals)) {
		return nil
	}
	return a
}

// mergeWith is the AWS CDK's mergeStatements loop: merge pairs with merge,
// the first of each pair taking the result, until nothing changes.
func mergeWith(stmts []*PolicyStatement, merge func(a, b *PolicyStatement) *PolicyStatement) []*PolicyStatement {
	work := append([]*PolicyStatement(nil), stmts...)
	for {
		changed := false
		for i := 0; i < len(work); i++ {
			j := i + 1
			for j < len(work) {
				if m := merge(work[i], work[j]); m != nil {
					work[i] = m
					work = append(work[:j], work[j+1:]...)
					changed = true
				} else {
					j++
				}
			}
		}
		if !changed {
			return work
		}
	}
}

func conditionString(s *PolicyStatement) string {
	b, _ := json.Marshal(s.conditions)
	return string(b)
}

func mergeIfCombinable(a, b *PolicyStatement) *PolicyStatement {
	if a.effect != b.effect || a.sid != "" || b.sid != "" {
		return nil
	}
	if conditionString(a) != conditionString(b) {
		return nil
	}
	if !setEqual(a.notActions.list, b.notActions.list) || !setEqual(a.notResources.list, b.notResources.list) ||
		!setEqual(principalKeys(a.notPrincipals), principalKeys(b.notPrincipals)) {
		return nil
	}
	eq := 0
	if setEqual(a.actions.list, b.actions.list) {
		eq++
	}
	if setEqual(a.resources.list, b.resources.list) {
		eq++
	}
	if setEqual(principalKeys(a.principals), principalKeys(b.principals)) {
		eq++
	}
	if eq < 2 || hasLiteral(a) != hasLiteral(b) {
		return nil
	}
	c := a.Copy()
	c.actions = orderedSet{}
	c.actions.push(setMerge(a.actions.list, b.actions.list)...)
	c.resources = orderedSet{}
	c.resources.push(setMerge(a.resources.list, b.resources.list)...)
	c.principals, c.principal = nil, nil
	c.principalCondSet = false
	seen := map[string]bool{}
	var ps []IPrincipal
	for _, p := range append(a.Principals(), b.Principals()...) {
		k := principalKey(p)
		if !seen[k] {
			seen[k] = true
			ps = append(ps, p)
		}
	}
	c.AddPrincipals(ps...)
	return c
}

func hasLiteral(s *PolicyStatement) bool {
	for _, p := range s.principals {
		if _, ok := p.PolicyFragment().PrincipalJSON[literalStringKey]; ok {
			return true
		}
	}
	return false
}

func principalKey(p IPrincipal) string {
	b, _ := json.Marshal(p.PolicyFragment())
	return string(b)
}

func principalKeys(ps []IPrincipal) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = principalKey(p)
	}
	return out
}

func setEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	for _, x := range a {
		if !in[x] {
			return false
		}
	}
	return true
}

func setMerge(x, y []string) []string {
	var s orderedSet
	s.push(x...)
	s.push(y...)
	out := s.list
	sort.Strings(out)
	return out
}
