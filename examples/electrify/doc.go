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
//   - ElectrifyPlatform: the EKS cluster and its managed node group, the
//     add-ons (VPC CNI, CoreDNS, kube-proxy, the Pod Identity agent and the
//     CloudWatch observability agent for Container Insights), the
//     application's configuration secret and the Pod Identity role that
//     may read it;
//   - ElectrifyDelivery: the repositories, the image build, the V2 pipeline
//     (source, build, manual approval, deploy to EKS), its notifications,
//     the release trigger and the dashboard.
//
// The Kubernetes manifests the pipeline deploys are in k8s/; the release
// trigger's code is the package trigger. `go run ./examples/electrify
// synth` prints the three templates; the snapshot is snapshots/electrify.
package main
