package synth

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/cfnspec"
)

// The checks below refuse templates that CloudFormation would reject, or
// that would deploy something other than what the program says.

// inApp reports whether c belongs to the app being synthesized.
func (s *synthesizer) inApp(c constructs.Construct) bool {
	return c.Node().Root() == constructs.Construct(s.app)
}

// foreignAppError is the message for a value or dependency taken from a
// construct of another App.
func foreignAppError(target constructs.Construct) string {
	return fmt.Sprintf("uses %s, a construct of another App; one App cannot use the values or constructs of another — build both in the same App (or pass a plain value)", target.Node().Path())
}

// checkStackNames refuses two stacks with one CloudFormation name in one
// environment: deploy would put both into one stack.
func (s *synthesizer) checkStackNames() {
	seen := map[string]*constructs.Stack{}
	for _, st := range s.app.Stacks() {
		if st.NestedStack() != nil {
			continue // named by CloudFormation after its parent
		}
		key := envString(st.Env()) + "\x00" + st.StackName()
		if prev, ok := seen[key]; ok {
			s.errorf(st, "the stack name %q is also the name of stack %s in the same environment (%s); deploy would put both into one CloudFormation stack — give one of them another StackProps.StackName", st.StackName(), prev.Node().Path(), envString(st.Env()))
			continue
		}
		seen[key] = st
	}
}

// checkStackSettings refuses tokens where CloudFormation resolves none, and
// warns about a stack without resources.
func (s *synthesizer) checkStackSettings(st *constructs.Stack, resources int) {
	if hasMarker(st.Description()) {
		s.errorf(st, "the stack description holds a token (%s); CloudFormation does not resolve the template description — use a literal string", token.Describe(st.Description()))
	}
	for k, v := range st.Tags() {
		if hasMarker(k) || hasMarker(v) {
			s.errorf(st, "the stack tag %q=%q holds a token; stack tags are passed to CloudFormation as they are — use literal strings", token.Describe(k), token.Describe(v))
		}
	}
	for _, t := range st.Transforms() {
		if hasMarker(t) {
			s.errorf(st, "the transform %q holds a token; use the transform's literal name", token.Describe(t))
		}
	}
	if resources == 0 {
		msg := "the stack has no resources: CloudFormation cannot create a stack without resources, so deploying it fails or is skipped — add a resource or remove the stack"
		warnOnce(st, msg)
	}
}

// markerRe finds a token marker in any letter case: a marker changed by
// strings.ToUpper or ToLower is no longer resolved.
var markerRe = regexp.MustCompile(`(?i)[$#]\{token(list)?\[`)

// numberTokenRe finds the decimal text of an int token, as fmt.Sprint or
// strconv.Itoa print it.
var numberTokenRe = regexp.MustCompile(`-88174\d{14}`)

func hasMarker(s string) bool {
	if !strings.Contains(s, "{") && !strings.Contains(s, "-88174") {
		return false // the common case, without a regular expression
	}
	return markerRe.MatchString(s) || numberTokenRe.MatchString(s)
}

// describeLeftover explains a token left at where in the rendered string s.
func describeLeftover(where, s string) string {
	if m := numberTokenRe.FindString(s); m != "" && !markerRe.MatchString(s) {
		i, _ := strconv.ParseInt(m, 10, 64)
		hint, _ := token.DescribeInt(i)
		return fmt.Sprintf("the number token ${%s} was formatted as a string at %s (fmt.Sprintf(\"%%d\", n) or strconv.Itoa of a number attribute), which writes its placeholder digits; pass the value's string form instead (e.g. the parameter's ValueAsString)", hint, where)
	}
	return fmt.Sprintf("a token was left unresolved at %s (%q); a token's string was cut or changed by string functions (slicing, strings.ToUpper...) — combine tokens with + or fmt.Sprintf only, and use cfn.Select, cfn.Split or cfn.Join to take them apart", where, token.Describe(s))
}

