// Package template is the CloudFormation template model forma renders and
// reads: a Template with ordered sections, canonical JSON in the AWS CDK's
// formatting (one-space indent, no HTML escaping), YAML, and a parser for
// deployed templates in either format, short-form YAML tags included.
//
// Invariants: rendering is deterministic — sections in a fixed order,
// elements in the order they were added, resource attributes in
// CloudFormation's conventional order, every other object's keys sorted.
package template
