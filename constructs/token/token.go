package token

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Resolvable is a value computed at synthesis time.
type Resolvable interface {
	// Resolve returns the value to place in the template. The result may
	// itself contain Resolvables or encoded tokens; they are resolved in turn.
	Resolve(ctx *Context) (any, error)
}

// Context is the place where a value is being resolved.
type Context struct {
	// Scope is the construct whose template body is being rendered
	// (a constructs.Construct; typed any to keep this package a leaf).
	Scope any
	// Resolver, when set, is consulted by Resolvables that need synthesis
	// state, such as references to other constructs.
	Resolver any
	// depth guards against tokens that resolve to themselves.
	depth int
}

// Func adapts a function to a Resolvable.
type Func func(ctx *Context) (any, error)

// Resolve calls f.
func (f Func) Resolve(ctx *Context) (any, error) { return f(ctx) }

// Literal is a Resolvable for a constant value: useful to hand a fixed
// intrinsic (such as {"Ref": "AWS::Region"}) out as a string.
type Literal struct{ Value any }

// Resolve returns the constant.
func (l *Literal) Resolve(*Context) (any, error) { return l.Value, nil }

// registry maps encoded markers back to their Resolvables.
var registry struct {
	sync.RWMutex
	toks  []Resolvable
	index map[Resolvable]int
	names []string
}

func register(r Resolvable, hint string) int {
	registry.Lock()
	defer registry.Unlock()
	if registry.index == nil {
		registry.index = map[Resolvable]int{}
	}
	if comparable(r) {
		if n, ok := registry.index[r]; ok {
			return n
		}
	}
	n := len(registry.toks)
	registry.toks = append(registry.toks, r)
	registry.names = append(registry.names, hint)
	if comparable(r) {
		registry.index[r] = n
	}
	return n
}

func comparable(r Resolvable) (ok bool) {
	if reflect.TypeOf(r).Kind() == reflect.Pointer {
		return true // most tokens: hashing a pointer cannot panic
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_ = map[Resolvable]bool{r: true}
	return true
}

func lookup(n int) (Resolvable, bool) {
	registry.RLock()
	defer registry.RUnlock()
	if n < 0 || n >= len(registry.toks) {
		return nil, false
	}
	return registry.toks[n], true
}

// Hinter is implemented by Resolvables that can describe themselves; the
// description appears inside markers and in error messages.
type Hinter interface {
	TokenHint() string
}

func hintOf(r Resolvable) string {
	if h, ok := r.(Hinter); ok {
		s := h.TokenHint()
		// Keep the marker grammar intact.
		return strings.Map(func(c rune) rune {
			if c == '[' || c == ']' || c == '{' || c == '}' || c == '$' || c == '#' {
				return '_'
			}
			return c
		}, s)
	}
	return "TOKEN"
}

const (
	stringPrefix = "${Token["
	listPrefix   = "#{TokenList["
	markerSuffix = "]}"
)

var (
	stringMarker = regexp.MustCompile(`\$\{Token\[(?:[^\]]*\.)?(\d+)\]\}`)
	listMarker   = regexp.MustCompile(`#\{TokenList\[(?:[^\]]*\.)?(\d+)\]\}`)
)

// AsString encodes r as a string. The string can be concatenated with others
// and formatted; Resolve restores the value.
func AsString(r Resolvable) string {
	if r == nil {
		return ""
	}
	h := hintOf(r)
	n := register(r, h)
	return stringPrefix + h + "." + strconv.Itoa(n) + markerSuffix
}

// AsList encodes r, whose value is a list, as a one-element string slice.
func AsList(r Resolvable) []string {
	if r == nil {
		return nil
	}
	h := hintOf(r)
	n := register(r, h)
	return []string{listPrefix + h + "." + strconv.Itoa(n) + markerSuffix}
}

// intBase is the top of the reserved int range: token n is
// intBase-n*intStride. The stride makes a token changed by arithmetic
// (n+1) land between tokens, where it is detected instead of read as
// another token.
const intBase = -0x7A5E_0000_0000_0000
const intSpan = 1 << 40
const intStride = 1 << 16

// AsInt encodes r, whose value is a number, as an int in a reserved range.
func AsInt(r Resolvable) int {
	n := register(r, hintOf(r))
	return intBase - n*intStride
}

// InIntRange reports whether i lies in the range reserved for int tokens:
// a token, or a token changed by arithmetic.
func InIntRange(i int64) bool { return i <= intBase && i > intBase-intSpan }

// nanPayload marks a float64 token: a quiet NaN whose payload is 0xDEAD<<32|n.
const nanPayload = 0x7FF8_DEAD_0000_0000

// AsNumber encodes r, whose value is a number, as a float64 NaN with a
// reserved payload.
func AsNumber(r Resolvable) float64 {
	n := register(r, hintOf(r))
	return math.Float64frombits(nanPayload | uint64(n))
}

// DecodeInt returns the Resolvable encoded in i, if any.
func DecodeInt(i int64) (Resolvable, bool) {
	if !InIntRange(i) || (intBase-i)%intStride != 0 {
		return nil, false
	}
	return lookup(int((intBase - i) / intStride))
}

// DecodeNumber returns the Resolvable encoded in f, if any.
func DecodeNumber(f float64) (Resolvable, bool) {
	b := math.Float64bits(f)
	if b&0xFFFF_FFFF_0000_0000 != nanPayload {
		return nil, false
	}
	return lookup(int(b & 0xFFFF_FFFF))
}

// DecodeString returns the Resolvable when s is exactly one string marker.
func DecodeString(s string) (Resolvable, bool) {
	if !strings.HasPrefix(s, stringPrefix) || !strings.HasSuffix(s, markerSuffix) {
		return nil, false
	}
	m := stringMarker.FindStringSubmatchIndex(s)
	if m == nil || m[0] != 0 || m[1] != len(s) {
		return nil, false
	}
	n, _ := strconv.Atoi(s[m[2]:m[3]])
	return lookup(n)
}

// DecodeList returns the Resolvable when l is a one-element list marker.
func DecodeList(l []string) (Resolvable, bool) {
	if len(l) != 1 {
		return nil, false
	}
	m := listMarker.FindStringSubmatchIndex(l[0])
	if m == nil || m[0] != 0 || m[1] != len(l[0]) {
		return nil, false
	}
	n, _ := strconv.Atoi(l[0][m[2]:m[3]])
	return lookup(n)
}

// IsUnresolved reports whether v is, or contains, a token: a Resolvable, a
// string with a marker, a list marker or a reserved number.
func IsUnresolved(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case Resolvable:
		return true
	case string:
		return strings.Contains(x, stringPrefix) || strings.Contains(x, listPrefix)
	case *string:
		return x != nil && IsUnresolved(*x)
	case []string:
		for _, s := range x {
			if IsUnresolved(s) {
				return true
			}
		}
		return false
	case int:
		return InIntRange(int64(x))
	case *int:
		return x != nil && IsUnresolved(*x)
	case int64:
		return InIntRange(x)
	case float64:
		_, ok := DecodeNumber(x)
		return ok
	case *float64:
		return x != nil && IsUnresolved(*x)
	}
	return false
}

