package cfn

import (
	"strings"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/logicalid"
)

// Element is a construct that renders into a template section.
type Element interface {
	constructs.Construct
	// LogicalID returns the element's key in its template section.
	LogicalID() string
	// Section returns the template section: "Resources", "Parameters",
	// "Outputs", "Conditions", "Mappings" or "Rules".
	Section() string
	// Render returns the element's body with tokens not yet resolved.
	Render() (any, error)
}

// element is the shared part of every Element.
type element struct {
	constructs.Base
	logicalIDOverride string
	logicalIDFunc     func() string
	cachedID          string
}

// LogicalID returns the element's logical ID: the override when one is set,
// otherwise the one the AWS CDK would compute from its path.
func (e *element) LogicalID() string {
	if e.logicalIDFunc != nil {
		return e.logicalIDFunc()
	}
	if e.logicalIDOverride != "" {
		return e.logicalIDOverride
	}
	if e.cachedID == "" {
		e.cachedID = logicalid.FromPath(pathBelowStack(e))
	}
	return e.cachedID
}

// CacheLogicalIDs computes the logical IDs that the paths of elems give
// them and keeps them, so that goroutines reading them later only read;
// an overridden logical ID is left alone. Synthesis calls it for the
// elements of each stack in parallel: it reads only the tree.
func CacheLogicalIDs(elems []Element) {
	for _, e := range elems {
		if c, ok := e.(interface{ cacheLogicalID() }); ok {
			c.cacheLogicalID()
		}
	}
}

func (e *element) cacheLogicalID() {
	if e.logicalIDFunc == nil && e.logicalIDOverride == "" && e.cachedID == "" {
		e.cachedID = logicalid.FromPath(pathBelowStack(e))
	}
}

// OverrideLogicalID sets the logical ID explicitly; synthesis rejects an id
// that CloudFormation would not accept.
func (e *element) OverrideLogicalID(id string) { e.logicalIDOverride = id }

// OverrideLogicalIDFunc makes the logical ID fn's result, computed each
// time it is asked for, as the AWS CDK's overrideLogicalId with an uncached
// lazy string (a Lambda function's current version names itself after a
// hash of the function's properties, known only once the program is
// complete). It takes precedence over OverrideLogicalID.
func (e *element) OverrideLogicalIDFunc(fn func() string) { e.logicalIDFunc = fn }

// Stack returns the stack the element belongs to.
func (e *element) Stack() *constructs.Stack { return constructs.StackOf(e.Node().Host()) }

func pathBelowStack(c constructs.Construct) []string {
	var ids []string
	for x := c; x != nil; x = x.Node().Scope() {
		if _, ok := x.(*constructs.Stack); ok {
			break
		}
		ids = append(ids, x.Node().ID())
	}
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids
}

// validateLogicalID returns the problem with an overridden logical ID, if any.
func (e *element) validateLogicalID() []string {
	id := e.logicalIDOverride
	if e.logicalIDFunc != nil {
		id = e.logicalIDFunc()
	}
	if id == "" {
		return nil
	}
	if !logicalid.Valid(id) {
		return []string{"logical ID override " + quote(id) + " is invalid: it must start with a letter and hold only letters and digits, at most 255; change the OverrideLogicalID argument"}
	}
	return nil
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// ElementsOf returns the elements of a stack in tree order, not descending
// into nested stacks.
func ElementsOf(stack *constructs.Stack) []Element {
	var out []Element
	var walk func(c constructs.Construct)
	walk = func(c constructs.Construct) {
		if e, ok := c.(Element); ok {
			out = append(out, e)
		}
		for ch := range c.Node().ChildrenSeq() {
			switch ch.(type) {
			case *constructs.Stack, *constructs.Stage:
				// Another template, or a stage's nested assembly.
				continue
			}
			walk(ch)
		}
	}
	walk(stack)
	return out
}
