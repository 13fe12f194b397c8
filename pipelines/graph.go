package pipelines

import (
	"sort"
	"strings"
)

// The pipeline's layout is a nested graph, as the AWS CDK's pipelines lay
// theirs out: top-level graphs become pipeline stages, their leaves become
// actions, and the leaves' dependencies, sorted into tranches, become run
// orders. Ties inside a tranche are broken by id, then by insertion order,
// so that the same program gives the same pipeline.

type nodeKind int

const (
	kindGroup nodeKind = iota
	kindStackGroup
	kindStep
	kindSelfUpdate
	kindPublishAssets
	kindPrepare
	kindExecute
)

// nodeData is what a graph node stands for.
type nodeData struct {
	kind        nodeKind
	step        Step
	isBuildStep bool
	stack       *stackDeployment
	// captureOutputs gives the Deploy action a variables namespace.
	captureOutputs bool
	assets         []stackAsset
}

// gnode is a node of the graph; a graph is a node with children.
type gnode struct {
	id string
	// displayName, when set, names the node's action instead of id.
	displayName string
	data        *nodeData
	deps        []*gnode
	parent      *gnode
	isGraph     bool
	children    []*gnode
	byID        map[string]*gnode
}

func newNode(id string, data *nodeData) *gnode { return &gnode{id: id, data: data} }

func newGraph(id string, data *nodeData, nodes ...*gnode) *gnode {
	g := &gnode{id: id, data: data, isGraph: true, byID: map[string]*gnode{}}
	g.add(nodes...)
	return g
}

func (n *gnode) String() string { return n.id }

func (n *gnode) label() string {
	if n.displayName != "" {
		return n.displayName
	}
	return n.id
}

func (n *gnode) dependOn(deps ...*gnode) {
	for _, d := range deps {
		if d == nil {
			continue
		}
		if d == n {
			// A step listed twice among the same steps: once is enough.
			continue
		}
		n.deps = append(n.deps, d)
	}
}

func (n *gnode) add(nodes ...*gnode) {
	for _, c := range nodes {
		if c.parent != nil {
			panic("pipelines: graph node already has a parent: " + c.id)
		}
		if _, dup := n.byID[c.id]; dup {
			panic("pipelines: graph node with duplicate id: " + c.id)
		}
		c.parent = n
		n.byID[c.id] = c
		n.children = append(n.children, c)
	}
}

func (n *gnode) child(id string) *gnode { return n.byID[id] }

// ancestorPath is the path from just below upTo down to n.
func (n *gnode) ancestorPath(upTo *gnode) []*gnode {
	x := n
	ret := []*gnode{x}
	for x.parent != nil && x.parent != upTo {
		x = x.parent
		ret = append([]*gnode{x}, ret...)
	}
	return ret
}

// rootPath is the path from the root down to n.
func (n *gnode) rootPath() []*gnode {
	x := n
	ret := []*gnode{x}
	for x.parent != nil {
		x = x.parent
		ret = append([]*gnode{x}, ret...)
	}
	return ret
}

func (n *gnode) root() *gnode {
	x := n
	for x.parent != nil {
		x = x.parent
	}
	return x
}

// depMap is an insertion-ordered map from node to dependency set.
type depMap struct {
	keys []*gnode
	deps map[*gnode]map[*gnode]bool
}

func newDepMap() *depMap { return &depMap{deps: map[*gnode]map[*gnode]bool{}} }

func (m *depMap) get(n *gnode) map[*gnode]bool {
	d, ok := m.deps[n]
	if !ok {
		d = map[*gnode]bool{}
		m.deps[n] = d
		m.keys = append(m.keys, n)
	}
	return d
}

func (m *depMap) remove(n *gnode) map[*gnode]bool {
	d := m.deps[n]
	delete(m.deps, n)
	for i, k := range m.keys {
		if k == n {
			m.keys = append(m.keys[:i:i], m.keys[i+1:]...)
			break
		}
	}
	return d
}

// deepDependencies is the dependencies of every node below g.
func (g *gnode) deepDependencies() *depMap {
	ret := newDepMap()
	var recurse func(n *gnode)
	recurse = func(n *gnode) {
		deps := ret.get(n)
		for _, d := range n.deps {
			deps[d] = true
		}
		if n.isGraph {
			for _, c := range n.children {
				recurse(c)
			}
		}
	}
	for _, c := range g.children {
		recurse(c)
	}
	return ret
}

// project moves dependencies onto the nodes project maps each node to.
func projectDependencies(m *depMap, project func(*gnode) []*gnode) *depMap {
	for _, node := range append([]*gnode(nil), m.keys...) {
		ps := project(node)
		if len(ps) == 1 && ps[0] == node {
			continue
		}
		deps := m.remove(node)
		for _, p := range ps {
			target, ok := m.deps[p]
			if !ok {
				continue
			}
			for d := range deps {
				target[d] = true
			}
		}
	}
	for _, node := range m.keys {
		set := map[*gnode]bool{}
		for d := range m.deps[node] {
			for _, p := range project(d) {
				set[p] = true
			}
		}
		delete(set, node)
		m.deps[node] = set
	}
	return m
}

