package constructs

import (
	"fmt"
	"time"

	"github.com/forma-iac/forma/constructs/token"
)

// RemovalPolicy is what CloudFormation does with a resource removed from
// its template or replaced: the value of its DeletionPolicy and
// UpdateReplacePolicy, as the AWS CDK's core RemovalPolicy.
type RemovalPolicy string

// The removal policies.
const (
	// RemovalPolicyDestroy deletes the resource.
	RemovalPolicyDestroy RemovalPolicy = "Delete"
	// RemovalPolicyRetain keeps the resource, orphaned from the stack.
	RemovalPolicyRetain RemovalPolicy = "Retain"
	// RemovalPolicySnapshot keeps a snapshot of the resource's data.
	RemovalPolicySnapshot RemovalPolicy = "Snapshot"
)

// NestedStackProps configures a NestedStack.
type NestedStackProps struct {
	// Parameters are values for the nested template's own parameters (the
	// ones created with cfn.NewParameter inside the nested stack), by
	// logical ID. References between the nested stack and its parent need
	// none: synthesis wires them through parameters and outputs itself.
	Parameters map[string]string
	// Timeout is how long CloudFormation waits for the nested stack to
	// reach CREATE_COMPLETE, rounded down to whole minutes; default: no
	// timeout.
	Timeout time.Duration
	// NotificationARNs are the SNS topics the nested stack's events are
	// published to.
	NotificationARNs []string
	// RemovalPolicy applies to the AWS::CloudFormation::Stack resource in
	// the parent; default: RemovalPolicyDestroy, as the AWS CDK.
	RemovalPolicy RemovalPolicy
	// Description becomes the nested template's Description.
	Description string
}

// NestedStack is a stack whose resources go to a template of its own,
// deployed by an AWS::CloudFormation::Stack resource of its parent stack,
// as the AWS CDK's NestedStack: a way past CloudFormation's 500 resources
// in one stack.
//
// The nested stack is found at <parent path>/<id>; the
// AWS::CloudFormation::Stack resource, added by synthesis, at
// <parent path>/<id>.NestedStack/<id>.NestedStackResource, which gives it
// the AWS CDK's logical ID. Its template is written to the cloud assembly
// as <unique id>.nested.template.json and published as a file asset of the
// top-level stack. References between the nested stack and its parent (in
// both directions, between sibling nested stacks, and through several
// levels) become parameters and outputs at synthesis, named as the AWS CDK
// names them. A nested stack is not an artifact of the cloud assembly: it
// is deployed with its top-level stack.
type NestedStack struct {
	*Stack
	props         NestedStackProps
	parent        *Stack
	resourceScope Construct
}

// NewNestedStack creates a nested stack under scope, which must be inside
// a stack (its parent, itself possibly nested).
func NewNestedStack(scope Construct, id string, props NestedStackProps) *NestedStack {
	n := &NestedStack{props: props}
	parent := TryStackOf(scope)
	if parent == nil && !IsNil(scope) && scope.Node() != nil {
		recordError(scope.Node(), joinPath(scope.Node().Path(), id), "a nested stack must be created inside a stack: pass the parent stack (or a construct inside it) as its scope")
	}
	if parent != nil {
		// As the AWS CDK: the parent's resource lives in a construct of its
		// own beside the nested stack.
		n.resourceScope = New(scope, id+".NestedStack")
	}
	n.parent = parent
	if parent != nil {
		if app, ok := parent.Node().rootNode().host.(*App); ok {
			app.hasNested = true
		}
	}
	env := Environment{}
	if parent != nil {
		env = parent.Env()
	}
	// CloudFormation names a nested stack after its parent when it creates
	// it: its StackName is the AWS::StackName pseudo parameter, which
	// resolves to that name inside the nested stack.
	name := token.PseudoRef("AWS::StackName")
	n.Stack = &Stack{props: StackProps{StackName: name, Env: env, Description: props.Description}, nested: n}
	n.Stack.Base = NewBase(n.Stack, scope, id)
	return n
}

// Props returns the props the nested stack was created with.
func (n *NestedStack) Props() NestedStackProps { return n.props }

// ParentStack returns the stack the nested stack is deployed by, nil when
// it was created outside every stack.
func (n *NestedStack) ParentStack() *Stack { return n.parent }

// ResourceScope returns the construct of the parent stack that holds the
// AWS::CloudFormation::Stack resource: <id>.NestedStack beside the nested
// stack. Synthesis adds the resource as its child <id>.NestedStackResource.
func (n *NestedStack) ResourceScope() Construct { return n.resourceScope }

// ResourceID is the id of the AWS::CloudFormation::Stack resource in
// ResourceScope.
func (n *NestedStack) ResourceID() string { return n.Node().ID() + ".NestedStackResource" }

// Resource returns the AWS::CloudFormation::Stack resource of the parent
// stack, nil before synthesis adds it.
func (n *NestedStack) Resource() Construct {
	if n.resourceScope == nil {
		return nil
	}
	return n.resourceScope.Node().TryFindChild(n.ResourceID())
}

// SetParameter sets the value of one of the nested template's own
// parameters, as NestedStackProps.Parameters does.
func (n *NestedStack) SetParameter(name, value string) {
	if n.props.Parameters == nil {
		n.props.Parameters = map[string]string{}
	}
	n.props.Parameters[name] = value
}

// NestedStack returns the nested stack s is, nil for a top-level stack.
func (s *Stack) NestedStack() *NestedStack { return s.nested }

// NestedStackParent returns the stack that deploys s when s is nested, nil
// for a top-level stack.
func (s *Stack) NestedStackParent() *Stack {
	if s.nested == nil {
		return nil
	}
	return s.nested.parent
}

// TopLevel returns the top-level stack s is deployed with: s itself unless
// it is nested.
func (s *Stack) TopLevel() *Stack {
	for x := s; ; {
		p := x.NestedStackParent()
		if p == nil {
			return x
		}
		x = p
	}
}

// validateNested checks a nested stack's own settings.
func (n *NestedStack) validateNested() []string {
	var msgs []string
	if n.props.Timeout < 0 || (n.props.Timeout > 0 && n.props.Timeout < time.Minute) {
		msgs = append(msgs, fmt.Sprintf("NestedStackProps.Timeout is %s; CloudFormation counts it in whole minutes: give at least one minute, or zero for no timeout", n.props.Timeout))
	}
	switch n.props.RemovalPolicy {
	case "", RemovalPolicyDestroy, RemovalPolicyRetain, RemovalPolicySnapshot, "RetainExceptOnCreate":
	default:
		msgs = append(msgs, fmt.Sprintf("NestedStackProps.RemovalPolicy %q is not a removal policy; use constructs.RemovalPolicyDestroy, RemovalPolicyRetain or RemovalPolicySnapshot", n.props.RemovalPolicy))
	}
	return msgs
}
