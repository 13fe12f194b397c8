package eks_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/forma-iac/forma/assertions"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/synth"
)

func newStack() (*constructs.App, *constructs.Stack) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	return app, constructs.NewStack(app, "Eks", constructs.StackProps{})
}

func nodegroupCluster(s *constructs.Stack) *eks.Cluster {
	vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	return eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_33, Vpc: vpc, DefaultCapacityType: eks.DefaultCapacityNodegroup, DefaultCapacity: new(0)})
}

// synthErrors synthesizes app and returns the error text ("" on success).
func synthErrors(t *testing.T, app *constructs.App) string {
	t.Helper()
	if _, err := synth.Synthesize(app); err != nil {
		return err.Error()
	}
	return ""
}

func wantError(t *testing.T, app *constructs.App, parts ...string) {
	t.Helper()
	got := synthErrors(t, app)
	if got == "" {
		t.Fatalf("synthesis succeeded; want an error containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("error %q does not contain %q", got, p)
		}
	}
}

func TestPodIdentityIsGrantable(t *testing.T) {
	_, s := newStack()
	cluster := nodegroupCluster(s)
	web := cluster.AddPodIdentity("Web", eks.PodIdentityOptions{ServiceAccount: "web", Namespace: "shop"})
	s3.NewBucket(s, "Assets", s3.BucketProps{}).GrantRead(web)
	kms.NewKey(s, "Key", kms.KeyProps{}).GrantDecrypt(web)
	var _ iam.IGrantable = web
	// The agent add-on is created once however many identities there are.
	cluster.AddPodIdentity("Worker", eks.PodIdentityOptions{ServiceAccount: "worker"})

	tpl := assertions.FromStack(t, s)
	tpl.HasResourceProperties("AWS::EKS::PodIdentityAssociation", map[string]any{
		"Namespace": "shop", "ServiceAccount": "web",
		"RoleArn": map[string]any{"Fn::GetAtt": []any{"ClusterWebRole8D418558", "Arn"}},
	})
	tpl.HasResourceProperties("AWS::IAM::Policy", map[string]any{
		"Roles": []any{map[string]any{"Ref": "ClusterWebRole8D418558"}},
		"PolicyDocument": map[string]any{"Statement": assertions.ArrayWith([]any{
			map[string]any{"Action": []any{"s3:GetObject*", "s3:GetBucket*", "s3:List*"}},
			map[string]any{"Action": "kms:Decrypt"},
		})},
	})
	tpl.ResourcePropertiesCountIs("AWS::EKS::Addon", map[string]any{"AddonName": "eks-pod-identity-agent"}, 1)
	tpl.HasResourceProperties("AWS::EKS::PodIdentityAssociation", map[string]any{"Namespace": "default", "ServiceAccount": "worker"})
}

func TestContainerInsights(t *testing.T) {
	_, s := newStack()
	cluster := nodegroupCluster(s)
	ci := eks.NewContainerInsights(s, "Insights", eks.ContainerInsightsProps{Cluster: cluster})
	if ci.Agent == nil || ci.Agent.Namespace() != "amazon-cloudwatch" || ci.Agent.ServiceAccount() != "cloudwatch-agent" {
		t.Fatalf("agent identity = %+v", ci.Agent)
	}
	tpl := assertions.FromStack(t, s)
	tpl.HasResourceProperties("AWS::EKS::Addon", map[string]any{"AddonName": "amazon-cloudwatch-observability"})
	tpl.HasResourceProperties("AWS::EKS::Addon", map[string]any{"AddonName": "eks-pod-identity-agent"})
	tpl.HasResourceProperties("AWS::IAM::Role", map[string]any{
		"ManagedPolicyArns": []any{map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":iam::aws:policy/CloudWatchAgentServerPolicy"}}}},
	})
}

func TestMastersRole(t *testing.T) {
	_, s := newStack()
	role := iam.NewRole(s, "Masters", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
	eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_33, MastersRole: role})
	tpl := assertions.FromStack(t, s)
	tpl.HasResourceProperties("AWS::EKS::AccessEntry", map[string]any{
		"PrincipalArn":   map[string]any{"Fn::GetAtt": []any{"MastersEA6F689C", "Arn"}},
		"AccessPolicies": []any{map[string]any{"AccessScope": map[string]any{"Type": "cluster"}}},
	})
	for _, o := range []string{"ClusterConfigCommand43AAE40F", "ClusterGetTokenCommand06AE992E"} {
		tpl.HasOutput(o, map[string]any{})
	}
}

