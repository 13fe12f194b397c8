// Package schemacheck checks a resource's properties against its
// CloudFormation registry schema, from the data set of internal/cfnspec:
// required properties (with the one-of/any-of groups and the dependent
// properties), value types, enums, patterns, string lengths, array sizes,
// numeric ranges, unknown properties and read-only properties set by
// mistake.
//
// It works on resolved template values, where references are intrinsic
// functions ({"Ref": ...}, {"Fn::GetAtt": ...}, {"Fn::Join": ...}). An
// intrinsic is checked as far as its result is known: a Ref to a resource or
// a string parameter where a list is wanted is an issue, a Fn::Join where a
// string is wanted is not, and both branches of a Fn::If are checked.
// Scalars are accepted in CloudFormation's lenient forms: "30" for an
// integer, "true" for a boolean, 5 for a string.
//
// Invariants: the issues of one call are in a deterministic order (property
// path, then kind); a value is never modified; a pattern the Go regexp
// engine cannot compile is skipped rather than guessed; an object the
// data set describes is taken as closed (the registry's
// additionalProperties: false) unless the data set marks it open.
//
// testdata/corpus holds templates with one mistake each (or one change
// CloudFormation accepts), made from the valid templates of testdata/base
// by TestCorpusIsGenerated (-update rewrites them); they are broken on
// purpose and named *.json, not *.template.json, so make cfn-lint skips
// them. cmd/validatescore (make validate-score) runs cfn-lint once over
// them, prints the score and records cfn-lint's verdicts in
// testdata/corpus/cfn-lint.json, against which TestCorpusScore holds the
// check: at least 90 % of the cases with a cfn-lint schema error (E3xxx)
// found, no error where cfn-lint finds none.
package schemacheck
