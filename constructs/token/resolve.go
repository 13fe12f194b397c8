package token

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// maxDepth bounds nested resolution so that a token resolving to itself is an
// error rather than a hang.
const maxDepth = 64

// maxExactInt is the largest integer a JSON number (a float64) holds exactly.
const maxExactInt = 1 << 53

// Resolve returns v with every token replaced by its value. The result is
// made only of nil, string, bool, int, float64, []any and map[string]any, with
// struct fields named by their json tags ("-" skips a field; omitempty leaves
// out nil pointers, slices, maps and interfaces, and empty strings).
// A nil result for a struct field or map value means "absent".
func Resolve(ctx *Context, v any) (any, error) {
	if ctx == nil {
		ctx = &Context{}
	}
	return resolveAny(ctx, v)
}

// resolveAny handles the common concrete types without reflection.
func resolveAny(ctx *Context, v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return resolveString(ctx, x)
	case bool:
		return x, nil
	case map[string]any:
		if x == nil {
			return nil, nil
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			if strings.Contains(k, "{Token") {
				return nil, &Error{Msg: fmt.Sprintf("map key %q is a token; keys must be known at synthesis time", Describe(k))}
			}
			val, err := resolveAny(ctx, e)
			if err != nil {
				return nil, under(err, k)
			}
			out[k] = val
		}
		return out, nil
	case []any:
		if x == nil {
			return nil, nil
		}
		out := make([]any, len(x))
		for i, e := range x {
			val, err := resolveAny(ctx, e)
			if err != nil {
				return nil, underIndex(err, i)
			}
			out[i] = val
		}
		return out, nil
	case Resolvable:
		return resolveToken(ctx, x)
	case resolvedMap:
		return map[string]any(x), nil
	case resolvedValue:
		return x.v, nil
	}
	return resolve(ctx, reflect.ValueOf(v))
}

// resolvedValue is a value already resolved; see Resolved.
type resolvedValue struct{ v any }

// Resolved marks v as resolved already: made only of the values Resolve
// returns, with no token left in its strings or map keys. A Resolvable's
// Resolve may return it for a value it resolved itself, to spare its
// caller walking (and copying) the value again; Resolve returns v as it is.
func Resolved(v any) any {
	if m, ok := v.(map[string]any); ok && m != nil {
		return resolvedMap(m) // held in an interface without an allocation
	}
	return resolvedValue{v}
}

// resolvedMap is a map already resolved; see Resolved.
type resolvedMap map[string]any

// resolvableType is the type of Resolvable.
var resolvableType = reflect.TypeFor[Resolvable]()

// implementsResolvable caches whether a type implements Resolvable
// (reflect.Type → bool), so that resolve asks a value for its interface,
// which allocates for most kinds, only when it may be a token.
var implementsResolvable sync.Map

func mayResolve(t reflect.Type) bool {
	if v, ok := implementsResolvable.Load(t); ok {
		return v.(bool)
	}
	ok := t.Implements(resolvableType)
	implementsResolvable.Store(t, ok)
	return ok
}

func resolve(ctx *Context, v reflect.Value) (any, error) {
	if !v.IsValid() {
		return nil, nil
	}
	if v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, nil
		}
	}
	if (v.Kind() == reflect.Interface || mayResolve(v.Type())) && v.CanInterface() {
		if r, ok := v.Interface().(Resolvable); ok {
			return resolveToken(ctx, r)
		}
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		return resolve(ctx, v.Elem())
	case reflect.String:
		return resolveString(ctx, v.String())
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := v.Int()
		if r, ok := DecodeInt(i); ok {
			return resolveToken(ctx, r)
		}
		if InIntRange(i) {
			hint, off := DescribeInt(i)
			return nil, &Error{Msg: fmt.Sprintf("the number token ${%s} was changed by arithmetic (%+d); a token's value is known only at deploy time and CloudFormation computes no arithmetic — pass the token as it is", hint, off)}
		}
		if i > maxExactInt || i < -maxExactInt {
			return nil, &Error{Msg: "the number is beyond what a template holds exactly (±2^53); it is probably a number token (an attribute's or parameter's Int()) changed by arithmetic — pass the token as it is"}
		}
		return int(i), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int(v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if r, ok := DecodeNumber(f); ok {
			return resolveToken(ctx, r)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, &Error{Msg: fmt.Sprintf("the number %v cannot be written in a template; a number token (an attribute's or parameter's Number()) changed by arithmetic becomes NaN — pass the token as it is", f)}
		}
		return f, nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil, nil
		}
		return resolveList(ctx, v)
	case reflect.Map:
		if v.IsNil() {
			return nil, nil
		}
		out := make(map[string]any, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			var ks string
			if k.Kind() == reflect.String {
				ks = k.String()
			} else {
				ks = fmt.Sprint(k.Interface())
			}
			if IsUnresolved(ks) {
				return nil, &Error{Msg: fmt.Sprintf("map key %q is a token; keys must be known at synthesis time", Describe(ks))}
			}
			val, err := resolve(ctx, iter.Value())
			if err != nil {
				return nil, under(err, ks)
			}
			out[ks] = val
		}
		return out, nil
	case reflect.Struct:
		return resolveStruct(ctx, v)
	}
	return nil, &Error{Msg: fmt.Sprintf("cannot render a value of type %s", v.Type())}
}

