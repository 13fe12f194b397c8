// Package memorydbcfn holds the L1 constructs of AWS::MemoryDB: the CloudFormation resource
// types AWS::MemoryDB::* as generated types (Cfn*, one *.generated.go file per type).
// Hand-written L2 constructs of the service, where forma has them, live in the
// parent package memorydb.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them.
package memorydbcfn
