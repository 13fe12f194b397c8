// Package awscall sends single SigV4-signed requests to AWS with an
// aws.Config's credentials, region and HTTP client, for the few calls forma
// makes outside CloudFormation: S3 PutObject and HeadObject, SSM
// GetParameter and ECR GetAuthorizationToken. The SDK's client package of
// each of those services takes seconds of CPU to compile, in the build of
// every forma program, for one or two operations.
//
// Do sends one request and returns its status and answer; JSONCall makes
// a call in AWS's JSON 1.1 protocol (SSM, ECR) and turns an error answer
// into an *APIError; Endpoint picks a service's URL.
//
// Invariants:
//   - A request is signed with the config's credentials and region and
//     sent with its HTTP client (http.DefaultClient when it has none); with
//     aws.AnonymousCredentials it goes unsigned. Do sends it once; JSONCall
//     sends it again when the config's Retryer says to, as the SDK does.
//   - A service's URL is the endpoint an emulator or test names, else the
//     config's BaseEndpoint (AWS_ENDPOINT_URL), else the regional endpoint
//     https://HOST.REGION.amazonaws.com (amazonaws.com.cn in the China
//     regions).
//   - The context of a request names it (WithName, Name; JSONCall does it
//     for its calls), so that an HTTP client that limits calls can say
//     which call it waited for.
package awscall
