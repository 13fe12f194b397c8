package diff

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// SecurityChanges are the changes that grant or revoke access: IAM
// statements, managed policy attachments and security group rules, read
// from both templates and compared as multisets.
type SecurityChanges struct {
	Statements      Changes[*Statement]
	ManagedPolicies Changes[*Attachment]
	Ingress, Egress Changes[*Rule]
}

// Changes are the additions and removals of one kind of security element.
type Changes[T keyed] struct {
	Additions, Removals []T
}

type keyed interface{ key() string }

// HasChanges reports whether anything was added or removed.
func (c Changes[T]) HasChanges() bool { return len(c.Additions)+len(c.Removals) > 0 }

// HasChanges reports whether any security element changed.
func (s *SecurityChanges) HasChanges() bool {
	return s.Statements.HasChanges() || s.ManagedPolicies.HasChanges() || s.Ingress.HasChanges() || s.Egress.HasChanges()
}

// PermissionsBroadening reports whether access widens: an allowing
// statement, a managed policy or a rule is added, or a denying statement is
// removed.
func (s *SecurityChanges) PermissionsBroadening() bool {
	for _, st := range s.Statements.Additions {
		if !st.Negative() {
			return true
		}
	}
	for _, st := range s.Statements.Removals {
		if st.Negative() {
			return true
		}
	}
	return len(s.ManagedPolicies.Additions)+len(s.Ingress.Additions)+len(s.Egress.Additions) > 0
}

// Statement is an IAM policy statement with its intrinsics rendered as
// ${LogicalId} and ${LogicalId.Attribute}.
type Statement struct {
	Sid        string
	Effect     string // Allow, Deny or Unknown
	Resources  Targets
	Actions    Targets
	Principals Targets
	Condition  any
	// Unparsed holds a statement that is not an object (an intrinsic), as
	// JSON.
	Unparsed string
}

// Targets are the values of Resource/NotResource, Action/NotAction or
// Principal/NotPrincipal, sorted.
type Targets struct {
	Not    bool
	Values []string
}

func (t Targets) render() string {
	if !t.Not {
		return strings.Join(t.Values, "\n")
	}
	l := make([]string, len(t.Values))
	for i, v := range t.Values {
		l[i] = "NOT " + v
	}
	return strings.Join(l, "\n")
}

// Negative reports whether the statement restricts access: a Deny, or an
// Allow of everything but its targets.
func (s *Statement) Negative() bool {
	not := s.Actions.Not || s.Principals.Not || s.Resources.Not
	if s.Effect == "Allow" {
		return not
	}
	return !not
}

func (s *Statement) key() string {
	return compactJSON([]any{s.Sid, s.Effect, s.Resources, s.Actions, s.Principals, s.Condition, s.Unparsed})
}

// Attachment is a managed policy attached to an identity.
type Attachment struct {
	Identity, PolicyARN string
}

func (a *Attachment) key() string { return a.Identity + "\x00" + a.PolicyARN }

// Rule is a security group rule.
type Rule struct {
	Group    string
	Protocol string
	FromPort *float64
	ToPort   *float64
	// PeerKind is "cidr", "security-group", "prefix-list" or "".
	PeerKind, Peer string
}

func (r *Rule) key() string {
	return compactJSON([]any{r.Group, r.Protocol, r.FromPort, r.ToPort, r.PeerKind, r.Peer})
}

// DescribeProtocol renders the protocol and ports as the AWS CDK does.
func (r *Rule) DescribeProtocol() string {
	if r.Protocol == "-1" {
		return "Everything"
	}
	p := strings.ToUpper(r.Protocol)
	switch {
	case r.FromPort == nil && r.ToPort == nil:
		return p
	case r.FromPort != nil && *r.FromPort == -1:
		return "All " + p
	case r.FromPort != nil && r.ToPort != nil && *r.FromPort == *r.ToPort, r.ToPort == nil:
		return p + " " + formatNumber(*r.FromPort)
	case r.FromPort == nil:
		return p + " " + formatNumber(*r.ToPort)
	}
	return p + " " + formatNumber(*r.FromPort) + "-" + formatNumber(*r.ToPort)
}

