package ecr

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs/ecr/ecrcfn"
	"github.com/forma-iac/forma/constructs/token"
)

// TagStatus selects the images a lifecycle rule applies to.
type TagStatus string

// The tag statuses of a lifecycle rule.
const (
	// TagStatusAny applies to every image; a repository has at most one
	// such rule, and it has the highest priority number (runs last).
	TagStatusAny TagStatus = "any"
	// TagStatusTagged applies to images with a tag of TagPrefixList or
	// TagPatternList.
	TagStatusTagged TagStatus = "tagged"
	// TagStatusUntagged applies to untagged images.
	TagStatusUntagged TagStatus = "untagged"
)

// LifecycleRule expires images, the counterpart of the AWS CDK's
// LifecycleRule. Exactly one of MaxImageCount and MaxImageAge is set.
type LifecycleRule struct {
	// RulePriority orders the rules (lower first); 0 means automatic: after
	// the highest given priority, in the order the rules were added, with
	// the TagStatusAny rule last.
	RulePriority int
	// Description of the rule.
	Description string
	// TagStatus default TagStatusTagged when TagPrefixList or TagPatternList
	// is set, else TagStatusAny.
	TagStatus TagStatus
	// TagPrefixList selects tagged images by tag prefix (TagStatusTagged only).
	TagPrefixList []string
	// TagPatternList selects tagged images by tag pattern with up to four
	// "*" wildcards (TagStatusTagged only; not together with TagPrefixList).
	TagPatternList []string
	// MaxImageCount keeps at most this many images.
	MaxImageCount int
	// MaxImageAge expires images pushed longer ago than this (whole days).
	MaxImageAge time.Duration
}

const day = 24 * time.Hour

// AddLifecycleRule adds a rule to the repository's lifecycle policy, with
// the AWS CDK's defaults and checks; a bad rule is reported at synthesis
// with the repository's path and left out.
func (r *Repository) AddLifecycleRule(rule LifecycleRule) {
	if rule.TagStatus == "" {
		rule.TagStatus = TagStatusAny
		if rule.TagPrefixList != nil || rule.TagPatternList != nil {
			rule.TagStatus = TagStatusTagged
		}
	}
	bad := func(format string, args ...any) {
		r.Errorf("%s", "lifecycle rule: "+fmt.Sprintf(format, args...))
	}
	switch {
	case rule.TagStatus != TagStatusAny && rule.TagStatus != TagStatusTagged && rule.TagStatus != TagStatusUntagged:
		bad("TagStatus %q is not one of ecr.TagStatusAny, ecr.TagStatusTagged, ecr.TagStatusUntagged", rule.TagStatus)
		return
	case rule.TagStatus == TagStatusTagged && len(rule.TagPrefixList) == 0 && len(rule.TagPatternList) == 0:
		bad("TagStatusTagged requires TagPrefixList or TagPatternList")
		return
	case rule.TagStatus != TagStatusTagged && (rule.TagPrefixList != nil || rule.TagPatternList != nil):
		bad("TagPrefixList and TagPatternList can only be given with TagStatusTagged")
		return
	case rule.TagPrefixList != nil && rule.TagPatternList != nil:
		bad("give TagPrefixList or TagPatternList, not both")
		return
	}
	for _, p := range rule.TagPatternList {
		if n := strings.Count(p, "*"); n > 4 {
			bad("tag pattern %q has %d wildcards (*); at most four are allowed", p, n)
			return
		}
	}
	if (rule.MaxImageAge != 0) == (rule.MaxImageCount != 0) {
		bad("give exactly one of MaxImageCount and MaxImageAge")
		return
	}
	if rule.MaxImageAge != 0 && (rule.MaxImageAge < 0 || rule.MaxImageAge%day != 0) {
		bad("MaxImageAge %v is not a whole number of days", rule.MaxImageAge)
		return
	}
	if rule.MaxImageCount < 0 || rule.RulePriority < 0 {
		bad("MaxImageCount and RulePriority cannot be negative")
		return
	}
	if rule.TagStatus == TagStatusAny {
		for _, x := range r.rules {
			if x.TagStatus == TagStatusAny {
				bad("a lifecycle policy can have only one TagStatusAny rule")
				return
			}
		}
	}
	r.rules = append(r.rules, rule)
	r.renderLifecyclePolicy()
}

