// Package codebuild holds forma's constructs for AWS::CodeBuild: the CloudFormation resource types
// AWS::CodeBuild::* as generated L1 types (Cfn*, one *.generated.go file per type).
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
//
// BuildSpec is a typed buildspec (version 0.2 in full: env, phases, reports,
// artifacts, cache, batch). A project's buildspec comes from a BuildSpecSource:
// a BuildSpec rendered inline as JSON (as the AWS CDK's BuildSpec.fromObject),
// BuildSpecYAML (inline YAML), BuildSpecFromFile (a file of this repository,
// checked and inlined) or BuildSpecFromSourceFilename (a file CodeBuild reads
// from the build's source). Every form forma can read is checked against
// BuildSpecSchema, the JSON Schema derived from these Go types, with the key
// path and, in files, the line of each problem; keys CodeBuild still accepts
// from older buildspecs (artifacts' type) are warnings, and yes/no are booleans
// as CodeBuild reads them. Maps are written with sorted keys.
//
// Project (AWS::CodeBuild::Project) and NewPipelineProject (source and
// artifacts of type CODEPIPELINE) are the counterparts of the AWS CDK's
// Project and PipelineProject, with its defaults, grants and logical IDs: a
// service role CodeBuild assumes, whose default policy may write the
// project's CloudWatch logs (/aws/codebuild/NAME) and the report groups NAME-*
// that buildspec reports create; LinuxStandard7_0 on the image's default
// compute type (small for Linux x86-64, large for ARM, medium for Windows),
// not privileged; no cache (NO_CACHE); output encrypted with the AWS-managed
// S3 key (alias/aws/s3) unless EncryptionKey is set. Build images are values
// (LinuxStandard7_0, LinuxAmazonLinux2_5, LinuxArm…, Windows…, LinuxLambda…
// for Lambda compute, the GPU DLC… images of AWS Deep Learning Containers
// with the CDK's account mapping) or
// come from a Docker registry (optionally with Secrets Manager credentials)
// or an ECR repository (the role is granted pull).
// Environment variables keep their order; ParameterStore and SecretsManager
// variables grant ssm:GetParameters and secretsmanager:GetSecretValue on the
// ARNs the AWS CDK derives (a secret name gets "-??????", a secret ARN of
// another account also grants kms:Decrypt on that account's keys); a variable
// with Secret set reads a secretsmanager.ISecret and, when the secret has a
// customer-managed key, may decrypt with it through Secrets Manager. A project
// in a VPC gets a security group unless given some, the network-interface
// statement and a PolicyDocument policy the project depends on. Sources are
// CodeCommitSource, S3Source and GitHubSource (webhook FilterGroups);
// S3Artifacts, secondary sources and artifacts, CacheLocal and CacheBucket,
// S3 and CloudWatch logging grant the role what they need; EnableBatchBuilds
// adds the batch service role. EventTarget starts builds from EventBridge
// rules with the CDK's events role. ReportGroup is the CDK's ReportGroup (TEST,
// retained, GrantWrite). OnEvent/OnStateChange/OnBuildFailed/… create
// EventBridge rules, Metric… return CloudWatch metrics, and NotifyOn… create
// CodeStar Notifications rules (the project is an INotificationRuleSource).
// Every mistake — a bad buildspec, an image that cannot run on the compute
// type, a secret ARN without a name — is a synthesis error on the project's
// path.
package codebuild
