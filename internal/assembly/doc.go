// Package assembly reads and writes cloud assemblies in the AWS CDK's format
// (manifest.json schema 55.0.0), so that forma's output works with the CDK
// CLI and forma's CLI works with the CDK's output.
//
// Invariants: Write never leaves a half-written assembly: it writes a new
// directory beside the target and swaps it in; the assembly it replaces is
// kept as the new one's PreviousDir, whose files the next Write rewrites in
// place rather than making new ones; manifest keys are written in sorted
// order.
package assembly
