package eks

import (
	"slices"
	"sort"
)

// addonSupport is forma's table of the Amazon EKS add-ons and the Kubernetes
// versions each supports: an add-on is available from minor version
// minMinor ("1.<minMinor>") up to maxMinor (0: every later version).
//
// Source: the Amazon EKS User Guide, "Amazon EKS add-ons"
// (https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html)
// and "Verify Amazon EKS add-on version compatibility with a cluster"
// (https://docs.aws.amazon.com/eks/latest/userguide/addon-compat.html), whose
// `aws eks describe-addon-versions --kubernetes-version 1.N` lists, for each
// version, the add-ons that have a compatible build. The EKS Pod Identity
// Agent needs 1.24 or later ("Amazon EKS Pod Identity agent add-on is only
// available on clusters running Kubernetes 1.24 and later"); the Amazon
// CloudWatch Observability add-on (Container Insights) needs 1.23 or later.
// An add-on that is not in the table is rejected unless
// AddonProps.SkipVersionCheck is set.
var addonSupport = map[string]struct{ minMinor, maxMinor int }{
	"vpc-cni":                         {minMinor: 0},
	"coredns":                         {minMinor: 0},
	"kube-proxy":                      {minMinor: 0},
	"eks-pod-identity-agent":          {minMinor: 24},
	"amazon-cloudwatch-observability": {minMinor: 23},
	"aws-ebs-csi-driver":              {minMinor: 0},
	"aws-efs-csi-driver":              {minMinor: 24},
	"aws-mountpoint-s3-csi-driver":    {minMinor: 25},
	"snapshot-controller":             {minMinor: 25},
	"adot":                            {minMinor: 24},
	"aws-guardduty-agent":             {minMinor: 23},
	"eks-node-monitoring-agent":       {minMinor: 25},
}

// SupportedAddons returns the names of the add-ons forma's table lists for
// version, sorted.
func SupportedAddons(version KubernetesVersion) []string {
	var out []string
	for name := range addonSupport {
		if addonSupported(name, version) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// addonKnown reports whether the table lists the add-on.
func addonKnown(name string) bool {
	_, ok := addonSupport[name]
	return ok
}

// addonSupported reports whether the table says version supports the add-on.
func addonSupported(name string, version KubernetesVersion) bool {
	s, ok := addonSupport[name]
	if !ok {
		return false
	}
	m := version.minor()
	if m < 0 {
		return false
	}
	return m >= s.minMinor && (s.maxMinor == 0 || m <= s.maxMinor)
}

// knownAddons returns the names in the table, sorted.
func knownAddons() []string {
	out := make([]string, 0, len(addonSupport))
	for name := range addonSupport {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}
