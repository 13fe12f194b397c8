package constructs

import (
	"fmt"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
)

// Construct is implemented by every node of the construct tree.
type Construct interface {
	Node() *Node
}

// Base gives a type its place in the construct tree. Embed it and set it
// with NewBase.
type Base struct {
	node *Node
}

// Node returns the construct's node.
func (b *Base) Node() *Node { return b.node }

// NewBase adds host to the tree as the child id of scope and returns the
// Base that host embeds:
//
//	b := &MyThing{}
//	b.Base = constructs.NewBase(b, scope, id)
//
// A mistake in the arguments (a nil scope, an empty id, an id with "/", an
// id already used by a sibling, a tree locked by synthesis) does not panic:
// the construct is created outside the tree, so the program goes on, and
// synthesis reports the problem with the construct's path.
func NewBase(host Construct, scope Construct, id string) Base {
	created.Add(1)
	n := &Node{id: id, host: host, scope: scope}
	defer treeChanges.Add(1)
	switch {
	case IsNil(scope):
		n.scope = nil
		recordError(n, "", fmt.Sprintf("construct %q has a nil scope; every construct except the App needs one: pass the stack, or a construct inside it, as the first argument", id))
	case scope.Node() == nil:
		n.scope = nil
		recordError(n, "", fmt.Sprintf("construct %q has a scope (%T) that is not in a tree: a type that embeds constructs.Base must set it with constructs.NewBase before it is used as a scope", id, scope))
	default:
		// A type that embeds *Stack (a NestedStack, a user's stack type)
		// is recorded as the Stack it hosts, so that TryStackOf finds it.
		if st, ok := scope.Node().host.(*Stack); ok {
			n.scope = st
		}
		n.root = scope.Node().rootNode()
		scope.Node().addChild(n)
	}
	return Base{node: n}
}

// created counts the constructs created, so that aspect passes can tell how
// many constructs an aspect adds.
var created atomic.Int64

// treeChanges counts the changes to any tree (a construct created or
// removed), so that what is found by walking a tree can be kept until it
// changes.
var treeChanges atomic.Int64

// IsNil reports whether v is nil or holds a nil pointer, map, slice, func,
// channel or interface: a typed nil such as a nil *ec2.Vpc passed as an
// ec2.IVpc counts as nil. L2 props that take interfaces use it, so that a
// typed nil is reported like a missing value instead of panicking.
func IsNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return rv.IsNil()
	}
	return false
}

// New creates a plain construct, useful to group others under a path.
func New(scope Construct, id string) Construct {
	c := &Base{}
	*c = NewBase(c, scope, id)
	return c
}

// Dependable is anything that can be depended on.
type Dependable = Construct

// DependencyGroup is a set of constructs depended on together, like the AWS
// CDK's DependencyGroup. It need not be a node of the tree itself: depending
// on it means depending on each of its roots.
type DependencyGroup interface {
	Construct
	DependencyRoots() []Construct
}

// Node is a construct's place in the tree and the facts attached to it.
type Node struct {
	id       string
	host     Construct
	scope    Construct
	children []Construct
	// byID indexes children by id once there are many of them; below
	// childIndexMin, looking through children is faster than a map and
	// costs no memory.
	byID map[string]Construct

	deps        []Construct
	metadata    []MetadataEntry
	context     map[string]any
	validations []Validation
	locked      bool
	// rare holds what few nodes have, nil until one is set: a node of a
	// large tree stays small.
	rare *nodeRare
	// root is the top of the tree, nil on the root itself.
	root *Node
}

// nodeRare is the part of a Node that few nodes set.
type nodeRare struct {
	aspects []any
	// On the root: construction errors, reported by synthesis, and the
	// stand-in stack StackOf returns for a construct outside every stack.
	errs    Errors
	noStack *Stack
}

// extra returns n's rare part, made when first needed. An App makes its own
// at creation: synthesis records errors on it from several goroutines.
func (n *Node) extra() *nodeRare {
	if n.rare == nil {
		n.rare = &nodeRare{}
	}
	return n.rare
}

