// Package parity checks forma's templates against the AWS CDK's for the same
// programs. Each area registers cases (a name, optional context and a Go
// program); parity/oracle/<area>.js holds the same programs written for
// aws-cdk-lib. With FORMA_CDK_ORACLE naming a directory of CDK cloud
// assemblies, one per case, the test compares every template after dropping
// what only the CDK writes. No CDK output is part of the repository.
package parity
