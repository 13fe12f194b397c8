//lint:file-ignore ST1005 error messages are CloudFormation's own, capitalized as it sends them

package cfnfake

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/forma-iac/forma/internal/cfnspec"
)

// tmpl is a parsed template: what the double needs of it.
type tmpl struct {
	Parameters map[string]struct {
		Default any `json:"Default"`
	} `json:"Parameters"`
	Resources map[string]*resourceDef `json:"Resources"`
	Outputs   map[string]struct {
		Value  any `json:"Value"`
		Export *struct {
			Name any `json:"Name"`
		} `json:"Export"`
	} `json:"Outputs"`
	Transform  any            `json:"Transform"`
	Conditions map[string]any `json:"Conditions"`
}

type resourceDef struct {
	Type           string         `json:"Type"`
	Properties     map[string]any `json:"Properties"`
	DependsOn      any            `json:"DependsOn"`
	DeletionPolicy string         `json:"DeletionPolicy"`
}

func parseTemplate(body string) (*tmpl, error) {
	var t tmpl
	if err := json.Unmarshal([]byte(body), &t); err != nil {
		return nil, validation("Template format error: JSON not well-formed. (%v)", err)
	}
	if len(t.Resources) == 0 {
		return nil, validation("Template format error: At least one Resources member must be defined.")
	}
	for id, r := range t.Resources {
		if r == nil || r.Type == "" {
			return nil, validation("Template format error: [/Resources/%s] Every Resources object must contain a Type member.", id)
		}
	}
	return &t, nil
}

// refs returns the resources v refers to through Ref, Fn::GetAtt and
// ${…} in Fn::Sub.
func refs(v any, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			if r, ok := v["Ref"].(string); ok {
				out[r] = true
				return
			}
			if g, ok := v["Fn::GetAtt"]; ok {
				switch g := g.(type) {
				case []any:
					if len(g) > 0 {
						if s, ok := g[0].(string); ok {
							out[s] = true
						}
					}
				case string:
					out[strings.SplitN(g, ".", 2)[0]] = true
				}
				return
			}
			if s, ok := v["Fn::Sub"]; ok {
				str, _ := s.(string)
				if l, ok := s.([]any); ok && len(l) > 0 {
					str, _ = l[0].(string)
					refs(l[1:], out)
				}
				for _, part := range strings.Split(str, "${")[1:] {
					name, _, _ := strings.Cut(part, "}")
					out[strings.SplitN(name, ".", 2)[0]] = true
				}
				return
			}
		}
		for _, x := range v {
			refs(x, out)
		}
	case []any:
		for _, x := range v {
			refs(x, out)
		}
	}
}