// DescribePeer renders the other side of the rule.
func (r *Rule) DescribePeer() string {
	switch {
	case r.PeerKind == "cidr" && r.Peer == "0.0.0.0/0":
		return "Everyone (IPv4)"
	case r.PeerKind == "cidr" && r.Peer == "::/0":
		return "Everyone (IPv6)"
	case r.PeerKind == "":
		return "?"
	}
	return r.Peer
}

// collector gathers the security elements of one template.
type collector struct {
	statements  []*Statement
	attachments []*Attachment
	ingress     []*Rule
	egress      []*Rule
}

// identityTypes carry inline identity policies and managed policy
// attachments.
var identityTypes = map[string]bool{"AWS::IAM::Role": true, "AWS::IAM::User": true, "AWS::IAM::Group": true}

// policyResources are resources whose only purpose is a resource policy:
// the property holding the policy and the one naming what it applies to.
var policyResources = map[string][2]string{
	"AWS::S3::BucketPolicy": {"PolicyDocument", "Bucket"},
	"AWS::SQS::QueuePolicy": {"PolicyDocument", "Queues"},
	"AWS::SNS::TopicPolicy": {"PolicyDocument", "Topics"},
}

// inlineResourcePolicies are resource policies set on the resource itself.
var inlineResourcePolicies = map[string]string{
	"AWS::KMS::Key":        "KeyPolicy",
	"AWS::ECR::Repository": "RepositoryPolicyText",
}

func collect(res map[string]map[string]any) *collector {
	c := &collector{}
	for _, id := range sortedUnion(res, nil) {
		r := res[id]
		typ := typeOf(r)
		props, _ := render(r["Properties"]).(map[string]any)
		if props == nil {
			continue
		}
		switch {
		case identityTypes[typ]:
			self := "${" + id + "}"
			if typ == "AWS::IAM::Role" {
				c.resourceStatements(props["AssumeRolePolicyDocument"], "${"+id+".Arn}")
			}
			if pols, ok := props["Policies"].([]any); ok {
				for _, p := range pols {
					doc := p
					if m, ok := p.(map[string]any); ok {
						if d, ok := m["PolicyDocument"]; ok {
							doc = d
						}
					}
					c.add(defaultPrincipal(statements(doc), "AWS:"+self))
				}
			}
			for _, arn := range stringList(props["ManagedPolicyArns"]) {
				c.attachments = append(c.attachments, &Attachment{Identity: self, PolicyARN: arn})
			}
		case typ == "AWS::IAM::Policy" || typ == "AWS::IAM::ManagedPolicy":
			var principals []string
			for _, k := range []string{"Groups", "Users", "Roles"} {
				principals = append(principals, stringList(props[k])...)
			}
			if len(principals) == 0 && typ == "AWS::IAM::ManagedPolicy" {
				principals = []string{"${" + id + "}"}
			}
			for _, p := range principals {
				c.add(defaultPrincipal(statements(props["PolicyDocument"]), "AWS:"+p))
			}
		case typ == "AWS::Lambda::Permission":
			c.add([]*Statement{lambdaPermission(props)})
		case typ == "AWS::EC2::SecurityGroup":
			group := "${" + id + ".GroupId}"
			for _, r := range list(props["SecurityGroupIngress"]) {
				c.ingress = append(c.ingress, rule(r, group))
			}
			for _, r := range list(props["SecurityGroupEgress"]) {
				c.egress = append(c.egress, rule(r, group))
			}
		case typ == "AWS::EC2::SecurityGroupIngress":
			c.ingress = append(c.ingress, rule(props, ""))
		case typ == "AWS::EC2::SecurityGroupEgress":
			c.egress = append(c.egress, rule(props, ""))
		default:
			if pr, ok := policyResources[typ]; ok {
				targets := stringList(props[pr[1]])
				if len(targets) == 0 {
					targets = []string{"???"}
				}
				for _, t := range targets {
					c.resourceStatements(props[pr[0]], t)
				}
			} else if prop := inlineResourcePolicies[typ]; prop != "" {
				c.resourceStatements(props[prop], "${"+id+".Arn}")
			}
		}
	}
	return c
}

func (c *collector) add(l []*Statement) { c.statements = append(c.statements, l...) }

