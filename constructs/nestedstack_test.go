package constructs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// TestNestedStackTree checks where a nested stack and what is created in
// it sit in the tree, and which stacks they belong to.
func TestNestedStackTree(t *testing.T) {
	app := newApp()
	if app.HasNestedStacks() {
		t.Fatal("a new app has nested stacks")
	}
	parent := constructs.NewStack(app, "Parent", constructs.StackProps{Env: constructs.Environment{Account: "123456789012", Region: "eu-west-1"}})
	mid := constructs.NewNestedStack(parent, "Mid", constructs.NestedStackProps{})
	group := constructs.New(mid, "Group")
	inner := constructs.NewNestedStack(group, "Inner", constructs.NestedStackProps{})
	leaf := constructs.New(inner, "Leaf")
	if !app.HasNestedStacks() {
		t.Error("HasNestedStacks is false after NewNestedStack")
	}
	if got := mid.Node().Path(); got != "Parent/Mid" {
		t.Errorf("nested stack path %s", got)
	}
	if got := mid.ResourceScope().Node().Path(); got != "Parent/Mid.NestedStack" {
		t.Errorf("resource scope path %s", got)
	}
	if mid.ResourceID() != "Mid.NestedStackResource" || mid.Resource() != nil {
		t.Errorf("resource id %s, resource %v before synthesis", mid.ResourceID(), mid.Resource())
	}
	if s := constructs.StackOf(leaf); s != inner.Stack {
		t.Errorf("StackOf(leaf) = %s, want the inner nested stack", s.Node().Path())
	}
	if s := constructs.StackOf(group); s != mid.Stack {
		t.Errorf("StackOf(group) = %s, want Mid", s.Node().Path())
	}
	if inner.ParentStack() != mid.Stack || inner.NestedStackParent() != mid.Stack || mid.NestedStackParent() != parent {
		t.Error("nested stack parents are wrong")
	}
	if inner.TopLevel() != parent || parent.TopLevel() != parent || parent.NestedStack() != nil || inner.Stack.NestedStack() != inner {
		t.Error("TopLevel or NestedStack is wrong")
	}
	if inner.Env() != parent.Env() {
		t.Errorf("the nested stack's environment %v, want its parent's", inner.Env())
	}
	if name := inner.StackName(); !token.IsUnresolved(name) || parent.StackName() != "Parent" {
		t.Errorf("a nested stack's name is %q, want the AWS::StackName token", name)
	}
	if leaf.Node().Scope() != constructs.Construct(inner.Stack) {
		t.Errorf("a child's scope is %T, want the *Stack its nested stack hosts", leaf.Node().Scope())
	}
}

// TestNestedStackDependencies checks that stack dependencies of nested
// stacks are those of their top-level stacks.
func TestNestedStackDependencies(t *testing.T) {
	app := newApp()
	a := constructs.NewStack(app, "A", constructs.StackProps{})
	b := constructs.NewStack(app, "B", constructs.StackProps{})
	an := constructs.NewNestedStack(a, "N", constructs.NestedStackProps{})
	bn := constructs.NewNestedStack(b, "N", constructs.NestedStackProps{})
	an.AddDependency(bn.Stack)
	an.AddDependency(a)
	if d := a.Dependencies(); len(d) != 1 || d[0] != b {
		t.Errorf("A depends on %v, want B", d)
	}
	if d := an.Dependencies(); len(d) != 0 {
		t.Errorf("a nested stack has dependencies of its own: %v", d)
	}
}

// TestNestedStackValidate checks the props a nested stack refuses, and
// that the stack name rules of top-level stacks do not apply.
func TestNestedStackValidate(t *testing.T) {
	app := newApp()
	parent := constructs.NewStack(app, "Parent", constructs.StackProps{})
	ok := constructs.NewNestedStack(parent, "Some_Name", constructs.NestedStackProps{Timeout: 5 * time.Minute})
	if msgs := ok.Validate(); len(msgs) != 0 {
		t.Errorf("valid nested stack: %v", msgs)
	}
	bad := constructs.NewNestedStack(parent, "Bad", constructs.NestedStackProps{Timeout: 30 * time.Second, RemovalPolicy: "Keep"})
	msgs := strings.Join(bad.Validate(), "\n")
	for _, want := range []string{"Timeout is 30s", `RemovalPolicy "Keep" is not a removal policy`} {
		if !strings.Contains(msgs, want) {
			t.Errorf("messages lack %q:\n%s", want, msgs)
		}
	}
	bad.SetParameter("Stage", "prod")
	if bad.Props().Parameters["Stage"] != "prod" {
		t.Error("SetParameter did not set the parameter")
	}
}
