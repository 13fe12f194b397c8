package ec2

// Connections manages the network connections of constructs with security
// groups, as the AWS CDK's Connections does: allowing traffic between two
// connectables adds an ingress rule on one side and an egress rule on the
// other, also for security groups added later.
type Connections struct {
	defaultPort *Port
	groups      reactiveList[ISecurityGroup]
	rules       reactiveList[IPeer]
	skip        bool
	remoteRule  bool
}

// NewConnections returns a Connections for the security groups and peer of props.
func NewConnections(props ConnectionsProps) *Connections {
	c := &Connections{defaultPort: props.DefaultPort}
	c.groups.push(props.SecurityGroups...)
	for _, g := range props.SecurityGroups {
		c.rules.push(g)
	}
	if props.Peer != nil {
		c.rules.push(props.Peer)
	}
	return c
}

// Connections returns c itself, so that a Connections is an IConnectable.
func (c *Connections) Connections() *Connections { return c }

// DefaultPort returns the port others connect to by default, or nil.
func (c *Connections) DefaultPort() *Port { return c.defaultPort }

// SecurityGroups returns the managed security groups.
func (c *Connections) SecurityGroups() []ISecurityGroup { return c.groups.slice() }

// AddSecurityGroup adds security groups; rules allowed before apply to them too.
func (c *Connections) AddSecurityGroup(sgs ...ISecurityGroup) {
	for _, g := range sgs {
		c.groups.push(g)
		c.rules.push(g)
	}
}

// ruleAdder is implemented by security groups that place a rule under the
// other group when the rule is remote and the groups are in different stacks.
type ruleAdder interface {
	addIngressRule(peer IPeer, port Port, description string, remote bool)
	addEgressRule(peer IPeer, port Port, description string, remote bool)
}

func addIngress(sg ISecurityGroup, peer IPeer, port Port, desc string, remote bool) {
	if r, ok := sg.(ruleAdder); ok {
		r.addIngressRule(peer, port, desc, remote)
		return
	}
	sg.AddIngressRule(peer, port, desc)
}

func addEgress(sg ISecurityGroup, peer IPeer, port Port, desc string, remote bool) {
	if r, ok := sg.(ruleAdder); ok {
		r.addEgressRule(peer, port, desc, remote)
		return
	}
	sg.AddEgressRule(peer, port, desc)
}

// AllowTo allows traffic from c to other on port. An empty description
// gives the AWS CDK's default ("to <peer>:<port>").
func (c *Connections) AllowTo(other IConnectable, port Port, description string) {
	if c.skip {
		return
	}
	remote := c.remoteRule
	oc := other.Connections()
	c.groups.forEachAndForever(func(sg ISecurityGroup) {
		oc.rules.forEachAndForever(func(rule IPeer) {
			addEgress(sg, rule, port, description, remote)
		})
	})
	c.skip = true
	oc.remoteRule = true
	defer func() { c.skip = false; oc.remoteRule = false }()
	oc.AllowFrom(c, port, description)
}

// AllowFrom allows traffic from other to c on port. An empty description
// gives the AWS CDK's default ("from <peer>:<port>").
func (c *Connections) AllowFrom(other IConnectable, port Port, description string) {
	if c.skip {
		return
	}
	remote := c.remoteRule
	oc := other.Connections()
	c.groups.forEachAndForever(func(sg ISecurityGroup) {
		oc.rules.forEachAndForever(func(rule IPeer) {
			addIngress(sg, rule, port, description, remote)
		})
	})
	c.skip = true
	oc.remoteRule = true
	defer func() { c.skip = false; oc.remoteRule = false }()
	oc.AllowTo(c, port, description)
}

// AllowInternally allows the members of the security groups to reach each other on port.
func (c *Connections) AllowInternally(port Port, description string) {
	c.groups.forEachAndForever(func(sg ISecurityGroup) {
		c.rules.forEachAndForever(func(rule IPeer) {
			addIngress(sg, rule, port, description, false)
			addEgress(sg, rule, port, description, false)
		})
	})
}

// AllowFromAnyIPv4 allows traffic from 0.0.0.0/0 on port.
func (c *Connections) AllowFromAnyIPv4(port Port, description string) {
	c.AllowFrom(AnyIPv4(), port, description)
}

// AllowToAnyIPv4 allows traffic to 0.0.0.0/0 on port.
func (c *Connections) AllowToAnyIPv4(port Port, description string) {
	c.AllowTo(AnyIPv4(), port, description)
}

// AllowDefaultPortFrom allows traffic from other on c's default port. Without
// a default port it does nothing and the program has a bug: it panics.
func (c *Connections) AllowDefaultPortFrom(other IConnectable, description string) {
	if c.defaultPort == nil {
		panic("ec2: AllowDefaultPortFrom: these connections have no default port; set ConnectionsProps.DefaultPort or call AllowFrom with a port")
	}
	c.AllowFrom(other, *c.defaultPort, description)
}

// AllowDefaultPortFromAnyIPv4 allows traffic from 0.0.0.0/0 on c's default port.
func (c *Connections) AllowDefaultPortFromAnyIPv4(description string) {
	if c.defaultPort == nil {
		panic("ec2: AllowDefaultPortFromAnyIPv4: these connections have no default port; set ConnectionsProps.DefaultPort or call AllowFromAnyIPv4 with a port")
	}
	c.AllowFromAnyIPv4(*c.defaultPort, description)
}

// AllowToDefaultPort allows traffic from c to other on other's default port.
func (c *Connections) AllowToDefaultPort(other IConnectable, description string) {
	dp := other.Connections().defaultPort
	if dp == nil {
		panic("ec2: AllowToDefaultPort: the other connections have no default port; call AllowTo with a port")
	}
	c.AllowTo(other, *dp, description)
}

// reactiveList calls its listeners for present and future elements.
type reactiveList[T any] struct {
	elems     []T
	listeners []func(T)
}

func (l *reactiveList[T]) push(xs ...T) {
	l.elems = append(l.elems, xs...)
	for i := 0; i < len(l.listeners); i++ {
		for _, x := range xs {
			l.listeners[i](x)
		}
	}
}

func (l *reactiveList[T]) forEachAndForever(f func(T)) {
	for i := 0; i < len(l.elems); i++ {
		f(l.elems[i])
	}
	l.listeners = append(l.listeners, f)
}

func (l *reactiveList[T]) slice() []T { return append([]T(nil), l.elems...) }