// checkDependencies refuses a DependsOn on a construct of another app or on
// the resource itself, and a cycle of DependsOn and same-stack references
// between elems, the elements of one stack, reported once from the
// smallest logical ID in it.
func (s *synthesizer) checkDependencies(elems []cfn.Element) {
	edges := s.dependencyEdges(elems)
	if edges == nil || !hasCycle(edges) {
		return
	}
	// Walk again in logical ID order, recording paths, to report each
	// cycle the same way.
	byID := func(x []int32) {
		sort.SliceStable(x, func(i, j int) bool { return elems[x[i]].LogicalID() < elems[x[j]].LogicalID() })
	}
	sorted := make([]int32, len(elems))
	for i := range sorted {
		sorted[i] = int32(i)
	}
	byID(sorted)
	state := make([]int8, len(elems))
	reported := map[string]bool{}
	var visit func(i int32, path []int32)
	visit = func(i int32, path []int32) {
		switch state[i] {
		case 2:
			return
		case 1:
			start := 0
			for k, p := range path {
				if p == i {
					start = k
				}
			}
			cycle := path[start:]
			// Start from the smallest logical ID, for one canonical report.
			min := 0
			for k, c := range cycle {
				if elems[c].LogicalID() < elems[cycle[min]].LogicalID() {
					min = k
				}
			}
			var names []string
			for k := range cycle {
				names = append(names, elems[cycle[(min+k)%len(cycle)]].LogicalID())
			}
			names = append(names, elems[cycle[min]].LogicalID())
			msg := strings.Join(names, " -> ")
			if !reported[msg] {
				reported[msg] = true
				s.errorf(elems[cycle[min]], "circular dependency between resources: %s (DependsOn and Ref/GetAtt); CloudFormation refuses the template — remove one of these dependencies", msg)
			}
			return
		}
		state[i] = 1
		next := append([]int32(nil), edges[i]...)
		byID(next)
		for _, d := range next {
			visit(d, append(path, i))
		}
		state[i] = 2
	}
	for _, i := range sorted {
		visit(i, nil)
	}
}

// dependencyEdges returns, by index in elems, the elements of elems each
// one depends on (DependsOn) or references; nil when there are none. It
// reports a DependsOn on a construct of another app or on the resource
// itself.
func (s *synthesizer) dependencyEdges(elems []cfn.Element) [][]int32 {
	index := make(map[cfn.Element]int32, len(elems))
	for i, e := range elems {
		index[e] = int32(i)
	}
	var edges [][]int32
	add := func(from int, to cfn.Element) {
		if j, ok := index[to]; ok && int(j) != from {
			if edges == nil {
				edges = make([][]int32, len(elems))
			}
			edges[from] = append(edges[from], j)
		}
	}
	for i, e := range elems {
		r := cfn.ResourceOf(e)
		if r == nil {
			continue
		}
		for _, d := range r.DependsOn() {
			if !s.inApp(d) {
				s.errorf(e, "DependsOn %s", foreignAppError(d))
				continue
			}
			if d == r {
				s.errorf(e, "the resource depends on itself (DependsOn); remove that dependency")
				continue
			}
			if h, ok := d.Node().Host().(cfn.Element); ok {
				add(i, h)
			}
		}
		for _, t := range s.refs[e] {
			add(i, t)
		}
	}
	return edges
}

// hasCycle reports whether edges make a cycle. It neither sorts nor
// records paths: checkDependencies walks the edges again, only when there
// is one.
func hasCycle(edges [][]int32) bool {
	state := make([]int8, len(edges))
	var visit func(i int32) bool
	visit = func(i int32) bool {
		switch state[i] {
		case 1:
			return true
		case 2:
			return false
		}
		state[i] = 1
		for _, d := range edges[i] {
			if visit(d) {
				return true
			}
		}
		state[i] = 2
		return false
	}
	for i := range edges {
		if visit(int32(i)) {
			return true
		}
	}
	return false
}

// checkExportNames refuses one export name used twice in an environment.
func (s *synthesizer) checkExportNames() {
	// Each stack's outputs with an export name are found on its own
	// goroutine (a walk of its elements); the names are compared in tree
	// order.
	stacks := s.app.Stacks()
	outputs := make([][]*cfn.Output, len(stacks))
	s.forEach(len(stacks), func(i int) {
		for _, e := range cfn.ElementsOf(stacks[i]) {
			if o, ok := e.(*cfn.Output); ok && o.Props.ExportName != "" && !hasMarker(o.Props.ExportName) {
				outputs[i] = append(outputs[i], o)
			}
		}
	})
	seen := map[string]cfn.Element{}
	for i, st := range stacks {
		for _, o := range outputs[i] {
			key := envString(st.Env()) + "\x00" + o.Props.ExportName
			if prev, dup := seen[key]; dup {
				s.errorf(o, "the export name %q is already exported by %s in the same environment; export names are unique in an account and region — choose another ExportName", o.Props.ExportName, prev.Node().Path())
				continue
			}
			seen[key] = o
		}
	}
}

