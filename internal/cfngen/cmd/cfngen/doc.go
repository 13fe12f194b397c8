// Command cfngen regenerates forma's L1 code and CloudFormation data set
// from the registry schemas of cfn-lint (see package internal/cfngen).
//
// Usage:
//
//	go run ./internal/cfngen/cmd/cfngen [-root dir] [-schemas dir] [-check]
//
// With -check it writes nothing and fails when the committed files differ
// from what it would generate.
package main
