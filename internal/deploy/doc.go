// Package deploy deploys, and destroys, CloudFormation stacks of a cloud
// assembly: change sets (or direct CreateStack/UpdateStack), waiting, stack
// events rendered as lines or a live table, root causes of failures, stack
// states left by earlier operations, dependency-ordered concurrency, large
// templates through the bootstrap bucket, and outputs.
//
// One file per concern: deployer.go (the Deployer and what its per-stack
// copies share), schedule.go (dependency order, concurrency, skips),
// settle.go (states left by earlier operations), deploy.go (one stack's
// deployment, shared by changeset.go and direct.go, and approval),
// events.go (following an operation, root causes), poll.go (poll pacing),
// bootstrapversion.go, templateupload.go, roles.go (deploy roles),
// calls.go (request limits), options.go (checks and flags of the command
// line), outputs.go and render.go.
//
// Invariants:
//   - A template over MaxTemplateBytes is rejected before any API call; a
//     stack without resources is skipped with a message, without a call.
//   - Options.Approve is asked before any change is deployed, whatever the
//     method: after the change set is created and before it is executed, or
//     before CreateStack/UpdateStack; it sees the deployed template.
//   - A stack whose template, parameters and tags equal the deployed ones is
//     skipped with DescribeStacks and GetTemplate only, unless Force.
//   - Events of an operation are read without gaps or repeats: each poll
//     pages DescribeStackEvents (newest first) back to the last event seen,
//     and renders the new ones oldest first.
//   - A stack starts only after the selected stacks it depends on succeeded;
//     at most Concurrency stacks are in progress at once; after a failure no
//     further stack starts.
//   - Cancelling the context stops following, never the CloudFormation
//     operation; the stack's state is then reported, and a stack whose
//     operation had ended is reported by its status, not as failed.
//   - Errors list the stacks that failed first, then the stacks skipped
//     because of them ("skipped because Storage failed").
//   - A poll loop looks at once, then after FirstPoll, backing off to Poll.
//   - With WithCallLimits, every request has a timeout, says what it waits
//     for, and fails in words that name the endpoint (CallError).
//   - Output is deterministic given the clock (Deployer.Now) and the events.
//   - A stack whose manifest names a deploy role (assumeRoleArn) makes its
//     calls with that role's credentials, assumed once per deployment with
//     ${AWS::Partition}, ${AWS::AccountId} and ${AWS::Region} substituted; a
//     refusal (AccessDenied) warns and falls back to the current
//     credentials. Its cloudFormationExecutionRoleArn is the RoleARN of its
//     operations unless Options.RoleARN (--role-arn) is set. STS is asked
//     for the caller's account only for an environment-agnostic stack whose
//     roles name the account; a stack that names no role (forma's
//     assemblies) makes no STS call.
//   - Publish uploads the file assets of the stacks' asset manifests to
//     their buckets, with the publishing role each names (assumed and
//     falling back as the deploy role): one HeadObject per asset, a
//     single PUT for a missing one (a directory zipped deterministically),
//     a bounded number at once. A missing bucket says to bootstrap. Then
//     it pushes the images of the manifests' docker entries with
//     internal/imagepublish: the image publishing role assumed the same
//     way, an ECR authorization token per image (Deployer.Registry, or the
//     role's Clients.Registry), one manifest HEAD of the tag per image and
//     a push only when it is missing. CheckAssets refuses, before any API
//     call, the images forma cannot push (a command source other than its
//     image archive; a Dockerfile without the docker CLI). In tests,
//     FORMA_TEST_REGISTRY=HOST:PORT makes the CLI's Registry send images
//     to a loopback registry without ECR.
package deploy
