// Package synth turns a construct tree into a cloud assembly: one
// CloudFormation template per stack plus manifest.json and tree.json, in the
// AWS CDK's format.
//
// Synthesize runs the AWS CDK's phases in order:
//
//  1. aspects, each applied once per construct, inherited down the tree,
//     bounded by constructs.MaxAspectPasses;
//  2. prepare: construct dependencies become DependsOn between the resources
//     of both subtrees (or a stack dependency across stacks); every element
//     is rendered once with a recording resolver, and each cross-stack
//     reference becomes an Output with an Export in the producer, an
//     Fn::ImportValue in the consumer and a stack dependency;
//  3. validate every construct and collect all errors;
//  4. render: each stack's elements checked (logical IDs, required
//     properties, schemas, the resource limit), tokens resolved, leftover
//     markers reported, the template written.
//
// Stacks are independent once prepare has created the exports: prepare's
// passes and render handle them in parallel (Workers, one per core), and
// SynthesizeTo writes each template into the assembly as soon as it is
// rendered instead of holding them all. An app of more than a few
// thousand elements is resolved again in render rather than keeping every
// resolved body from prepare, so that memory is bounded by the tree and
// the stacks in progress.
//
// Invariants: the same program yields the same bytes, whatever the number
// of workers; errors are collected from all phases, sorted by construct
// path, and each names the fix.
package synth
