// Package servicediscovery holds forma's constructs for AWS::ServiceDiscovery: the CloudFormation resource types
// AWS::ServiceDiscovery::* as generated L1 types (Cfn*, one *.generated.go file per type),
// and the hand-written L2s PrivateDNSNamespace, PublicDNSNamespace, HTTPNamespace and
// Service, with the AWS CDK's construct ids and defaults (A records, TTL 60 s, MULTIVALUE
// routing; WEIGHTED for CNAME records).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package servicediscovery
