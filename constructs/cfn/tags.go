package cfn

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// TagFormat is the shape of a resource's tag property.
type TagFormat int

// The tag shapes found in the CloudFormation registry.
const (
	// TagsStandard is a list of {"Key", "Value"} objects.
	TagsStandard TagFormat = iota
	// TagsMap is an object of key to value.
	TagsMap
	// TagsAutoScaling is a list of {"Key", "Value", "PropagateAtLaunch"}.
	TagsAutoScaling
)

// Priorities: tags set through TagsOf win over tags set in props, as in the
// AWS CDK.
const (
	propsTagPriority   = 50
	DefaultTagPriority = 100
)

type tag struct {
	value           string
	priority        int
	applyToLaunched bool
}

// TagManager holds the tags that aspects added to one resource.
type TagManager struct {
	format TagFormat
	// tags are few a resource: a list costs less memory than a map in
	// a tree of many resources.
	tags    []keyedTag
	removed map[string]int
}

// keyedTag is a tag and its key.
type keyedTag struct {
	key string
	tag
}

// find returns the index of the tag with the key, -1 when there is none.
func (m *TagManager) find(key string) int {
	for i := range m.tags {
		if m.tags[i].key == key {
			return i
		}
	}
	return -1
}

// plain reports whether no tag's key or value may hold a token marker.
func (m *TagManager) plain() bool {
	for _, t := range m.tags {
		if !noToken(t.key, t.value) {
			return false
		}
	}
	return true
}

// SetTag sets a tag unless a tag of higher priority is there already.
func (m *TagManager) SetTag(key, value string, priority int, applyToLaunchedInstances bool) {
	if p, ok := m.removed[key]; ok && p > priority {
		return
	}
	t := tag{value: value, priority: priority, applyToLaunched: applyToLaunchedInstances}
	i := m.find(key)
	switch {
	case i < 0:
		m.tags = append(m.tags, keyedTag{key, t})
	case m.tags[i].priority > priority:
		return
	default:
		m.tags[i].tag = t
	}
}

// RemoveTag removes a tag unless it was set with a higher priority.
func (m *TagManager) RemoveTag(key string, priority int) {
	if i := m.find(key); i >= 0 {
		if m.tags[i].priority > priority {
			return
		}
		m.tags = append(m.tags[:i], m.tags[i+1:]...)
	}
	if m.removed == nil {
		m.removed = map[string]int{}
	}
	m.removed[key] = priority
}

// HasTags reports whether any tag was added.
func (m *TagManager) HasTags() bool { return len(m.tags) > 0 }

// merge combines the tags rendered from props with the managed ones, managed
// tags winning, sorted by key as the AWS CDK sorts them.
func (m *TagManager) merge(ctx *token.Context, props map[string]any, prop string) error {
	if len(m.tags) == 0 && len(m.removed) == 0 {
		return nil
	}
	all := map[string]tag{}
	var dynamic []any
	switch existing := props[prop].(type) {
	case nil:
	case []any:
		for _, e := range existing {
			obj, ok := e.(map[string]any)
			k, kok := obj["Key"].(string)
			v, vok := obj["Value"].(string)
			if !ok || !kok || !vok {
				dynamic = append(dynamic, e)
				continue
			}
			pal, _ := obj["PropagateAtLaunch"].(bool)
			all[k] = tag{value: v, priority: propsTagPriority, applyToLaunched: pal}
		}
	case map[string]any:
		for k, v := range existing {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("tag %q in %s is not a string; tags added with TagsOf need string values", k, prop)
			}
			all[k] = tag{value: s, priority: propsTagPriority}
		}
	default:
		// A token for the whole tag property: leave it alone.
		return nil
	}
	for k, p := range m.removed {
		if t, ok := all[k]; ok && t.priority <= p {
			delete(all, k)
		}
	}
	for _, kt := range m.tags {
		if o, ok := all[kt.key]; ok && o.priority > kt.priority {
			continue
		}
		all[kt.key] = kt.tag
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sortLocale(keys, func(k string) string { return k })
	switch m.format {
	case TagsMap:
		out := map[string]any{}
		for _, k := range keys {
			out[k] = all[k].value
		}
		if len(out) > 0 {
			props[prop] = out
		}
	default:
		out := make([]any, 0, len(keys)+len(dynamic))
		for _, k := range keys {
			e := map[string]any{"Key": k, "Value": all[k].value}
			if m.format == TagsAutoScaling {
				e["PropagateAtLaunch"] = all[k].applyToLaunched
			}
			out = append(out, e)
		}
		out = append(out, dynamic...)
		if len(out) > 0 {
			props[prop] = out
		} else {
			delete(props, prop)
		}
	}
	return nil
}

