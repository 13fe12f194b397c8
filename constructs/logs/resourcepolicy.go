package logs

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/logs/logscfn"
	"github.com/forma-iac/forma/constructs/token"
)

// ResourcePolicy is a CloudWatch Logs resource policy
// (AWS::Logs::ResourcePolicy), the counterpart of the AWS CDK's
// ResourcePolicy as a log group creates it: construct id "Policy" under the
// log group, its L1 "ResourcePolicy", named by its unique id, the document
// written as a JSON string.
type ResourcePolicy struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *logscfn.CfnResourcePolicy
	// Document is the policy document.
	Document *iam.PolicyDocument
}

func newResourcePolicy(scope constructs.Construct, id string) *ResourcePolicy {
	p := &ResourcePolicy{Document: iam.NewPolicyDocument(iam.PolicyDocumentProps{})}
	p.Base = constructs.NewBase(p, scope, id)
	p.Resource = logscfn.NewCfnResourcePolicy(p, "ResourcePolicy", logscfn.CfnResourcePolicyProps{
		PolicyName:     constructs.UniqueID(p),
		PolicyDocument: token.Func(func(ctx *token.Context) (any, error) { return jsonString(ctx, p.Document.Statements()) }),
	})
	p.Node().AddValidation(constructs.ValidationFunc(func() []string {
		var msgs []string
		for _, m := range p.Document.ValidateForResourcePolicy() {
			msgs = append(msgs, "resource policy: "+m)
		}
		return msgs
	}))
	return p
}

// AddToResourcePolicy adds a statement to the log group's resource policy,
// created on first use, as the AWS CDK's LogGroup.addToResourcePolicy does:
// a principal of a known account (an account, an ARN with an account) is
// written as that account's id.
func (g *LogGroup) AddToResourcePolicy(s *iam.PolicyStatement) bool {
	if g.policy == nil {
		g.policy = newResourcePolicy(g, "Policy")
	}
	ps := s.Principals()
	for i, p := range ps {
		ps[i] = accountPrincipal(p)
	}
	g.policy.Document.AddStatements(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Sid: s.Sid(), Effect: s.Effect(), Actions: s.Actions(), NotActions: s.NotActions(),
		Resources: s.Resources(), NotResources: s.NotResources(), Principals: ps, Conditions: s.Conditions(),
	}))
	return true
}

// accountPrincipal is the AWS CDK's convertArnPrincipalToAccountId.
func accountPrincipal(p iam.IPrincipal) iam.IPrincipal {
	if a := iam.PrincipalAccount(p); a != "" {
		return iam.NewARNPrincipal(a)
	}
	if a, ok := p.(*iam.ARNPrincipal); ok && a.ARN != "*" && !token.IsUnresolved(a.ARN) {
		if parts := strings.SplitN(a.ARN, ":", 6); len(parts) == 6 && parts[4] != "" {
			return iam.NewARNPrincipal(parts[4])
		}
	}
	return p
}

// statementKeys is the order in which the AWS CDK writes a statement's
// elements (PolicyStatement.toStatementJson).
var statementKeys = []string{"Action", "NotAction", "Condition", "Effect", "Principal", "NotPrincipal", "Resource", "NotResource", "Sid"}

// jsonString writes the statements as the AWS CDK's JSON.stringify of a
// policy document writes them: a string, or an Fn::Join of literal JSON
// text and the intrinsics that stand inside its strings.
func jsonString(ctx *token.Context, stmts []*iam.PolicyStatement) (any, error) {
	if len(stmts) == 0 {
		return nil, nil
	}
	var w jsonWriter
	w.lit(`{"Statement":[`)
	for i, s := range stmts {
		if i > 0 {
			w.lit(",")
		}
		v, err := token.Resolve(ctx, s.StatementJSON())
		if err != nil {
			return nil, err
		}
		m := v.(map[string]any)
		w.lit("{")
		first := true
		for _, k := range statementKeys {
			x, ok := m[k]
			if !ok {
				continue
			}
			if !first {
				w.lit(",")
			}
			first = false
			w.str(k)
			w.lit(":")
			if err := w.value(x); err != nil {
				return nil, err
			}
		}
		w.lit("}")
	}
	w.lit(`],"Version":"2012-10-17"}`)
	return w.result(), nil
}

// jsonWriter accumulates the parts of a JSON text with intrinsics in it.
type jsonWriter struct {
	parts []any
	buf   strings.Builder
}

func (w *jsonWriter) lit(s string) { w.buf.WriteString(s) }

func (w *jsonWriter) flush() {
	if w.buf.Len() > 0 {
		w.parts = append(w.parts, w.buf.String())
		w.buf.Reset()
	}
}

// escape returns s JSON-escaped, without quotes, as JavaScript escapes it.
func escape(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

func (w *jsonWriter) str(s string) { w.lit(`"` + escape(s) + `"`) }

// intrinsic writes an intrinsic that stands in a string: the parts of an
// Fn::Join with an empty delimiter inline, any other intrinsic as a part.
func (w *jsonWriter) intrinsic(m map[string]any) {
	if j, ok := m["Fn::Join"].([]any); ok && len(j) == 2 && j[0] == "" {
		if l, ok := j[1].([]any); ok {
			for _, p := range l {
				switch p := p.(type) {
				case string:
					w.lit(escape(p))
				case map[string]any:
					w.intrinsic(p)
				}
			}
			return
		}
	}
	w.flush()
	w.parts = append(w.parts, m)
}

func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

func (w *jsonWriter) value(v any) error {
	switch v := v.(type) {
	case string:
		w.str(v)
	case bool, float64, int, nil:
		b, _ := json.Marshal(v)
		w.lit(string(b))
	case []any:
		w.lit("[")
		for i, x := range v {
			if i > 0 {
				w.lit(",")
			}
			if err := w.value(x); err != nil {
				return err
			}
		}
		w.lit("]")
	case map[string]any:
		if isIntrinsic(v) {
			w.lit(`"`)
			w.intrinsic(v)
			w.lit(`"`)
			return nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		w.lit("{")
		for i, k := range keys {
			if i > 0 {
				w.lit(",")
			}
			w.str(k)
			w.lit(":")
			if err := w.value(v[k]); err != nil {
				return err
			}
		}
		w.lit("}")
	default:
		return fmt.Errorf("logs: cannot write %T in a resource policy document", v)
	}
	return nil
}

func (w *jsonWriter) result() any {
	w.flush()
	if len(w.parts) == 1 {
		if s, ok := w.parts[0].(string); ok {
			return s
		}
	}
	return map[string]any{"Fn::Join": []any{"", w.parts}}
}
