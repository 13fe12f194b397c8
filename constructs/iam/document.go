package iam

import (
	"encoding/json"
	"sort"
	"strconv"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// PolicyDocument is a collection of statements, rendered as the AWS CDK
// renders one: {"Statement": [...], "Version": "2012-10-17"}, nothing when
// empty. Statements identical after resolution are written once. It is a
// token: place it directly in an L1 property of type any.
type PolicyDocument struct {
	statements []*PolicyStatement
	assignSids bool
	// minimize is the explicit choice; nil reads the feature flag
	// @aws-cdk/aws-iam:minimizePolicies from the context of the construct
	// rendering the document.
	minimize *bool
	// mergeEqual keeps one of statements equal as sets when not minimizing
	// (a role's default policy, as the AWS CDK's Role.splitLargePolicy).
	mergeEqual bool
}

// NewPolicyDocument returns a document with the props.
func NewPolicyDocument(props PolicyDocumentProps) *PolicyDocument {
	d := &PolicyDocument{assignSids: props.AssignSids}
	if props.Minimize {
		d.minimize = new(true)
	}
	d.AddStatements(props.Statements...)
	return d
}

// AddStatements appends statements.
func (d *PolicyDocument) AddStatements(s ...*PolicyStatement) {
	d.statements = append(d.statements, s...)
}

// IsEmpty reports whether the document has no statements.
func (d *PolicyDocument) IsEmpty() bool { return len(d.statements) == 0 }

// StatementCount returns the number of statements added.
func (d *PolicyDocument) StatementCount() int { return len(d.statements) }

// Statements returns the statements added, in order.
func (d *PolicyDocument) Statements() []*PolicyStatement {
	return append([]*PolicyStatement(nil), d.statements...)
}

func (d *PolicyDocument) validate(check func(*PolicyStatement) []string) []string {
	var msgs []string
	for i, s := range d.statements {
		for _, m := range check(s) {
			msgs = append(msgs, "statement "+strconv.Itoa(i)+": "+m)
		}
	}
	return msgs
}

// ValidateForAnyPolicy returns the problems of the statements for any policy.
func (d *PolicyDocument) ValidateForAnyPolicy() []string {
	return d.validate((*PolicyStatement).ValidateForAnyPolicy)
}

// ValidateForResourcePolicy returns the problems for a resource-based policy.
func (d *PolicyDocument) ValidateForResourcePolicy() []string {
	return d.validate((*PolicyStatement).ValidateForResourcePolicy)
}

// ValidateForIdentityPolicy returns the problems for an identity-based policy.
func (d *PolicyDocument) ValidateForIdentityPolicy() []string {
	return d.validate((*PolicyStatement).ValidateForIdentityPolicy)
}

// TokenHint names the document in token markers.
func (d *PolicyDocument) TokenHint() string { return "PolicyDocument" }

// Resolve renders the document: statements frozen (merged first when
// Minimize is set), resolved, duplicates removed, Sids assigned when asked.
func (d *PolicyDocument) Resolve(ctx *token.Context) (any, error) {
	if d.IsEmpty() {
		return nil, nil
	}
	for _, s := range d.statements {
		s.Freeze()
	}
	stmts := d.statements
	minimize := d.shouldMerge(ctx)
	switch {
	case minimize:
		stmts = mergeStatements(stmts)
	case d.mergeEqual:
		stmts = mergeEqualStatements(stmts)
	}
	seen := map[string]bool{}
	var out []any
	for _, s := range stmts {
		v, err := token.Resolve(ctx, s.StatementJSON())
		if err != nil {
			return nil, err
		}
		m := v.(map[string]any)
		if minimize {
			sortStatement(m)
		}
		b, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		if seen[string(b)] {
			continue
		}
		seen[string(b)] = true
		out = append(out, m)
	}
	if d.assignSids {
		for i, s := range out {
			m := s.(map[string]any)
			if sid, _ := m["Sid"].(string); sid == "" {
				m["Sid"] = strconv.Itoa(i)
			}
		}
	}
	return map[string]any{"Statement": out, "Version": "2012-10-17"}, nil
}

// String encodes the document as a string token (a JSON document in an L1
// property that accepts a string).
func (d *PolicyDocument) String() string { return token.AsString(d) }

// sortStatement sorts Action, Resource and Principal values by their JSON, as
// the AWS CDK does when it minimizes.
func sortStatement(m map[string]any) {
	for _, k := range []string{"Action", "Resource"} {
		if v, ok := m[k]; ok {
			m[k] = sortByJSON(v)
		}
	}
	if p, ok := m["Principal"].(map[string]any); ok {
		for k, v := range p {
			p[k] = sortByJSON(v)
		}
	}
}

func sortByJSON(v any) any {
	l, ok := v.([]any)
	if !ok {
		return v
	}
	byKey := map[string]any{}
	var keys []string
	for _, x := range l {
		b, _ := json.Marshal(x)
		if _, dup := byKey[string(b)]; !dup {
			keys = append(keys, string(b))
		}
		byKey[string(b)] = x
	}
	sort.Strings(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

// SetMinimize turns statement merging on or off for this document, whatever
// the feature flag @aws-cdk/aws-iam:minimizePolicies says.
func (d *PolicyDocument) SetMinimize(on bool) { d.minimize = &on }

// shouldMerge is the AWS CDK's PolicyDocument.shouldMerge: the explicit
// choice, else the feature flag in the context of the rendering construct.
func (d *PolicyDocument) shouldMerge(ctx *token.Context) bool {
	if d.minimize != nil {
		return *d.minimize
	}
	if c, ok := ctx.Scope.(constructs.Construct); ok {
		return constructs.FeatureFlag(c, constructs.FlagIAMMinimizePolicies)
	}
	return false
}
