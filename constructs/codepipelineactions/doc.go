// Package codepipelineactions holds the actions of AWS services for
// codepipeline.Pipeline, the AWS CDK's aws-codepipeline-actions with its
// defaults, grants and logical IDs: sources (CodeCommit, CodeStar
// connections for GitHub, GitHub Enterprise, Bitbucket and GitLab, S3,
// ECR), CodeBuild build and test, manual approval, CloudFormation
// (create/update, change set replace and execute, delete), ECS deploy,
// CodeDeploy server and ECS blue/green deploy, Lambda invoke, S3 deploy,
// Elastic Beanstalk deploy and the V2 Commands action.
//
// Each action runs with the role the pipeline creates for it
// (Pipeline/<stage>/<action>/CodePipelineActionRole) and grants that role
// what the action needs: reading the source, writing the artifact bucket,
// passing roles to CloudFormation, and so on. Source actions that react to
// changes create the EventBridge rule the AWS CDK creates (CodeCommit and
// S3 with Trigger Events — the default for CodeCommit — and ECR always),
// starting the pipeline through its "EventsRole".
//
// OpsWorks Stacks has reached end of life, so its deploy action is not
// offered; neither are the Alexa, Jenkins, Inspector, Service Catalog and
// Step Functions actions (use codepipeline.IAction to write one).
package codepipelineactions
