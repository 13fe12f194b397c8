package cfn

import (
	"sort"
	"strings"
	"testing"
)

// The order the AWS CDK's TagManager gives (String.prototype.localeCompare).
func TestLocaleOrder(t *testing.T) {
	want := []string{"10", "9", "a_b", "a-b", "ab", "Alpha", "aws-cdk:x", "b", "B", "beta", "Name", "Zed", "zeta"}
	got := append([]string(nil), want...)
	sort.Slice(got, func(i, j int) bool { return got[i] > got[j] })
	sort.SliceStable(got, func(i, j int) bool { return localeLess(got[i], got[j]) })
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}
