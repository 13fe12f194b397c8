// Package sam holds forma's constructs for the AWS Serverless Application
// Model: the SAM resource types AWS::Serverless::Function, Api, HttpApi,
// SimpleTable, Application, LayerVersion and StateMachine as L1 types (Cfn*),
// the counterparts of the AWS CDK's aws-sam L1s.
//
// Invariants: creating any SAM resource adds the transform
// AWS::Serverless-2016-10-31 (Transform) to its stack, once; CloudFormation
// expands the resources when the stack is deployed (a change set with
// CAPABILITY_AUTO_EXPAND). The types are written by hand, since the
// CloudFormation registry has no schemas for them: scalar properties are
// typed, properties SAM accepts in several shapes (CodeUri, Events,
// Policies, DefinitionUri, …) are typed any and take a string, one of the
// package's structs (S3Location, ApplicationLocation), or maps and lists as
// the SAM specification spells them. Properties render exactly as SAM
// spells them; cfn-lint, which runs the transform, checks the templates.
package sam
