package constructs

import (
	"fmt"
	"reflect"
	"runtime"
	"sync/atomic"
)

// Aspect visits every construct in the scope it is added to, and below.
// Synthesis applies aspects first, before anything is rendered.
type Aspect interface {
	Visit(c Construct)
}

// AspectFunc adapts a function to an Aspect. Note that an AspectFunc is not
// comparable; each Add is a distinct aspect.
type AspectFunc func(c Construct)

// Visit calls f.
func (f AspectFunc) Visit(c Construct) { f(c) }

// Aspects manages the aspects of one scope.
type Aspects struct{ n *Node }

// AspectsOf returns the aspects of scope.
// A nil scope is reported by synthesis; its aspects apply nowhere.
func AspectsOf(scope Construct) Aspects {
	if IsNil(scope) || scope.Node() == nil {
		ReportError(nil, "AspectsOf was given a nil scope; pass the construct the aspect should visit")
		return Aspects{&Node{}}
	}
	return Aspects{scope.Node()}
}

// Add adds an aspect that will visit scope and everything below it.
func (a Aspects) Add(aspect Aspect) {
	r := a.n.extra()
	r.aspects = append(r.aspects, &aspectRef{Aspect: aspect, scope: a.n})
	aspectsAdded.Add(1)
}

// All returns the aspects added directly to this scope.
func (a Aspects) All() []Aspect {
	own := a.n.ownAspects()
	out := make([]Aspect, len(own))
	for i, r := range own {
		out[i] = r.(*aspectRef).Aspect
	}
	return out
}

// ownAspects returns the aspects added directly to n.
func (n *Node) ownAspects() []any {
	if n.rare == nil {
		return nil
	}
	return n.rare.aspects
}

// aspectRef gives each added aspect an identity, so that synthesis can apply
// it to each node exactly once.
type aspectRef struct {
	Aspect
	scope *Node
}

// MaxAspectPasses bounds how often synthesis re-walks the tree when aspects
// add constructs or further aspects.
const MaxAspectPasses = 10

// MaxAspectAdditions bounds how many constructs one aspect may add in one
// pass: an aspect that adds a construct to each construct it visits,
// including those it added, would otherwise grow the tree without end.
const MaxAspectAdditions = 10_000

// ApplyAspects invokes every aspect on every construct in its scope, each
// once, parents before children. Aspects inherited from a scope apply before a
// node's own. Aspects that add constructs or aspects cause another pass, up to
// MaxAspectPasses. It returns an error, with the path of the scope the aspect
// was added to, when passes were still adding work then, when one aspect
// added more than MaxAspectAdditions constructs in a pass, or when an aspect
// panicked.
func ApplyAspects(root Construct) error {
	// applied holds each (node, aspect) pair visited, so that a later pass
	// applies only what is new. A pass that added no construct and no
	// aspect is the last: another would find nothing new. The first pass
	// only lists the pairs it applies (every pair is new then); the set is
	// made from the list when a second pass is needed.
	// The list is kept in blocks, which are not copied as it grows.
	var applied map[appliedAspect]bool
	var first [][]appliedAspect
	for pass := 0; pass < MaxAspectPasses; pass++ {
		if pass == 1 {
			n := 0
			for _, b := range first {
				n += len(b)
			}
			applied = make(map[appliedAspect]bool, n)
			for _, b := range first {
				for _, p := range b {
					applied[p] = true
				}
			}
			first = nil
		}
		did := false
		added := map[*aspectRef]int64{}
		createdBefore, aspectsBefore := created.Load(), aspectsAdded.Load()
		var failed error
		var walk func(c Construct, inherited []*aspectRef)
		walk = func(c Construct, inherited []*aspectRef) {
			n := c.Node()
			all := inherited
			if own := n.ownAspects(); len(own) > 0 {
				all = make([]*aspectRef, len(inherited), len(inherited)+len(own))
				copy(all, inherited)
				for _, a := range own {
					all = append(all, a.(*aspectRef))
				}
			}
			for _, a := range all {
				key := appliedAspect{n, a}
				if pass == 0 {
					if len(first) == 0 || len(first[len(first)-1]) == cap(first[len(first)-1]) {
						first = append(first, make([]appliedAspect, 0, 4096))
					}
					first[len(first)-1] = append(first[len(first)-1], key)
				} else {
					if applied[key] {
						continue
					}
					applied[key] = true
				}
				did = true
				// Aspects that this one adds apply in the next pass.
				before := created.Load()
				if err := visit(a, c); err != nil {
					failed = err
					return
				}
				d := created.Load() - before
				if d == 0 {
					continue
				}
				added[a] += d
				if added[a] > MaxAspectAdditions {
					failed = &ValidationError{Path: a.scope.Path(), Message: fmt.Sprintf("aspect %s added more than %d constructs in one pass: it adds constructs to the constructs it added, without end; make it skip what it creates (or add to a fixed scope only once)", AspectName(a.Aspect), MaxAspectAdditions)}
					return
				}
			}
			for j := 0; j < len(n.children) && failed == nil; j++ {
				walk(n.children[j], all)
			}
		}
		walk(root, nil)
		if failed != nil {
			return failed
		}
		if !did || (created.Load() == createdBefore && aspectsAdded.Load() == aspectsBefore) {
			return nil
		}
	}
	return &ValidationError{Path: root.Node().Path(), Message: fmt.Sprintf("aspects were still adding constructs or aspects after %d passes; make sure an aspect does not add an aspect each time it runs", MaxAspectPasses)}
}

// appliedAspect is an aspect applied to a node.
type appliedAspect struct {
	n *Node
	a *aspectRef
}

// aspectsAdded counts the aspects added in this process, so that
// ApplyAspects knows whether a pass added any.
var aspectsAdded atomic.Int64

// visit runs one aspect on c and turns a panic of the aspect into an error.
func visit(a *aspectRef, c Construct) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &ValidationError{Path: c.Node().Path(), Message: fmt.Sprintf("aspect %s (added to %s) panicked visiting this construct: %v", AspectName(a.Aspect), a.scope.describe(), r)}
		}
	}()
	a.Visit(c)
	return nil
}

// AspectName names an aspect in messages: its type, or the function of an
// AspectFunc.
func AspectName(a Aspect) string {
	if f, ok := a.(AspectFunc); ok && f != nil {
		if fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer()); fn != nil {
			return fn.Name()
		}
	}
	return fmt.Sprintf("%T", a)
}
