package elasticloadbalancingv2

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/elasticloadbalancingv2/elasticloadbalancingv2cfn"
	"github.com/forma-iac/forma/constructs/token"
)

// ListenerAction is what a listener or a listener rule does with a request:
// forward it to target groups, redirect it, or answer it, as the AWS CDK's
// ListenerAction.
type ListenerAction struct {
	json     elasticloadbalancingv2cfn.CfnListener_ActionProperty
	groups   []IApplicationTargetGroup
	problems []string
}

// ForwardOptions configures ForwardAction and WeightedForwardAction.
type ForwardOptions struct {
	// StickinessDuration keeps a client on one target group for this long
	// (1 second to 7 days); default: no group stickiness.
	StickinessDuration time.Duration
}

// WeightedTargetGroup is a target group and its weight in a weighted forward.
type WeightedTargetGroup struct {
	// TargetGroup receives the share of requests (required).
	TargetGroup IApplicationTargetGroup
	// Weight is the group's share, 0 to 999; nil leaves it out (ELB
	// counts 1). Set it with new(90); new(0) sends the group nothing.
	Weight *int
}

// ForwardAction forwards requests to the target groups. One group without
// stickiness is written {"Type": "forward", "TargetGroupArn": ...}; several
// groups, or stickiness, become a ForwardConfig with weight 1 for each group,
// as the AWS CDK writes them.
func ForwardAction(groups []IApplicationTargetGroup, opts ...ForwardOptions) *ListenerAction {
	var o ForwardOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if len(groups) == 0 {
		return &ListenerAction{problems: []string{"ForwardAction needs at least one target group"}}
	}
	for i, g := range groups {
		if constructs.IsNil(g) {
			return &ListenerAction{problems: []string{fmt.Sprintf("ForwardAction: target group %d is nil", i)}}
		}
	}
	if len(groups) == 1 && o.StickinessDuration == 0 {
		return &ListenerAction{groups: groups, json: elasticloadbalancingv2cfn.CfnListener_ActionProperty{Type: "forward", TargetGroupArn: new(groups[0].TargetGroupARN())}}
	}
	weighted := make([]WeightedTargetGroup, len(groups))
	for i, g := range groups {
		weighted[i] = WeightedTargetGroup{TargetGroup: g, Weight: new(1)}
	}
	return WeightedForwardAction(weighted, o)
}

// WeightedForwardAction forwards requests to target groups in proportion to
// their weights (a blue/green or canary split), written as a ForwardConfig
// as the AWS CDK's ListenerAction.weightedForward.
func WeightedForwardAction(groups []WeightedTargetGroup, opts ...ForwardOptions) *ListenerAction {
	var o ForwardOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	a := &ListenerAction{}
	if len(groups) == 0 {
		a.problems = append(a.problems, "WeightedForwardAction needs at least one target group")
		return a
	}
	fc := &elasticloadbalancingv2cfn.CfnListener_ForwardConfigProperty{}
	for i, g := range groups {
		if constructs.IsNil(g.TargetGroup) {
			a.problems = append(a.problems, fmt.Sprintf("WeightedForwardAction: group %d has no TargetGroup", i))
			continue
		}
		if w := g.Weight; w != nil && !token.IsUnresolved(*w) && (*w < 0 || *w > 999) {
			a.problems = append(a.problems, fmt.Sprintf("WeightedForwardAction: the weight %d of group %d must be from 0 to 999", *w, i))
		}
		a.groups = append(a.groups, g.TargetGroup)
		fc.TargetGroups = append(fc.TargetGroups, elasticloadbalancingv2cfn.CfnListener_TargetGroupTupleProperty{TargetGroupArn: new(g.TargetGroup.TargetGroupARN()), Weight: g.Weight})
	}
	if d := o.StickinessDuration; d != 0 {
		if d < time.Second || d > 7*24*time.Hour {
			a.problems = append(a.problems, fmt.Sprintf("ForwardOptions.StickinessDuration %v must be from 1s to 7 days", d))
		}
		fc.TargetGroupStickinessConfig = &elasticloadbalancingv2cfn.CfnListener_TargetGroupStickinessConfigProperty{DurationSeconds: new(int(d / time.Second)), Enabled: new(true)}
	}
	a.json = elasticloadbalancingv2cfn.CfnListener_ActionProperty{Type: "forward", ForwardConfig: fc}
	return a
}