// resourceStatements adds a resource policy's statements, whose missing or
// "*" Resource means the resource it is attached to.
func (c *collector) resourceStatements(doc any, resource string) {
	if doc == nil {
		return
	}
	l := statements(doc)
	for _, s := range l {
		if s.Unparsed == "" {
			s.Resources = replaceDefault(s.Resources, resource)
		}
	}
	c.add(l)
}

func defaultPrincipal(l []*Statement, principal string) []*Statement {
	for _, s := range l {
		if s.Unparsed == "" {
			s.Principals = replaceDefault(s.Principals, principal)
		}
	}
	return l
}

func replaceDefault(t Targets, v string) Targets {
	if len(t.Values) == 0 {
		t.Values = []string{v}
		return t
	}
	for i, x := range t.Values {
		if x == "*" {
			t.Values[i] = v
		}
	}
	sort.Strings(t.Values)
	return t
}

// statements reads a policy document (or its Statement list, or a JSON
// string of it).
func statements(doc any) []*Statement {
	if m, ok := doc.(map[string]any); ok && !isIntrinsic(m) {
		if s, ok := m["Statement"]; ok {
			doc = s
		}
	}
	var out []*Statement
	for _, s := range list(doc) {
		out = append(out, statement(s))
	}
	return out
}

func statement(v any) *Statement {
	m, ok := v.(map[string]any)
	if !ok || isIntrinsic(m) {
		return &Statement{Effect: "Unknown", Unparsed: scalarString(v)}
	}
	s := &Statement{
		Effect:     "Unknown",
		Resources:  targets(m, "Resource", "NotResource"),
		Actions:    targets(m, "Action", "NotAction"),
		Principals: targets(m, "Principal", "NotPrincipal"),
		Condition:  m["Condition"],
	}
	s.Sid, _ = m["Sid"].(string)
	if e, _ := m["Effect"].(string); e == "Allow" || e == "Deny" {
		s.Effect = e
	}
	return s
}

func targets(m map[string]any, pos, neg string) Targets {
	t := Targets{Values: flatten(m[pos])}
	if v, ok := m[neg]; ok {
		t = Targets{Not: true, Values: flatten(v)}
	}
	sort.Strings(t.Values)
	return t
}

// flatten turns a target value into strings: a principal map
// {"Service": ["a", "b"]} becomes "Service:a", "Service:b".
func flatten(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, strings.Join(flatten(e), ","))
		}
		return out
	case map[string]any:
		if isIntrinsic(x) {
			return []string{compactJSON(x)}
		}
		var out []string
		for _, k := range sortedUnion(x, nil) {
			for _, s := range flatten(x[k]) {
				out = append(out, k+":"+s)
			}
		}
		return out
	}
	return []string{scalarString(v)}
}

var accountID = regexp.MustCompile(`^\d{12}$`)

// lambdaPermission reads an AWS::Lambda::Permission as the statement Lambda
// adds to the function's policy.
func lambdaPermission(p map[string]any) *Statement {
	st := map[string]any{"Effect": "Allow", "Action": p["Action"], "Resource": p["FunctionName"]}
	if pr, ok := p["Principal"]; ok {
		s, _ := pr.(string)
		switch {
		case s == "*":
			st["Principal"] = "*"
		case accountID.MatchString(s):
			st["Principal"] = map[string]any{"AWS": "arn:aws:iam::" + s + ":root"}
		default:
			st["Principal"] = map[string]any{"Service": pr}
		}
	}
	cond := map[string]any{}
	if v, ok := p["SourceArn"]; ok {
		cond["ArnLike"] = map[string]any{"AWS:SourceArn": v}
	}
	if v, ok := p["SourceAccount"]; ok {
		cond["StringEquals"] = map[string]any{"AWS:SourceAccount": v}
	}
	if v, ok := p["EventSourceToken"]; ok {
		cond["StringEquals"] = map[string]any{"lambda:EventSourceToken": v}
	}
	if len(cond) > 0 {
		st["Condition"] = cond
	}
	return statement(st)
}