// renderLifecyclePolicy sets the LifecyclePolicy property, whose text is
// rendered at synthesis from the rules added by then.
func (r *Repository) renderLifecyclePolicy() {
	if r.Resource.Props.LifecyclePolicy != nil {
		return
	}
	lp := &ecrcfn.CfnRepository_LifecyclePolicyProperty{}
	lp.LifecyclePolicyText = new(token.AsString(token.Func(func(*token.Context) (any, error) {
		if len(r.rules) == 0 {
			return nil, nil
		}
		rules, msg := r.orderedLifecycleRules()
		if msg != "" {
			return nil, nil // reported by the repository's validation
		}
		return lifecyclePolicyText(rules), nil
	})))
	if r.registry != "" {
		lp.RegistryId = new(r.registry)
	}
	r.Resource.Props.LifecyclePolicy = lp
}

// orderedLifecycleRules gives every rule its priority as the AWS CDK's
// orderedLifecycleRules does: rules with a priority first, then the others
// numbered after the highest given priority, the TagStatusAny rule last.
func (r *Repository) orderedLifecycleRules() ([]LifecycleRule, string) {
	var prio, auto, anyRules []LifecycleRule
	for _, x := range r.rules {
		switch {
		case x.TagStatus == TagStatusAny:
			anyRules = append(anyRules, x)
		case x.RulePriority != 0:
			prio = append(prio, x)
		default:
			auto = append(auto, x)
		}
	}
	if len(anyRules) > 0 && anyRules[0].RulePriority != 0 && len(auto) > 0 {
		return nil, "lifecycle rules: a TagStatusAny rule with a RulePriority cannot be combined with rules without one; remove RulePriority from the TagStatusAny rule"
	}
	next := 1
	for _, x := range prio {
		if x.RulePriority >= next {
			next = x.RulePriority + 1
		}
	}
	out := append(append(append([]LifecycleRule(nil), prio...), auto...), anyRules...)
	for i := range out {
		if out[i].RulePriority == 0 {
			out[i].RulePriority = next
			next++
		}
	}
	seen := map[int]bool{}
	maxPrio := 0
	for _, x := range out {
		if seen[x.RulePriority] {
			return nil, fmt.Sprintf("lifecycle rules: priority %d is given to two rules; priorities must be unique", x.RulePriority)
		}
		seen[x.RulePriority] = true
		maxPrio = max(maxPrio, x.RulePriority)
	}
	if len(anyRules) == 1 {
		if p := out[len(out)-1].RulePriority; p != maxPrio {
			return nil, fmt.Sprintf("lifecycle rules: the TagStatusAny rule must have the highest priority, has %d which is smaller than %d", p, maxPrio)
		}
	}
	return out, ""
}

// lifecyclePolicyText writes the rules as the AWS CDK's JSON.stringify
// writes them: keys in the CDK's order, no spaces.
func lifecyclePolicyText(rules []LifecycleRule) string {
	var b strings.Builder
	str := func(s string) string {
		var j strings.Builder
		enc := json.NewEncoder(&j)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		return strings.TrimSuffix(j.String(), "\n")
	}
	list := func(l []string) string {
		parts := make([]string, len(l))
		for i, s := range l {
			parts[i] = str(s)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	b.WriteString(`{"rules":[`)
	for i, x := range rules {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"rulePriority":%d`, x.RulePriority)
		if x.Description != "" {
			b.WriteString(`,"description":` + str(x.Description))
		}
		b.WriteString(`,"selection":{"tagStatus":` + str(string(x.TagStatus)))
		if x.TagPrefixList != nil {
			b.WriteString(`,"tagPrefixList":` + list(x.TagPrefixList))
		}
		if x.TagPatternList != nil {
			b.WriteString(`,"tagPatternList":` + list(x.TagPatternList))
		}
		if x.MaxImageAge != 0 {
			fmt.Fprintf(&b, `,"countType":"sinceImagePushed","countNumber":%d,"countUnit":"days"`, int(x.MaxImageAge/day))
		} else {
			fmt.Fprintf(&b, `,"countType":"imageCountMoreThan","countNumber":%d`, x.MaxImageCount)
		}
		b.WriteString(`},"action":{"type":"expire"}}`)
	}
	b.WriteString("]}")
	return b.String()
}
