// Package diff compares two CloudFormation templates — the deployed one and
// the synthesized one — and renders the difference as the AWS CDK's
// `cdk diff` does: security changes first (IAM statements, managed policy
// attachments, security group rules, as box-drawn tables), then each
// section's entries added ([+]), removed ([-]) or modified ([~]), resources
// with property-level trees that say when a change replaces the resource.
//
// The engine (Compare, producing a StackDiff) is apart from the rendering
// (StackDiff.Format), so commands can decide on the data — IsEmpty,
// PermissionsBroadening, Replacements — without parsing text.
//
// Invariants:
//   - Comparison is structural and canonical: intrinsics are compared as
//     data (Fn::GetAtt "A.B" equals ["A", "B"]), a number or boolean equals
//     its string form, DependsOn's order and single-name form do not count,
//     lists are compared element-wise by a longest common subsequence.
//   - A change to a create-only property (from internal/cfnspec, through the
//     Schema interface) replaces the resource; when an intrinsic hides
//     either value it may replace it; a Type change replaces it.
//   - Output is deterministic: entries ordered removed, added, modified, each
//     sorted by logical ID; properties and object keys sorted; table rows
//     sorted by resource. Colour is written only when asked for.
//   - The package never calls AWS: templates come in as plain data
//     (template.Parse, Template.Plain).
package diff
