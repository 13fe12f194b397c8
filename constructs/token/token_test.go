package token_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs/token"
)

var ref = &token.Literal{Value: map[string]any{"Ref": "Queue"}}
var azs = &token.Literal{Value: map[string]any{"Fn::GetAZs": ""}}

func resolve(t *testing.T, v any) any {
	t.Helper()
	got, err := token.Resolve(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestStringTokenSurvivesConcatenation(t *testing.T) {
	s := "arn:" + token.AsString(ref) + "/*"
	want := map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "Queue"}, "/*"}}}
	if got := resolve(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	f := fmt.Sprintf("https://%s:%d", token.AsString(ref), 443)
	if got := resolve(t, f); !reflect.DeepEqual(got, map[string]any{"Fn::Join": []any{"", []any{"https://", map[string]any{"Ref": "Queue"}, ":443"}}}) {
		t.Errorf("Sprintf: got %v", got)
	}
}

func TestSingleMarkerIsTheValue(t *testing.T) {
	if got := resolve(t, token.AsString(ref)); !reflect.DeepEqual(got, map[string]any{"Ref": "Queue"}) {
		t.Errorf("got %v", got)
	}
	if first, again := token.AsString(ref), token.AsString(ref); first != again {
		t.Error("the same Resolvable must encode to the same marker")
	}
}

func TestNestedJoinsFlatten(t *testing.T) {
	inner := "a" + token.AsString(ref)
	lit := &token.Literal{Value: inner}
	s := token.AsString(lit) + "b"
	want := map[string]any{"Fn::Join": []any{"", []any{"a", map[string]any{"Ref": "Queue"}, "b"}}}
	if got := resolve(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestListToken(t *testing.T) {
	l := token.AsList(azs)
	if !token.IsUnresolved(l) {
		t.Fatal("list token not detected")
	}
	if got := resolve(t, l); !reflect.DeepEqual(got, map[string]any{"Fn::GetAZs": ""}) {
		t.Errorf("got %v", got)
	}
	_, err := token.Resolve(nil, "x"+l[0])
	if err == nil || !strings.Contains(err.Error(), "cfn.Join") {
		t.Errorf("list token in a string: err = %v", err)
	}
	_, err = token.Resolve(nil, append([]string{"a"}, l...))
	if err == nil || !strings.Contains(err.Error(), "whole list") {
		t.Errorf("list token mixed with elements: err = %v", err)
	}
}

func TestNumberTokens(t *testing.T) {
	n := &token.Literal{Value: map[string]any{"Ref": "Port"}}
	i := token.AsInt(n)
	f := token.AsNumber(n)
	if !token.IsUnresolved(i) || !token.IsUnresolved(f) {
		t.Fatal("number tokens not detected")
	}
	if token.IsUnresolved(80) || token.IsUnresolved(0.5) {
		t.Fatal("plain numbers detected as tokens")
	}
	got := resolve(t, struct {
		A int     `json:"A"`
		B float64 `json:"B"`
		C *int    `json:"C,omitempty"`
	}{i, f, nil})
	want := map[string]any{"A": map[string]any{"Ref": "Port"}, "B": map[string]any{"Ref": "Port"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
}

func TestStructRendering(t *testing.T) {
	type inner struct {
		Key   string `json:"Key"`
		Value string `json:"Value"`
	}
	type props struct {
		Name     *string  `json:"Name,omitempty"`
		Required string   `json:"Required,omitempty"`
		Count    int      `json:"Count"`
		Tags     []inner  `json:"Tags,omitempty"`
		Any      any      `json:"Any,omitempty"`
		Skip     string   `json:"-"`
		List     []string `json:"List,omitempty"`
	}
	got := resolve(t, props{Name: new("n"), Count: 0, Tags: []inner{{"k", "v"}}, Any: map[string]any{"x": ref}, Skip: "s"})
	want := map[string]any{"Name": "n", "Count": 0, "Tags": []any{map[string]any{"Key": "k", "Value": "v"}}, "Any": map[string]any{"x": map[string]any{"Ref": "Queue"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

type selfRef struct{}

func (s *selfRef) Resolve(*token.Context) (any, error) { return token.AsString(s), nil }

func TestSelfReferenceIsAnError(t *testing.T) {
	_, err := token.Resolve(nil, token.AsString(&selfRef{}))
	if err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("err = %v", err)
	}
}

func TestDescribe(t *testing.T) {
	if got := token.Describe("x" + token.AsString(ref)); got != "x${Queue.Ref}" && !strings.HasPrefix(got, "x${Queue") {
		t.Errorf("got %q", got)
	}
}

func TestErrorPathNamesTheLocation(t *testing.T) {
	l := token.AsList(azs)
	type tag struct {
		Value string `json:"Value"`
	}
	v := map[string]any{"Properties": struct {
		Tags []tag `json:"Tags"`
	}{[]tag{{"ok"}, {"x" + l[0]}}}}
	_, err := token.Resolve(nil, v)
	var te *token.Error
	if !errors.As(err, &te) || te.Path != "Properties.Tags[1].Value" {
		t.Errorf("err = %v, want path Properties.Tags[1].Value", err)
	}
}
