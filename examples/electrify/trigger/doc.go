// Command trigger is electrify's release trigger: a Lambda function that
// starts an execution of the delivery pipeline, named by the PIPELINE_NAME
// environment variable, on demand.
//
// It answers two kinds of invocation with one handler:
//
//   - an Alexa custom skill ("Alexa, ask electrify to release"): the
//     StartReleaseIntent starts the pipeline and Alexa says so; a launch or
//     help request explains what to say; stop and cancel say goodbye. When
//     ALEXA_SKILL_ID is set, a request from any other skill is refused (the
//     function's permission for the Alexa service already names the skill as
//     its event source token; this check holds when the function is invoked
//     some other way). The skill's interaction model is skill/en-US.json:
//     its one intent asks for the user's confirmation first.
//   - a request to the function's URL (IAM authentication: the caller signs
//     it with SigV4): POST starts the pipeline and answers 202 with the
//     execution ID as JSON; any other method is 405. An Idempotency-Key
//     header becomes the execution request's client token, so a retried
//     request starts one execution.
//
// Invariants: the handler only ever calls StartPipelineExecution, on the one
// pipeline it is configured with; the request never chooses the pipeline.
// The pipeline client is an interface, so the tests run with a fake.
package main
