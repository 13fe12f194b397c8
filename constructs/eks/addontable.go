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
// (https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html),
// and its "Verify Amazon EKS add-on version compatibility with a cluster"
// (https://docs.aws.amazon.com/eks/latest/userguide/addon-compat.html):
// `aws eks describe-addon-versions --kubernetes-version 1.N` lists the
// add-ons with a build for 1.N. Every add-on below has builds for every
// version from eks.V1_25 to eks.V1_35 (V1_36 and V1_37, named as in
// aws-cdk-lib 2.276.0, are not bounded either); the only earlier bound
// recorded is the EKS Pod Identity Agent's, which the guide states as
// "available on clusters running Kubernetes 1.24 and later". An add-on that
// is not in the table is rejected unless AddonProps.SkipVersionCheck is set;
// when AWS drops an add-on for a version, set its maxMinor.
var addonSupport = map[string]struct{ minMinor, maxMinor int }{
	"vpc-cni":                         {},
	"coredns":                         {},
	"kube-proxy":                      {},
	"eks-pod-identity-agent":          {minMinor: 24},
	"amazon-cloudwatch-observability": {},
	"aws-ebs-csi-driver":              {},
	"aws-efs-csi-driver":              {},
	"aws-mountpoint-s3-csi-driver":    {},
	"snapshot-controller":             {},
	"adot":                            {},
	"aws-guardduty-agent":             {},
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