// MetadataEntry is one typed piece of metadata on a node.
type MetadataEntry struct {
	Type string `json:"type"`
	Data any    `json:"data"`
}

// Validation is a check run on a construct during synthesis; it returns one
// message for each problem found.
type Validation interface {
	Validate() []string
}

// ValidationFunc adapts a function to a Validation.
type ValidationFunc func() []string

// Validate calls f.
func (f ValidationFunc) Validate() []string { return f() }

// addChild attaches child below n, or records why it cannot and leaves it
// outside the tree (its scope still set, so that its path reads right).
func (n *Node) addChild(child *Node) {
	id := child.id
	switch {
	case id == "":
		recordError(n, n.Path(), "a construct was given an empty id; give every construct an id that is unique among its siblings")
		return
	case strings.Contains(id, "/"):
		recordError(n, n.Path(), fmt.Sprintf("construct id %q must not contain '/'; nest constructs (constructs.New) to build a path", id))
		return
	case n.Locked():
		recordError(n, joinPath(n.Path(), id), "the construct was added after synthesis started, when the tree is locked; create constructs before synthesis (an aspect or a validation cannot add them)")
		return
	}
	if n.TryFindChild(id) != nil {
		recordError(n, joinPath(n.Path(), id), fmt.Sprintf("there is already a construct with id %q in %s; ids must be unique among siblings: rename one of them", id, n.describe()))
		return
	}
	n.children = append(n.children, child.host)
	switch {
	case n.byID != nil:
		n.byID[id] = child.host
	case len(n.children) >= childIndexMin:
		n.byID = make(map[string]Construct, len(n.children))
		for _, c := range n.children[:len(n.children)-1] {
			n.byID[c.Node().id] = c
		}
		n.byID[id] = child.host
	}
}

// childIndexMin is the number of children from which a node indexes them
// by id in a map.
const childIndexMin = 16

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "/" + b
}

// parent returns the scope's node, nil at the root.
func (n *Node) parent() *Node {
	if n.scope == nil {
		return nil
	}
	return n.scope.Node()
}

// rootNode returns the node at the top of n's tree.
func (n *Node) rootNode() *Node {
	if n.root != nil {
		return n.root
	}
	return n
}

// recordError records a construction error found at n, with path ("" for
// n's own). Errors go to the App at the root of n's tree; a construct
// outside every app (one created with a nil scope) reports to the latest
// App created, or to the next one.
func recordError(n *Node, path, msg string) {
	if path == "" {
		path = n.Path()
	}
	e := &ValidationError{Path: path, Message: msg}
	root := n.rootNode()
	if _, ok := root.host.(*App); ok {
		r := root.extra()
		r.errs = append(r.errs, e)
		return
	}
	apps.Lock()
	defer apps.Unlock()
	if apps.latest != nil {
		r := apps.latest.node.extra()
		r.errs = append(r.errs, e)
		return
	}
	apps.pending = append(apps.pending, e)
}

func (n *Node) describe() string {
	if p := n.Path(); p != "" {
		return p
	}
	return "the app"
}

// ID returns the construct's id ("" for the app).
func (n *Node) ID() string { return n.id }

// Host returns the construct the node belongs to.
func (n *Node) Host() Construct { return n.host }

// Scope returns the parent construct, nil for the root.
func (n *Node) Scope() Construct { return n.scope }

// Path returns the ids from the root to this node joined by "/"; the app's
// own empty id is left out.
func (n *Node) Path() string {
	// One allocation: the ids from the node up (on the stack for most
	// trees), then the path written from the root down into a Builder of
	// the right size, whose String does not copy.
	var buf [24]string
	ids := buf[:0]
	size := -1
	for x := n; x != nil; x = x.parent() {
		if x.id != "" {
			ids = append(ids, x.id)
			size += len(x.id) + 1
		}
	}
	if size <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(size)
	for i := len(ids) - 1; i >= 0; i-- {
		b.WriteString(ids[i])
		if i > 0 {
			b.WriteByte('/')
		}
	}
	return b.String()
}

