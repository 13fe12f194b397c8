package cfn

import (
	"fmt"
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// Intrinsic is a CloudFormation intrinsic function call. Use String, List,
// Int or Number to pass it where a value of that kind is expected.
type Intrinsic struct {
	name  string
	value any
}

// NewIntrinsic wraps a raw intrinsic, e.g. {"Fn::Transform": {...}}.
func NewIntrinsic(value map[string]any) *Intrinsic {
	name := "Fn"
	for k := range value {
		name = k
	}
	return &Intrinsic{name: name, value: value}
}

func fn(name string, args any) *Intrinsic {
	return &Intrinsic{name: name, value: map[string]any{name: args}}
}

// Resolve returns the intrinsic's value.
func (i *Intrinsic) Resolve(ctx *token.Context) (any, error) { return i.value, nil }

// TokenHint names the function in markers.
func (i *Intrinsic) TokenHint() string { return i.name }

// String encodes the call as a string.
func (i *Intrinsic) String() string { return token.AsString(i) }

// List encodes the call as a list of strings.
func (i *Intrinsic) List() []string { return token.AsList(i) }

// Int encodes the call as an int.
func (i *Intrinsic) Int() int { return token.AsInt(i) }

// Number encodes the call as a float64.
func (i *Intrinsic) Number() float64 { return token.AsNumber(i) }

// Ref returns a Ref to an element (a parameter or a resource) as a string.
// A nil element, or one that cannot be referenced, gives a token that fails
// synthesis with the path of the construct that uses it.
func Ref(e Element) string {
	if constructs.IsNil(e) {
		return errorToken("cfn.Ref", "cfn.Ref was given a nil element; pass the resource or parameter to reference (is a variable still unset?)")
	}
	switch x := e.(type) {
	case interface{ Reference(string) *Reference }:
		return x.Reference("").String()
	}
	return errorToken("cfn.Ref", fmt.Sprintf("cfn.Ref of %s (a %T): only resources and parameters can be referenced", e.Node().Path(), e))
}

// errorToken returns a string token whose resolution fails with msg, for a
// mistake found before the construct that uses the value is known.
func errorToken(hint, msg string) string {
	return token.AsString(&failing{hint: hint, msg: msg})
}

// failing is a token that fails to resolve.
type failing struct{ hint, msg string }

func (f *failing) Resolve(*token.Context) (any, error) { return nil, fmt.Errorf("%s", f.msg) }

func (f *failing) TokenHint() string { return f.hint }

// Join joins values with a delimiter. Literal values are joined now; with
// tokens it renders the smallest Fn::Join, adjacent literals merged.
func Join(delimiter string, values []string) string {
	if !token.IsUnresolved(values) && !token.IsUnresolved(delimiter) {
		return strings.Join(values, delimiter)
	}
	if _, ok := token.DecodeList(values); ok {
		return fn("Fn::Join", []any{delimiter, values}).String()
	}
	j := &join{delim: delimiter, values: values}
	return token.AsString(j)
}

type join struct {
	delim  string
	values []string
}

func (j *join) TokenHint() string { return "Fn::Join" }

func (j *join) Resolve(ctx *token.Context) (any, error) {
	var parts []any
	for _, v := range j.values {
		rv, err := token.Resolve(ctx, v)
		if err != nil {
			return nil, err
		}
		parts = append(parts, rv)
	}
	// Merge adjacent literals, as the AWS CDK's minimal Fn::Join does.
	var out []any
	for _, p := range parts {
		if s, ok := p.(string); ok && len(out) > 0 {
			if prev, ok := out[len(out)-1].(string); ok {
				out[len(out)-1] = prev + j.delim + s
				continue
			}
		}
		out = append(out, p)
	}
	if len(out) == 1 {
		if s, ok := out[0].(string); ok {
			return s, nil
		}
	}
	return map[string]any{"Fn::Join": []any{j.delim, out}}, nil
}

// Sub substitutes ${Name} variables in body; vars, when given, defines
// variables beside the template's parameters and resources.
func Sub(body string, vars ...map[string]string) string {
	if len(vars) > 0 && len(vars[0]) > 0 {
		return fn("Fn::Sub", []any{body, vars[0]}).String()
	}
	return fn("Fn::Sub", body).String()
}

// Select returns element index of a list.
func Select(index int, list []string) string {
	if !token.IsUnresolved(index) && index < 0 {
		return errorToken("Fn::Select", fmt.Sprintf("cfn.Select index %d is negative; indexes start at 0", index))
	}
	if !token.IsUnresolved(index) && !token.IsUnresolved(list) && index >= len(list) {
		return errorToken("Fn::Select", fmt.Sprintf("cfn.Select index %d is outside the list of %d elements", index, len(list)))
	}
	if !token.IsUnresolved(list) && !token.IsUnresolved(index) && index >= 0 && index < len(list) {
		return list[index]
	}
	return fn("Fn::Select", []any{index, list}).String()
}

// Split splits a string into a list.
func Split(delimiter, source string) []string {
	if !token.IsUnresolved(source) {
		return strings.Split(source, delimiter)
	}
	return fn("Fn::Split", []any{delimiter, source}).List()
}

// ImportValue imports a value exported by another stack.
func ImportValue(exportName string) string {
	return fn("Fn::ImportValue", exportName).String()
}

// GetAZs returns the availability zones of a region ("" for the stack's).
func GetAZs(region string) []string {
	return fn("Fn::GetAZs", region).List()
}

// Base64 encodes a string in Base64.
func Base64(s string) string { return fn("Fn::Base64", s).String() }

// Cidr returns count CIDR blocks of cidrBits host bits from ipBlock.
func Cidr(ipBlock string, count, cidrBits int) []string {
	return fn("Fn::Cidr", []any{ipBlock, count, cidrBits}).List()
}

// FindInMap returns a value from a mapping.
func FindInMap(mapName, topKey, secondKey string) string {
	return fn("Fn::FindInMap", []any{mapName, topKey, secondKey}).String()
}

// GetAtt returns an attribute of a resource by logical ID. Prefer the typed
// attribute accessors of L1 types, which link the reference to its target.
func GetAtt(logicalID, attribute string) string {
	return fn("Fn::GetAtt", []any{logicalID, attribute}).String()
}

// conditionArg renders a condition operand: a *Condition becomes
// {"Condition": id}.
func conditionArg(v any) any {
	if c, ok := v.(*Condition); ok {
		return token.Func(func(*token.Context) (any, error) {
			return map[string]any{"Condition": c.LogicalID()}, nil
		})
	}
	return v
}

// If returns whenTrue when the condition holds, else whenFalse. cond is a
// *Condition or a condition's logical ID.
func If(cond any, whenTrue, whenFalse any) *Intrinsic {
	name := cond
	if constructs.IsNil(cond) || cond == "" {
		name = &failing{hint: "Fn::If", msg: "cfn.If was given no condition; pass the *cfn.Condition or its logical ID"}
	} else if c, ok := cond.(*Condition); ok {
		name = token.Func(func(*token.Context) (any, error) { return c.LogicalID(), nil })
	}
	return fn("Fn::If", []any{name, whenTrue, whenFalse})
}

// Equals compares two values; for conditions.
func Equals(a, b any) *Intrinsic { return fn("Fn::Equals", []any{a, b}) }

// And holds when all conditions hold (2 to 10 of them).
func And(conds ...any) *Intrinsic { return fn("Fn::And", condArgs(conds)) }

// Or holds when any condition holds (2 to 10 of them).
func Or(conds ...any) *Intrinsic { return fn("Fn::Or", condArgs(conds)) }

// Not negates a condition.
func Not(cond any) *Intrinsic { return fn("Fn::Not", []any{conditionArg(cond)}) }

func condArgs(conds []any) []any {
	out := make([]any, len(conds))
	for i, c := range conds {
		out[i] = conditionArg(c)
	}
	return out
}

// Contains tells, in rules, whether value is one of list.
func Contains(list []string, value string) *Intrinsic {
	return fn("Fn::Contains", []any{list, value})
}

// EachMemberEquals tells, in rules, whether every member of list equals value.
func EachMemberEquals(list []string, value string) *Intrinsic {
	return fn("Fn::EachMemberEquals", []any{list, value})
}

// EachMemberIn tells, in rules, whether every member of list is in allowed.
func EachMemberIn(list, allowed []string) *Intrinsic {
	return fn("Fn::EachMemberIn", []any{list, allowed})
}

// RefAll returns, in rules, all parameter values of a parameter type.
func RefAll(parameterType string) []string { return fn("Fn::RefAll", parameterType).List() }

// ValueOf returns, in rules, an attribute of a parameter's value.
func ValueOf(parameterLogicalID, attribute string) string {
	return fn("Fn::ValueOf", []any{parameterLogicalID, attribute}).String()
}

// ValueOfAll returns, in rules, an attribute of all values of a parameter type.
func ValueOfAll(parameterType, attribute string) []string {
	return fn("Fn::ValueOfAll", []any{parameterType, attribute}).List()
}

// Pseudo parameters.

// AccountID is the AWS::AccountId pseudo parameter.
func AccountID() string { return token.PseudoRef("AWS::AccountId") }

// Region is the AWS::Region pseudo parameter.
func Region() string { return token.PseudoRef("AWS::Region") }

// Partition is the AWS::Partition pseudo parameter.
func Partition() string { return token.PseudoRef("AWS::Partition") }

// StackName is the AWS::StackName pseudo parameter.
func StackName() string { return token.PseudoRef("AWS::StackName") }

// StackID is the AWS::StackId pseudo parameter.
func StackID() string { return token.PseudoRef("AWS::StackId") }

// URLSuffix is the AWS::URLSuffix pseudo parameter.
func URLSuffix() string { return token.PseudoRef("AWS::URLSuffix") }

// NoValue is the AWS::NoValue pseudo parameter: a property set to it is
// removed.
func NoValue() string { return token.PseudoRef("AWS::NoValue") }

var notificationARNs = &token.Literal{Value: map[string]any{"Ref": "AWS::NotificationARNs"}}

// NotificationARNs is the AWS::NotificationARNs pseudo parameter, a list.
func NotificationARNs() []string { return token.AsList(notificationARNs) }

// AsInt passes a string token (such as a FindInMap or a String parameter)
// where CloudFormation expects an integer, like the AWS CDK's Token.asNumber.
// A plain string is parsed; a string that is not a number gives a token that
// fails synthesis with the path of the construct that uses it.
func AsInt(s string) int {
	if r, ok := token.DecodeString(s); ok {
		return token.AsInt(r)
	}
	if token.IsUnresolved(s) {
		return token.AsInt(token.Func(func(*token.Context) (any, error) { return s, nil }))
	}
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		return token.AsInt(&failing{hint: "cfn.AsInt", msg: fmt.Sprintf("cfn.AsInt(%q): the string is not a whole number", s)})
	}
	return n
}
