// Package constructs holds the construct tree that every forma program
// builds: an [App] at the root, [Stack]s below it, and constructs of any kind
// below those. A [Stage] groups stacks with an environment of their own, as
// the AWS CDK's Stage: synthesis writes it as a nested cloud assembly, and
// its stacks are named after it ("Test/Web", stack name "Test-Web").
// A [NestedStack] is a stack inside another, deployed by its parent:
// [TryStackOf] of a construct in it is the nested stack's [Stack].
//
// A construct is any type that embeds [Base], created with [NewBase] from
// its scope and an id. Ids are non-empty, hold no "/", and are unique among
// siblings; a node's path is the ids from the root joined by "/".
//
// Invariants: children keep their insertion order, so every walk of the
// tree is deterministic. A user's mistake never panics: a nil scope, an
// empty, duplicate or "/"-holding id, a child added under a locked node or a
// construct outside every stack is recorded on the [App] ([App.Errors]) and
// the construct is left outside the tree, so the program goes on; synthesis
// reports it, with everything else the user can get wrong, as a
// [ValidationError] with the construct's path. A typed nil passed where an
// interface is expected counts as nil ([IsNil], [NormalizeNil]).
// This package does not import synth or cli: the library never links the
// AWS SDK.
package constructs
