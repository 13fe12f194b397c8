package cloudwatch

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
)

// Dimension is a name and value that identify a metric.
type Dimension struct {
	Name  string
	Value string
}

// Metric is a CloudWatch metric, the AWS CDK's cloudwatch.Metric: a value,
// not a resource; alarms and dashboards render it.
type Metric struct {
	// Namespace ("AWS/Lambda") and MetricName ("Errors") are required.
	Namespace  string
	MetricName string
	// DimensionsMap identifies the metric; written sorted by name. Use
	// Dimensions for another order.
	DimensionsMap map[string]string
	// Dimensions are written in this order, after those of DimensionsMap.
	Dimensions []Dimension
	// Statistic default "Average"; "Sum", "Minimum", "Maximum",
	// "SampleCount" (or "avg", "sum", "min", "max", "n") and percentiles
	// and other extended statistics ("p99", "tm90") are accepted.
	Statistic string
	// Period default 5 minutes; a whole number of seconds.
	Period time.Duration
	// Unit of the metric; default: any.
	Unit string
	// Label shown on graphs.
	Label string
	// Color of the metric's line on graphs, as "#1f77b4"; default: the
	// console's.
	Color string
	// ID names the metric in a graph's metric list (for the console's math
	// expressions): a lowercase letter, then letters, digits and '_';
	// default none.
	ID string
	// Visible new(false) hides the metric's line on graphs; default:
	// shown.
	Visible *bool
	// Account is the account the metric comes from (cross-account
	// observability); default: the account of the stack it is used in. A
	// graph names it; an alarm in another account uses the Metrics form
	// with an AccountId.
	Account string
	// Region is the region the metric comes from; default: the stack's. A
	// graph names it; an alarm must be in the metric's region.
	Region string
}

// WithStatistic returns a copy of m with another statistic.
func (m Metric) WithStatistic(s string) Metric { m.Statistic = s; return m }

// WithPeriod returns a copy of m with another period.
func (m Metric) WithPeriod(p time.Duration) Metric { m.Period = p; return m }

// MetricOptions change a metric a construct hands out (its statistic,
// period, unit, label, extra dimensions); zero fields keep the construct's
// defaults.
type MetricOptions struct {
	Statistic     string
	Period        time.Duration
	Unit          string
	Label         string
	Color         string
	ID            string
	Visible       *bool
	Account       string
	Region        string
	DimensionsMap map[string]string
}

// Apply returns m changed by the non-zero options.
func (o MetricOptions) Apply(m Metric) Metric {
	if o.Statistic != "" {
		m.Statistic = o.Statistic
	}
	if o.Period != 0 {
		m.Period = o.Period
	}
	if o.Unit != "" {
		m.Unit = o.Unit
	}
	if o.Label != "" {
		m.Label = o.Label
	}
	if o.Color != "" {
		m.Color = o.Color
	}
	if o.ID != "" {
		m.ID = o.ID
	}
	if o.Visible != nil {
		m.Visible = o.Visible
	}
	if o.Account != "" {
		m.Account = o.Account
	}
	if o.Region != "" {
		m.Region = o.Region
	}
	if len(o.DimensionsMap) > 0 {
		d := map[string]string{}
		for k, v := range m.DimensionsMap {
			d[k] = v
		}
		for k, v := range o.DimensionsMap {
			d[k] = v
		}
		m.DimensionsMap = d
	}
	return m
}

var metricIDRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)

var simpleStatistics = map[string]string{
	"average": "Average", "avg": "Average",
	"sum":     "Sum",
	"minimum": "Minimum", "min": "Minimum",
	"maximum": "Maximum", "max": "Maximum",
	"samplecount": "SampleCount", "n": "SampleCount",
}

var extendedStatisticRE = regexp.MustCompile(`^(p|tm|tc|ts|wm|pr|tm|iqm)(\d{1,2}(\.\d+)?|100)?$|^(TM|TC|TS|PR|WM)\(.+\)$|^IQM$|^iqm$`)

// statistic returns the rendered statistic and whether it is a simple one
// (Statistic) rather than an extended one (ExtendedStatistic).
func (m Metric) statistic() (string, bool, string) {
	s := m.Statistic
	if s == "" {
		return "Average", true, ""
	}
	if token.IsUnresolved(s) {
		return s, true, ""
	}
	if v, ok := simpleStatistics[strings.ToLower(s)]; ok {
		return v, true, ""
	}
	if extendedStatisticRE.MatchString(s) {
		return s, false, ""
	}
	return s, true, fmt.Sprintf("statistic %q is not one CloudWatch knows: use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99", s)
}

func (m Metric) periodSeconds() (int, string) {
	p := m.Period
	if p == 0 {
		p = 5 * time.Minute
	}
	if p < time.Second || p%time.Second != 0 {
		return 0, fmt.Sprintf("metric period %v is not a positive whole number of seconds", p)
	}
	s := int(p / time.Second)
	if s != 10 && s != 30 && s%60 != 0 && s != 1 && s != 5 {
		return s, fmt.Sprintf("metric period %v must be 1, 5, 10, 30 seconds or a multiple of 60 seconds", p)
	}
	return s, ""
}

func (m Metric) dimensions() []Dimension {
	keys := make([]string, 0, len(m.DimensionsMap))
	for k := range m.DimensionsMap {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]Dimension, 0, len(keys)+len(m.Dimensions))
	for _, k := range keys {
		out = append(out, Dimension{Name: k, Value: m.DimensionsMap[k]})
	}
	return append(out, m.Dimensions...)
}

func (m Metric) problems() []string {
	var out []string
	if m.Namespace == "" || m.MetricName == "" {
		out = append(out, "a metric needs Namespace and MetricName")
	}
	if _, _, p := m.statistic(); p != "" {
		out = append(out, p)
	}
	if _, p := m.periodSeconds(); p != "" {
		out = append(out, p)
	}
	for _, d := range m.dimensions() {
		if d.Value == "" {
			out = append(out, fmt.Sprintf("metric %s dimension %q has no value (a target group's metrics need the group attached to a listener first)", m.MetricName, d.Name))
		}
	}
	if m.ID != "" && !token.IsUnresolved(m.ID) && !metricIDRE.MatchString(m.ID) {
		out = append(out, fmt.Sprintf("metric ID %q must start with a lowercase letter and hold only letters, digits and '_'", m.ID))
	}
	if n := len(m.dimensions()); n > 30 {
		out = append(out, fmt.Sprintf("the metric has %d dimensions; CloudWatch allows at most 30", n))
	}
	return out
}

// CreateAlarm creates an alarm on the metric, as the AWS CDK's
// Metric.createAlarm.
func (m Metric) CreateAlarm(scope constructs.Construct, id string, props CreateAlarmOptions) *Alarm {
	return NewAlarm(scope, id, AlarmProps{CreateAlarmOptions: props, Metric: m})
}

// ContainerInsightsMetric returns a Container Insights metric of a
// cluster: namespace "ContainerInsights", dimension ClusterName, such as
// "node_cpu_utilization", "node_memory_utilization" or
// "pod_number_of_container_restarts" (EKS with the
// amazon-cloudwatch-observability add-on, or ECS with Container Insights).
// The AWS CDK has no helper for these; its users build the same
// cloudwatch.Metric by hand.
func ContainerInsightsMetric(clusterName, metricName string, opts ...MetricOptions) Metric {
	m := Metric{Namespace: "ContainerInsights", MetricName: metricName, DimensionsMap: map[string]string{"ClusterName": clusterName}}
	for _, o := range opts {
		m = o.Apply(m)
	}
	return m
}
