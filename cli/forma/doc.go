// Command forma is forma's command line for an app given by --app (a shell
// command that writes a cloud assembly into $CDK_OUTDIR, or a directory that
// holds one, such as an AWS CDK cdk.out) or by the "app" of ./forma.json or
// ./cdk.json:
//
//	forma synth --app 'go run ./examples/hello'
//	forma list --app cdk.out
//	forma diff            # with {"app": "go run ."} in forma.json
//
// A forma program has the same commands built in through cli.Main.
package main
