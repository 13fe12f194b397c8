// Package synth turns a construct tree into a cloud assembly: one
// CloudFormation template per stack plus manifest.json and tree.json, in the
// AWS CDK's format.
//
// Synthesize runs the AWS CDK's phases in order:
//
//  1. aspects, each applied once per construct, inherited down the tree,
//     bounded by constructs.MaxAspectPasses and, per aspect and pass, by
//     constructs.MaxAspectAdditions;
//  2. prepare: construct dependencies become DependsOn between the resources
//     of both subtrees (or a stack dependency across stacks); every element
//     is rendered once with a recording resolver, and each cross-stack
//     reference becomes an Output with an Export in the producer, an
//     Fn::ImportValue in the consumer and a stack dependency;
//  3. validate every construct and collect all errors: construction errors,
//     each construct's own problems (an L1 is not checked against its
//     schema when the construct the user wrote around it reported an error,
//     which the schema would only repeat), references to
//     another App, shared stack or export names, dependency cycles, GetAtt
//     attributes the type lacks, undefined Fn::Sub variables, and tokens
//     left in the rendered bodies (a marker changed by string functions, the
//     digits of a number token); an empty stack is a warning;
//  4. render: each stack's elements checked (logical IDs, required
//     properties, schemas, the checks of step 3 that concern one stack, the
//     resource limit), tokens resolved, leftover markers reported, the
//     template written.
//
// Stacks are independent once prepare has created the exports: prepare's
// passes and render handle them in parallel (Workers, one per core), and
// SynthesizeTo writes each template into the assembly as soon as it is
// rendered instead of holding them all. The checks across stacks (stack
// and export names, stack dependency cycles) run once, before render. An
// app of more than a few thousand elements is resolved again in render
// rather than keeping every resolved body from prepare, so that memory is
// bounded by the tree and the stacks in progress.
//
// Nested stacks (constructs.NewNestedStack) get their
// AWS::CloudFormation::Stack resource before aspects run; prepare wires
// references to and from them through parameters and outputs, named as
// the AWS CDK names them; render renders stacks deepest first, so that
// each parent names its nested templates by hash (nested.go).
//
// Invariants: the same program yields the same bytes, whatever the number
// of workers; errors are collected from all phases, sorted by construct
// path, one per mistake, and each names the fix.
package synth