func TestAddonTable(t *testing.T) {
	v133 := eks.SupportedAddons(eks.V1_33)
	for _, name := range []string{"vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent", "amazon-cloudwatch-observability"} {
		if !slices.Contains(v133, name) {
			t.Errorf("1.33 add-ons %v lack %s", v133, name)
		}
	}
	if slices.Contains(eks.SupportedAddons(eks.KubernetesVersionOf("1.23")), "eks-pod-identity-agent") {
		t.Error("1.23 supports eks-pod-identity-agent; it needs 1.24")
	}
	if got := eks.SupportedAddons(eks.KubernetesVersionOf("one")); len(got) != 0 {
		t.Errorf("a bad version supports %v", got)
	}
	// A Marketplace add-on passes with SkipVersionCheck.
	app, s := newStack()
	cluster := nodegroupCluster(s)
	eks.NewAddon(s, "Vendor", eks.AddonProps{Cluster: cluster, AddonName: "vendor-agent", SkipVersionCheck: true})
	if e := synthErrors(t, app); e != "" {
		t.Fatal(e)
	}
}

func TestNodegroupAmiTypeInference(t *testing.T) {
	for instance, want := range map[string]string{
		"m6i.large":    "AL2_x86_64",
		"t4g.medium":   "AL2_ARM_64",
		"c6gn.xlarge":  "AL2_ARM_64",
		"g5.xlarge":    "AL2_x86_64_GPU",
		"p4d.24xlarge": "AL2_x86_64_GPU",
	} {
		_, s := newStack()
		nodegroupCluster(s).AddNodegroupCapacity("Ng", eks.NodegroupOptions{InstanceTypes: []string{instance}})
		assertions.FromStack(t, s).HasResourceProperties("AWS::EKS::Nodegroup", map[string]any{"AmiType": want})
	}
}

func TestNodegroupErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		opts eks.NodegroupOptions
		want string
	}{
		"mixed architectures": {eks.NodegroupOptions{InstanceTypes: []string{"m6i.large", "m7g.large"}}, "mix CPU architectures"},
		"ami of another arch": {eks.NodegroupOptions{InstanceTypes: []string{"m7g.large"}, AmiType: eks.AmiAL2023X86_64Standard}, "does not match the architecture"},
		"desired over max":    {eks.NodegroupOptions{DesiredSize: new(5), MaxSize: new(3)}, "DesiredSize 5 is greater than MaxSize 3"},
		"min over desired":    {eks.NodegroupOptions{MinSize: new(4), DesiredSize: new(3), MaxSize: new(5)}, "MinSize 4 is greater than DesiredSize 3"},
		"disk with template":  {eks.NodegroupOptions{DiskSize: 40, LaunchTemplateSpec: &eks.LaunchTemplateSpec{ID: "lt-1"}}, "DiskSize cannot be set with LaunchTemplateSpec"},
	} {
		t.Run(name, func(t *testing.T) {
			app, s := newStack()
			nodegroupCluster(s).AddNodegroupCapacity("Ng", tc.opts)
			wantError(t, app, "Eks/Cluster/NodegroupNg", tc.want)
		})
	}
}

