package codebuild

import (
	"github.com/forma-iac/forma/constructs/cloudwatch"
	"github.com/forma-iac/forma/constructs/events"
)

// OnEventOptions configures the project's event rule helpers.
type OnEventOptions struct {
	// Target receives the matched events; default: none (add targets later).
	Target events.IRuleTarget
	// RuleName is the rule's physical name; default: generated.
	RuleName string
	// Description of the rule.
	Description string
	// EventPattern is merged with the pattern the helper writes.
	EventPattern *events.EventPattern
}

// OnEvent creates an EventBridge rule matching every CodeBuild event of the
// project, as the AWS CDK's onEvent.
func (p *Project) OnEvent(id string, opts OnEventOptions) *events.Rule {
	r := events.NewRule(p, id, events.RuleProps{RuleName: opts.RuleName, Description: opts.Description, EventPattern: opts.EventPattern})
	if opts.Target != nil {
		r.AddTarget(opts.Target)
	}
	r.AddEventPattern(events.EventPattern{
		Source: []string{"aws.codebuild"},
		Detail: map[string]any{"project-name": []any{p.ProjectName()}},
	})
	return r
}

// OnStateChange matches the project's build state changes.
func (p *Project) OnStateChange(id string, opts OnEventOptions) *events.Rule {
	r := p.OnEvent(id, opts)
	r.AddEventPattern(events.EventPattern{DetailType: []string{"CodeBuild Build State Change"}})
	return r
}

// OnPhaseChange matches the project's build phase changes.
func (p *Project) OnPhaseChange(id string, opts OnEventOptions) *events.Rule {
	r := p.OnEvent(id, opts)
	r.AddEventPattern(events.EventPattern{DetailType: []string{"CodeBuild Build Phase Change"}})
	return r
}

func (p *Project) onStatus(id string, opts OnEventOptions, status string) *events.Rule {
	r := p.OnStateChange(id, opts)
	r.AddEventPattern(events.EventPattern{Detail: map[string]any{"build-status": []any{status}}})
	return r
}

// OnBuildStarted matches the project's builds entering IN_PROGRESS.
func (p *Project) OnBuildStarted(id string, opts OnEventOptions) *events.Rule {
	return p.onStatus(id, opts, "IN_PROGRESS")
}

// OnBuildFailed matches the project's failed builds.
func (p *Project) OnBuildFailed(id string, opts OnEventOptions) *events.Rule {
	return p.onStatus(id, opts, "FAILED")
}

// OnBuildSucceeded matches the project's successful builds.
func (p *Project) OnBuildSucceeded(id string, opts OnEventOptions) *events.Rule {
	return p.onStatus(id, opts, "SUCCEEDED")
}

// Metric returns the project's metric name in AWS/CodeBuild (dimension
// ProjectName, statistic Average unless opts say otherwise).
func (p *Project) Metric(name string, opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return p.metric(name, "Average", opts)
}

func (p *Project) metric(name, statistic string, opts []cloudwatch.MetricOptions) cloudwatch.Metric {
	m := cloudwatch.Metric{Namespace: "AWS/CodeBuild", MetricName: name, Statistic: statistic, DimensionsMap: map[string]string{"ProjectName": p.ProjectName()}}
	for _, o := range opts {
		m = o.Apply(m)
	}
	return m
}

// MetricBuilds counts the project's builds (Sum over 5 minutes).
func (p *Project) MetricBuilds(opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return p.metric("Builds", "Sum", opts)
}

// MetricDuration is the builds' duration (Average over 5 minutes).
func (p *Project) MetricDuration(opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return p.metric("Duration", "Average", opts)
}

// MetricSucceededBuilds counts successful builds (Sum over 5 minutes).
func (p *Project) MetricSucceededBuilds(opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return p.metric("SucceededBuilds", "Sum", opts)
}

// MetricFailedBuilds counts failed builds (Sum over 5 minutes).
func (p *Project) MetricFailedBuilds(opts ...cloudwatch.MetricOptions) cloudwatch.Metric {
	return p.metric("FailedBuilds", "Sum", opts)
}
