// Package cfnfake is a CloudFormation test double: an HTTP server on
// 127.0.0.1 that speaks CloudFormation's query protocol (form-encoded
// Action=…&Version=2010-05-15 requests, XML responses and XML errors), so the
// real aws-sdk-go-v2 CloudFormation client is exercised end to end. The same
// server is a path-style S3 stand-in (PUT/GET /bucket/key) whose buckets are
// the AWS::S3::Bucket resources its stacks created, so TemplateURL works.
//
// It follows CloudFormation's documented behaviour rather than a real
// account's: stack statuses and their transitions, per-resource events with
// PhysicalResourceId and ResourceStatusReason, failures injected per logical
// ID followed by rollback (or none with DisableRollback), change sets that
// "didn't contain changes", Replacement in DescribeChangeSet computed from the
// registry schemas' createOnlyProperties, exports and their importers.
// Beside them are minimal SSM (GetParameter, PutParameter) and STS
// (AssumeRole, GetCallerIdentity) stand-ins, and every request is recorded
// with the access key that signed it and the role ARN it carried.
//
// Invariants: the double is deterministic. Time is a fake clock that starts
// at Epoch and advances one second per request; a stack's operation advances
// one step on every request about that stack (or about no stack in
// particular), so a client that polls always sees progress, stacks deployed
// concurrently progress independently, and the same sequence of calls
// yields the same events, ids and timestamps. Stacks progress in waves of
// resources at the same dependency depth, as CloudFormation creates
// independent resources in parallel.
package cfnfake