// under places an error one level deeper: below key.
func under(err error, key string) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	switch {
	case e.Path == "":
		e.Path = key
	case strings.HasPrefix(e.Path, "["):
		e.Path = key + e.Path
	default:
		e.Path = key + "." + e.Path
	}
	return e
}

// underIndex places an error below list index i.
func underIndex(err error, i int) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	if e.Path == "" || strings.HasPrefix(e.Path, "[") {
		e.Path = "[" + strconv.Itoa(i) + "]" + e.Path
	} else {
		e.Path = "[" + strconv.Itoa(i) + "]." + e.Path
	}
	return e
}

func resolveToken(ctx *Context, r Resolvable) (any, error) {
	if v := reflect.ValueOf(r); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, nil // a typed nil, such as an unset *Intrinsic: absent
	}
	if ctx.depth >= maxDepth {
		return nil, &Error{Msg: "token resolution is nested too deeply (a token that resolves to itself?)"}
	}
	ctx.depth++
	defer func() { ctx.depth-- }()
	val, err := r.Resolve(ctx)
	if err != nil {
		if _, ok := err.(*Error); ok {
			return nil, err
		}
		return nil, &Error{Msg: err.Error()}
	}
	return resolveAny(ctx, val)
}

func resolveString(ctx *Context, s string) (any, error) {
	if !strings.Contains(s, "{Token") {
		return s, nil
	}
	if strings.Contains(s, "#{TokenList[") {
		if m := listMarker.FindString(s); m != "" {
			return nil, &Error{Msg: fmt.Sprintf("the list token %s is used where a string is expected; use cfn.Join to make one string of the list or cfn.Select to pick an element", Describe(m))}
		}
	}
	var buf [4][4]int
	locs := findStringMarkers(s, buf[:0])
	if len(locs) == 0 {
		return s, nil
	}
	if len(locs) == 1 && locs[0][0] == 0 && locs[0][1] == len(s) {
		// The whole string is one token: its value as it is.
		n, _ := strconv.Atoi(s[locs[0][2]:locs[0][3]])
		r, ok := lookup(n)
		if !ok {
			return nil, &Error{Msg: fmt.Sprintf("unknown token %s", s)}
		}
		return resolveToken(ctx, r)
	}
	parts := make([]any, 0, 2*len(locs)+1)
	last := 0
	for _, m := range locs {
		if m[0] > last {
			parts = append(parts, s[last:m[0]])
		}
		n, _ := strconv.Atoi(s[m[2]:m[3]])
		r, ok := lookup(n)
		if !ok {
			return nil, &Error{Msg: fmt.Sprintf("unknown token %s", s[m[0]:m[1]])}
		}
		val, err := resolveToken(ctx, r)
		if err != nil {
			return nil, err
		}
		parts = append(parts, val)
		last = m[1]
	}
	if last < len(s) {
		parts = append(parts, s[last:])
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return JoinParts(parts), nil
}

// JoinParts concatenates resolved fragments into the smallest equivalent
// value: a plain string when every fragment is a string, otherwise
// {"Fn::Join": ["", [...]]} with adjacent literals merged and nested
// empty-delimiter joins flattened.
func JoinParts(parts []any) any {
	var out []any
	var lit strings.Builder
	haveLit := false
	flush := func() {
		if haveLit {
			out = append(out, lit.String())
			lit.Reset()
			haveLit = false
		}
	}
	var add func(p any)
	add = func(p any) {
		switch x := p.(type) {
		case nil:
		case string:
			lit.WriteString(x)
			haveLit = true
		case map[string]any:
			if inner, ok := emptyJoin(x); ok {
				for _, q := range inner {
					add(q)
				}
				return
			}
			flush()
			out = append(out, x)
		default:
			flush()
			out = append(out, x)
		}
	}
	for _, p := range parts {
		add(p)
	}
	flush()
	if len(out) == 0 {
		return ""
	}
	if len(out) == 1 {
		if s, ok := out[0].(string); ok {
			return s
		}
	}
	return map[string]any{"Fn::Join": []any{"", out}}
}

func emptyJoin(m map[string]any) ([]any, bool) {
	if len(m) != 1 {
		return nil, false
	}
	j, ok := m["Fn::Join"].([]any)
	if !ok || len(j) != 2 {
		return nil, false
	}
	if d, ok := j[0].(string); !ok || d != "" {
		return nil, false
	}
	l, ok := j[1].([]any)
	return l, ok
}

func resolveList(ctx *Context, v reflect.Value) (any, error) {
	if v.Type().Elem().Kind() == reflect.String && v.Len() > 0 {
		for i := 0; i < v.Len(); i++ {
			s := v.Index(i).String()
			if !strings.Contains(s, listPrefix) {
				continue
			}
			m := listMarker.FindStringSubmatchIndex(s)
			if v.Len() != 1 || m[0] != 0 || m[1] != len(s) {
				return nil, &Error{Path: "[" + strconv.Itoa(i) + "]", Msg: fmt.Sprintf("the list token %s is mixed with other elements; a list token stands for the whole list", Describe(s))}
			}
			n, _ := strconv.Atoi(s[m[2]:m[3]])
			r, ok := lookup(n)
			if !ok {
				return nil, &Error{Msg: fmt.Sprintf("unknown token %s", s)}
			}
			return resolveToken(ctx, r)
		}
	}
	out := make([]any, 0, v.Len())
	for i := 0; i < v.Len(); i++ {
		val, err := resolve(ctx, v.Index(i))
		if err != nil {
			return nil, underIndex(err, i)
		}
		out = append(out, val)
	}
	return out, nil
}

type fieldInfo struct {
	index     int
	name      string
	omitEmpty bool
}

// fieldCache maps a struct type to its fields (reflect.Type → []fieldInfo);
// stacks resolve in parallel, so it is read without a lock.
var fieldCache sync.Map

func fieldsOf(t reflect.Type) []fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]fieldInfo)
	}
	var fs []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		fs = append(fs, fieldInfo{index: i, name: name, omitEmpty: strings.Contains(opts, "omitempty")})
	}
	fieldCache.Store(t, fs)
	return fs
}

