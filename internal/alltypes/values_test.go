package alltypes

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/forma-iac/forma/internal/cfnspec"
)

// values makes the smallest values a resource type's schema accepts, from
// the cfnspec data set alone.
type values struct {
	t     *cfnspec.Type
	depth int
}

// formats are values for the formats cfn-lint checks.
var formats = map[string]string{
	"AWS::IAM::Role.Arn":            "arn:aws:iam::123456789012:role/forma",
	"AWS::KMS::Key.Arn":             "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
	"AWS::KMS::Key.Id":              "12345678-1234-1234-1234-123456789012",
	"AWS::KMS::Alias.AliasName":     "alias/forma",
	"AWS::EC2::SecurityGroup.Id":    "sg-12345678",
	"AWS::EC2::SecurityGroup.Ids":   "sg-12345678",
	"AWS::EC2::SecurityGroup.Name":  "forma",
	"AWS::EC2::SecurityGroup.Names": "forma",
	"AWS::EC2::Subnet.Id":           "subnet-12345678",
	"AWS::EC2::Subnet.Ids":          "subnet-12345678",
	"AWS::EC2::VPC.Id":              "vpc-12345678",
	"AWS::EC2::Image.Id":            "ami-12345678",
	"AWS::S3::Bucket.Name":          "forma-bucket",
	"AWS::SNS::Topic.Arn":           "arn:aws:sns:us-east-1:123456789012:forma",
	"AWS::SQS::Queue.Arn":           "arn:aws:sqs:us-east-1:123456789012:forma",
	"AWS::Lambda::Function.Arn":     "arn:aws:lambda:us-east-1:123456789012:function:forma",
	"AWS::Lambda::Function.Name":    "forma",
	"AWS::ACM::Certificate.Arn":     "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
	"AWS::Logs::LogGroup.Name":      "forma",
	"date-time":                     "2024-01-01T00:00:00Z",
	"timestamp":                     "2024-01-01T00:00:00Z",
	"json":                          "{}",
	"ipv4-network":                  "10.0.0.0/16",
	"ipv6-network":                  "2001:db8::/32",
	"uri":                           "https://example.com",
}

// object fills the required properties of an object, the first set of each
// of its choices, the properties those depend on, and more when it needs a
// least number of properties.
func (v *values) object(req []string, rules cfnspec.Rules, props map[string]*cfnspec.Property, variant int) map[string]any {
	names := append([]string(nil), req...)
	for _, c := range rules.Choices {
		set := c.Sets[0]
		for _, s := range c.Sets {
			if c.Exactly && len(s) == 0 {
				set = s // "not all of the others"
			}
		}
		names = append(names, set...)
	}
	for i := 0; i < len(names); i++ {
		names = append(names, rules.DependentRequired[names[i]]...)
	}
	if len(names) < rules.MinProperties {
		keys := slices.Sorted(maps.Keys(props))
		names = append(names, keys[:min(rules.MinProperties, len(keys))]...)
	}
	if variant > 0 && len(names) == 0 && len(props) > 0 {
		// Elements of a unique list must differ.
		keys := slices.Sorted(maps.Keys(props))
		names = keys[:1]
	}
	m := map[string]any{}
	for _, n := range names {
		if _, done := m[n]; done {
			continue
		}
		if p := props[n]; p != nil {
			m[n] = v.value(p, variant)
		}
	}
	return m
}

// value makes a value of p; variant makes elements of a unique list differ.
func (v *values) value(p *cfnspec.Property, variant int) any {
	switch p.Type {
	case "string":
		return v.str(p, variant)
	case "integer":
		return int(v.num(p, variant))
	case "number":
		return v.num(p, variant)
	case "boolean":
		if len(p.Enum) > 0 {
			return p.Enum[0]
		}
		return false
	case "array":
		n := 1
		if p.MinItems != nil && *p.MinItems > n {
			n = *p.MinItems
		}
		if p.MaxItems != nil && *p.MaxItems < n {
			n = *p.MaxItems
		}
		l := make([]any, 0, n)
		for i := 0; i < n; i++ {
			if p.Items == nil {
				l = append(l, "x")
				continue
			}
			it := *p.Items
			if it.Format == "" {
				it.Format = p.Format // AWS::EC2::SecurityGroup.Ids on the list
			}
			l = append(l, v.value(&it, i))
		}
		return l
	case "object":
		o := v.t.Definitions[p.Ref]
		if o == nil || v.depth > 8 {
			return map[string]any{}
		}
		v.depth++
		defer func() { v.depth-- }()
		return v.object(o.Required, o.Rules, o.Properties, variant)
	case "map":
		m := map[string]any{}
		if p.MinProperties > 0 && p.Items != nil {
			key, ok := fromPattern(p.KeyPattern, 1, 128, 0)
			if !ok {
				key = "forma"
			}
			m[key] = v.value(p.Items, variant)
		}
		return m
	case "union":
		if len(p.Forms) > 0 {
			return v.value(p.Forms[0], variant)
		}
	}
	return map[string]any{}
}

