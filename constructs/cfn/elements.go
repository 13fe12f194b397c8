package cfn

import (
	"fmt"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// ParameterProps configures a template parameter.
type ParameterProps struct {
	// Type, default "String".
	Type                  string
	Default               any
	AllowedValues         []string
	AllowedPattern        string
	ConstraintDescription string
	Description           string
	MaxLength             *int
	MinLength             *int
	MaxValue              *float64
	MinValue              *float64
	NoEcho                bool
}

// Parameter is a template parameter.
type Parameter struct {
	element
	Props ParameterProps
	refs  refs
}

// NewParameter adds a parameter to the stack of scope.
func NewParameter(scope constructs.Construct, id string, props ParameterProps) *Parameter {
	p := &Parameter{Props: props}
	p.Base = constructs.NewBase(p, scope, id)
	return p
}

// Section returns "Parameters".
func (p *Parameter) Section() string { return "Parameters" }

// Reference returns the parameter's Ref.
func (p *Parameter) Reference(string) *Reference { return p.refs.get(p, "") }

// ValueAsString returns the parameter's value as a string.
func (p *Parameter) ValueAsString() string { return p.Reference("").String() }

// ValueAsList returns the value of a list parameter.
func (p *Parameter) ValueAsList() []string { return p.Reference("").List() }

// ValueAsNumber returns the value of a Number parameter.
func (p *Parameter) ValueAsNumber() float64 { return p.Reference("").Number() }

// Render returns the parameter body.
func (p *Parameter) Render() (any, error) {
	typ := p.Props.Type
	if typ == "" {
		typ = "String"
	}
	body := map[string]any{"Type": typ}
	set := func(k string, v any, ok bool) {
		if ok {
			body[k] = v
		}
	}
	set("Default", p.Props.Default, p.Props.Default != nil)
	set("AllowedValues", p.Props.AllowedValues, p.Props.AllowedValues != nil)
	set("AllowedPattern", p.Props.AllowedPattern, p.Props.AllowedPattern != "")
	set("ConstraintDescription", p.Props.ConstraintDescription, p.Props.ConstraintDescription != "")
	set("Description", p.Props.Description, p.Props.Description != "")
	set("MaxLength", p.Props.MaxLength, p.Props.MaxLength != nil)
	set("MinLength", p.Props.MinLength, p.Props.MinLength != nil)
	set("MaxValue", p.Props.MaxValue, p.Props.MaxValue != nil)
	set("MinValue", p.Props.MinValue, p.Props.MinValue != nil)
	set("NoEcho", true, p.Props.NoEcho)
	return body, nil
}

// Validate checks the parameter.
func (p *Parameter) Validate() []string { return p.validateLogicalID() }

// OutputProps configures a template output.
type OutputProps struct {
	// Value is the output's value (required).
	Value string
	// Description of the output.
	Description string
	// ExportName, when set, exports the value for Fn::ImportValue.
	ExportName string
	// Condition makes the output conditional.
	Condition *Condition
}

// Output is a template output.
type Output struct {
	element
	Props OutputProps
}

// NewOutput adds an output to the stack of scope.
func NewOutput(scope constructs.Construct, id string, props OutputProps) *Output {
	o := &Output{Props: props}
	o.Base = constructs.NewBase(o, scope, id)
	return o
}

// Section returns "Outputs".
func (o *Output) Section() string { return "Outputs" }

// ImportValue returns an Fn::ImportValue of this output's export, for use in
// another stack.
func (o *Output) ImportValue() string { return ImportValue(o.Props.ExportName) }

// Render returns the output body.
func (o *Output) Render() (any, error) {
	body := map[string]any{"Value": o.Props.Value}
	if o.Props.Description != "" {
		body["Description"] = o.Props.Description
	}
	if o.Props.ExportName != "" {
		body["Export"] = map[string]any{"Name": o.Props.ExportName}
	}
	if o.Props.Condition != nil {
		c := o.Props.Condition
		body["Condition"] = token.Func(func(*token.Context) (any, error) { return c.LogicalID(), nil })
	}
	return body, nil
}

// Validate checks the output.
func (o *Output) Validate() []string {
	msgs := o.validateLogicalID()
	if o.Props.Value == "" {
		msgs = append(msgs, "the output has no Value; set OutputProps.Value")
	}
	return msgs
}

// Condition is a template condition.
type Condition struct {
	element
	// Expression is the condition: Equals, And, Or, Not or another
	// condition-valued intrinsic.
	Expression *Intrinsic
}

// NewCondition adds a condition to the stack of scope.
func NewCondition(scope constructs.Construct, id string, expr *Intrinsic) *Condition {
	c := &Condition{Expression: expr}
	c.Base = constructs.NewBase(c, scope, id)
	return c
}

// Section returns "Conditions".
func (c *Condition) Section() string { return "Conditions" }

// Render returns the condition expression.
func (c *Condition) Render() (any, error) { return c.Expression, nil }

// Validate checks the condition.
func (c *Condition) Validate() []string {
	msgs := c.validateLogicalID()
	if c.Expression == nil {
		msgs = append(msgs, "the condition has no expression; pass cfn.Equals, cfn.And, cfn.Or or cfn.Not")
	}
	return msgs
}

// Mapping is a template mapping: top-level key → second-level key → value.
type Mapping struct {
	element
	Values map[string]map[string]any
}

// NewMapping adds a mapping to the stack of scope.
func NewMapping(scope constructs.Construct, id string, values map[string]map[string]any) *Mapping {
	m := &Mapping{Values: values}
	m.Base = constructs.NewBase(m, scope, id)
	return m
}

// Section returns "Mappings".
func (m *Mapping) Section() string { return "Mappings" }

// Render returns the mapping.
func (m *Mapping) Render() (any, error) { return m.Values, nil }

// FindInMap returns a value of the mapping. With literal keys the value is
// returned directly, as the AWS CDK does for a mapping it can see.
func (m *Mapping) FindInMap(topKey, secondKey string) string {
	if !token.IsUnresolved(topKey) && !token.IsUnresolved(secondKey) {
		if v, ok := m.Values[topKey][secondKey]; ok {
			if s, ok := v.(string); ok {
				return s
			}
		}
	}
	name := token.AsString(token.Func(func(*token.Context) (any, error) { return m.LogicalID(), nil }))
	return FindInMap(name, topKey, secondKey)
}

// Validate checks the mapping.
func (m *Mapping) Validate() []string {
	msgs := m.validateLogicalID()
	if len(m.Values) == 0 {
		msgs = append(msgs, "the mapping is empty; CloudFormation requires at least one key")
	}
	return msgs
}

// RuleAssertion is one assertion of a rule.
type RuleAssertion struct {
	Assert            *Intrinsic
	AssertDescription string
}

// RuleProps configures a template rule.
type RuleProps struct {
	// RuleCondition, when set, limits the rule to when it holds.
	RuleCondition *Intrinsic
	Assertions    []RuleAssertion
}

// Rule is a template rule, checked by CloudFormation before it creates or
// updates a stack.
type Rule struct {
	element
	Props RuleProps
}

// NewRule adds a rule to the stack of scope.
func NewRule(scope constructs.Construct, id string, props RuleProps) *Rule {
	r := &Rule{Props: props}
	r.Base = constructs.NewBase(r, scope, id)
	return r
}

// Section returns "Rules".
func (r *Rule) Section() string { return "Rules" }

// Render returns the rule body.
func (r *Rule) Render() (any, error) {
	body := map[string]any{}
	if r.Props.RuleCondition != nil {
		body["RuleCondition"] = r.Props.RuleCondition
	}
	var as []any
	for _, a := range r.Props.Assertions {
		m := map[string]any{"Assert": a.Assert}
		if a.AssertDescription != "" {
			m["AssertDescription"] = a.AssertDescription
		}
		as = append(as, m)
	}
	body["Assertions"] = as
	return body, nil
}

// Validate checks the rule.
func (r *Rule) Validate() []string {
	msgs := r.validateLogicalID()
	if len(r.Props.Assertions) == 0 {
		msgs = append(msgs, fmt.Sprintf("rule %s has no assertions; add at least one RuleAssertion", r.Node().ID()))
	}
	return msgs
}

// ValueAsInt returns the value of a Number parameter as an int.
func (p *Parameter) ValueAsInt() int { return p.Reference("").Int() }