func resolveStruct(ctx *Context, v reflect.Value) (any, error) {
	fields := fieldsOf(v.Type())
	n := 0
	for _, f := range fields {
		if !f.omitEmpty || !isEmpty(v.Field(f.index)) {
			n++
		}
	}
	out := make(map[string]any, n)
	for _, f := range fields {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		val, err := resolve(ctx, fv)
		if err != nil {
			return nil, under(err, f.name)
		}
		if val == nil {
			continue
		}
		out[f.name] = val
	}
	return out, nil
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	}
	return false
}

// findStringMarkers appends to out the places of the string markers in s
// as stringMarker.FindAllStringSubmatchIndex finds them (each [start, end,
// number start, number end]), without the regular expression: a marker is
// "${Token[", a body without "]" that is digits or ends with "." and
// digits, and "]}".
func findStringMarkers(s string, out [][4]int) [][4]int {
	const prefix = "${Token["
	for from := 0; ; {
		i := strings.Index(s[from:], prefix)
		if i < 0 {
			return out
		}
		i += from
		body := i + len(prefix)
		j := strings.IndexByte(s[body:], ']')
		if j < 0 {
			return out
		}
		j += body
		if j+1 < len(s) && s[j+1] == '}' {
			num := body
			if k := strings.LastIndexByte(s[body:j], '.'); k >= 0 {
				num = body + k + 1
			}
			if num < j && allDigits(s[num:j]) {
				out = append(out, [4]int{i, j + 2, num, j})
				from = j + 2
				continue
			}
		}
		from = i + 1
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