// RedirectOptions configures RedirectAction; empty fields keep the
// request's value ("#{host}", …). Host, Path and Query may use the reserved
// keywords #{protocol}, #{host}, #{port}, #{path} and #{query}.
type RedirectOptions struct {
	// Host is the host name to redirect to.
	Host string
	// Path is the absolute path, starting with "/".
	Path string
	// Port is 1 to 65535 or "#{port}".
	Port string
	// Protocol is ProtocolHTTP, ProtocolHTTPS or RedirectKeepProtocol
	// (written "#{protocol}"); empty leaves it out (the request's protocol).
	Protocol ApplicationProtocol
	// Query is the query string without the leading "?".
	Query string
	// Permanent answers HTTP 301 instead of HTTP 302.
	Permanent bool
}

// RedirectKeepProtocol is the RedirectOptions.Protocol that keeps the
// request's protocol, written "#{protocol}"; it is not a listener protocol.
const RedirectKeepProtocol ApplicationProtocol = "#{protocol}"

// RedirectAction redirects requests.
func RedirectAction(o RedirectOptions) *ListenerAction {
	a := &ListenerAction{}
	if o.Host == "" && o.Path == "" && o.Port == "" && o.Protocol == "" && o.Query == "" {
		a.problems = append(a.problems, "RedirectAction needs at least one of Host, Path, Port, Protocol or Query; otherwise the redirect loops")
	}
	switch o.Protocol {
	case "", ProtocolHTTP, ProtocolHTTPS, RedirectKeepProtocol:
	default:
		if !token.IsUnresolved(string(o.Protocol)) {
			a.problems = append(a.problems, fmt.Sprintf("RedirectOptions.Protocol %q must be ProtocolHTTP, ProtocolHTTPS or RedirectKeepProtocol", o.Protocol))
		}
	}
	if o.Port != "" && o.Port != "#{port}" && !token.IsUnresolved(o.Port) {
		if n, err := strconv.Atoi(o.Port); err != nil || n < 1 || n > 65535 {
			a.problems = append(a.problems, fmt.Sprintf("RedirectOptions.Port %q must be a port from 1 to 65535 or #{port}", o.Port))
		}
	}
	if o.Path != "" && !token.IsUnresolved(o.Path) && !strings.HasPrefix(o.Path, "/") {
		a.problems = append(a.problems, fmt.Sprintf("RedirectOptions.Path %q must start with '/'", o.Path))
	}
	rc := &elasticloadbalancingv2cfn.CfnListener_RedirectConfigProperty{StatusCode: "HTTP_302"}
	if o.Permanent {
		rc.StatusCode = "HTTP_301"
	}
	rc.Host, rc.Path, rc.Port, rc.Query = strPtr(o.Host), strPtr(o.Path), strPtr(o.Port), strPtr(o.Query)
	rc.Protocol = strPtr(string(o.Protocol))
	a.json = elasticloadbalancingv2cfn.CfnListener_ActionProperty{Type: "redirect", RedirectConfig: rc}
	return a
}

// ContentType is the content type of a fixed response.
type ContentType string

// The content types ELB accepts for a fixed response.
const (
	ContentTypeTextPlain       ContentType = "text/plain"
	ContentTypeTextCSS         ContentType = "text/css"
	ContentTypeTextHTML        ContentType = "text/html"
	ContentTypeApplicationJS   ContentType = "application/javascript"
	ContentTypeApplicationJSON ContentType = "application/json"
)

