package cloudwatch

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cloudwatch/cloudwatchcfn"
	"github.com/forma-iac/forma/constructs/token"
)

// PeriodOverride is how a dashboard's graphs pick their period when it
// loads.
type PeriodOverride string

// Period overrides.
const (
	// PeriodAuto adapts every graph's period to the time range.
	PeriodAuto PeriodOverride = "auto"
	// PeriodInherit keeps each graph's period.
	PeriodInherit PeriodOverride = "inherit"
)

// DashboardProps configures NewDashboard.
type DashboardProps struct {
	// DashboardName default: a name CloudFormation generates; letters,
	// digits, '-' and '_' only.
	DashboardName string
	// DefaultInterval is the time range shown when the dashboard loads
	// (written as start "-P7D"); not with Start.
	DefaultInterval time.Duration
	// Start ("-PT8H" or an ISO 8601 time) and End (ISO 8601; needs Start)
	// are the time range shown when the dashboard loads.
	Start, End string
	// PeriodOverride default: the console's (PeriodAuto).
	PeriodOverride PeriodOverride
	// Widgets are the initial rows, each laid out left to right.
	Widgets [][]IWidget
}

// Dashboard is an AWS::CloudWatch::Dashboard, the AWS CDK's
// cloudwatch.Dashboard: each AddWidgets call adds a row under the previous
// ones, and the body is rendered at synthesis as the AWS CDK renders it
// (compact JSON, tokens joined in with Fn::Join).
type Dashboard struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *cloudwatchcfn.CfnDashboard

	props    DashboardProps
	rows     []IWidget
	problems []string
}

var dashboardNameRE = regexp.MustCompile(`^[\w-]+$`)

// NewDashboard creates a dashboard.
func NewDashboard(scope constructs.Construct, id string, props DashboardProps) *Dashboard {
	d := &Dashboard{props: props}
	d.Base = constructs.NewBase(d, scope, id)
	if n := props.DashboardName; n != "" && !token.IsUnresolved(n) && !dashboardNameRE.MatchString(n) {
		d.problems = append(d.problems, fmt.Sprintf("DashboardName %q may hold only letters, digits, '-' and '_'", n))
	}
	if props.Start != "" && props.DefaultInterval != 0 {
		d.problems = append(d.problems, "DashboardProps sets both DefaultInterval and Start; keep one")
	}
	if props.End != "" && props.Start == "" {
		d.problems = append(d.problems, "DashboardProps.End needs Start: set Start too")
	}
	cp := cloudwatchcfn.CfnDashboardProps{DashboardBody: token.AsString(token.Func(func(*token.Context) (any, error) { return d.body() }))}
	if props.DashboardName != "" {
		cp.DashboardName = new(props.DashboardName)
	}
	d.Resource = cloudwatchcfn.NewCfnDashboard(d, "Resource", cp)
	for _, row := range props.Widgets {
		d.AddWidgets(row...)
	}
	d.Node().AddValidation(constructs.ValidationFunc(d.validate))
	return d
}

// AddWidgets adds a row of widgets under the previous ones; widgets of one
// call are laid out left to right, wrapping at 24 columns.
func (d *Dashboard) AddWidgets(widgets ...IWidget) {
	var ws []IWidget
	for _, w := range widgets {
		if w = constructs.NormalizeNil(w); w != nil {
			ws = append(ws, w)
		} else {
			d.problems = append(d.problems, "AddWidgets was given a nil widget")
		}
	}
	switch len(ws) {
	case 0:
	case 1:
		d.rows = append(d.rows, ws[0])
	default:
		d.rows = append(d.rows, NewRow(ws...))
	}
}

// DashboardName returns the dashboard's name (Ref).
func (d *Dashboard) DashboardName() string { return d.Resource.Ref() }

// DashboardARN returns arn:PARTITION:cloudwatch::ACCOUNT:dashboard/NAME.
func (d *Dashboard) DashboardARN() string {
	st := constructs.StackOf(d)
	return "arn:" + st.Partition() + ":cloudwatch::" + st.Account() + ":dashboard/" + d.DashboardName()
}

func (d *Dashboard) validate() []string {
	out := append([]string(nil), d.problems...)
	var walk func(ws []IWidget)
	walk = func(ws []IWidget) {
		for _, w := range ws {
			if p, ok := w.(widgetProblems); ok {
				out = append(out, p.widgetProblems()...)
			}
			if c, ok := w.(interface{ children() []IWidget }); ok {
				walk(c.children())
			}
		}
	}
	walk(d.rows)
	return out
}

// body renders the dashboard body as the AWS CDK's Dashboard does.
func (d *Dashboard) body() (string, error) {
	col := NewColumn(d.rows...)
	col.Position(0, 0)
	o := newObject()
	if d.props.DefaultInterval != 0 {
		o.set("start", "-"+isoDuration(d.props.DefaultInterval))
	} else {
		setString(o, "start", d.props.Start)
		setString(o, "end", d.props.End)
	}
	setString(o, "periodOverride", string(d.props.PeriodOverride))
	o.set("widgets", col.ToJSON())
	b, err := marshal(o)
	return string(b), err
}

// isoDuration is the AWS CDK's Duration.toIsoString: "P7D", "PT8H",
// "PT1H30M"; days are the largest unit.
func isoDuration(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	s := int64(d / time.Second)
	days, s := s/86400, s%86400
	h, s := s/3600, s%3600
	m, s := s/60, s%60
	out := "P"
	if days > 0 {
		out += strconv.FormatInt(days, 10) + "D"
	}
	if h > 0 || m > 0 || s > 0 {
		out += "T"
		if h > 0 {
			out += strconv.FormatInt(h, 10) + "H"
		}
		if m > 0 {
			out += strconv.FormatInt(m, 10) + "M"
		}
		if s > 0 {
			out += strconv.FormatInt(s, 10) + "S"
		}
	}
	return out
}