func TestClusterErrors(t *testing.T) {
	t.Run("private endpoint without private subnets", func(t *testing.T) {
		app, s := newStack()
		vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2, SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Public", SubnetType: ec2.SubnetPublic}}})
		eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_33, Vpc: vpc, EndpointAccess: eks.EndpointAccessPrivate})
		wantError(t, app, "Eks/Cluster", "must have private subnets")
	})
	t.Run("default capacity in auto mode", func(t *testing.T) {
		app, s := newStack()
		eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_33, DefaultCapacity: new(3)})
		wantError(t, app, "Eks/Cluster", "cannot be set in EKS Auto Mode")
	})
	t.Run("cidrs on a private endpoint", func(t *testing.T) {
		app, s := newStack()
		eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_33, EndpointAccess: eks.EndpointAccessPrivate.OnlyFrom("1.2.3.4/32")})
		wantError(t, app, "Eks/Cluster", "no public access to restrict")
	})
	t.Run("too many fargate selectors", func(t *testing.T) {
		app, s := newStack()
		sel := make([]eks.Selector, 6)
		for i := range sel {
			sel[i] = eks.Selector{Namespace: "ns"}
		}
		nodegroupCluster(s).AddFargateProfile("P", eks.FargateProfileOptions{Selectors: sel})
		wantError(t, app, "Eks/Cluster/fargate-profile-P", "at most five selectors")
	})
	t.Run("policies on a hybrid nodes entry", func(t *testing.T) {
		app, s := newStack()
		eks.NewAccessEntry(s, "Nodes", eks.AccessEntryProps{Cluster: nodegroupCluster(s), Principal: "arn:aws:iam::123456789012:role/n",
			AccessEntryType: eks.AccessEntryHybridLinux, AccessPolicies: []eks.AccessPolicy{eks.ClusterAccess(eks.AmazonEKSViewPolicy)}})
		wantError(t, app, "Eks/Nodes", "cannot have access policies")
	})
	t.Run("pod networks without node networks", func(t *testing.T) {
		app, s := newStack()
		eks.NewCluster(s, "Hybrid", eks.ClusterProps{Version: eks.V1_33, RemotePodNetworks: []eks.RemoteNetwork{{CIDRs: []string{"192.168.0.0/16"}}}})
		wantError(t, app, "Eks/Hybrid", "RemotePodNetworks needs RemoteNodeNetworks")
	})
	t.Run("overlapping remote networks", func(t *testing.T) {
		app, s := newStack()
		eks.NewCluster(s, "Hybrid", eks.ClusterProps{Version: eks.V1_33,
			RemoteNodeNetworks: []eks.RemoteNetwork{{CIDRs: []string{"10.0.0.0/16"}}, {CIDRs: []string{"10.0.128.0/20", "nope"}}},
			RemotePodNetworks:  []eks.RemoteNetwork{{CIDRs: []string{"10.0.0.0/8"}}}})
		wantError(t, app, "Eks/Hybrid",
			"CIDR block 10.0.0.0/16 of RemoteNodeNetworks[0] overlaps 10.0.128.0/20 of RemoteNodeNetworks[1]",
			"CIDR block 10.0.0.0/16 of RemoteNodeNetworks[0] overlaps 10.0.0.0/8 of RemotePodNetworks[0]",
			`RemoteNodeNetworks[1]: "nope" is not a CIDR block`)
	})
	t.Run("bad service account name", func(t *testing.T) {
		app, s := newStack()
		nodegroupCluster(s).AddPodIdentity("Web", eks.PodIdentityOptions{ServiceAccount: "Web_App"})
		wantError(t, app, "Eks/Cluster/Web", "not a Kubernetes object name")
	})
}

func TestDeterministic(t *testing.T) {
	build := func() []byte {
		app, s := newStack()
		c := nodegroupCluster(s)
		c.AddNodegroupCapacity("Ng", eks.NodegroupOptions{Labels: map[string]string{"b": "2", "a": "1", "c": "3"}, Tags: map[string]string{"y": "1", "x": "2"}})
		c.AddFargateProfile("F", eks.FargateProfileOptions{Selectors: []eks.Selector{{Namespace: "n", Labels: map[string]string{"z": "1", "k": "2"}}}})
		eks.NewAddon(s, "Proxy", eks.AddonProps{Cluster: c, AddonName: "kube-proxy", ConfigurationValues: map[string]any{"z": 1, "a": map[string]any{"y": 2, "b": 3}}})
		asm, err := synth.Synthesize(app)
		if err != nil {
			t.Fatal(err)
		}
		files, err := asm.Files(false)
		if err != nil {
			t.Fatal(err)
		}
		return files["Eks.template.json"]
	}
	first := build()
	for range 5 {
		if string(build()) != string(first) {
			t.Fatal("two syntheses of one program differ")
		}
	}
}

