package iam

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// actionPattern is the form the AWS CDK accepts for an action: "*" or
// "service:Action" with wildcards in the action name.
var actionPattern = regexp.MustCompile(`^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*]+)$`)

// orderedSet keeps the first occurrence of each string, in insertion order.
type orderedSet struct {
	list []string
	seen map[string]bool
}

func (s *orderedSet) push(xs ...string) {
	for _, x := range xs {
		if s.seen[x] {
			continue
		}
		if s.seen == nil {
			s.seen = map[string]bool{}
		}
		s.seen[x] = true
		s.list = append(s.list, x)
	}
}

// PolicyStatement is one statement of an IAM policy document, the
// counterpart of the AWS CDK's PolicyStatement: elements are sets kept in
// insertion order; one value renders as a string, several as a list.
//
// Misuse that the AWS CDK reports by throwing (an invalid action name,
// Actions together with NotActions, principals with differing conditions) is
// recorded on the statement and reported by the policy or role holding it at
// synthesis, with that construct's path.
type PolicyStatement struct {
	sid          string
	effect       Effect
	actions      orderedSet
	notActions   orderedSet
	resources    orderedSet
	notResources orderedSet

	principal        map[string][]string
	notPrincipal     map[string][]string
	principals       []IPrincipal
	notPrincipals    []IPrincipal
	principalCondSet bool
	principalCondKey string

	conditions map[string]map[string]any
	frozen     bool
	problems   constructs.Problems
}

// NewPolicyStatement returns a statement with the props; Effect defaults to Allow.
func NewPolicyStatement(props PolicyStatementProps) *PolicyStatement {
	s := &PolicyStatement{sid: props.Sid, effect: props.Effect}
	if s.effect == "" {
		s.effect = Allow
	}
	s.AddActions(props.Actions...)
	s.AddNotActions(props.NotActions...)
	s.AddPrincipals(props.Principals...)
	s.AddNotPrincipals(props.NotPrincipals...)
	s.AddResources(props.Resources...)
	s.AddNotResources(props.NotResources...)
	if props.Conditions != nil {
		s.AddConditions(props.Conditions)
	}
	return s
}

func (s *PolicyStatement) problem(format string, args ...any) {
	s.problems.Errorf(format, args...)
}

func (s *PolicyStatement) mutable(method string) bool {
	if s.frozen {
		s.problem("%s: the statement was already rendered into a policy and can no longer be changed; create a new statement", method)
		return false
	}
	return true
}

// Sid returns the statement id.
func (s *PolicyStatement) Sid() string { return s.sid }

// SetSid sets the statement id.
func (s *PolicyStatement) SetSid(sid string) {
	if s.mutable("SetSid") {
		s.sid = sid
	}
}

// Effect returns Allow or Deny.
func (s *PolicyStatement) Effect() Effect { return s.effect }

// SetEffect sets the effect.
func (s *PolicyStatement) SetEffect(e Effect) {
	if s.mutable("SetEffect") {
		s.effect = e
	}
}

func (s *PolicyStatement) checkActions(actions []string) {
	for _, a := range actions {
		if !token.IsUnresolved(a) && !actionPattern.MatchString(a) {
			s.problem("action %q is invalid: an action is a service namespace, a colon and an action name (\"s3:GetObject\"); action names may hold wildcards", a)
		}
	}
}

// AddActions adds actions to the Action element.
func (s *PolicyStatement) AddActions(actions ...string) {
	if !s.mutable("AddActions") {
		return
	}
	if len(actions) > 0 && len(s.notActions.list) > 0 {
		s.problem("cannot add Actions to a statement that has NotActions; use two statements")
		return
	}
	s.checkActions(actions)
	s.actions.push(actions...)
}

// AddNotActions adds actions to the NotAction element.
func (s *PolicyStatement) AddNotActions(actions ...string) {
	if !s.mutable("AddNotActions") {
		return
	}
	if len(actions) > 0 && len(s.actions.list) > 0 {
		s.problem("cannot add NotActions to a statement that has Actions; use two statements")
		return
	}
	s.checkActions(actions)
	s.notActions.push(actions...)
}

// AddResources adds ARNs to the Resource element.
func (s *PolicyStatement) AddResources(arns ...string) {
	if !s.mutable("AddResources") {
		return
	}
	if len(arns) > 0 && len(s.notResources.list) > 0 {
		s.problem("cannot add Resources to a statement that has NotResources; use two statements")
		return
	}
	s.resources.push(arns...)
}

