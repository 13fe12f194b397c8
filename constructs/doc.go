// Package constructs holds the construct tree that every forma program
// builds: an [App] at the root, [Stack]s below it, and constructs of any kind
// below those.
//
// A construct is any type that embeds [Base], created with [NewBase] from
// its scope and an id. Ids are non-empty, hold no "/", and are unique among
// siblings; a node's path is the ids from the root joined by "/".
//
// Invariants: children keep their insertion order, so every walk of the
// tree is deterministic; adding a child under a locked node, or a duplicate
// id, is a bug in the program and panics; everything else the user can get
// wrong is reported as a [ValidationError] by synthesis, never by a panic.
// This package does not import synth or cli: the library never links the
// AWS SDK.
package constructs
