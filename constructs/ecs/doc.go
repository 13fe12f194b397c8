// Package ecs holds forma's constructs for AWS::ECS: the CloudFormation resource types
// AWS::ECS::* as generated L1 types (Cfn*, one *.generated.go file per type), and the
// hand-written L2 constructs Cluster, FargateTaskDefinition, ContainerDefinition and
// FargateService, with images from a registry or an ECR repository, secrets from Secrets
// Manager (by name or ARN, or a secretsmanager.ISecret with SecretFromSecretsManager, read
// with the secret's own GrantRead) or SSM, and the awslogs log driver. A service may use the ECS, CODE_DEPLOY or
// EXTERNAL deployment controller, ECS Exec (with the task role grants and the cluster's
// ExecuteCommandConfiguration), capacity provider strategies, Service Connect, Cloud Map
// service discovery, specific load balancer targets and a scalable task count
// (AutoScaleTaskCount with CPU, memory, request count and scheduled scaling). With the ECS
// controller a service deploys natively blue/green, linear or canary (DeploymentStrategy,
// BakeTime, LinearConfiguration, CanaryConfiguration), with lifecycle hook functions and an
// AlternateTarget on its load balancer target, and deployment alarms (strategy.go).
//
// The L2s build the same construct tree as aws-cdk-lib's aws-ecs module and so render the
// same template (checked by `make parity`, see package parity); each type's doc comment
// names its deliberate differences. Bad props — an invalid Fargate CPU/memory pair, say —
// are reported by synthesis as errors naming the construct path and the valid values.
//
// Images: ImageFromRegistry, ImageFromECRRepository, ImageFromGoPackage (an image built from a
// Go package of the program's module without Docker, by internal/ociimage) and ImageFromAsset
// (a Dockerfile, built with Docker); the last two are assets of the stack, pushed to the
// bootstrap ECR repository under their content hash, as the AWS CDK's ContainerImage.fromAsset.
//
// Task definitions and containers: a task definition takes a runtime platform (ARM64,
// Windows) and volumes (bind, EFS); its containers take sidecars' dependencies, mount points
// and volumes-from, Linux parameters, ulimits, health checks and port mappings, and FireLens
// log routing (a router of the program's own, or the AWS CDK's default Fluent Bit one).
// Environment variables and secrets are lists in the template: the map forms are written
// sorted by name, the ordered forms (OrderedEnvironment, OrderedSecrets) in the order given,
// which is how an AWS CDK app keeps its task definition revision when it moves to forma.
//
// Invariants: the *.generated.go files come from internal/cfngen and are never edited by
// hand; an L1 type renders its Props exactly as the CloudFormation registry spells them, and
// hand-written L2 constructs live beside them in other files.
package ecs
