package bootstrap

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// evaluator resolves the parts of the template the trust and execution
// policies use, for given parameter values: Ref of parameters and pseudo
// parameters, Fn::If, Fn::Not, Fn::Equals, Fn::And, Fn::Or, Fn::Join,
// Condition, and AWS::NoValue (dropped from lists and maps).
type evaluator struct {
	t          *testing.T
	params     map[string]any
	conditions map[string]any
	memo       map[string]bool
}

var noValue = &struct{}{}

func newEvaluator(t *testing.T, tmpl map[string]any, values map[string]string) *evaluator {
	e := &evaluator{t: t, params: map[string]any{}, conditions: tmpl["Conditions"].(map[string]any), memo: map[string]bool{}}
	for name, p := range tmpl["Parameters"].(map[string]any) {
		p := p.(map[string]any)
		v, ok := values[name]
		if !ok {
			d, _ := p["Default"].(string)
			v = d
		}
		if p["Type"] == "CommaDelimitedList" {
			e.params[name] = toAny(strings.Split(v, ","))
			if v == "" {
				e.params[name] = []any{""}
			}
		} else {
			e.params[name] = v
		}
	}
	e.params["AWS::AccountId"] = "123456789012"
	e.params["AWS::Region"] = "us-east-1"
	e.params["AWS::Partition"] = "aws"
	e.params["AWS::NoValue"] = noValue
	return e
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (e *evaluator) cond(name string) bool {
	if v, ok := e.memo[name]; ok {
		return v
	}
	c, ok := e.conditions[name]
	if !ok {
		e.t.Fatalf("no condition %s", name)
	}
	v := e.eval(c).(bool)
	e.memo[name] = v
	return v
}

func (e *evaluator) eval(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				switch k {
				case "Ref":
					r, ok := e.params[arg.(string)]
					if !ok {
						return fmt.Sprintf("<ref %s>", arg) // a resource: left as is
					}
					return r
				case "Condition":
					return e.cond(arg.(string))
				case "Fn::If":
					a := arg.([]any)
					if e.cond(a[0].(string)) {
						return e.eval(a[1])
					}
					return e.eval(a[2])
				case "Fn::Not":
					return !e.eval(arg.([]any)[0]).(bool)
				case "Fn::Equals":
					a := arg.([]any)
					return fmt.Sprint(e.eval(a[0])) == fmt.Sprint(e.eval(a[1]))
				case "Fn::And", "Fn::Or":
					and := k == "Fn::And"
					for _, c := range arg.([]any) {
						if b := e.eval(c).(bool); b != and {
							return b
						}
					}
					return and
				case "Fn::Join":
					a := arg.([]any)
					var parts []string
					for _, p := range e.eval(a[1]).([]any) {
						parts = append(parts, fmt.Sprint(p))
					}
					return strings.Join(parts, a[0].(string))
				}
			}
		}
		out := map[string]any{}
		for k, x := range x {
			if r := e.eval(x); r != noValue {
				out[k] = r
			}
		}
		return out
	case []any:
		out := []any{}
		for _, x := range x {
			if r := e.eval(x); r != noValue {
				out = append(out, r)
			}
		}
		return out
	}
	return v
}

// trusted returns, for the role's trust policy, the AWS principals allowed
// each action, sorted, the account's own left out.
func trusted(e *evaluator, tmpl map[string]any, role string) map[string][]string {
	r := tmpl["Resources"].(map[string]any)[role].(map[string]any)
	doc := e.eval(r["Properties"].(map[string]any)["AssumeRolePolicyDocument"]).(map[string]any)
	out := map[string][]string{}
	for _, s := range doc["Statement"].([]any) {
		s := s.(map[string]any)
		p, ok := s["Principal"].(map[string]any)["AWS"]
		if !ok {
			continue
		}
		var principals []string
		switch p := p.(type) {
		case []any:
			for _, x := range p {
				principals = append(principals, x.(string))
			}
		default:
			principals = append(principals, p.(string))
		}
		var actions []string
		switch a := s["Action"].(type) {
		case []any:
			for _, x := range a {
				actions = append(actions, x.(string))
			}
		default:
			actions = append(actions, a.(string))
		}
		for _, a := range actions {
			for _, p := range principals {
				if p != "123456789012" && !slices.Contains(out[a], p) {
					out[a] = append(out[a], p)
				}
			}
		}
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

// The roles trust the accounts `bootstrap --trust` and `--trust-for-lookup`
// pass, as the AWS CDK's template does: the deploy and publishing roles
// the TrustedAccounts, the lookup role those and TrustedAccountsForLookup;
// the execution role gets CloudFormationExecutionPolicies, and
// AdministratorAccess only when neither those nor trusted accounts are
// given.
func TestTrustedAccounts(t *testing.T) {
	tmpl := mustTemplate(t)
	both := []string{"111111111111", "222222222222"}
	for _, tc := range []struct {
		name     string
		values   map[string]string
		deploy   []string
		lookup   []string
		policies []any
	}{
		{"default", map[string]string{}, nil, nil, []any{"arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"}},
		{"trust", map[string]string{ParamTrustedAccounts: "111111111111,222222222222", ParamCloudFormationExecutionPolicies: "arn:aws:iam::aws:policy/PowerUserAccess"},
			both, both, []any{"arn:aws:iam::aws:policy/PowerUserAccess"}},
		{"trust for lookup", map[string]string{ParamTrustedAccountsForLookup: "333333333333"}, nil, []string{"333333333333"}, []any{"arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"}},
		{"both", map[string]string{ParamTrustedAccounts: "111111111111", ParamTrustedAccountsForLookup: "333333333333", ParamCloudFormationExecutionPolicies: "arn:aws:iam::aws:policy/A,arn:aws:iam::aws:policy/B"},
			[]string{"111111111111"}, []string{"111111111111", "333333333333"}, []any{"arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEvaluator(t, tmpl, tc.values)
			for _, role := range []string{"DeploymentActionRole", "FilePublishingRole", "ImagePublishingRole", "LookupRole"} {
				want := tc.deploy
				if role == "LookupRole" {
					want = tc.lookup
				}
				got := trusted(e, tmpl, role)
				for _, action := range []string{"sts:AssumeRole", "sts:TagSession"} {
					if !slices.Equal(got[action], want) {
						t.Errorf("%s: %s is allowed to %v, want %v", role, action, got[action], want)
					}
				}
			}
			exec := tmpl["Resources"].(map[string]any)["CloudFormationExecutionRole"].(map[string]any)["Properties"].(map[string]any)
			got := e.eval(map[string]any{"x": exec["ManagedPolicyArns"]}).(map[string]any)["x"]
			if s, ok := got.(map[string]any); ok && s["Fn::Sub"] != nil {
				got = []any{s["Fn::Sub"]}
			}
			if list, ok := got.([]any); ok && len(list) == 1 {
				if s, ok := list[0].(map[string]any); ok {
					got = []any{s["Fn::Sub"]}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.policies) {
				t.Errorf("the execution role's managed policies are %v, want %v", got, tc.policies)
			}
		})
	}
}