// deps returns the resources of t that id depends on.
func (t *tmpl) deps(id string) []string {
	r := t.Resources[id]
	all := map[string]bool{}
	refs(r.Properties, all)
	switch d := r.DependsOn.(type) {
	case string:
		all[d] = true
	case []any:
		for _, x := range d {
			if s, ok := x.(string); ok {
				all[s] = true
			}
		}
	}
	var out []string
	for k := range all {
		if _, ok := t.Resources[k]; ok && k != id {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// levels groups the resources of t by dependency depth: CloudFormation
// provisions resources without dependencies between them in parallel
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html).
func (t *tmpl) levels() [][]string {
	depth := map[string]int{}
	var visit func(id string, seen map[string]bool) int
	visit = func(id string, seen map[string]bool) int {
		if d, ok := depth[id]; ok {
			return d
		}
		if seen[id] {
			return 0
		}
		seen[id] = true
		d := 0
		for _, x := range t.deps(id) {
			d = max(d, visit(x, seen)+1)
		}
		depth[id] = d
		return d
	}
	var out [][]string
	for _, id := range slices.Sorted(maps.Keys(t.Resources)) {
		d := visit(id, map[string]bool{})
		for len(out) <= d {
			out = append(out, nil)
		}
		out[d] = append(out[d], id)
	}
	return out
}

// imports returns the literal export names t imports.
func (t *tmpl) imports() []string {
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if s, ok := v["Fn::ImportValue"].(string); ok && len(v) == 1 {
				seen[s] = true
				return
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, r := range t.Resources {
		walk(r.Properties)
	}
	for _, o := range t.Outputs {
		walk(o.Value)
	}
	return slices.Sorted(maps.Keys(seen))
}

// change is one resource change of a change set.
type change struct {
	action      string // Add, Modify, Remove
	id, typ     string
	physical    string
	replacement string // True, False, Conditional (Modify only)
	details     []detail
}

type detail struct {
	name, recreation, evaluation string
}

// changes compares the resources of old (nil for a new stack) and new.
// Replacement follows the resource type's createOnlyProperties: CloudFormation
// replaces a resource when a property documented "Update requires:
// Replacement" changes (True), and may when it depends on values known only
// during the update (Conditional)
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html).
func changes(old, new *tmpl, live map[string]*resource) []change {
	var out []change
	for _, id := range slices.Sorted(maps.Keys(new.Resources)) {
		n := new.Resources[id]
		var o *resourceDef
		if old != nil {
			o = old.Resources[id]
		}
		if o == nil {
			out = append(out, change{action: "Add", id: id, typ: n.Type})
			continue
		}
		c := change{action: "Modify", id: id, typ: n.Type, replacement: "False"}
		if r := live[id]; r != nil {
			c.physical = r.physical
		}
		if o.Type != n.Type {
			c.replacement = "True"
			c.details = append(c.details, detail{"Type", "Always", "Static"})
			out = append(out, c)
			continue
		}
		spec, _ := cfnspec.Lookup(n.Type)
		names := map[string]bool{}
		for k := range o.Properties {
			names[k] = true
		}
		for k := range n.Properties {
			names[k] = true
		}
		for _, p := range slices.Sorted(maps.Keys(names)) {
			if reflect.DeepEqual(o.Properties[p], n.Properties[p]) {
				continue
			}
			d := detail{name: p, recreation: "Never", evaluation: "Static"}
			intrinsic := hasIntrinsic(n.Properties[p])
			if intrinsic {
				d.evaluation = "Dynamic"
			}
			switch {
			case spec != nil && spec.IsCreateOnly(p) && !intrinsic:
				d.recreation = "Always"
			case spec != nil && (spec.IsCreateOnly(p) || spec.HasCreateOnlyBelow(p)):
				d.recreation = "Conditionally"
			}
			c.details = append(c.details, d)
		}
		if len(c.details) == 0 && reflect.DeepEqual(o.DependsOn, n.DependsOn) && o.DeletionPolicy == n.DeletionPolicy {
			continue
		}
		for _, d := range c.details {
			switch {
			case d.recreation == "Always":
				c.replacement = "True"
			case d.recreation == "Conditionally" && c.replacement != "True":
				c.replacement = "Conditional"
			}
		}
		out = append(out, c)
	}
	if old != nil {
		for _, id := range slices.Sorted(maps.Keys(old.Resources)) {
			if _, ok := new.Resources[id]; !ok {
				c := change{action: "Remove", id: id, typ: old.Resources[id].Type}
				if r := live[id]; r != nil {
					c.physical = r.physical
				}
				out = append(out, c)
			}
		}
	}
	return out
}

func hasIntrinsic(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "Ref" || strings.HasPrefix(k, "Fn::") || hasIntrinsic(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if hasIntrinsic(x) {
				return true
			}
		}
	}
	return false
}

// resolver evaluates intrinsic functions against a stack's state.
type resolver struct {
	f      *Fake
	s      *stack
	params map[string]string
}

func (r *resolver) pseudo(name string) (string, bool) {
	switch name {
	case "AWS::Region":
		return Region, true
	case "AWS::AccountId":
		return Account, true
	case "AWS::StackName":
		return r.s.name, true
	case "AWS::StackId":
		return r.s.id, true
	case "AWS::Partition":
		return "aws", true
	case "AWS::URLSuffix":
		return "amazonaws.com", true
	case "AWS::NoValue":
		return "", true
	}
	return "", false
}

func (r *resolver) ref(name string) (string, error) {
	if v, ok := r.pseudo(name); ok {
		return v, nil
	}
	if v, ok := r.params[name]; ok {
		return v, nil
	}
	if res, ok := r.s.resources[name]; ok {
		return res.physical, nil
	}
	return "", fmt.Errorf("Unresolved resource dependencies [%s] in the Outputs block of the template", name)
}

func (r *resolver) getAtt(id, attr string) (string, error) {
	res, ok := r.s.resources[id]
	if !ok {
		return "", fmt.Errorf("Template error: instance of Fn::GetAtt references undefined resource %s", id)
	}
	if attr == "Arn" || strings.HasSuffix(attr, "Arn") {
		svc := strings.ToLower(strings.Split(res.typ, "::")[1])
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", svc, Region, Account, res.physical), nil
	}
	return res.physical + "." + attr, nil
}

func (r *resolver) str(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case float64, bool:
		return fmt.Sprint(v), nil
	case map[string]any:
		for k, a := range v {
			switch k {
			case "Ref":
				s, _ := a.(string)
				return r.ref(s)
			case "Fn::GetAtt":
				switch a := a.(type) {
				case []any:
					if len(a) == 2 {
						id, _ := a[0].(string)
						attr, _ := a[1].(string)
						return r.getAtt(id, attr)
					}
				case string:
					id, attr, _ := strings.Cut(a, ".")
					return r.getAtt(id, attr)
				}
			case "Fn::ImportValue":
				name, err := r.str(a)
				if err != nil {
					return "", err
				}
				e, ok := r.f.exports[name]
				if !ok {
					return "", fmt.Errorf("No export named %s found", name)
				}
				return e.value, nil
			case "Fn::Join":
				l, _ := a.([]any)
				if len(l) == 2 {
					sep, _ := l[0].(string)
					items, _ := l[1].([]any)
					var parts []string
					for _, it := range items {
						s, err := r.str(it)
						if err != nil {
							return "", err
						}
						parts = append(parts, s)
					}
					return strings.Join(parts, sep), nil
				}
			case "Fn::Sub":
				str, _ := a.(string)
				vars := map[string]any{}
				if l, ok := a.([]any); ok && len(l) == 2 {
					str, _ = l[0].(string)
					vars, _ = l[1].(map[string]any)
				}
				var b strings.Builder
				for {
					before, after, ok := strings.Cut(str, "${")
					b.WriteString(before)
					if !ok {
						break
					}
					name, rest, _ := strings.Cut(after, "}")
					str = rest
					var s string
					var err error
					if v, ok := vars[name]; ok {
						s, err = r.str(v)
					} else if id, attr, ok := strings.Cut(name, "."); ok {
						s, err = r.getAtt(id, attr)
					} else {
						s, err = r.ref(name)
					}
					if err != nil {
						return "", err
					}
					b.WriteString(s)
				}
				return b.String(), nil
			case "Fn::If":
				return r.fnIf(a)
			case "Fn::Select":
				l, _ := a.([]any)
				if len(l) == 2 {
					idx, _ := l[0].(float64)
					items, _ := l[1].([]any)
					if int(idx) < len(items) {
						return r.str(items[int(idx)])
					}
				}
			}
			return "", fmt.Errorf("Template error: unsupported intrinsic %s", k)
		}
	}
	return "", fmt.Errorf("Template error: cannot resolve %v to a string", v)
}

// nameProperty is the property that names a resource's physical ID when set.
func nameProperty(typ string) string {
	svc := strings.Split(typ, "::")
	if len(svc) != 3 {
		return ""
	}
	switch typ {
	case "AWS::S3::Bucket":
		return "BucketName"
	case "AWS::SQS::Queue":
		return "QueueName"
	case "AWS::SNS::Topic":
		return "TopicName"
	case "AWS::ECR::Repository":
		return "RepositoryName"
	case "AWS::IAM::Role":
		return "RoleName"
	}
	return "Name"
}
