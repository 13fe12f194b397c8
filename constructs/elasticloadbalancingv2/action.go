package elasticloadbalancingv2

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// ListenerAction is what a listener does with a request: forward it to
// target groups, redirect it, or answer it, as the AWS CDK's ListenerAction.
type ListenerAction struct {
	json     CfnListener_ActionProperty
	groups   []IApplicationTargetGroup
	problems []string
}

// ForwardOptions configures ForwardAction.
type ForwardOptions struct {
	// StickinessDuration keeps a client on one target group for this long;
	// default: no group stickiness.
	StickinessDuration time.Duration
}

// ForwardAction forwards requests to the target groups. One group without
// stickiness is written {"Type": "forward", "TargetGroupArn": ...}, several
// as a ForwardConfig, as the AWS CDK writes them.
func ForwardAction(groups []IApplicationTargetGroup, opts ...ForwardOptions) *ListenerAction {
	var o ForwardOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	a := &ListenerAction{groups: groups}
	if len(groups) == 0 {
		a.problems = append(a.problems, "ForwardAction needs at least one target group")
		return a
	}
	if len(groups) == 1 && o.StickinessDuration == 0 {
		a.json = CfnListener_ActionProperty{Type: "forward", TargetGroupArn: new(groups[0].TargetGroupARN())}
		return a
	}
	fc := &CfnListener_ForwardConfigProperty{}
	for _, g := range groups {
		fc.TargetGroups = append(fc.TargetGroups, CfnListener_TargetGroupTupleProperty{TargetGroupArn: new(g.TargetGroupARN())})
	}
	if o.StickinessDuration != 0 {
		fc.TargetGroupStickinessConfig = &CfnListener_TargetGroupStickinessConfigProperty{Enabled: new(true), DurationSeconds: new(int(o.StickinessDuration / time.Second))}
	}
	a.json = CfnListener_ActionProperty{Type: "forward", ForwardConfig: fc}
	return a
}

// RedirectOptions configures RedirectAction; empty fields keep the
// request's value ("#{host}", …).
type RedirectOptions struct {
	Host     string
	Path     string
	Port     string
	Protocol string // "HTTP", "HTTPS" or "#{protocol}"
	Query    string
	// Permanent answers HTTP 301 instead of HTTP 302.
	Permanent bool
}

var redirectProtocol = regexp.MustCompile(`(?i)^(HTTPS?|#\{protocol\})$`)

// RedirectAction redirects requests.
func RedirectAction(o RedirectOptions) *ListenerAction {
	a := &ListenerAction{}
	if o.Host == "" && o.Path == "" && o.Port == "" && o.Protocol == "" && o.Query == "" {
		a.problems = append(a.problems, "RedirectAction needs at least one of Host, Path, Port, Protocol or Query; otherwise the redirect loops")
	}
	if o.Protocol != "" && !redirectProtocol.MatchString(o.Protocol) {
		a.problems = append(a.problems, fmt.Sprintf("RedirectOptions.Protocol %q must be HTTP, HTTPS or #{protocol}", o.Protocol))
	}
	rc := &CfnListener_RedirectConfigProperty{StatusCode: "HTTP_302"}
	if o.Permanent {
		rc.StatusCode = "HTTP_301"
	}
	set := func(p **string, v string) {
		if v != "" {
			*p = new(v)
		}
	}
	set(&rc.Host, o.Host)
	set(&rc.Path, o.Path)
	set(&rc.Port, o.Port)
	set(&rc.Protocol, o.Protocol)
	set(&rc.Query, o.Query)
	a.json = CfnListener_ActionProperty{Type: "redirect", RedirectConfig: rc}
	return a
}

// FixedResponseOptions configures FixedResponseAction.
type FixedResponseOptions struct {
	// ContentType ("text/plain", "application/json", …).
	ContentType string
	// MessageBody is at most 1024 characters.
	MessageBody string
}

// FixedResponseAction answers requests with the status code (2XX, 4XX or 5XX).
func FixedResponseAction(statusCode int, o FixedResponseOptions) *ListenerAction {
	a := &ListenerAction{}
	code := strconv.Itoa(statusCode)
	if !regexp.MustCompile(`^[245]\d\d$`).MatchString(code) {
		a.problems = append(a.problems, fmt.Sprintf("fixed response status code %d must be 2XX, 4XX or 5XX", statusCode))
	}
	if len(o.MessageBody) > 1024 {
		a.problems = append(a.problems, fmt.Sprintf("fixed response MessageBody is %d characters; at most 1024", len(o.MessageBody)))
	}
	fc := &CfnListener_FixedResponseConfigProperty{StatusCode: code}
	if o.ContentType != "" {
		fc.ContentType = new(o.ContentType)
	}
	if o.MessageBody != "" {
		fc.MessageBody = new(o.MessageBody)
	}
	a.json = CfnListener_ActionProperty{Type: "fixed-response", FixedResponseConfig: fc}
	return a
}

// bind registers the listener with the forwarded target groups.
func (a *ListenerAction) bind(l *ApplicationListener) {
	for _, g := range a.groups {
		g.RegisterListener(l, l)
	}
}

func (a *ListenerAction) render() []CfnListener_ActionProperty {
	return []CfnListener_ActionProperty{a.json}
}