// errCycle reports a dependency cycle among the pipeline's steps.
type errCycle struct{ path []*gnode }

func (e *errCycle) Error() string {
	var ids []string
	for _, n := range e.path {
		ids = append(ids, strings.Join(nodeIDs(n.rootPath()[1:]), "/"))
	}
	return "dependency cycle: " + strings.Join(ids, " => ")
}

func nodeIDs(ns []*gnode) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.id
	}
	return out
}

// topoSort returns nodes in tranches: each tranche's nodes depend only on
// earlier tranches; inside a tranche nodes are sorted by id, stably.
func topoSort(nodes []*gnode, m *depMap) ([][]*gnode, error) {
	remaining := append([]*gnode(nil), nodes...)
	var ret [][]*gnode
	for len(remaining) > 0 {
		var selectable, rest []*gnode
		for _, n := range remaining {
			if len(m.deps[n]) == 0 {
				selectable = append(selectable, n)
			} else {
				rest = append(rest, n)
			}
		}
		sort.SliceStable(selectable, func(i, j int) bool { return selectable[i].id < selectable[j].id })
		if len(selectable) == 0 {
			return nil, &errCycle{path: findCycle(m, remaining)}
		}
		ret = append(ret, selectable)
		for _, s := range selectable {
			for _, d := range m.deps {
				delete(d, s)
			}
		}
		remaining = rest
	}
	return ret, nil
}

func findCycle(m *depMap, among []*gnode) []*gnode {
	in := map[*gnode]bool{}
	for _, n := range among {
		in[n] = true
	}
	for _, start := range among {
		seen := map[*gnode]bool{}
		var recurse func(n *gnode, path []*gnode) []*gnode
		recurse = func(n *gnode, path []*gnode) []*gnode {
			for _, d := range sortedDeps(m.deps[n]) {
				if d == start {
					return append(path, d)
				}
				if seen[d] || !in[d] {
					continue
				}
				seen[d] = true
				if c := recurse(d, append(path, d)); c != nil {
					return c
				}
			}
			return nil
		}
		if c := recurse(start, []*gnode{start}); c != nil {
			return c
		}
	}
	return among[:1]
}

func sortedDeps(s map[*gnode]bool) []*gnode {
	var out []*gnode
	for d := range s {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		return strings.Join(nodeIDs(out[i].rootPath()), "/") < strings.Join(nodeIDs(out[j].rootPath()), "/")
	})
	return out
}

// sortedChildren returns the children of g in tranches.
func (g *gnode) sortedChildren() ([][]*gnode, error) {
	in := map[*gnode]bool{}
	for _, c := range g.children {
		in[c] = true
	}
	m := projectDependencies(g.deepDependencies(), func(n *gnode) []*gnode {
		for !in[n] && n.parent != nil {
			n = n.parent
		}
		if in[n] {
			return []*gnode{n}
		}
		return nil
	})
	return topoSort(g.children, m)
}

// sortedLeaves returns the leaves below g in tranches.
func (g *gnode) sortedLeaves() ([][]*gnode, error) {
	desc := map[*gnode][]*gnode{}
	var find func(n *gnode) []*gnode
	find = func(n *gnode) []*gnode {
		var ret []*gnode
		if n.isGraph {
			for _, c := range n.children {
				ret = append(ret, find(c)...)
			}
		} else {
			ret = append(ret, n)
		}
		desc[n] = ret
		return ret
	}
	find(g)
	m := projectDependencies(g.deepDependencies(), func(n *gnode) []*gnode { return desc[n] })
	return topoSort(append([]*gnode(nil), m.keys...), m)
}

// commonAncestor is the graph that holds all of nodes.
func commonAncestor(nodes []*gnode) *gnode {
	var paths [][]*gnode
	for _, n := range nodes {
		paths = append(paths, n.rootPath())
	}
	if len(paths) == 1 {
		p := paths[0]
		return p[len(p)-2]
	}
	for {
		ok := true
		for _, p := range paths {
			if len(paths[0]) < 2 || len(p) < 2 || p[1] != paths[0][1] {
				ok = false
				break
			}
		}
		if !ok {
			break
		}
		for i := range paths {
			paths[i] = paths[i][1:]
		}
	}
	return paths[0][0]
}

// firstOf returns the node of nodes that comes first in the root graph's
// sorted leaves.
func firstOf(nodes []*gnode) *gnode {
	set := map[*gnode]bool{}
	for _, n := range nodes {
		set[n] = true
	}
	sorted, err := nodes[0].root().sortedLeaves()
	if err == nil {
		for _, t := range sorted {
			for _, n := range t {
				if set[n] {
					return n
				}
			}
		}
	}
	return nodes[0]
}
