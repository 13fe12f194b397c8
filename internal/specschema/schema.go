package specschema

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Schema is a JSON Schema as the checker reads it: the keywords of the
// schemas that forma generates for its specifications (type, properties,
// patternProperties, additionalProperties, items, anyOf, oneOf, enum,
// pattern, required, minimum, maximum, minItems, minProperties,
// maxProperties, deprecated, description). Other keywords are ignored.
type Schema struct {
	Type                 string             `json:"type"`
	Title                string             `json:"title"`
	Description          string             `json:"description"`
	Properties           *Properties        `json:"properties"`
	PatternProperties    map[string]*Schema `json:"patternProperties"`
	AdditionalProperties *Schema            `json:"additionalProperties"`
	Items                *Schema            `json:"items"`
	AnyOf                []*Schema          `json:"anyOf"`
	OneOf                []*Schema          `json:"oneOf"`
	Enum                 []any              `json:"enum"`
	Pattern              string             `json:"pattern"`
	Required             []string           `json:"required"`
	Minimum              json.Number        `json:"minimum"`
	Maximum              json.Number        `json:"maximum"`
	MinItems             *uint64            `json:"minItems"`
	MinProperties        *uint64            `json:"minProperties"`
	MaxProperties        *uint64            `json:"maxProperties"`
	Deprecated           bool               `json:"deprecated"`
	// False is set for the schema false, which nothing matches (as
	// additionalProperties: false).
	False bool `json:"-"`
}

// Keywords are the JSON Schema keywords Schema reads.
var Keywords = []string{"type", "title", "description", "properties", "patternProperties", "additionalProperties",
	"items", "anyOf", "oneOf", "enum", "pattern", "required", "minimum", "maximum", "minItems", "minProperties",
	"maxProperties", "deprecated"}

// UnmarshalJSON reads a schema object, or the schemas true and false.
func (s *Schema) UnmarshalJSON(data []byte) error {
	switch string(bytes.TrimSpace(data)) {
	case "true":
		*s = Schema{}
		return nil
	case "false":
		*s = Schema{False: true}
		return nil
	}
	type plain Schema
	return json.Unmarshal(data, (*plain)(s))
}

// Properties are the properties of an object schema, in the order the
// schema lists them.
type Properties struct {
	keys []string
	m    map[string]*Schema
}

// Get returns the schema of property key, or nil.
func (p *Properties) Get(key string) *Schema {
	if p == nil {
		return nil
	}
	return p.m[key]
}

// Keys returns the property names in the schema's order.
func (p *Properties) Keys() []string {
	if p == nil {
		return nil
	}
	return p.keys
}

// UnmarshalJSON reads a JSON object of schemas, keeping its order.
func (p *Properties) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil {
		return err
	} else if t != json.Delim('{') {
		return fmt.Errorf("properties: want an object, got %v", t)
	}
	p.keys, p.m = nil, map[string]*Schema{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key := t.(string)
		var s Schema
		if err := dec.Decode(&s); err != nil {
			return fmt.Errorf("properties.%s: %w", key, err)
		}
		if _, dup := p.m[key]; !dup {
			p.keys = append(p.keys, key)
		}
		p.m[key] = &s
	}
	_, err := dec.Token()
	return err
}

// Load decodes a JSON Schema document.
func Load(data []byte) (*Schema, error) {
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("specschema: %w", err)
	}
	return &s, nil
}

// MustLoad decodes a schema that forma generated and embeds, which
// specgen's test decodes too; it panics if data is not a schema.
func MustLoad(data []byte) *Schema {
	s, err := Load(data)
	if err != nil {
		panic(err)
	}
	return s
}
