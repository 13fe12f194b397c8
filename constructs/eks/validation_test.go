package eks_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/assertions"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/eks"
)

// TestNodegroupInputErrors pins the messages of node group mistakes EKS or
// aws-eks-v2 rejects: each names the node group and the fix, and one
// mistake gives one message.
func TestNodegroupInputErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		opts eks.NodegroupOptions
		want string
	}{
		"negative min":             {eks.NodegroupOptions{MinSize: new(-1)}, "MinSize -1 is negative; set 0 or more"},
		"negative desired":         {eks.NodegroupOptions{DesiredSize: new(-2)}, "DesiredSize -2 is negative; set 0 or more"},
		"zero max":                 {eks.NodegroupOptions{MinSize: new(0), MaxSize: new(0)}, "MaxSize 0 is less than 1"},
		"zero max by default":      {eks.NodegroupOptions{MinSize: new(0)}, "MaxSize is 0 (the default: DesiredSize, itself MinSize)"},
		"min over max":             {eks.NodegroupOptions{MinSize: new(5), MaxSize: new(3)}, "MinSize 5 is greater than MaxSize 3; lower MinSize or raise MaxSize"},
		"min over max, desired":    {eks.NodegroupOptions{MinSize: new(5), MaxSize: new(3), DesiredSize: new(4)}, "MinSize 5 is greater than MaxSize 3"},
		"default min over desired": {eks.NodegroupOptions{DesiredSize: new(0), MaxSize: new(2)}, "MinSize 1 (the default) is greater than DesiredSize 0"},
		"not an instance type":     {eks.NodegroupOptions{InstanceTypes: []string{"large"}}, `InstanceTypes[0] "large" is not an EC2 instance type; write family.size in lower case`},
		"upper-case instance":      {eks.NodegroupOptions{InstanceTypes: []string{"m6i.large", "M5.Large"}}, `InstanceTypes[1] "M5.Large" is not an EC2 instance type`},
		"empty instance type":      {eks.NodegroupOptions{InstanceTypes: []string{""}}, `InstanceTypes[0] "" is not an EC2 instance type`},
		"windows on c4":            {eks.NodegroupOptions{AmiType: eks.AmiWindowsCore2022X86_64, InstanceTypes: []string{"c4.large"}}, `instance type "c4.large" does not run Windows`},
		"template and ssh":         {eks.NodegroupOptions{LaunchTemplateSpec: &eks.LaunchTemplateSpec{ID: "lt-1"}, RemoteAccess: &eks.NodegroupRemoteAccess{SSHKeyName: "k"}}, "RemoteAccess cannot be set with LaunchTemplateSpec"},
		"template without id":      {eks.NodegroupOptions{LaunchTemplateSpec: &eks.LaunchTemplateSpec{Version: "1"}}, "LaunchTemplateSpec.ID is required"},
		"negative disk":            {eks.NodegroupOptions{DiskSize: -3}, "DiskSize -3 is not a size"},
		"taint without key":        {eks.NodegroupOptions{Taints: []eks.Taint{{Effect: eks.TaintNoSchedule}}}, "Taints[0] has no Key"},
		"taint without effect":     {eks.NodegroupOptions{Taints: []eks.Taint{{Key: "gpu"}}}, `Taints[0] has effect ""; use eks.TaintNoSchedule`},
	} {
		t.Run(name, func(t *testing.T) {
			app, s := newStack()
			nodegroupCluster(s).AddNodegroupCapacity("Ng", tc.opts)
			wantError(t, app, "Eks/Cluster/NodegroupNg: "+tc.want)
			if got := synthErrors(t, app); strings.Contains(got, "errors:") {
				t.Errorf("want one error, got:\n%s", got)
			}
		})
	}
}

// TestNodegroupAcceptsValidShapes keeps the instance type check from
// refusing real instance types.
func TestNodegroupAcceptsValidShapes(t *testing.T) {
	for _, it := range []string{"m6i.large", "u-6tb1.metal", "i7ie.metal-24xl", "mac2-m2pro.metal", "c6gn.16xlarge", "m7i-flex.large", "x2iezn.12xlarge"} {
		t.Run(it, func(t *testing.T) {
			app, s := newStack()
			nodegroupCluster(s).AddNodegroupCapacity("Ng", eks.NodegroupOptions{InstanceTypes: []string{it}, MinSize: new(0), MaxSize: new(1)})
			if got := synthErrors(t, app); got != "" {
				t.Fatal(got)
			}
		})
	}
	t.Run("windows on m4.16xlarge", func(t *testing.T) {
		app, s := newStack()
		nodegroupCluster(s).AddNodegroupCapacity("Ng", eks.NodegroupOptions{AmiType: eks.AmiWindowsFull2022X86_64, InstanceTypes: []string{"m4.16xlarge"}})
		if got := synthErrors(t, app); got != "" {
			t.Fatal(got)
		}
	})
}