// AddNotResources adds ARNs to the NotResource element.
func (s *PolicyStatement) AddNotResources(arns ...string) {
	if !s.mutable("AddNotResources") {
		return
	}
	if len(arns) > 0 && len(s.resources.list) > 0 {
		s.problem("cannot add NotResources to a statement that has Resources; use two statements")
		return
	}
	s.notResources.push(arns...)
}

// AddAllResources adds "*" to the Resource element.
func (s *PolicyStatement) AddAllResources() { s.AddResources("*") }

func containsPrincipal(list []IPrincipal, p IPrincipal) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

// AddPrincipals adds principals to the Principal element.
func (s *PolicyStatement) AddPrincipals(principals ...IPrincipal) {
	if !s.mutable("AddPrincipals") {
		return
	}
	if len(principals) > 0 && len(s.notPrincipals) > 0 {
		s.problem("cannot add Principals to a statement that has NotPrincipals; use two statements")
		return
	}
	for _, p := range principals {
		if containsPrincipal(s.principals, p) {
			continue
		}
		s.principals = append(s.principals, p)
		frag := p.PolicyFragment()
		if s.principal == nil {
			s.principal = map[string][]string{}
		}
		mergePrincipal(s.principal, frag.PrincipalJSON)
		s.addPrincipalConditions(frag.Conditions)
	}
}

// AddNotPrincipals adds principals to the NotPrincipal element.
func (s *PolicyStatement) AddNotPrincipals(principals ...IPrincipal) {
	if !s.mutable("AddNotPrincipals") {
		return
	}
	if len(principals) > 0 && len(s.principals) > 0 {
		s.problem("cannot add NotPrincipals to a statement that has Principals; use two statements")
		return
	}
	for _, p := range principals {
		if containsPrincipal(s.notPrincipals, p) {
			continue
		}
		s.notPrincipals = append(s.notPrincipals, p)
		frag := p.PolicyFragment()
		if s.notPrincipal == nil {
			s.notPrincipal = map[string][]string{}
		}
		mergePrincipal(s.notPrincipal, frag.PrincipalJSON)
		s.addPrincipalConditions(frag.Conditions)
	}
}

func mergePrincipal(target, source map[string][]string) {
	for k, v := range source {
		target[k] = append(target[k], v...)
	}
}

func (s *PolicyStatement) addPrincipalConditions(c map[string]map[string]any) {
	b, _ := json.Marshal(c)
	key := string(b)
	if len(c) == 0 {
		key = "{}"
	}
	if !s.principalCondSet {
		s.principalCondSet = true
		s.principalCondKey = key
	} else if s.principalCondKey != key {
		s.problem("all principals of a statement must have the same conditions (got %s and %s); use one statement for each", s.principalCondKey, key)
		return
	}
	s.AddConditions(c)
}

// AddCondition adds a condition: operator ("StringEquals") to keys and
// values. Keys already present under the operator are replaced.
func (s *PolicyStatement) AddCondition(operator string, value map[string]any) {
	if !s.mutable("AddCondition") {
		return
	}
	if s.conditions == nil {
		s.conditions = map[string]map[string]any{}
	}
	m := s.conditions[operator]
	if m == nil {
		m = map[string]any{}
		s.conditions[operator] = m
	}
	for k, v := range value {
		m[k] = v
	}
}

// AddConditions adds several conditions.
func (s *PolicyStatement) AddConditions(c map[string]map[string]any) {
	for _, op := range slices.Sorted(maps.Keys(c)) {
		s.AddCondition(op, c[op])
	}
}

// AddAccountCondition adds StringEquals sts:ExternalId.
func (s *PolicyStatement) AddAccountCondition(accountID string) {
	s.AddCondition("StringEquals", map[string]any{"sts:ExternalId": accountID})
}

// AddSourceAccountCondition adds StringEquals aws:SourceAccount.
func (s *PolicyStatement) AddSourceAccountCondition(accountID string) {
	s.AddCondition("StringEquals", map[string]any{"aws:SourceAccount": accountID})
}

// AddSourceARNCondition adds ArnEquals aws:SourceArn.
func (s *PolicyStatement) AddSourceARNCondition(arn string) {
	s.AddCondition("ArnEquals", map[string]any{"aws:SourceArn": arn})
}

// Actions returns a copy of the actions.
func (s *PolicyStatement) Actions() []string { return append([]string(nil), s.actions.list...) }

// NotActions returns a copy of the not-actions.
func (s *PolicyStatement) NotActions() []string { return append([]string(nil), s.notActions.list...) }

// Resources returns a copy of the resources.
func (s *PolicyStatement) Resources() []string { return append([]string(nil), s.resources.list...) }

