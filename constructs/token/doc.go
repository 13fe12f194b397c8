// Package token lets values that are only known at synthesis time travel
// through ordinary Go strings, string slices and numbers.
//
// Every deferred value is a [Resolvable]. At the edge of the API a Resolvable
// is handed out in an encoded form, so that user code never needs a wrapper:
//
//   - a string holding a marker "${Token[N]}", which survives concatenation
//     and fmt.Sprintf;
//   - a one-element []string holding a list marker "#{TokenList[N]}";
//   - an int in a reserved range far below any real value, or a float64 NaN
//     with a reserved payload.
//
// [Resolve] turns any value built from these forms back into plain data:
// a string made of literals and markers becomes the marker's value when it is
// a single marker, and a minimal {"Fn::Join": ["", [...]]} otherwise.
//
// Invariants: the encoding of a Resolvable is stable for the life of the
// process (the same Resolvable always yields the same marker); markers never
// reach a rendered template — a marker that cannot be decoded is an error;
// this package imports nothing from forma.
package token
