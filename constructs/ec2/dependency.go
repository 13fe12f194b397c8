package ec2

import "github.com/forma-iac/forma/constructs"

// DependencyGroup is a set of constructs to depend on together, as the AWS
// CDK's DependencyGroup: depending on the group means depending on each
// member (the route tables' associations and internet routes of a subnet, for
// InternetConnectivityEstablished).
//
// A group is not a node of the construct tree: its Node is the node of the
// construct that owns it (a Vpc or a Subnet). Depend on it with
// Node().AddDependency(group): synthesis expands the group into its members
// as they are then, not as they were when the dependency was added, as the
// AWS CDK does (see constructs.DependencyGroup).
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