// attributeError refuses Fn::GetAtt of an attribute the target's type does
// not have: it returns the error, nil when the attribute exists. It only
// reads, so stacks may call it in parallel.
func attributeError(consumer cfn.Element, ref *cfn.Reference) *constructs.ValidationError {
	if ref.Attribute == "" {
		return nil
	}
	r := cfn.ResourceOf(ref.Target)
	if r == nil {
		return nil
	}
	spec, ok := cfnspec.Lookup(r.CfnType())
	if !ok || r.CfnType() == "AWS::CloudFormation::Stack" && strings.HasPrefix(ref.Attribute, "Outputs.") {
		return nil
	}
	path := strings.ReplaceAll(ref.Attribute, ".", "/")
	for _, ro := range spec.ReadOnly {
		if ro == path || strings.HasPrefix(path, ro+"/") {
			return nil
		}
	}
	top, _, _ := strings.Cut(ref.Attribute, ".")
	if _, ok := spec.Properties[top]; ok {
		return nil // some types give properties as attributes too (AWS::EC2::VPC CidrBlock)
	}
	var attrs []string
	for _, ro := range spec.ReadOnly {
		if !strings.Contains(ro, "*") {
			attrs = append(attrs, strings.ReplaceAll(ro, "/", "."))
		}
	}
	return constructs.Errorf(consumer, "Fn::GetAtt of %s.%s: the type %s has no attribute %q (it has: %s); use one of the target's Attr methods", ref.Target.Node().Path(), ref.Attribute, r.CfnType(), ref.Attribute, strings.Join(attrs, ", "))
}

var subVarRe = regexp.MustCompile(`\$\{([^}]*)\}`)

// checkSub refuses an Fn::Sub that names a variable that is neither in its
// variable map, nor a parameter, resource or pseudo parameter of the stack.
func (s *synthesizer) checkSub(e cfn.Element, body any, kinds map[string]uint8) {
	if !hasSub(body) {
		return
	}
	s.checkSubs(e, body, kinds)
}

// hasSub reports whether an Fn::Sub is anywhere in body, without sorting
// keys as checkSubs does to report in a stable order.
func hasSub(body any) bool {
	switch x := body.(type) {
	case map[string]any:
		if _, ok := x["Fn::Sub"]; ok && len(x) == 1 {
			return true
		}
		for _, v := range x {
			if hasSub(v) {
				return true
			}
		}
	case []any:
		for _, v := range x {
			if hasSub(v) {
				return true
			}
		}
	}
	return false
}

func (s *synthesizer) checkSubs(e cfn.Element, body any, kinds map[string]uint8) {
	switch x := body.(type) {
	case map[string]any:
		if sub, ok := x["Fn::Sub"]; ok && len(x) == 1 {
			var str string
			vars := map[string]any{}
			switch a := sub.(type) {
			case string:
				str = a
			case []any:
				if len(a) > 0 {
					str, _ = a[0].(string)
				}
				if len(a) > 1 {
					vars, _ = a[1].(map[string]any)
				}
			}
			for _, m := range subVarRe.FindAllStringSubmatch(str, -1) {
				name := m[1]
				if strings.HasPrefix(name, "!") {
					continue
				}
				if _, ok := vars[name]; ok {
					continue
				}
				base, _, _ := strings.Cut(name, ".")
				if strings.HasPrefix(name, "AWS::") || kinds[base] != 0 {
					continue
				}
				s.errorf(e, "Fn::Sub names the variable ${%s}, which is not in its variable map nor a parameter or resource of the stack; define it in the map (cfn.Sub(body, map[string]string{...})) or write ${!%s} for a literal", name, name)
			}
			for _, v := range vars {
				s.checkSub(e, v, kinds)
			}
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s.checkSub(e, x[k], kinds)
		}
	case []any:
		for _, v := range x {
			s.checkSub(e, v, kinds)
		}
	}
}
