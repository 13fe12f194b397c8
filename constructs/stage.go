package constructs

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

// StageProps configures a Stage.
type StageProps struct {
	// Env is the default account and region of the stacks in the stage;
	// a stack's own Env wins field by field. Default: the environment of
	// the enclosing stage, if any; else environment-agnostic.
	Env Environment
	// StageName prefixes the default CloudFormation names of the stage's
	// stacks ("<StageName>-<Stack>"). Default: the stage's id, after the
	// enclosing stage's name and "-" when the stage is nested.
	StageName string
}

// Stage is a group of stacks deployed together, with an environment of its
// own that its stacks inherit: the unit a pipeline deploys ("Test",
// "Prod"). As in the AWS CDK, synthesis writes a stage as a nested cloud
// assembly (the directory "assembly-<path>" beside the app's manifest, named
// by a "cdk:cloud-assembly" artifact), its stacks' artifact IDs are their
// paths made unique ("TestWeb23347330"), their display names their paths
// ("Test/Web"), and their default stack names the stage's name and the stack's
// id ("Test-Web"). Stacks in different stages (or in a stage and outside it)
// cannot reference each other or depend on each other.
//
// The same Stage type can be instantiated several times with different
// environments: write a function that builds the stacks of an application
// into a stage and call it once per environment.
type Stage struct {
	Base
	props     StageProps
	stageName string
}

var stageIDRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9\-_.]*$`)

// NewStage creates a stage under scope: the App, another stage, or a
// construct of either; as in the AWS CDK, a stage may also be created
// inside a stack (a pipeline stack that builds the stages it deploys),
// whose template it is no part of.
func NewStage(scope Construct, id string, props StageProps) *Stage {
	s := &Stage{props: props}
	s.Base = NewBase(s, scope, id)
	name := props.StageName
	if name == "" {
		name = id
	}
	if outer := StageOf(s); outer != nil && outer.stageName != "" {
		name = outer.stageName + "-" + name
	}
	s.stageName = name
	return s
}

// StageOf returns the innermost stage that c is in, or nil when c is not in
// a stage (a stage's own enclosing stage, for a stage).
func StageOf(c Construct) *Stage {
	if IsNil(c) || c.Node() == nil {
		return nil
	}
	for x := c.Node().scope; x != nil && x.Node() != nil; x = x.Node().scope {
		if st, ok := x.(*Stage); ok {
			return st
		}
	}
	return nil
}

// StageName returns the stage's name: the prefix of its stacks' default
// stack names.
func (s *Stage) StageName() string { return s.stageName }

// Env returns the stage's environment: its own Env, completed field by
// field by the enclosing stage's.
func (s *Stage) Env() Environment {
	env := s.props.Env
	if outer := StageOf(s); outer != nil {
		o := outer.Env()
		if env.Account == "" {
			env.Account = o.Account
		}
		if env.Region == "" {
			env.Region = o.Region
		}
	}
	return env
}

// ArtifactID returns the ID of the stage's nested cloud assembly, which is
// also its directory's name: "assembly-" and the stage's path with "/"
// replaced by "-" ("assembly-Test-Inner").
func (s *Stage) ArtifactID() string {
	return "assembly-" + strings.Trim(strings.ReplaceAll(s.node.Path(), "/", "-"), "-")
}

// AssemblyDir returns the directory of the stage's nested assembly relative
// to the app's assembly directory, "/"-separated: the artifact IDs of the
// enclosing stages and its own ("assembly-Test/assembly-Test-Inner").
func (s *Stage) AssemblyDir() string {
	if outer := StageOf(s); outer != nil {
		return outer.AssemblyDir() + "/" + s.ArtifactID()
	}
	return s.ArtifactID()
}

// Stacks returns the stacks of the stage, in tree order, without those of
// the stages nested in it (see Stages).
func (s *Stage) Stacks() []*Stack {
	var out []*Stack
	s.walk(func(c Construct) bool {
		switch x := c.(type) {
		case *Stack:
			if StageOf(x) == s {
				out = append(out, x)
			}
		case *Stage:
			return false
		}
		return true
	})
	return out
}

// Stages returns the stages directly nested in s, in tree order.
func (s *Stage) Stages() []*Stage {
	var out []*Stage
	s.walk(func(c Construct) bool {
		if x, ok := c.(*Stage); ok {
			out = append(out, x)
			return false
		}
		return true
	})
	return out
}

// walk calls fn on every construct below s, parents first, and does not
// descend below a construct for which fn returns false.
func (s *Stage) walk(fn func(Construct) bool) {
	var visit func(c Construct)
	visit = func(c Construct) {
		for _, ch := range c.Node().children {
			if fn(ch) {
				visit(ch)
			}
		}
	}
	visit(s)
}

// StagesOf returns the stages directly below the app (or stage) root,
// outside every other stage, in tree order.
func StagesOf(root Construct) []*Stage {
	if st, ok := root.(*Stage); ok {
		return st.Stages()
	}
	var out []*Stage
	var visit func(c Construct)
	visit = func(c Construct) {
		for _, ch := range c.Node().children {
			if x, ok := ch.(*Stage); ok {
				out = append(out, x)
				continue
			}
			visit(ch)
		}
	}
	visit(root)
	return out
}

// Validate checks the stage's id.
func (s *Stage) Validate() []string {
	var msgs []string
	if id := s.node.id; !stageIDRe.MatchString(id) {
		msgs = append(msgs, fmt.Sprintf("invalid stage id %q: a stage id starts with a letter and holds only letters, digits, '-', '_' and '.'", id))
	}
	return msgs
}

// uniqueResourceName is the AWS CDK's makeUniqueResourceName with no
// separator: "Default" components dropped; one component is used as is
// (non-alphanumerics stripped, after prefix) when it fits in maxLength;
// otherwise prefix, the components without repeats and "Resource",
// stripped and joined (cut in the middle to fit), then the first 8 hex
// characters, upper-case, of the MD5 of the components joined by "/".
func uniqueResourceName(components []string, maxLength int, prefix string) string {
	var kept []string
	for _, c := range components {
		if c != "Default" {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return prefix
	}
	if len(kept) == 1 {
		if name := prefix + alnumOnly(kept[0]); len(name) <= maxLength {
			return name
		}
	}
	sum := md5.Sum([]byte(strings.Join(kept, "/")))
	hash := strings.ToUpper(hex.EncodeToString(sum[:]))[:8]
	var human []string
	for _, c := range kept {
		if len(human) > 0 && strings.HasSuffix(human[len(human)-1], c) {
			continue
		}
		human = append(human, c)
	}
	var b strings.Builder
	b.WriteString(prefix)
	for _, c := range human {
		if c != "Resource" {
			b.WriteString(alnumOnly(c))
		}
	}
	h := b.String()
	if maxHuman := maxLength - 8; len(h) > maxHuman {
		half := maxHuman / 2
		h = h[:half] + h[len(h)-half:]
	}
	return h + hash
}

var nonAlnumRe = regexp.MustCompile(`[^A-Za-z0-9]`)

func alnumOnly(s string) string { return nonAlnumRe.ReplaceAllString(s, "") }