// FixedResponseOptions configures FixedResponseAction.
type FixedResponseOptions struct {
	// ContentType default: left out (ELB determines it).
	ContentType ContentType
	// MessageBody is at most 1024 characters.
	MessageBody string
}

var fixedStatus = regexp.MustCompile(`^[245]\d\d$`)

// FixedResponseAction answers requests with the status code (2XX, 4XX or 5XX).
func FixedResponseAction(statusCode int, o FixedResponseOptions) *ListenerAction {
	a := &ListenerAction{}
	code := strconv.Itoa(statusCode)
	if r, ok := token.DecodeInt(int64(statusCode)); ok {
		code = token.AsString(r)
	} else if !fixedStatus.MatchString(code) {
		a.problems = append(a.problems, fmt.Sprintf("fixed response status code %d must be 2XX, 4XX or 5XX", statusCode))
	}
	if len(o.MessageBody) > 1024 {
		a.problems = append(a.problems, fmt.Sprintf("fixed response MessageBody is %d characters; at most 1024", len(o.MessageBody)))
	}
	switch o.ContentType {
	case "", ContentTypeTextPlain, ContentTypeTextCSS, ContentTypeTextHTML, ContentTypeApplicationJS, ContentTypeApplicationJSON:
	default:
		if !token.IsUnresolved(string(o.ContentType)) {
			a.problems = append(a.problems, fmt.Sprintf("fixed response ContentType %q must be text/plain, text/css, text/html, application/javascript or application/json", o.ContentType))
		}
	}
	fc := &elasticloadbalancingv2cfn.CfnListener_FixedResponseConfigProperty{StatusCode: code}
	fc.ContentType, fc.MessageBody = strPtr(string(o.ContentType)), strPtr(o.MessageBody)
	a.json = elasticloadbalancingv2cfn.CfnListener_ActionProperty{Type: "fixed-response", FixedResponseConfig: fc}
	return a
}

// bind registers the listener with the forwarded target groups; associating
// is what a target depends on (the listener, or the rule).
func (a *ListenerAction) bind(l IApplicationListener, associating constructs.Construct) {
	for _, g := range a.groups {
		g.RegisterListener(l, associating)
	}
}

func (a *ListenerAction) render() []elasticloadbalancingv2cfn.CfnListener_ActionProperty {
	return []elasticloadbalancingv2cfn.CfnListener_ActionProperty{a.json}
}

// renderRule is the action in a listener rule's spelling (the same JSON).
func (a *ListenerAction) renderRule() []elasticloadbalancingv2cfn.CfnListenerRule_ActionProperty {
	j := a.json
	out := elasticloadbalancingv2cfn.CfnListenerRule_ActionProperty{Type: j.Type, TargetGroupArn: j.TargetGroupArn, Order: j.Order}
	if f := j.ForwardConfig; f != nil {
		fc := &elasticloadbalancingv2cfn.CfnListenerRule_ForwardConfigProperty{}
		for _, g := range f.TargetGroups {
			fc.TargetGroups = append(fc.TargetGroups, elasticloadbalancingv2cfn.CfnListenerRule_TargetGroupTupleProperty(g))
		}
		if s := f.TargetGroupStickinessConfig; s != nil {
			fc.TargetGroupStickinessConfig = new(elasticloadbalancingv2cfn.CfnListenerRule_TargetGroupStickinessConfigProperty(*s))
		}
		out.ForwardConfig = fc
	}
	if r := j.RedirectConfig; r != nil {
		out.RedirectConfig = new(elasticloadbalancingv2cfn.CfnListenerRule_RedirectConfigProperty(*r))
	}
	if f := j.FixedResponseConfig; f != nil {
		out.FixedResponseConfig = new(elasticloadbalancingv2cfn.CfnListenerRule_FixedResponseConfigProperty(*f))
	}
	return []elasticloadbalancingv2cfn.CfnListenerRule_ActionProperty{out}
}