func TestDuplicateAddon(t *testing.T) {
	t.Run("same name twice", func(t *testing.T) {
		app, s := newStack()
		c := nodegroupCluster(s)
		eks.NewAddon(s, "Dns", eks.AddonProps{Cluster: c, AddonName: "coredns"})
		eks.NewAddon(s, "Dns2", eks.AddonProps{Cluster: c, AddonName: "coredns"})
		wantError(t, app, `Eks/Dns2: add-on "coredns" is already installed on cluster Eks/Cluster by Eks/Dns`)
	})
	t.Run("pod identity agent after a pod identity", func(t *testing.T) {
		app, s := newStack()
		c := nodegroupCluster(s)
		c.AddPodIdentity("Web", eks.PodIdentityOptions{ServiceAccount: "web"})
		eks.NewAddon(s, "Agent", eks.AddonProps{Cluster: c, AddonName: "eks-pod-identity-agent"})
		wantError(t, app, `Eks/Agent: add-on "eks-pod-identity-agent" is already installed`, "cluster.EksPodIdentityAgent() returns it")
	})
	t.Run("pod identity agent before a pod identity is reused", func(t *testing.T) {
		_, s := newStack()
		c := nodegroupCluster(s)
		mine := eks.NewAddon(s, "Agent", eks.AddonProps{Cluster: c, AddonName: "eks-pod-identity-agent", AddonVersion: "v1.3.4-eksbuild.1"})
		c.AddPodIdentity("Web", eks.PodIdentityOptions{ServiceAccount: "web"})
		if c.EksPodIdentityAgent() != mine {
			t.Error("EksPodIdentityAgent does not return the add-on created first")
		}
		assertions.FromStack(t, s).ResourceCountIs("AWS::EKS::Addon", 1)
	})
	t.Run("imported cluster", func(t *testing.T) {
		app, s := newStack()
		c := eks.ClusterFromAttributes(s, "Imported", eks.ClusterAttributes{ClusterName: "prod"})
		eks.NewAddon(s, "Cni", eks.AddonProps{Cluster: c, AddonName: "vpc-cni"})
		eks.NewAddon(s, "Cni2", eks.AddonProps{Cluster: c, AddonName: "vpc-cni"})
		wantError(t, app, `Eks/Cni2: add-on "vpc-cni" is already installed on cluster Eks/Imported`)
	})
}

func TestAccessEntryInputErrors(t *testing.T) {
	const role = "arn:aws:iam::123456789012:role/dev"
	for name, tc := range map[string]struct {
		build func(s *constructs.Stack, c *eks.Cluster)
		want  []string
	}{
		"empty principal": {func(_ *constructs.Stack, c *eks.Cluster) {
			c.GrantAccess("Dev", "", eks.ClusterAccess(eks.AmazonEKSViewPolicy))
		}, []string{"Eks/Cluster/Dev: AccessEntryProps.Principal is required"}},
		"cluster admin twice": {func(_ *constructs.Stack, c *eks.Cluster) {
			c.GrantClusterAdmin("Admin", role)
			c.GrantClusterAdmin("Admin2", role)
		}, []string{"Eks/Cluster/Admin2: principal " + role + " already has access entry Eks/Cluster/Admin on cluster Eks/Cluster", "cluster.GrantAccess with the same principal"}},
		"entry beside a grant": {func(s *constructs.Stack, c *eks.Cluster) {
			c.GrantAccess("Dev", role, eks.ClusterAccess(eks.AmazonEKSViewPolicy))
			eks.NewAccessEntry(s, "Mine", eks.AccessEntryProps{Cluster: c, Principal: role})
		}, []string{"Eks/Mine: principal " + role + " already has access entry Eks/Cluster/Dev"}},
		"empty namespace": {func(_ *constructs.Stack, c *eks.Cluster) {
			c.GrantAccess("Dev", role, eks.NamespaceAccess(eks.AmazonEKSEditPolicy, ""))
		}, []string{`Eks/Cluster/Dev: access policy AmazonEKSEditPolicy: namespace "" is not a Kubernetes namespace name`}},
		"bad namespace": {func(_ *constructs.Stack, c *eks.Cluster) {
			c.GrantAccess("Dev", role, eks.NamespaceAccess(eks.AmazonEKSEditPolicy, "Team_A"))
		}, []string{`namespace "Team_A" is not a Kubernetes namespace name`}},
	} {
		t.Run(name, func(t *testing.T) {
			app, s := newStack()
			tc.build(s, nodegroupCluster(s))
			wantError(t, app, tc.want...)
		})
	}
	t.Run("grants to one principal share its entry", func(t *testing.T) {
		_, s := newStack()
		c := nodegroupCluster(s)
		a := c.GrantAccess("Dev", role, eks.NamespaceAccess(eks.AmazonEKSEditPolicy, "dev-*"))
		if b := c.GrantAccess("Dev2", role, eks.ClusterAccess(eks.AmazonEKSViewPolicy)); a != b {
			t.Error("a second grant made a second entry")
		}
		assertions.FromStack(t, s).ResourceCountIs("AWS::EKS::AccessEntry", 1)
	})
}

func TestFargateSelectorErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		sel  eks.Selector
		want string
	}{
		"empty namespace": {eks.Selector{Labels: map[string]string{"app": "web"}}, "Selectors[0] has no Namespace"},
		"bad namespace":   {eks.Selector{Namespace: "Kube_System"}, `Selectors[0] namespace "Kube_System" is not a Kubernetes namespace name`},
	} {
		t.Run(name, func(t *testing.T) {
			app, s := newStack()
			nodegroupCluster(s).AddFargateProfile("P", eks.FargateProfileOptions{Selectors: []eks.Selector{tc.sel}})
			wantError(t, app, "Eks/Cluster/fargate-profile-P: "+tc.want)
		})
	}
	t.Run("wildcards", func(t *testing.T) {
		app, s := newStack()
		nodegroupCluster(s).AddFargateProfile("P", eks.FargateProfileOptions{Selectors: []eks.Selector{{Namespace: "team-*"}, {Namespace: "job-?"}}})
		if got := synthErrors(t, app); got != "" {
			t.Fatal(got)
		}
	})
}

func TestClusterInputErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		props eks.ClusterProps
		want  string
	}{
		"cluster name":         {eks.ClusterProps{ClusterName: "my cluster!"}, `ClusterName "my cluster!" is not an EKS cluster name`},
		"public cidr":          {eks.ClusterProps{EndpointAccess: eks.EndpointAccessPublicAndPrivate.OnlyFrom("203.0.113.7")}, `EndpointAccess: "203.0.113.7" is not a CIDR block`},
		"service cidr":         {eks.ClusterProps{ServiceIPv4CIDR: "10.100.0.0"}, `ServiceIPv4CIDR "10.100.0.0" is not an IPv4 CIDR block`},
		"public service cidr":  {eks.ClusterProps{ServiceIPv4CIDR: "8.8.0.0/16"}, "ServiceIPv4CIDR 8.8.0.0/16 must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a prefix length from /12 to /24"},
		"small service cidr":   {eks.ClusterProps{ServiceIPv4CIDR: "10.100.0.0/28"}, "ServiceIPv4CIDR 10.100.0.0/28 must lie in"},
		"negative capacity":    {eks.ClusterProps{DefaultCapacityType: eks.DefaultCapacityNodegroup, DefaultCapacity: new(-1)}, "DefaultCapacity -1 is negative"},
		"bad default instance": {eks.ClusterProps{DefaultCapacityType: eks.DefaultCapacityNodegroup, DefaultCapacityInstance: "m5large"}, `NodegroupDefaultCapacity: InstanceTypes[0] "m5large" is not an EC2 instance type`},
	} {
		t.Run(name, func(t *testing.T) {
			app, s := newStack()
			tc.props.Version = eks.V1_33
			tc.props.Vpc = ec2.NewVpc(s, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
			eks.NewCluster(s, "Cluster", tc.props)
			wantError(t, app, "Eks/Cluster", tc.want)
		})
	}
	t.Run("valid inputs", func(t *testing.T) {
		app, s := newStack()
		eks.NewCluster(s, "Cluster", eks.ClusterProps{Version: eks.V1_33, ClusterName: "shop-prod_1", ServiceIPv4CIDR: "172.20.0.0/16",
			EndpointAccess: eks.EndpointAccessPublicAndPrivate.OnlyFrom("203.0.113.0/24")})
		if got := synthErrors(t, app); got != "" {
			t.Fatal(got)
		}
	})
}
