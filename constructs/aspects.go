package constructs

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
func AspectsOf(scope Construct) Aspects { return Aspects{scope.Node()} }

// Add adds an aspect that will visit scope and everything below it.
func (a Aspects) Add(aspect Aspect) { a.n.aspects = append(a.n.aspects, &aspectRef{aspect}) }

// All returns the aspects added directly to this scope.
func (a Aspects) All() []Aspect {
	out := make([]Aspect, len(a.n.aspects))
	for i, r := range a.n.aspects {
		out[i] = r.(*aspectRef).Aspect
	}
	return out
}

// aspectRef gives each added aspect an identity, so that synthesis can apply
// it to each node exactly once.
type aspectRef struct{ Aspect }

// MaxAspectPasses bounds how often synthesis re-walks the tree when aspects
// add constructs or further aspects.
const MaxAspectPasses = 10

// ApplyAspects invokes every aspect on every construct in its scope, each
// once, parents before children. Aspects inherited from a scope apply before a
// node's own. Aspects that add constructs or aspects cause another pass, up to
// MaxAspectPasses; it reports false when passes were still adding work then.
func ApplyAspects(root Construct) bool {
	applied := map[*Node]map[*aspectRef]bool{}
	for pass := 0; pass < MaxAspectPasses; pass++ {
		did := false
		var walk func(c Construct, inherited []*aspectRef)
		walk = func(c Construct, inherited []*aspectRef) {
			n := c.Node()
			all := append([]*aspectRef(nil), inherited...)
			for _, a := range n.aspects {
				all = append(all, a.(*aspectRef))
			}
			for _, a := range all {
				if applied[n] == nil {
					applied[n] = map[*aspectRef]bool{}
				}
				if applied[n][a] {
					continue
				}
				applied[n][a] = true
				did = true
				// Aspects that this one adds apply in the next pass.
				a.Visit(c)
			}
			for j := 0; j < len(n.children); j++ {
				walk(n.children[j], all)
			}
		}
		walk(root, nil)
		if !did {
			return true
		}
	}
	return false
}
