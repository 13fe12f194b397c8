package elasticloadbalancingv2

// attributes is an ordered key/value set: keys keep the position of their
// first setting, as the AWS CDK's attribute maps render.
type attributes struct {
	keys []string
	vals map[string]string
}

func (a *attributes) set(key, value string) {
	if a.vals == nil {
		a.vals = map[string]string{}
	}
	if _, ok := a.vals[key]; !ok {
		a.keys = append(a.keys, key)
	}
	a.vals[key] = value
}

func (a *attributes) remove(key string) {
	if _, ok := a.vals[key]; !ok {
		return
	}
	delete(a.vals, key)
	for i, k := range a.keys {
		if k == key {
			a.keys = append(a.keys[:i], a.keys[i+1:]...)
			break
		}
	}
}

// each calls f for each attribute in order.
func (a *attributes) each(f func(k, v string)) {
	for _, k := range a.keys {
		f(k, a.vals[k])
	}
}
