package elasticloadbalancingv2

import (
	"fmt"
	"github.com/forma-iac/forma/constructs/elasticloadbalancingv2/elasticloadbalancingv2cfn"
)

// ListenerCondition is a condition of a listener rule: the rule applies to
// a request that matches all of its conditions, as the AWS CDK's
// ListenerCondition. Make one with HostHeadersCondition,
// PathPatternsCondition, HTTPHeaderCondition, HTTPRequestMethodsCondition,
// QueryStringsCondition or SourceIPsCondition.
type ListenerCondition struct {
	json     elasticloadbalancingv2cfn.CfnListenerRule_RuleConditionProperty
	problems []string
}

// HostHeadersCondition matches requests whose host header is one of values
// (up to three '*' or '?' wildcards each).
func HostHeadersCondition(values ...string) ListenerCondition {
	return ListenerCondition{json: elasticloadbalancingv2cfn.CfnListenerRule_RuleConditionProperty{
		Field: new("host-header"), HostHeaderConfig: &elasticloadbalancingv2cfn.CfnListenerRule_HostHeaderConfigProperty{Values: values},
	}, problems: needValues("HostHeadersCondition", values)}
}

// PathPatternsCondition matches requests whose path matches one of the
// patterns (at most five; '*' and '?' wildcards).
func PathPatternsCondition(patterns ...string) ListenerCondition {
	c := ListenerCondition{json: elasticloadbalancingv2cfn.CfnListenerRule_RuleConditionProperty{
		Field: new("path-pattern"), PathPatternConfig: &elasticloadbalancingv2cfn.CfnListenerRule_PathPatternConfigProperty{Values: patterns},
	}, problems: needValues("PathPatternsCondition", patterns)}
	if len(patterns) > 5 {
		c.problems = append(c.problems, fmt.Sprintf("PathPatternsCondition has %d patterns; a rule can have at most 5 condition values", len(patterns)))
	}
	return c
}

// HTTPHeaderCondition matches requests whose header name has one of values.
func HTTPHeaderCondition(name string, values ...string) ListenerCondition {
	c := ListenerCondition{json: elasticloadbalancingv2cfn.CfnListenerRule_RuleConditionProperty{
		Field: new("http-header"), HttpHeaderConfig: &elasticloadbalancingv2cfn.CfnListenerRule_HttpHeaderConfigProperty{HttpHeaderName: new(name), Values: values},
	}, problems: needValues("HTTPHeaderCondition", values)}
	if name == "" {
		c.problems = append(c.problems, "HTTPHeaderCondition needs a header name")
	}
	return c
}

// HTTPRequestMethodsCondition matches requests whose method is one of
// methods ("GET", "POST", …).
func HTTPRequestMethodsCondition(methods ...string) ListenerCondition {
	return ListenerCondition{json: elasticloadbalancingv2cfn.CfnListenerRule_RuleConditionProperty{
		Field: new("http-request-method"), HttpRequestMethodConfig: &elasticloadbalancingv2cfn.CfnListenerRule_HttpRequestMethodConfigProperty{Values: methods},
	}, problems: needValues("HTTPRequestMethodsCondition", methods)}
}

// QueryStringCondition is a key/value pair of a query string condition; an
// empty Key matches the value under any key.
type QueryStringCondition struct {
	Key   string
	Value string
}

// QueryStringsCondition matches requests whose query string has one of the
// pairs.
func QueryStringsCondition(pairs ...QueryStringCondition) ListenerCondition {
	qc := &elasticloadbalancingv2cfn.CfnListenerRule_QueryStringConfigProperty{}
	c := ListenerCondition{json: elasticloadbalancingv2cfn.CfnListenerRule_RuleConditionProperty{Field: new("query-string"), QueryStringConfig: qc}}
	for i, p := range pairs {
		if p.Value == "" {
			c.problems = append(c.problems, fmt.Sprintf("QueryStringsCondition: pair %d has no Value", i))
		}
		qc.Values = append(qc.Values, elasticloadbalancingv2cfn.CfnListenerRule_QueryStringKeyValueProperty{Key: strPtr(p.Key), Value: new(p.Value)})
	}
	if len(pairs) == 0 {
		c.problems = append(c.problems, "QueryStringsCondition needs at least one pair")
	}
	return c
}

// SourceIPsCondition matches requests from one of the CIDR blocks (IPv4 or
// IPv6).
func SourceIPsCondition(cidrs ...string) ListenerCondition {
	return ListenerCondition{json: elasticloadbalancingv2cfn.CfnListenerRule_RuleConditionProperty{
		Field: new("source-ip"), SourceIpConfig: &elasticloadbalancingv2cfn.CfnListenerRule_SourceIpConfigProperty{Values: cidrs},
	}, problems: needValues("SourceIPsCondition", cidrs)}
}

func needValues(what string, values []string) []string {
	if len(values) == 0 {
		return []string{what + " needs at least one value"}
	}
	return nil
}
