package ec2

import "github.com/forma-iac/forma/constructs"

// DependencyGroup is a set of constructs to depend on together, as the AWS
// CDK's DependencyGroup: depending on the group means depending on each
// member (the route tables' associations and internet routes of a subnet, for
// InternetConnectivityEstablished).
//
// A group is not a node of the construct tree: its Node is the node of the
// construct that owns it (a Vpc or a Subnet). Add a dependency on it with
// AddDependency, which expands the group into its members; a plain
// Node().AddDependency(group) depends on the whole owner instead, which
// deploys in a safe but later order and renders more DependsOn than the
// AWS CDK does.
type DependencyGroup struct {
	owner   constructs.Construct
	members []constructs.Construct
}

func newDependencyGroup(owner constructs.Construct) *DependencyGroup {
	return &DependencyGroup{owner: owner}
}

// Node returns the node of the group's owner.
func (g *DependencyGroup) Node() *constructs.Node { return g.owner.Node() }

// Add adds members; a member may itself be a group.
func (g *DependencyGroup) Add(cs ...constructs.Construct) {
	for _, c := range cs {
		if c != nil {
			g.members = append(g.members, c)
		}
	}
}

// DependencyRoots returns the members, groups expanded, without duplicates,
// in the order added.
func (g *DependencyGroup) DependencyRoots() []constructs.Construct {
	var out []constructs.Construct
	seen := map[constructs.Construct]bool{}
	var walk func(cs []constructs.Construct)
	walk = func(cs []constructs.Construct) {
		for _, c := range cs {
			if sub, ok := c.(interface {
				DependencyRoots() []constructs.Construct
			}); ok {
				walk(sub.DependencyRoots())
				continue
			}
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	walk(g.members)
	return out
}

// AddDependency makes c depend on each of deps, expanding dependency groups
// (anything with a DependencyRoots method) into their members, as the AWS
// CDK's node.addDependency does.
func AddDependency(c constructs.Construct, deps ...constructs.Construct) {
	for _, d := range deps {
		if d == nil {
			continue
		}
		if g, ok := d.(interface {
			DependencyRoots() []constructs.Construct
		}); ok {
			c.Node().AddDependency(g.DependencyRoots()...)
			continue
		}
		c.Node().AddDependency(d)
	}
}
