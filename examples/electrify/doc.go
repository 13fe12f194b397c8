// Command electrify is a customer's delivery system as one forma program:
// the code in CodeCommit, built by CodeBuild into container images in ECR,
// released by CodePipeline to an EKS cluster, with configuration in Secrets
// Manager, Container Insights and a CloudWatch dashboard for observability,
// and a Go Lambda function behind an Alexa skill and a function URL that
// starts a release on demand.
//
// The app has three stacks connected by cross-stack references:
//
//   - ElectrifyNetwork: the VPC (two zones, one NAT gateway);
//   - ElectrifyPlatform: the EKS cluster (access entries, control plane
//     logs) and its managed node group, the managed add-ons (VPC CNI,
//     kube-proxy and the Pod Identity agent before the nodes, CoreDNS and
//     the CloudWatch observability agent of Container Insights after them),
//     the application's configuration secret and the Pod Identity role of
//     the application's service account, which may read it;
//   - ElectrifyDelivery: the repositories, the image build (its Docker Hub
//     token read from Secrets Manager), the V2 pipeline (source, build,
//     manual approval, deploy to EKS), its notifications, the release
//     trigger (allowed to start the pipeline, invokable by the Alexa skill
//     and through its IAM-authenticated URL by the ReleaseManagers role) and
//     the dashboard.
//
// The Kubernetes manifests are in k8s/: the build writes them with the
// image it pushed and the configuration secret's ARN, and the deploy action
// applies what it wrote. The release trigger's code is the package trigger.
// The Alexa skill's ID comes from the context key electrify:alexaSkillId.
//
// `go run ./examples/electrify synth` prints the three templates; the
// snapshot is snapshots/electrify.
package main
