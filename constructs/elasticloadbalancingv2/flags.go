package elasticloadbalancingv2

import "github.com/forma-iac/forma/constructs"

// The AWS CDK feature flags the load balancer L2s read from the context.
const (
	// flagPostQuantumTLSPolicy gives HTTPS listeners without an SSL policy
	// SSLPolicyTLS13Min12PQ.
	flagPostQuantumTLSPolicy = "@aws-cdk/aws-elasticloadbalancingv2:usePostQuantumTlsPolicy"
	// flagDualStackWithoutPublicIPv4Rules opens the listeners of a
	// DualStackWithoutPublicIPv4 load balancer to IPv6 too.
	flagDualStackWithoutPublicIPv4Rules = "@aws-cdk/aws-elasticloadbalancingV2:albDualstackWithoutPublicIpv4SecurityGroupRulesDefault"
)

// flagEnabled reports whether the feature flag is set (true or "true") in
// c's context, as the AWS CDK's FeatureFlags.isEnabled for flags whose
// default is off.
func flagEnabled(c constructs.Construct, flag string) bool {
	v := c.Node().TryGetContext(flag)
	return v == true || v == "true"
}
