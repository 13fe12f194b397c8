package constructs

import (
	"sort"
	"strings"
)

// Feature flags of the AWS CDK that forma reads from context (cdk.json,
// forma.json, $CDK_CONTEXT_JSON, -c). docs/feature-flags.md lists every flag
// that affects forma's constructs and whether forma honours it.
const (
	// FlagIAMMinimizePolicies merges the statements of IAM policy documents
	// that differ only in actions, resources or principals
	// (@aws-cdk/aws-iam:minimizePolicies).
	FlagIAMMinimizePolicies = "@aws-cdk/aws-iam:minimizePolicies"
	// FlagSecurityGroupDisableInlineRules writes security group rules as
	// separate resources by default
	// (@aws-cdk/aws-ec2.securityGroupDisableInlineRules).
	FlagSecurityGroupDisableInlineRules = "@aws-cdk/aws-ec2.securityGroupDisableInlineRules"
)

// FeatureFlag reports whether the AWS CDK feature flag name is enabled in the
// context visible at scope. As in the AWS CDK, an unset flag is off (every
// flag forma reads defaults to off in aws-cdk-lib 2.x when the context does
// not set it). A boolean is taken as is; a string is on when it is "true"
// (any case), so that -c name=false turns a flag off; any other non-nil
// value is on, as the AWS CDK's Boolean(value).
func FeatureFlag(scope Construct, name string) bool {
	v, _ := FeatureFlagSet(scope, name)
	return v
}

// FeatureFlagSet is FeatureFlag, and whether the context sets the flag at all.
func FeatureFlagSet(scope Construct, name string) (on, set bool) {
	if scope == nil {
		return false, false
	}
	switch v := scope.Node().TryGetContext(name).(type) {
	case nil:
		return false, false
	case bool:
		return v, true
	case string:
		return strings.EqualFold(strings.TrimSpace(v), "true"), true
	case float64:
		return v != 0, true
	case int:
		return v != 0, true
	default:
		return true, true
	}
}

// unhonoured maps the AWS CDK feature flags that change forma's constructs
// but that forma does not read yet to the value forma behaves as (the AWS
// CDK's behaviour when the flag is unset). docs/feature-flags.md lists them
// as "not yet"; a construct that starts honouring a flag removes it here.
var unhonoured = map[string]any{
	"@aws-cdk/core:defaultCrossStackReferences":     "strong",
	"@aws-cdk/core:enablePartitionLiterals":         false,
	"@aws-cdk/core:validateSnapshotRemovalPolicy":   false,
	"@aws-cdk/core:explicitStackTags":               false,
	"@aws-cdk/core:automaticL1Traits":               false,
	"@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": false,
	"@aws-cdk/aws-ecs:removeEmptyLoadBalancers":     false,
}

// UnhonouredFeatureFlags returns, sorted, the AWS CDK feature flags that the
// context visible at scope sets to a value forma does not behave as: for the
// constructs those flags affect, forma's templates differ from the AWS CDK's
// (docs/feature-flags.md).
func UnhonouredFeatureFlags(scope Construct) []string {
	var out []string
	for name, forma := range unhonoured {
		v := scope.Node().TryGetContext(name)
		if v == nil {
			continue
		}
		if s, ok := forma.(string); ok {
			if got, _ := v.(string); got != s {
				out = append(out, name)
			}
			continue
		}
		if on, _ := FeatureFlagSet(scope, name); on != forma.(bool) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
