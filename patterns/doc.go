// Package patterns holds forma's L3 constructs: architectures built from the
// L2 constructs of the service packages only, with the AWS CDK's
// aws-ecs-patterns defaults, so that a CDK program moves to forma with the
// same template.
//
// Invariants: a pattern never creates an L1 directly; it accepts an existing
// resource or creates a default one; it exposes every L2 it builds as an
// exported field; conflicting props are rejected before anything is built
// and reported as synthesis errors naming the pattern's construct path.
package patterns