// Describe renders s for an error message: markers become their hints
// without the registry index ("${Queue.Ref}"), so that messages do not
// depend on the order tokens were made; a marker mangled by string functions
// loses its index too.
func Describe(s string) string {
	s = stringMarker.ReplaceAllStringFunc(s, func(m string) string {
		return "${" + dropIndex(strings.TrimSuffix(strings.TrimPrefix(m, stringPrefix), markerSuffix)) + "}"
	})
	s = listMarker.ReplaceAllStringFunc(s, func(m string) string {
		return "#{" + dropIndex(strings.TrimSuffix(strings.TrimPrefix(m, listPrefix), markerSuffix)) + "}"
	})
	return mangledIndex.ReplaceAllString(s, "$1$2")
}

// mangledIndex is the registry index at the end of a mangled marker (or of
// a string cut inside one).
var mangledIndex = regexp.MustCompile(`(?i)([$#]\{token(?:list)?\[[^\]]*?)[.\-_]\d*(\]\}|$)`)

func dropIndex(body string) string {
	if i := strings.LastIndexByte(body, '.'); i >= 0 {
		if _, err := strconv.Atoi(body[i+1:]); err == nil {
			return body[:i]
		}
	}
	return body
}

// DescribeInt names the int token nearest to i, for a number in the range
// reserved for int tokens: "App/Delay.Ref", and the offset from it when i
// is a token changed by arithmetic.
func DescribeInt(i int64) (hint string, offset int64) {
	if !InIntRange(i) {
		return "", 0
	}
	d := intBase - i
	n := (d + intStride/2) / intStride
	offset = n*intStride - d
	registry.RLock()
	defer registry.RUnlock()
	if n < 0 || n >= int64(len(registry.names)) {
		return "a number token", offset
	}
	return registry.names[n], offset
}

// Error is returned by Resolve for a value that cannot be rendered.
type Error struct {
	Path string // location inside the value, e.g. "Properties.Tags[0].Value"
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

var pseudo struct {
	sync.Mutex
	m map[string]*Literal
}

// PseudoRef returns {"Ref": name} encoded as a string, for pseudo parameters
// such as "AWS::Region". The same name always yields the same string.
func PseudoRef(name string) string {
	pseudo.Lock()
	if pseudo.m == nil {
		pseudo.m = map[string]*Literal{}
	}
	l, ok := pseudo.m[name]
	if !ok {
		l = &Literal{Value: map[string]any{"Ref": name}}
		pseudo.m[name] = l
	}
	pseudo.Unlock()
	return AsString(l)
}

// TokenHint names a literal in markers.
func (l *Literal) TokenHint() string {
	if m, ok := l.Value.(map[string]any); ok {
		if r, ok := m["Ref"].(string); ok {
			return r
		}
	}
	return "Literal"
}