func rule(v any, group string) *Rule {
	m, _ := v.(map[string]any)
	r := &Rule{Protocol: "*unknown*", Group: group}
	if p, ok := m["IpProtocol"]; ok {
		r.Protocol = scalarString(p)
	}
	if g, ok := m["GroupId"]; ok {
		r.Group = scalarString(g)
	}
	if r.Group == "" {
		r.Group = "*unknown*"
	}
	r.FromPort, r.ToPort = port(m["FromPort"]), port(m["ToPort"])
	for _, p := range []struct{ kind, key string }{
		{"cidr", "CidrIp"}, {"cidr", "CidrIpv6"},
		{"security-group", "DestinationSecurityGroupId"}, {"security-group", "SourceSecurityGroupId"},
		{"prefix-list", "DestinationPrefixListId"}, {"prefix-list", "SourcePrefixListId"},
	} {
		if v, ok := m[p.key]; ok {
			r.PeerKind, r.Peer = p.kind, scalarString(v)
			break
		}
	}
	return r
}

func port(v any) *float64 {
	switch x := v.(type) {
	case float64:
		return &x
	case string:
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return &f
		}
	}
	return nil
}

func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

func stringList(v any) []string {
	var out []string
	for _, e := range list(v) {
		out = append(out, scalarString(e))
	}
	return out
}

// render replaces references with readable placeholders: {"Ref": "X"} →
// "${X}", {"Fn::GetAtt": ["X", "Arn"]} → "${X.Arn}", a Fn::Join of
// rendered strings → the joined string, Fn::Sub → its template string.
// Other intrinsics stay as they are.
func render(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = render(e)
		}
		return out
	case map[string]any:
		if isIntrinsic(x) {
			if s, ok := renderIntrinsic(x); ok {
				return s
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = render(e)
		}
		return out
	}
	return v
}

func renderIntrinsic(m map[string]any) (string, bool) {
	for fn, arg := range m {
		switch fn {
		case "Ref":
			if s, ok := arg.(string); ok {
				return "${" + s + "}", true
			}
		case "Fn::GetAtt":
			if l, ok := arg.([]any); ok && len(l) == 2 {
				res, ok1 := l[0].(string)
				attr, ok2 := render(l[1]).(string)
				if ok1 && ok2 {
					return "${" + res + "." + attr + "}", true
				}
			}
		case "Fn::Join":
			l, ok := arg.([]any)
			if !ok || len(l) != 2 {
				return "", false
			}
			sep, ok := l[0].(string)
			parts, ok2 := render(l[1]).([]any)
			if !ok || !ok2 {
				return "", false
			}
			strs := make([]string, len(parts))
			for i, p := range parts {
				s, ok := p.(string)
				if !ok {
					return "", false
				}
				strs[i] = s
			}
			return strings.Join(strs, sep), true
		case "Fn::Sub":
			switch a := arg.(type) {
			case string:
				return a, true
			case []any:
				if len(a) == 2 {
					s, ok := a[0].(string)
					vars, ok2 := render(a[1]).(map[string]any)
					if ok && ok2 {
						for k, v := range vars {
							if vs, ok := v.(string); ok {
								s = strings.ReplaceAll(s, "${"+k+"}", vs)
							}
						}
						return s, true
					}
				}
			}
		}
	}
	return "", false
}

// diffMultiset returns what is in new and not in old, and the reverse,
// counting duplicates.
func diffMultiset[T keyed](old, new []T) Changes[T] {
	keys := func(l []T) []string {
		out := make([]string, len(l))
		for i, x := range l {
			out[i] = x.key()
		}
		return out
	}
	ok, nk := keys(old), keys(new)
	missing := func(l []T, lk, other []string) []T {
		count := map[string]int{}
		for _, k := range other {
			count[k]++
		}
		var out []T
		for i, x := range l {
			if count[lk[i]] > 0 {
				count[lk[i]]--
			} else {
				out = append(out, x)
			}
		}
		return out
	}
	return Changes[T]{Additions: missing(new, nk, ok), Removals: missing(old, ok, nk)}
}

func securityChanges(old, new map[string]map[string]any) *SecurityChanges {
	o, n := collect(old), collect(new)
	return &SecurityChanges{
		Statements:      diffMultiset(o.statements, n.statements),
		ManagedPolicies: diffMultiset(o.attachments, n.attachments),
		Ingress:         diffMultiset(o.ingress, n.ingress),
		Egress:          diffMultiset(o.egress, n.egress),
	}
}
