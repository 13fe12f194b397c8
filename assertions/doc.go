// Package assertions tests synthesized templates the way the AWS CDK's
// assertions module does:
//
//	tpl := assertions.FromStack(t, stack)
//	tpl.ResourceCountIs("AWS::SQS::Queue", 1)
//	tpl.HasResourceProperties("AWS::SQS::Queue", map[string]any{
//		"VisibilityTimeout": 300,
//		"Tags":              assertions.ArrayWith([]any{map[string]any{"Key": "team"}}),
//	})
//
// A pattern is a Go value or a Matcher. A plain map matches as ObjectLike at
// every depth (the keys it names, any others allowed), a plain slice as
// ArrayEquals (the same length, each item matched in turn), any other value
// exactly, numbers by value whatever their Go type. ObjectEquals, ArrayWith,
// Exact, Absent, AnyValue, Not, StringLikeRegexp and SerializedJSON change
// that at one place; a Capture records what it matched, for later checks.
//
// Invariants: a failed assertion calls tb.Errorf (Fatalf for FromStack's
// synthesis) with the closest candidate — the resource, output, parameter
// or mapping with the fewest mismatches — each mismatch with its path
// ("/Properties/Tags/0/Key"), and a go-cmp diff (-want +got) of the parts
// the pattern names; a template is never modified; results are in logical
// ID order, so failures are deterministic.
package assertions
