//lint:file-ignore ST1005 error messages are CloudFormation's own, capitalized as it sends them

package cfnfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// This file is a minimal SSM Parameter Store beside CloudFormation: the
// JSON 1.1 protocol (POST / with X-Amz-Target AmazonSSM.OPERATION), enough
// for the bootstrap version check. GetParameter finds parameters put with
// PutParameter and the AWS::SSM::Parameter resources of live stacks (their
// Name and Value resolved against the stack), as CloudFormation creates
// them in the account's parameter store
// (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html).
// It also evaluates template conditions and Fn::If for the resolver.

// PutParameter stores an SSM parameter, as the SSM PutParameter call does.
func (f *Fake) PutParameter(name, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ssmParams == nil {
		f.ssmParams = map[string]string{}
	}
	f.ssmParams[name] = value
}

// ssmParameter looks a parameter up; f.mu is held.
func (f *Fake) ssmParameter(name string) (string, bool) {
	if v, ok := f.ssmParams[name]; ok {
		return v, true
	}
	for _, s := range f.stacks {
		if s.deleted || s.t == nil {
			continue
		}
		for id, r := range s.resources {
			if r.typ != "AWS::SSM::Parameter" || r.physical != name {
				continue
			}
			def := s.t.Resources[id]
			if def == nil {
				continue
			}
			v, err := (&resolver{f: f, s: s, params: s.paramMap()}).str(def.Properties["Value"])
			if err == nil {
				return v, true
			}
		}
	}
	return "", false
}

func (f *Fake) serveSSM(w http.ResponseWriter, op string, body []byte) {
	var in struct {
		Name  string
		Value string
	}
	if err := json.Unmarshal(body, &in); err != nil {
		writeSSMError(w, 400, "ValidationException", err.Error())
		return
	}
	switch op {
	case "GetParameter":
		v, ok := f.ssmParameter(in.Name)
		if !ok {
			writeSSMError(w, 400, "ParameterNotFound", "")
			return
		}
		writeSSM(w, map[string]any{"Parameter": map[string]any{
			"Name": in.Name, "Type": "String", "Value": v, "Version": 1,
			"ARN": fmt.Sprintf("arn:aws:ssm:%s:%s:parameter%s", Region, Account, in.Name),
		}})
	case "PutParameter":
		if f.ssmParams == nil {
			f.ssmParams = map[string]string{}
		}
		f.ssmParams[in.Name] = in.Value
		writeSSM(w, map[string]any{"Version": 1, "Tier": "Standard"})
	default:
		writeSSMError(w, 400, "InvalidAction", "the double does not implement AmazonSSM."+op)
	}
}

func writeSSM(w http.ResponseWriter, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

func writeSSMError(w http.ResponseWriter, status int, code, msg string) {
	b, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(status)
	w.Write(b)
}

// fnIf evaluates [condition, whenTrue, whenFalse].
func (r *resolver) fnIf(a any) (string, error) {
	l, ok := a.([]any)
	if !ok || len(l) != 3 {
		return "", fmt.Errorf("Template error: Fn::If requires a list of three elements")
	}
	name, _ := l[0].(string)
	ok, err := r.condition(name, 0)
	if err != nil {
		return "", err
	}
	if ok {
		return r.str(l[1])
	}
	return r.str(l[2])
}

// condition evaluates the template condition name.
func (r *resolver) condition(name string, depth int) (bool, error) {
	expr, ok := r.s.t.Conditions[name]
	if !ok || depth > 32 {
		return false, fmt.Errorf("Template error: unresolved condition dependency %s in Fn::If", name)
	}
	return r.condExpr(expr, depth+1)
}

func (r *resolver) condExpr(v any, depth int) (bool, error) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false, fmt.Errorf("Template error: a condition must be a single intrinsic function, not %v", v)
	}
	for k, a := range m {
		if k == "Condition" {
			name, _ := a.(string)
			return r.condition(name, depth)
		}
		l, _ := a.([]any)
		switch k {
		case "Fn::Equals":
			if len(l) != 2 {
				return false, fmt.Errorf("Template error: Fn::Equals requires two values")
			}
			x, err := r.condValue(l[0])
			if err != nil {
				return false, err
			}
			y, err := r.condValue(l[1])
			if err != nil {
				return false, err
			}
			return x == y, nil
		case "Fn::Not":
			if len(l) != 1 {
				return false, fmt.Errorf("Template error: Fn::Not requires one condition")
			}
			b, err := r.condExpr(l[0], depth)
			return !b, err
		case "Fn::And", "Fn::Or":
			all := k == "Fn::And"
			for _, c := range l {
				b, err := r.condExpr(c, depth)
				if err != nil {
					return false, err
				}
				if b != all {
					return b, nil
				}
			}
			return all, nil
		}
		return false, fmt.Errorf("Template error: unsupported condition function %s", k)
	}
	return false, nil
}

// condValue resolves an Fn::Equals operand; Fn::Join over a list
// parameter's Ref joins the comma-delimited value's elements.
func (r *resolver) condValue(v any) (string, error) {
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		if l, ok := m["Fn::Join"].([]any); ok && len(l) == 2 {
			if ref, ok := l[1].(map[string]any); ok {
				sep, _ := l[0].(string)
				s, err := r.str(ref)
				if err != nil {
					return "", err
				}
				return strings.Join(strings.Split(s, ","), sep), nil
			}
		}
	}
	return r.str(v)
}
