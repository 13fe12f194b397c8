package cloudwatch

import (
	"bytes"
	"encoding/json"
)

// object is a JSON object whose keys keep the order they were set in, as
// a JavaScript object's do; a nil value is left out, as JSON.stringify
// leaves out undefined.
type object struct {
	keys []string
	vals map[string]any
}

func newObject() *object { return &object{vals: map[string]any{}} }

// set sets k to v; a nil v (or a nil *object) removes nothing and is not
// written.
func (o *object) set(k string, v any) *object {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
	return o
}

func (o *object) len() int {
	n := 0
	for _, k := range o.keys {
		if !isUndefined(o.vals[k]) {
			n++
		}
	}
	return n
}

func isUndefined(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case *object:
		return x == nil
	}
	return false
}

// MarshalJSON writes the keys in order.
func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for _, k := range o.keys {
		v := o.vals[k]
		if isUndefined(v) {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		kb, err := marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		vb, err := marshal(v)
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping, as JSON.stringify.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
