// Package parity re-checks forma's claim that its L2 constructs and patterns
// synthesize the same CloudFormation as the AWS CDK.
//
// Every case is one program written twice: in Go against forma (the
// *_test.go files of this package, each case registered with register) and
// in plain JavaScript against aws-cdk-lib (oracle/*.js, forma's own programs;
// neither the CDK's code nor its output is part of the repository). `make
// parity` installs the aws-cdk-lib version that oracle/package-lock.json pins
// into a cache outside the repository, runs oracle/run.js to write one cloud
// assembly per case, and runs TestParity with FORMA_CDK_ORACLE naming them.
//
// TestParity synthesizes each Go case and requires every template to equal
// the CDK's after leaving out what only the CDK writes: the BootstrapVersion
// parameter, the CheckBootstrapVersion rule, CDKMetadata and its condition,
// and aws:cdk:path metadata. DependsOn lists are compared as sets. Nothing
// else is normalized: a deliberate difference is a case that does not exist,
// documented on the construct instead.
//
// Invariants: the Go and JavaScript case lists are the same (TestParity
// fails on a case that only one side has), and without FORMA_CDK_ORACLE the
// cases still synthesize without errors, so a broken case is found by
// `make test` too.
package parity