// localeLess orders like JavaScript's String.prototype.localeCompare in the
// root locale for the ASCII keys tags use: letters compare case-insensitively
// first, punctuation before digits before letters.
func localeLess(a, b string) bool {
	ka, kb := collationKey(a), collationKey(b)
	if ka != kb {
		return ka < kb
	}
	return a > b // lower case sorts before upper case
}

// punctuationOrder is the root collation's order of ASCII punctuation.
const punctuationOrder = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"

// sortLocale sorts xs stably by localeLess of their strings, each string
// and its collation key computed once.
func sortLocale[T any](xs []T, str func(T) string) {
	if len(xs) < 2 {
		return
	}
	type keyed struct {
		x        T
		str, key string
	}
	ks := make([]keyed, len(xs))
	for i, x := range xs {
		s := str(x)
		ks[i] = keyed{x, s, collationKey(s)}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if ks[i].key != ks[j].key {
			return ks[i].key < ks[j].key
		}
		return ks[i].str > ks[j].str
	})
	for i := range ks {
		xs[i] = ks[i].x
	}
}

func collationKey(s string) string {
	var b strings.Builder
	b.Grow(2 * len(s)) // most runes of the key take two bytes
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(0x300 + unicode.ToLower(r))
		case unicode.IsDigit(r):
			b.WriteRune(0x200 + r)
		default:
			if i := strings.IndexRune(punctuationOrder, r); i >= 0 {
				b.WriteRune(0x100 + rune(i))
			} else {
				b.WriteRune(0x180 + r%0x80)
			}
		}
	}
	return b.String()
}

// TagProps refines where a tag applies.
type TagProps struct {
	// Priority: a higher priority wins; default DefaultTagPriority.
	Priority int
	// IncludeResourceTypes limits the tag to these CloudFormation types.
	IncludeResourceTypes []string
	// ExcludeResourceTypes leaves these types out.
	ExcludeResourceTypes []string
	// SkipLaunchedInstances: for Auto Scaling groups, do not propagate the tag
	// to the instances they launch (PropagateAtLaunch false).
	SkipLaunchedInstances bool
}

// Tags adds and removes tags on every taggable resource in a scope.
type Tags struct{ scope constructs.Construct }

// TagsOf returns the tags of a scope.
func TagsOf(scope constructs.Construct) Tags { return Tags{scope} }

// Add tags every taggable resource in the scope, as an aspect.
func (t Tags) Add(key, value string, props ...TagProps) {
	p := tagProps(props)
	constructs.AspectsOf(t.scope).Add(&tagAspect{key: key, value: value, props: p})
}

// Remove removes a tag from every taggable resource in the scope.
func (t Tags) Remove(key string, props ...TagProps) {
	p := tagProps(props)
	constructs.AspectsOf(t.scope).Add(&tagAspect{key: key, remove: true, props: p})
}

func tagProps(props []TagProps) TagProps {
	var p TagProps
	if len(props) > 0 {
		p = props[0]
	}
	if p.Priority == 0 {
		p.Priority = DefaultTagPriority
	}
	return p
}

type tagAspect struct {
	key, value string
	remove     bool
	props      TagProps
}

// Taggable is implemented by resources that can carry tags.
type Taggable interface {
	Tags() *TagManager
	CfnType() string
}

func (a *tagAspect) Visit(c constructs.Construct) {
	tg, ok := c.(Taggable)
	typ := ""
	if st, isStack := c.(*constructs.Stack); isStack && st.NestedStack() != nil {
		// A nested stack's tags go to its AWS::CloudFormation::Stack
		// resource, as the AWS CDK copies them (type "aws:cdk:stack" for
		// the include and exclude filters, as the CDK's stacks).
		tg, ok = st.NestedStack().Resource().(Taggable)
		typ = "aws:cdk:stack"
	}
	if !ok || tg.Tags() == nil {
		return
	}
	if typ == "" {
		typ = tg.CfnType()
	}
	if len(a.props.IncludeResourceTypes) > 0 && !contains(a.props.IncludeResourceTypes, typ) {
		return
	}
	if contains(a.props.ExcludeResourceTypes, typ) {
		return
	}
	if a.remove {
		tg.Tags().RemoveTag(a.key, a.props.Priority)
		return
	}
	tg.Tags().SetTag(a.key, a.value, a.props.Priority, !a.props.SkipLaunchedInstances)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Tag is a standard CloudFormation tag, the element type of most resources'
// Tags property.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}
