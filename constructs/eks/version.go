//lint:file-ignore ST1003 the version names are aws-eks-v2's KubernetesVersion.V1_33 and so on; a Go name cannot hold the dot of "1.33"

package eks

import (
	"strconv"
	"strings"
)

// KubernetesVersion is the Kubernetes version of a cluster's control plane,
// the AWS CDK's eks.KubernetesVersion. Use one of the V1_* values, or
// KubernetesVersionOf for a version forma does not name yet.
type KubernetesVersion struct{ version string }

// KubernetesVersionOf returns the version "1.N" (the AWS CDK's
// KubernetesVersion.of).
func KubernetesVersionOf(version string) KubernetesVersion { return KubernetesVersion{version} }

// The Kubernetes versions of Amazon EKS, as the AWS CDK's aws-eks-v2 names
// them.
var (
	V1_25 = KubernetesVersion{"1.25"}
	V1_26 = KubernetesVersion{"1.26"}
	V1_27 = KubernetesVersion{"1.27"}
	V1_28 = KubernetesVersion{"1.28"}
	V1_29 = KubernetesVersion{"1.29"}
	V1_30 = KubernetesVersion{"1.30"}
	V1_31 = KubernetesVersion{"1.31"}
	V1_32 = KubernetesVersion{"1.32"}
	V1_33 = KubernetesVersion{"1.33"}
	V1_34 = KubernetesVersion{"1.34"}
	V1_35 = KubernetesVersion{"1.35"}
	V1_36 = KubernetesVersion{"1.36"}
	V1_37 = KubernetesVersion{"1.37"}
)

// Version returns the version string, e.g. "1.33".
func (v KubernetesVersion) Version() string { return v.version }

// IsZero reports whether no version was given.
func (v KubernetesVersion) IsZero() bool { return v.version == "" }

// minor returns N of "1.N", or -1 when the version is not of that form.
func (v KubernetesVersion) minor() int {
	major, minor, ok := strings.Cut(v.version, ".")
	if !ok || major != "1" {
		return -1
	}
	n, err := strconv.Atoi(minor)
	if err != nil || n < 0 {
		return -1
	}
	return n
}
