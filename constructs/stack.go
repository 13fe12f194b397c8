package constructs

import (
	"fmt"
	"github.com/forma-iac/forma/constructs/token"
	"regexp"
	"sort"
)

// Environment is the account and region a stack deploys to. Empty fields
// make the stack environment-agnostic: the values are then resolved by
// CloudFormation at deploy time.
type Environment struct {
	Account string
	Region  string
}

// StackProps configures a Stack.
type StackProps struct {
	// StackName is the CloudFormation stack name; default: the stack's
	// artifact id (see Stack.ArtifactID).
	StackName string
	// Env is the target account and region; default: environment-agnostic.
	Env Environment
	// Description becomes the template's Description.
	Description string
	// Tags are applied to the stack, and by CloudFormation to every resource
	// in it that supports tags.
	Tags map[string]string
	// TerminationProtection protects the deployed stack from deletion.
	TerminationProtection bool
}

// Stack is the unit of deployment: it renders into one CloudFormation
// template.
type Stack struct {
	Base
	props StackProps
	deps  []*Stack
	// template options
	transforms     []string
	transformCalls int
	metadata       map[string]any
	// nested is set on the Stack of a NestedStack.
	nested *NestedStack
}

var stackNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)

// NewStack creates a stack under scope (usually the App).
func NewStack(scope Construct, id string, props StackProps) *Stack {
	s := &Stack{props: props}
	s.Base = NewBase(s, scope, id)
	return s
}

// MsgOutsideStack is the error reported for a construct created outside
// every stack, on its topmost construct below the app.
const MsgOutsideStack = "the construct is outside every stack, so its resources would be left out of the templates; create it inside a stack: constructs.NewStack(app, ...) as its scope"

// StackOf returns the stack that c belongs to. When c is not inside a stack
// (a construct created directly under the app), it records the mistake for
// synthesis to report and returns a stand-in stack that is not part of the
// app, so that the program goes on building the rest of the tree.
func StackOf(c Construct) *Stack {
	if s := TryStackOf(c); s != nil {
		return s
	}
	if IsNil(c) || c.Node() == nil {
		return newStandInStack()
	}
	top := c.Node()
	for top.scope != nil && top.scope.Node() != nil && top.scope.Node().scope != nil {
		top = top.scope.Node()
	}
	root := c.Node().rootNode()
	if _, isApp := root.host.(*App); isApp && top != root {
		recordOnce(top, MsgOutsideStack)
	}
	r := root.extra()
	if r.noStack == nil {
		r.noStack = newStandInStack()
	}
	return r.noStack
}

func newStandInStack() *Stack {
	s := &Stack{}
	s.Base = Base{node: &Node{id: "NoStack", host: s}}
	return s
}

// recordOnce records msg on n unless the same error is already recorded.
func recordOnce(n *Node, msg string) {
	root := n.rootNode()
	p := n.Path()
	for _, e := range root.extra().errs {
		if e.Path == p && e.Message == msg {
			return
		}
	}
	recordError(n, p, msg)
}

// TryStackOf returns the stack that c belongs to, or nil.
func TryStackOf(c Construct) *Stack {
	if IsNil(c) {
		return nil
	}
	for ; c != nil && c.Node() != nil; c = c.Node().scope {
		if s, ok := c.Node().host.(*Stack); ok {
			return s
		}
	}
	return nil
}

// StackName returns the CloudFormation name of the stack. The default is
// the stack's artifact ID, or, for a stack in a stage, the stage's name, "-"
// and the stack's id ("Test-Web"; for a stack nested in other constructs of
// the stage, their ids joined and a hash, as the AWS CDK names it).
func (s *Stack) StackName() string {
	if s.props.StackName != "" {
		return s.props.StackName
	}
	if stage := StageOf(s); stage != nil {
		prefix := ""
		if stage.StageName() != "" {
			prefix = stage.StageName() + "-"
		}
		return makeStackName(idsBelow(s, stage), prefix)
	}
	return s.ArtifactID()
}

// makeStackName is the AWS CDK's name for a stack from the ids of its path
// below its stage (or app).
func makeStackName(ids []string, prefix string) string {
	if len(ids) == 1 && len(prefix+ids[0]) <= 128 {
		return prefix + ids[0]
	}
	return uniqueResourceName(ids, 128, prefix)
}

// idsBelow returns the ids of the path of c below ancestor (the root when
// ancestor is nil), ending with c's own.
func idsBelow(c Construct, ancestor Construct) []string {
	scopes := c.Node().Scopes()
	for i := len(scopes) - 2; i >= 0; i-- {
		if scopes[i] == ancestor {
			scopes = scopes[i+1:]
			break
		}
	}
	var ids []string
	for _, x := range scopes {
		if x.Node().id != "" {
			ids = append(ids, x.Node().id)
		}
	}
	return ids
}

var artifactIDRe = regexp.MustCompile(`[^A-Za-z0-9_\-.]`)

// DisplayName returns the name the command line shows and selects the stack
// by: its path ("Test/Web" for stack Web in stage Test).
func (s *Stack) DisplayName() string { return s.node.Path() }

