// Package cli is forma's command line: every app gets it through Main, and
// the standalone forma binary (cli/forma) runs it for an app given by --app
// or forma.json.
//
// Commands: synth, list, diff, deploy, destroy, bootstrap. Each command file
// registers itself with register; every command works from a cloud assembly
// (internal/assembly), synthesized in-process or read from a directory, so a
// forma app and an AWS CDK cdk.out are handled alike.
//
// Invariants: errors go to stderr and exit with code 1; nothing but the
// command's own output goes to stdout; the AWS SDK is used only below this
// package (and internal/deploy), never by the construct library.
package cli