func TestImportedCluster(t *testing.T) {
	app, s := newStack()
	vpc := ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	c := eks.ClusterFromAttributes(s, "Shared", eks.ClusterAttributes{ClusterName: "shared", Vpc: vpc, KubernetesVersion: eks.V1_32})
	c.GrantAccess("Ops", "arn:aws:iam::123456789012:role/ops", eks.ClusterAccess(eks.AmazonEKSViewPolicy))
	c.GrantAccess("OpsEdit", "arn:aws:iam::123456789012:role/ops", eks.NamespaceAccess(eks.AmazonEKSEditPolicy, "ops"))
	c.GrantAccess("OpsAgain", "arn:aws:iam::123456789012:role/ops", eks.ClusterAccess(eks.AmazonEKSViewPolicy))
	eks.NewNodegroup(s, "Ng", eks.NodegroupProps{Cluster: c, NodegroupOptions: eks.NodegroupOptions{AmiType: eks.AmiBottlerocketX86_64}})
	eks.NewAddon(s, "Cni", eks.AddonProps{Cluster: c, AddonName: "vpc-cni"})
	tpl := assertions.FromStack(t, s)
	tpl.ResourceCountIs("AWS::EKS::AccessEntry", 1)
	tpl.HasResourceProperties("AWS::EKS::AccessEntry", map[string]any{
		"ClusterName": "shared",
		"AccessPolicies": []any{
			map[string]any{"AccessScope": map[string]any{"Type": "cluster"}},
			map[string]any{"AccessScope": map[string]any{"Type": "namespace", "Namespaces": []any{"ops"}}},
		},
	})

	tpl.HasResourceProperties("AWS::EKS::Nodegroup", map[string]any{"ClusterName": "shared", "AmiType": "BOTTLEROCKET_x86_64"})
	if e := synthErrors(t, app); e != "" {
		t.Fatal(e)
	}
}

func TestAddonAfterNodegroup(t *testing.T) {
	_, s := newStack()
	c := nodegroupCluster(s)
	ng := c.AddNodegroupCapacity("Workers", eks.NodegroupOptions{AmiType: eks.AmiAL2023X86_64Standard})
	dns := eks.NewAddon(s, "CoreDns", eks.AddonProps{Cluster: c, AddonName: "coredns"})
	dns.Node().AddDependency(ng)
	assertions.FromStack(t, s).HasResource("AWS::EKS::Addon", map[string]any{
		"Properties": map[string]any{"AddonName": "coredns"},
		"DependsOn":  assertions.ArrayWith([]any{assertions.StringLikeRegexp("^ClusterNodegroupWorkers")}),
	})
}

func TestDefaultToAL2023(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: map[string]any{eks.FlagDefaultToAL2023: true}})
	s := constructs.NewStack(app, "Eks", constructs.StackProps{})
	c := nodegroupCluster(s)
	c.AddNodegroupCapacity("X86", eks.NodegroupOptions{InstanceTypes: []string{"m6i.large"}})
	c.AddNodegroupCapacity("Arm", eks.NodegroupOptions{InstanceTypes: []string{"m7g.large"}})
	c.AddNodegroupCapacity("Gpu", eks.NodegroupOptions{InstanceTypes: []string{"g5.xlarge"}})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	tpl := assertions.FromStack(t, s)
	tpl.HasResourceProperties("AWS::EKS::Nodegroup", map[string]any{"InstanceTypes": []any{"m6i.large"}, "AmiType": "AL2023_x86_64_STANDARD"})
	tpl.HasResourceProperties("AWS::EKS::Nodegroup", map[string]any{"InstanceTypes": []any{"m7g.large"}, "AmiType": "AL2023_ARM_64_STANDARD"})
	tpl.HasResourceProperties("AWS::EKS::Nodegroup", map[string]any{"InstanceTypes": []any{"g5.xlarge"}, "AmiType": "AL2_x86_64_GPU"})
	if w := strings.Join(asm.Warnings, "\n"); !strings.Contains(w, "Eks/Cluster/NodegroupGpu: GPU instance types keep AL2") {
		t.Errorf("no warning for the GPU node group in:\n%s", w)
	}
}