// ArtifactID returns the id of the stack's artifact in the cloud assembly:
// the stack's id for a stack directly under the app, as in the AWS CDK;
// for a stack in a stage, the ids of its path joined and a hash, as the
// AWS CDK writes it ("TestWeb23347330"); for a stack inside other
// constructs outside every stage, the ids of its path joined with "-"
// ("Group-Inner"), where the AWS CDK writes the ids joined and a hash
// ("GroupInner92CB7A4B").
func (s *Stack) ArtifactID() string {
	if StageOf(s) != nil {
		return artifactIDRe.ReplaceAllString(makeStackName(idsBelow(s, nil), ""), "_")
	}
	var ids []string
	for _, c := range s.node.Scopes() {
		if c.Node().id != "" {
			ids = append(ids, c.Node().id)
		}
	}
	if len(ids) == 1 {
		return ids[0]
	}
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += "-"
		}
		out += id
	}
	return out
}

// Env returns the stack's environment: the one it was given, completed
// field by field by its stage's.
func (s *Stack) Env() Environment {
	env := s.props.Env
	if stage := StageOf(s); stage != nil {
		o := stage.Env()
		if env.Account == "" {
			env.Account = o.Account
		}
		if env.Region == "" {
			env.Region = o.Region
		}
	}
	return env
}

// Description returns the template description.
func (s *Stack) Description() string { return s.props.Description }

// SetDescription sets the template description.
func (s *Stack) SetDescription(d string) { s.props.Description = d }

// Tags returns the stack tags, which CloudFormation applies to the stack and
// its resources.
func (s *Stack) Tags() map[string]string { return s.props.Tags }

// TerminationProtection reports whether the stack is protected from deletion.
func (s *Stack) TerminationProtection() bool { return s.props.TerminationProtection }

// AddTransform adds a template transform such as "AWS::Serverless-2016-10-31".
// As in the AWS CDK, every call counts: a transform added more than once is
// written once, but in a list.
func (s *Stack) AddTransform(t string) {
	s.transformCalls++
	for _, x := range s.transforms {
		if x == t {
			return
		}
	}
	s.transforms = append(s.transforms, t)
}

// Transforms returns the template transforms in the order added, each once.
func (s *Stack) Transforms() []string { return append([]string(nil), s.transforms...) }

// TransformsAsList reports whether the template writes Transform as a list:
// when AddTransform was called more than once, as the AWS CDK writes it.
func (s *Stack) TransformsAsList() bool { return s.transformCalls > 1 }

// SetTemplateMetadata sets a key of the template's top-level Metadata.
func (s *Stack) SetTemplateMetadata(key string, value any) {
	if s.metadata == nil {
		s.metadata = map[string]any{}
	}
	s.metadata[key] = value
}

// TemplateMetadata returns the template's top-level Metadata.
func (s *Stack) TemplateMetadata() map[string]any { return s.metadata }

// AddDependency makes s deploy after other. Synthesis adds the stack
// dependencies implied by cross-stack references itself.
//
// A dependency of or on a nested stack is one of the top-level stacks they
// are deployed with, as in the AWS CDK; within one top-level stack it
// needs none.
func (s *Stack) AddDependency(other *Stack) {
	if other == nil || other == s {
		return
	}
	if s.nested != nil || other.nested != nil {
		if a, b := s.TopLevel(), other.TopLevel(); a != b {
			a.AddDependency(b)
		}
		return
	}
	for _, d := range s.deps {
		if d == other {
			return
		}
	}
	s.deps = append(s.deps, other)
}

// Dependencies returns the stacks s deploys after, sorted by artifact id.
func (s *Stack) Dependencies() []*Stack {
	out := append([]*Stack(nil), s.deps...)
	sort.Slice(out, func(i, j int) bool { return out[i].ArtifactID() < out[j].ArtifactID() })
	return out
}

// Validate checks the stack's own settings.
func (s *Stack) Validate() []string {
	var msgs []string
	if s.nested != nil {
		msgs = s.nested.validateNested()
		if len(s.props.Description) > 1024 {
			msgs = append(msgs, fmt.Sprintf("the stack description is %d characters; CloudFormation allows at most 1024", len(s.props.Description)))
		}
		return msgs
	}
	name := s.StackName()
	if len(name) > 128 || !stackNameRe.MatchString(name) {
		msgs = append(msgs, fmt.Sprintf("stack name %q is invalid: it must start with a letter, hold only letters, digits and '-', and be at most 128 characters; set StackProps.StackName", name))
	}
	if len(s.props.Description) > 1024 {
		msgs = append(msgs, fmt.Sprintf("the stack description is %d characters; CloudFormation allows at most 1024", len(s.props.Description)))
	}
	return msgs
}

// Account returns the stack's account: the one in its Env, or the
// AWS::AccountId pseudo parameter for an environment-agnostic stack.
func (s *Stack) Account() string {
	if a := s.Env().Account; a != "" {
		return a
	}
	return token.PseudoRef("AWS::AccountId")
}

// Region returns the stack's region: the one in its Env, or the AWS::Region
// pseudo parameter for an environment-agnostic stack.
func (s *Stack) Region() string {
	if r := s.Env().Region; r != "" {
		return r
	}
	return token.PseudoRef("AWS::Region")
}

// Partition returns the AWS::Partition pseudo parameter.
func (s *Stack) Partition() string { return token.PseudoRef("AWS::Partition") }

// URLSuffix returns the AWS::URLSuffix pseudo parameter.
func (s *Stack) URLSuffix() string { return token.PseudoRef("AWS::URLSuffix") }
