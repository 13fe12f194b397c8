// Command serverless is an application whose code ships with its
// infrastructure, built and published by forma with only Go on the machine:
//
//   - stack ServerlessAPI: an HTTP endpoint, a Lambda function URL of auth
//     type NONE (public) with CORS for GET and HEAD, in front of a Go Lambda
//     function (./handler, built by lambda.NewGoFunction for arm64 and the
//     provided.al2023 runtime) that serves the objects of an S3 bucket it may
//     read (bucket.GrantRead);
//   - stack ServerlessService: a small Fargate service, one task of a Go web
//     server (./web) in the public subnets of a VPC without NAT gateways,
//     port 80 open, its image built from the Go package by
//     ecs.ImageFromGoPackage, without Docker.
//
// Why a function URL rather than an API Gateway HTTP API: one function
// behind one endpoint needs no routes, stages, throttling or authorizers, and
// a function URL gives it an HTTPS address with one resource
// (AWS::Lambda::Url), no other service and no extra cost; the request and
// response are the API Gateway v2 payload, so the handler moves to an HTTP
// API unchanged if routes are ever needed.
//
// Why the image is built on "scratch": the web server is a static Go binary
// (CGO off) that needs no libc, shell or CA certificates (it calls nothing
// over TLS), and a scratch base is pulled from nowhere. The default base,
// gcr.io/distroless/static-debian12, has to be pulled at synthesis, which the
// machines that build and test forma (and many CI runners) cannot reach;
// with scratch the image digest depends on the source and the Go toolchain
// only.
//
// `go run ./examples/serverless synth` prints the templates; `go run
// ./examples/serverless deploy --all` builds the function and the image,
// uploads the zip to the bootstrap bucket and pushes the image to the
// bootstrap ECR repository (`bootstrap` first), then deploys both stacks. A
// second synthesis with nothing changed builds nothing: both builds are
// cached by content (FORMA_CACHE_DIR, default the user cache directory).
//
// Its snapshot is snapshots/serverless: templates and asset manifests (the
// asset hashes), not the zip and the image. The hashes are those of the Go
// toolchain the tests run with: another Go version compiles other bytes.
package main