// Scopes returns the constructs from the root down to and including this one.
func (n *Node) Scopes() []Construct {
	var out []Construct
	for c := Construct(n.host); c != nil; c = c.Node().scope {
		out = append(out, c)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Root returns the root of the tree.
func (n *Node) Root() Construct {
	c := Construct(n.host)
	for c.Node().scope != nil {
		c = c.Node().scope
	}
	return c
}

// Children returns the direct children in insertion order.
func (n *Node) Children() []Construct { return append([]Construct(nil), n.children...) }

// ChildrenSeq yields the direct children in insertion order without
// copying them, for walks of large trees; the tree must not change while it
// runs.
func (n *Node) ChildrenSeq() iter.Seq[Construct] {
	return func(yield func(Construct) bool) {
		for _, c := range n.children {
			if !yield(c) {
				return
			}
		}
	}
}

// All yields the construct and every construct below it, parents before
// children, as FindAll returns them, without collecting them first; the
// tree must not change while it runs.
func (n *Node) All() iter.Seq[Construct] {
	return func(yield func(Construct) bool) {
		var walk func(c Construct) bool
		walk = func(c Construct) bool {
			if !yield(c) {
				return false
			}
			for _, ch := range c.Node().children {
				if !walk(ch) {
					return false
				}
			}
			return true
		}
		walk(n.host)
	}
}

// TryFindChild returns the direct child with the id, or nil.
func (n *Node) TryFindChild(id string) Construct {
	if n.byID != nil {
		return n.byID[id]
	}
	for _, c := range n.children {
		// A child's node is set when NewBase returns.
		if cn := c.Node(); cn != nil && cn.id == id {
			return c
		}
	}
	return nil
}

// TryRemoveChild removes the direct child with the id, as the constructs
// library's tryRemoveChild: it reports whether there was one, and does
// nothing once the tree is locked. Only the construct that added a child
// should remove it (a security group its placeholder rule).
func (n *Node) TryRemoveChild(id string) bool {
	c := n.TryFindChild(id)
	if c == nil || n.Locked() {
		return false
	}
	delete(n.byID, id)
	treeChanges.Add(1)
	for i, x := range n.children {
		if x == c {
			n.children = append(n.children[:i:i], n.children[i+1:]...)
			break
		}
	}
	return true
}

// FindChild returns the direct child with the id and panics when there is none.
func (n *Node) FindChild(id string) Construct {
	c := n.TryFindChild(id)
	if c == nil {
		panic(fmt.Sprintf("%s: no child with id %q", n.describe(), id))
	}
	return c
}

// FindByPath returns the construct at a path relative to this node
// ("A/B/C"), or nil.
func (n *Node) FindByPath(path string) Construct {
	c := Construct(n.host)
	for _, id := range strings.Split(path, "/") {
		if id == "" {
			continue
		}
		c = c.Node().TryFindChild(id)
		if c == nil {
			return nil
		}
	}
	return c
}

// FindAll returns this construct and all below it, parents before children,
// siblings in insertion order.
func (n *Node) FindAll() []Construct {
	return n.findAll(func(Construct) bool { return true })
}

// findAll returns the constructs FindAll returns that keep accepts.
func (n *Node) findAll(keep func(Construct) bool) []Construct {
	var out []Construct
	var walk func(c Construct)
	walk = func(c Construct) {
		if keep(c) {
			out = append(out, c)
		}
		for _, ch := range c.Node().children {
			walk(ch)
		}
	}
	walk(n.host)
	return out
}

// AddDependency records that this construct must be deployed after each of
// deps. Synthesis turns it into DependsOn between the CloudFormation
// resources of both subtrees, or into a stack dependency across stacks.
//
// A dependency group (anything with a DependencyRoots method, such as a
// subnet's InternetConnectivityEstablished) stands for its members as they
// are when synthesis reads the dependencies, not when it is added.
func (n *Node) AddDependency(deps ...Construct) {
	for _, d := range deps {
		if IsNil(d) {
			continue
		}

		dup := false
		for _, e := range n.deps {
			if e == d {
				dup = true
			}
		}
		if !dup {
			n.deps = append(n.deps, d)
		}
	}
}

// Dependencies returns the constructs this one depends on, dependency
// groups expanded into their members.
func (n *Node) Dependencies() []Construct {
	if len(n.deps) == 0 {
		return nil
	}
	var out []Construct
	seen := map[Construct]bool{}
	var add func(ds []Construct)
	add = func(ds []Construct) {
		for _, d := range ds {
			if g, ok := d.(DependencyGroup); ok {
				add(g.DependencyRoots())
				continue
			}
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	add(n.deps)
	return out
}

// AddMetadata attaches typed metadata to the node.
func (n *Node) AddMetadata(typ string, data any) {
	n.metadata = append(n.metadata, MetadataEntry{Type: typ, Data: data})
}

// Metadata returns the node's metadata entries.
func (n *Node) Metadata() []MetadataEntry { return append([]MetadataEntry(nil), n.metadata...) }

// SetContext sets a context value for this node and all below it. It must be
// called before any child is added.
func (n *Node) SetContext(key string, value any) {
	if len(n.children) > 0 {
		recordError(n, "", fmt.Sprintf("context %q is set after children were added to %s; set context before adding children (or in AppProps.Context)", key, n.describe()))
		return
	}
	if n.context == nil {
		n.context = map[string]any{}
	}
	n.context[key] = value
}

// TryGetContext returns the context value for key, looking up the tree;
// nil when no scope has it.
func (n *Node) TryGetContext(key string) any {
	for c := Construct(n.host); c != nil; c = c.Node().scope {
		if v, ok := c.Node().context[key]; ok {
			return v
		}
	}
	return nil
}

// AllContext returns the merged context visible at this node, sorted by key
// when ranged over with ContextKeys.
func (n *Node) AllContext() map[string]any {
	out := map[string]any{}
	scopes := n.Scopes()
	for _, c := range scopes {
		for k, v := range c.Node().context {
			out[k] = v
		}
	}
	return out
}

// ContextKeys returns the keys of AllContext, sorted.
func (n *Node) ContextKeys() []string {
	return slices.Sorted(maps.Keys(n.AllContext()))
}

// AddValidation adds a check that synthesis runs on this construct.
func (n *Node) AddValidation(v Validation) { n.validations = append(n.validations, v) }

// Validate runs the node's validations, and the host's own Validate method
// when it has one, and returns their messages.
func (n *Node) Validate() []string {
	var msgs []string
	if v, ok := n.host.(Validation); ok {
		msgs = append(msgs, v.Validate()...)
	}
	for _, v := range n.validations {
		msgs = append(msgs, v.Validate()...)
	}
	return msgs
}

// Lock prevents adding children to this node and all below it.
func (n *Node) Lock() {
	if !n.locked && n.root != nil {
		lockedInner.Add(1)
	}
	n.locked = true
}

// Unlock lifts Lock; synthesis uses it to add the constructs it generates.
func (n *Node) Unlock() {
	if n.locked && n.root != nil {
		lockedInner.Add(-1)
	}
	n.locked = false
}

// lockedInner counts the locked nodes that are not roots, so that adding a
// child looks at its root only while no inner node is locked.
var lockedInner atomic.Int64

// Locked reports whether this node or a scope above it is locked.
func (n *Node) Locked() bool {
	if n.rootNode().locked {
		return true
	}
	if lockedInner.Load() == 0 {
		return false
	}
	for c := Construct(n.host); c != nil; c = c.Node().scope {
		if c.Node().locked {
			return true
		}
	}
	return false
}

// NormalizeNil returns v, or T's zero value when v holds a typed nil (a nil
// *ec2.Vpc passed as an ec2.IVpc). An L2 applies it to each interface-typed
// prop before checking it against nil.
func NormalizeNil[T any](v T) T {
	if IsNil(any(v)) {
		var zero T
		return zero
	}
	return v
}