// NotResources returns a copy of the not-resources.
func (s *PolicyStatement) NotResources() []string {
	return append([]string(nil), s.notResources.list...)
}

// Principals returns a copy of the principals.
func (s *PolicyStatement) Principals() []IPrincipal {
	return append([]IPrincipal(nil), s.principals...)
}

// Conditions returns a copy of the conditions.
func (s *PolicyStatement) Conditions() map[string]map[string]any {
	out := map[string]map[string]any{}
	for op, m := range s.conditions {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		out[op] = c
	}
	return out
}

// HasPrincipal reports whether the statement names principals or not-principals.
func (s *PolicyStatement) HasPrincipal() bool { return len(s.principals)+len(s.notPrincipals) > 0 }

// HasResource reports whether the statement names resources.
func (s *PolicyStatement) HasResource() bool { return len(s.resources.list) > 0 }

// Copy returns a new statement with the same elements.
func (s *PolicyStatement) Copy() *PolicyStatement {
	return NewPolicyStatement(PolicyStatementProps{
		Sid: s.sid, Effect: s.effect, Actions: s.Actions(), NotActions: s.NotActions(),
		Resources: s.Resources(), NotResources: s.NotResources(), Principals: s.Principals(),
		NotPrincipals: append([]IPrincipal(nil), s.notPrincipals...), Conditions: s.Conditions(),
	})
}

// Freeze makes the statement immutable; policies freeze their statements when
// they are rendered.
func (s *PolicyStatement) Freeze() *PolicyStatement { s.frozen = true; return s }

// Frozen reports whether Freeze was called.
func (s *PolicyStatement) Frozen() bool { return s.frozen }

// StatementJSON returns the statement as the AWS CDK renders it, with
// tokens not yet resolved: absent and empty elements left out, a single
// value as a string.
func (s *PolicyStatement) StatementJSON() map[string]any {
	out := map[string]any{"Effect": string(s.effect)}
	set := func(key string, v any) {
		if v != nil {
			out[key] = v
		}
	}
	set("Action", normList(s.actions.list))
	set("NotAction", normList(s.notActions.list))
	set("Resource", normList(s.resources.list))
	set("NotResource", normList(s.notResources.list))
	set("Principal", normPrincipal(s.principal))
	set("NotPrincipal", normPrincipal(s.notPrincipal))
	if len(s.conditions) > 0 {
		c := map[string]any{}
		for op, m := range s.conditions {
			c[op] = m
		}
		out["Condition"] = c
	}
	if s.sid != "" {
		out["Sid"] = s.sid
	}
	return out
}

func normList(l []string) any {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	out := make([]any, len(l))
	for i, x := range l {
		out[i] = x
	}
	return out
}

func normPrincipal(p map[string][]string) any {
	if len(p) == 0 {
		return nil
	}
	if lit, ok := p[literalStringKey]; ok && len(lit) > 0 {
		return lit[0]
	}
	out := map[string]any{}
	for k, v := range p {
		if n := normList(v); n != nil {
			out[k] = n
		}
	}
	return out
}

// Problems returns the misuse recorded on the statement.
func (s *PolicyStatement) Problems() []string { return s.problems.Validate() }

// ValidateForAnyPolicy returns the problems that make the statement invalid
// in any policy.
func (s *PolicyStatement) ValidateForAnyPolicy() []string {
	msgs := s.Problems()
	if len(s.actions.list) == 0 && len(s.notActions.list) == 0 {
		msgs = append(msgs, "a PolicyStatement must specify at least one action or not-action; set PolicyStatementProps.Actions")
	}
	return msgs
}

// ValidateForResourcePolicy adds the checks for a resource-based policy.
func (s *PolicyStatement) ValidateForResourcePolicy() []string {
	msgs := s.ValidateForAnyPolicy()
	if !s.HasPrincipal() {
		msgs = append(msgs, "a PolicyStatement in a resource-based policy must specify at least one principal; set PolicyStatementProps.Principals")
	}
	return msgs
}

// ValidateForIdentityPolicy adds the checks for an identity-based policy.
func (s *PolicyStatement) ValidateForIdentityPolicy() []string {
	msgs := s.ValidateForAnyPolicy()
	if s.HasPrincipal() {
		msgs = append(msgs, "a PolicyStatement in an identity-based policy cannot specify principals; remove PolicyStatementProps.Principals")
	}
	if len(s.resources.list) == 0 && len(s.notResources.list) == 0 {
		msgs = append(msgs, "a PolicyStatement in an identity-based policy must specify at least one resource; set PolicyStatementProps.Resources (\"*\" for all)")
	}
	return msgs
}
