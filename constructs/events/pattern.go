package events

import (
	"reflect"
	"slices"
)

// EventPattern selects the events a rule matches, as the AWS CDK's
// EventPattern: each field lists the values matched (any of them); Detail
// is matched as given (nested maps, lists of values or of matchers such as
// {"prefix": "x"}).
type EventPattern struct {
	Version    []string
	ID         []string
	DetailType []string
	Source     []string
	Account    []string
	Time       []string
	Region     []string
	Resources  []string
	Detail     map[string]any
}

func (p *EventPattern) empty() bool {
	return p == nil || (len(p.Version)+len(p.ID)+len(p.DetailType)+len(p.Source)+len(p.Account)+len(p.Time)+len(p.Region)+len(p.Resources) == 0 && len(p.Detail) == 0)
}

// render returns the pattern as EventBridge spells it.
func (p *EventPattern) render() map[string]any {
	if p.empty() {
		return nil
	}
	out := map[string]any{}
	for k, v := range map[string][]string{
		"version": p.Version, "id": p.ID, "detail-type": p.DetailType, "source": p.Source,
		"account": p.Account, "time": p.Time, "region": p.Region, "resources": p.Resources,
	} {
		if len(v) > 0 {
			out[k] = v
		}
	}
	if len(p.Detail) > 0 {
		out["detail"] = p.Detail
	}
	return out
}

// merge adds the values of q to p, as the AWS CDK's mergeEventPattern:
// lists are joined without duplicates, maps merged key by key.
func (p *EventPattern) merge(q EventPattern) {
	join := func(a, b []string) []string {
		for _, v := range b {
			if !slices.Contains(a, v) {
				a = append(a, v)
			}
		}
		return a
	}
	p.Version = join(p.Version, q.Version)
	p.ID = join(p.ID, q.ID)
	p.DetailType = join(p.DetailType, q.DetailType)
	p.Source = join(p.Source, q.Source)
	p.Account = join(p.Account, q.Account)
	p.Time = join(p.Time, q.Time)
	p.Region = join(p.Region, q.Region)
	p.Resources = join(p.Resources, q.Resources)
	if len(q.Detail) > 0 {
		if p.Detail == nil {
			p.Detail = map[string]any{}
		}
		mergeMap(p.Detail, q.Detail)
	}
}

func mergeMap(dst, src map[string]any) {
	for k, v := range src {
		cur, ok := dst[k]
		if !ok {
			dst[k] = deepCopy(v)
			continue
		}
		switch cv := cur.(type) {
		case map[string]any:
			if sv, ok := v.(map[string]any); ok {
				mergeMap(cv, sv)
				continue
			}
		case []any:
			if sv, ok := v.([]any); ok {
				for _, x := range sv {
					if !slices.ContainsFunc(cv, func(y any) bool { return reflect.DeepEqual(y, x) }) {
						cv = append(cv, x)
					}
				}
				dst[k] = cv
				continue
			}
		case []string:
			if sv, ok := v.([]string); ok {
				for _, x := range sv {
					if !slices.Contains(cv, x) {
						cv = append(cv, x)
					}
				}
				dst[k] = cv
				continue
			}
		}
		dst[k] = deepCopy(v)
	}
}

// deepCopy copies maps and lists so that a rule never shares them with the
// program (or another rule) it merged them from.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	case []string:
		return append([]string(nil), x...)
	}
	return v
}
