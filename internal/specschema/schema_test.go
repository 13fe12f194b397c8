package specschema

import (
	"slices"
	"testing"
)

func TestLoadKeepsPropertyOrderAndBooleanSchemas(t *testing.T) {
	s, err := Load([]byte(`{"type": "object", "properties": {"b": {"type": "string"}, "a": true, "c": {"enum": ["0.2", 0.2]}},
		"additionalProperties": false, "items": true, "minimum": 1, "minProperties": 2}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Properties.Keys(); !slices.Equal(got, []string{"b", "a", "c"}) {
		t.Errorf("keys %v, want b, a, c", got)
	}
	if !s.AdditionalProperties.False || s.Items == nil || s.Items.False {
		t.Errorf("additionalProperties %+v, items %+v: want false and true", s.AdditionalProperties, s.Items)
	}
	if a := s.Properties.Get("a"); a == nil || a.False || a.Type != "" {
		t.Errorf("property a %+v: want the schema true", a)
	}
	if e := Property(s, "c").Enum; len(e) != 2 || e[0] != "0.2" || e[1] != 0.2 {
		t.Errorf("enum %#v", e)
	}
	if s.Minimum.String() != "1" || s.MinProperties == nil || *s.MinProperties != 2 {
		t.Errorf("minimum %q, minProperties %v", s.Minimum, s.MinProperties)
	}
	if _, err := Load([]byte(`{"properties": []}`)); err == nil {
		t.Error("properties as a list: no error")
	}
}
