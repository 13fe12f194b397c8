// Package cfn is the base of every CloudFormation element forma renders:
// [Resource] (which the generated L1 types embed), [Parameter], [Output],
// [Condition], [Mapping] and [Rule]; references ([Reference]) and the
// intrinsic functions; pseudo parameters; tags.
//
// Invariants: one Reference object exists per (element, attribute), so the
// same attribute always encodes to the same token; an element's logical ID is
// derived from its path below its stack (see internal/logicalid) unless
// overridden; rendering never changes an element, so synthesis can render
// twice (once to record references, once to write).
package cfn
