package main

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/secretsmanager"
	"github.com/forma-iac/forma/rules"
)

// appConfigTemplate is the application's configuration without its secret
// part; Secrets Manager adds a generated session key under "sessionKey".
const appConfigTemplate = `{"greeting":"Hello from electrify"}`

// platform is the platform stack: the cluster the application runs on and
// the application's configuration.
type platform struct {
	stack    *constructs.Stack
	cluster  *eks.Cluster
	nodes    *eks.Nodegroup
	insights *eks.ContainerInsights
	config   *secretsmanager.Secret
	identity *eks.PodIdentity
}

// newPlatform creates the platform stack in the VPC of net.
func newPlatform(app *constructs.App, net *network) *platform {
	stack := constructs.NewStack(app, "ElectrifyPlatform", constructs.StackProps{
		Description: "electrify: the EKS cluster, its add-ons and the application's configuration",
	})
	p := &platform{stack: stack}

	// The cluster: managed node groups, no self-managed networking add-ons
	// (the managed ones below replace them), control plane logs for audits.
	p.cluster = eks.NewCluster(stack, "Cluster", eks.ClusterProps{
		Version:                    eks.V1_33,
		Vpc:                        net.vpc,
		DefaultCapacityType:        eks.DefaultCapacityNodegroup,
		DefaultCapacity:            new(0),
		BootstrapSelfManagedAddons: new(false),
		ClusterLogging:             []eks.ClusterLoggingType{eks.LoggingAPI, eks.LoggingAudit, eks.LoggingAuthenticator},
	})

	rules.Suppress(p.cluster, "IAM.ManagedPolicy", "the cluster, node and CloudWatch agent roles have the AWS managed policies Amazon EKS documents for them")

	// Networking add-ons first: nodes are Ready only with a CNI and
	// kube-proxy.
	vpcCNI := eks.NewAddon(p.cluster, "VpcCniAddon", eks.AddonProps{Cluster: p.cluster, AddonName: "vpc-cni"})
	kubeProxy := eks.NewAddon(p.cluster, "KubeProxyAddon", eks.AddonProps{Cluster: p.cluster, AddonName: "kube-proxy"})
	podIdentityAgent := p.cluster.EksPodIdentityAgent()

	// The nodes: AL2023 on two to four m6i.large in the private subnets.
	p.nodes = p.cluster.AddNodegroupCapacity("App", eks.NodegroupOptions{
		AmiType:       eks.AmiAL2023X86_64Standard,
		InstanceTypes: []string{"m6i.large"},
		MinSize:       new(2),
		MaxSize:       new(4),
		Labels:        map[string]string{"electrify/role": "app"},
	})
	p.nodes.Node().AddDependency(vpcCNI, kubeProxy, podIdentityAgent)

	// What runs as pods waits for the nodes: CoreDNS and Container Insights
	// (the CloudWatch agent and Fluent Bit, with their Pod Identity role).
	coreDNS := eks.NewAddon(p.cluster, "CoreDnsAddon", eks.AddonProps{Cluster: p.cluster, AddonName: "coredns"})
	coreDNS.Node().AddDependency(p.nodes)
	p.insights = eks.NewContainerInsights(p.cluster, "ContainerInsights", eks.ContainerInsightsProps{Cluster: p.cluster})
	p.insights.Node().AddDependency(p.nodes)

	// The application's configuration, in Secrets Manager, read at start-up
	// by the pods of its service account through Pod Identity. Its secret
	// part is generated: no value is in a template or a manifest.
	p.config = secretsmanager.NewSecret(stack, "AppConfig", secretsmanager.SecretProps{
		Description: "electrify: the application's configuration",
		GenerateSecretString: &secretsmanager.SecretStringGenerator{
			SecretStringTemplate: appConfigTemplate,
			GenerateStringKey:    "sessionKey",
			ExcludePunctuation:   new(true),
		},
	})
	p.identity = p.cluster.AddPodIdentity("AppIdentity", eks.PodIdentityOptions{
		ServiceAccount: appServiceAccount, Namespace: appNamespace,
	})
	p.config.GrantRead(p.identity)
	return p
}