func (v *values) num(p *cfnspec.Property, variant int) float64 {
	if len(p.Enum) > 0 {
		if f, ok := p.Enum[variant%len(p.Enum)].(float64); ok {
			return f
		}
	}
	x := 1.0 + float64(variant)
	if p.Minimum != nil {
		x = math.Ceil(*p.Minimum) + float64(variant)
	}
	if p.Maximum != nil && x > *p.Maximum {
		x = *p.Maximum
	}
	return x
}

func (v *values) str(p *cfnspec.Property, variant int) string {
	if len(p.Enum) > 0 {
		return fmt.Sprint(p.Enum[variant%len(p.Enum)])
	}
	// Never empty: a required string is omitted when empty.
	min, max := 1, 1<<20
	if p.MinLength != nil && *p.MinLength > 1 {
		min = *p.MinLength
	}
	if p.MaxLength != nil {
		max = *p.MaxLength
	}
	fits := func(s string) bool {
		n := utf8.RuneCountInString(s)
		return n >= min && n <= max && (p.Pattern == "" || matches(p.Pattern, s))
	}
	if f, ok := formats[p.Format]; ok && fits(f) {
		return f
	}
	if p.Pattern != "" {
		if s, ok := fromPattern(p.Pattern, min, max, variant); ok {
			return s
		}
	}
	s := "forma"
	if variant > 0 {
		s += fmt.Sprint(variant)
	}
	for utf8.RuneCountInString(s) < min {
		s += "x"
	}
	if utf8.RuneCountInString(s) > max {
		s = s[:max]
	}
	return s
}

var (
	lookaround = regexp.MustCompile(`\(\?<?[!=](?:[^()]|\([^()]*\))*\)`)
	bigRepeat  = regexp.MustCompile(`\{(\d*),(\d{4,})\}`)
	bigCount   = regexp.MustCompile(`\{(\d{4,})\}`)
)

// goPattern approximates a registry (ECMAScript or Python) pattern in Go's
// syntax to generate strings from: lookarounds dropped, \Z as \z,
// repetition counts capped at Go's limit of 1000. cfn-lint checks the result
// against the real pattern.
func goPattern(p string) string {
	p = lookaround.ReplaceAllString(p, "")
	p = strings.ReplaceAll(p, `\Z`, `\z`)
	p = bigRepeat.ReplaceAllString(p, "{$1,1000}")
	return bigCount.ReplaceAllString(p, "{1000}")
}

var reCache = map[string]*regexp.Regexp{}

func compile(pattern string) *regexp.Regexp {
	if re, ok := reCache[pattern]; ok {
		return re
	}
	re, _ := regexp.Compile(goPattern(pattern))
	reCache[pattern] = re
	return re
}

func matches(pattern, s string) bool {
	re := compile(pattern)
	return re == nil || re.MatchString(s)
}

// fromPattern makes a string matching pattern with a length in [min, max]:
// repetitions take their least count plus extra, for growing extra.
func fromPattern(pattern string, min, max, variant int) (string, bool) {
	re, err := syntax.Parse(goPattern(pattern), syntax.Perl)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	seen := 0
	for extra := 0; extra < 300; extra++ {
		var b strings.Builder
		gen(&b, re, extra, variant)
		s := b.String()
		n := utf8.RuneCountInString(s)
		if n > max {
			break
		}
		if n >= min && matches(pattern, s) {
			if seen == variant || variant == 0 {
				return s, true
			}
			seen++
		}
	}
	return "", false
}

func gen(b *strings.Builder, re *syntax.Regexp, extra, variant int) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		b.WriteRune(pick(re.Rune, variant))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune('a')
	case syntax.OpCapture:
		gen(b, re.Sub[0], extra, variant)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			gen(b, s, extra, variant)
		}
	case syntax.OpAlternate:
		gen(b, re.Sub[0], extra, variant)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, -1
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		n := lo + extra
		if hi >= 0 && n > hi {
			n = hi
		}
		for i := 0; i < n; i++ {
			gen(b, re.Sub[0], extra, variant)
		}
	}
}

// pick chooses a readable rune of a character class.
func pick(ranges []rune, variant int) rune {
	in := func(r rune) bool {
		for i := 0; i+1 < len(ranges); i += 2 {
			if r >= ranges[i] && r <= ranges[i+1] {
				return true
			}
		}
		return false
	}
	for _, r := range "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:" {
		if in(r) {
			if variant == 0 {
				return r
			}
			variant--
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if r > 0x20 && r < 0x7f {
				return r
			}
		}
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'a'
}
