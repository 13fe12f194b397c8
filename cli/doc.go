// Package cli is forma's command line: every app gets it through Main, and
// the standalone forma binary (cli/forma) runs it for an app given by --app
// or by the "app" of ./forma.json or ./cdk.json.
//
// Commands: synth, list, diff, deploy, destroy, publish, bootstrap and
// pipeline simulate (which runs a pipeline's plan, internal/pipelineplan,
// found in the in-process app's construct tree). Each command file
// registers itself with register from init; every command works from a
// cloud assembly (internal/assembly) that Env.Assembly produces: the
// in-process app synthesized into -o, $CDK_OUTDIR or ./cdk.out, or, for
// --app, a directory holding manifest.json read as it is or a shell command
// run with $CDK_OUTDIR and $CDK_CONTEXT_JSON set, as the AWS CDK CLI runs an
// app. So a forma app and an AWS CDK cdk.out are handled alike.
//
// Run with no arguments, an app synthesizes quietly into $CDK_OUTDIR (else
// ./cdk.out): that is the AWS CDK CLI's app protocol, so `cdk synth --app
// 'go run .'` works. Context given with -c key=value is read while the app
// is built, before Main sees it, so an in-process app whose context lacks
// the values is started once more with them in $CDK_CONTEXT_JSON.
//
// Invariants: errors go to stderr — synthesis errors one per line with
// their construct path — and the exit code is 1 (Run returns it; Main
// exits with it); warnings go to stderr; nothing but the command's own
// output goes to stdout; the assembly is written atomically; the AWS SDK is
// used only below this package (and internal/deploy), never by the
// construct library.
package cli
