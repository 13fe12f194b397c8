package cloudwatch

import (
	"fmt"
	"strings"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
)

// GridWidth is the width of a dashboard in grid units.
const GridWidth = 24

// IWidget is a dashboard widget, the AWS CDK's cloudwatch.IWidget: it has
// a size in grid units, is given its position when the dashboard is
// rendered, and renders to the widget objects of a dashboard body.
type IWidget interface {
	// Width in grid units (of 24 across).
	Width() int
	// Height in grid units.
	Height() int
	// Position places the widget's top left corner.
	Position(x, y int)
	// ToJSON returns the widget objects of the dashboard body (none for a
	// Spacer, several for a Row or Column).
	ToJSON() []any
}

// widgetBase holds a concrete widget's size and position.
type widgetBase struct {
	width, height, x, y int
	problems            []string
}

func newWidgetBase(kind string, width, height, defWidth, defHeight int) widgetBase {
	w := widgetBase{width: width, height: height}
	if w.width == 0 {
		w.width = defWidth
	}
	if w.height == 0 {
		w.height = defHeight
	}
	if w.width > GridWidth || w.width < 0 {
		w.problems = append(w.problems, fmt.Sprintf("%s width %d is not within the dashboard's %d columns", kind, w.width, GridWidth))
	}
	if w.height < 0 {
		w.problems = append(w.problems, fmt.Sprintf("%s height %d is negative", kind, w.height))
	}
	return w
}

// Width returns the width in grid units.
func (w *widgetBase) Width() int { return w.width }

// Height returns the height in grid units.
func (w *widgetBase) Height() int { return w.height }

// Position places the widget.
func (w *widgetBase) Position(x, y int) { w.x, w.y = x, y }

func (w *widgetBase) frame(typ string, props *object) *object {
	return newObject().set("type", typ).set("width", w.width).set("height", w.height).set("x", w.x).set("y", w.y).set("properties", props)
}

// widgetProblems is implemented by widgets that check their props.
type widgetProblems interface{ widgetProblems() []string }

func (w *widgetBase) widgetProblems() []string { return w.problems }

// TextWidgetBackground is the background of a TextWidget.
type TextWidgetBackground string

// Text widget backgrounds.
const (
	TextBackgroundSolid       TextWidgetBackground = "solid"
	TextBackgroundTransparent TextWidgetBackground = "transparent"
)

// TextWidgetProps configures NewTextWidget.
type TextWidgetProps struct {
	// Markdown is the text (required).
	Markdown string
	// Width default 6; Height default 2.
	Width, Height int
	// Background default TextBackgroundTransparent.
	Background TextWidgetBackground
}

// TextWidget shows Markdown text, the AWS CDK's cloudwatch.TextWidget.
type TextWidget struct {
	widgetBase
	props TextWidgetProps
}

// NewTextWidget returns a text widget.
func NewTextWidget(props TextWidgetProps) *TextWidget {
	if props.Background == "" {
		props.Background = TextBackgroundTransparent
	}
	return &TextWidget{widgetBase: newWidgetBase("TextWidget", props.Width, props.Height, 6, 2), props: props}
}

// ToJSON renders the widget.
func (w *TextWidget) ToJSON() []any {
	return []any{w.frame("text", newObject().set("markdown", w.props.Markdown).set("background", string(w.props.Background)))}
}

// GraphWidgetView is how a GraphWidget draws its metrics.
type GraphWidgetView string

// Graph widget views.
const (
	ViewTimeSeries GraphWidgetView = "timeSeries"
	ViewBar        GraphWidgetView = "bar"
	ViewPie        GraphWidgetView = "pie"
)

// LegendPosition is where a graph's legend is.
type LegendPosition string

// Legend positions.
const (
	LegendBottom LegendPosition = "bottom"
	LegendRight  LegendPosition = "right"
	LegendHidden LegendPosition = "hidden"
)

// YAxisProps configures a graph's y axis; nil fields are not written.
type YAxisProps struct {
	Min, Max  *float64
	Label     string
	ShowUnits *bool
}

func (y *YAxisProps) json() *object {
	if y == nil {
		return nil
	}
	o := newObject()
	if y.Min != nil {
		o.set("min", *y.Min)
	}
	if y.Max != nil {
		o.set("max", *y.Max)
	}
	if y.Label != "" {
		o.set("label", y.Label)
	}
	if y.ShowUnits != nil {
		o.set("showUnits", *y.ShowUnits)
	}
	return o
}

// Shading is the side of a horizontal annotation a graph fills.
type Shading string

// Shadings.
const (
	ShadingNone  Shading = "none"
	ShadingAbove Shading = "above"
	ShadingBelow Shading = "below"
)

// HorizontalAnnotation is a horizontal line on a graph (a threshold), the
// AWS CDK's HorizontalAnnotation; its fields are written in this order.
type HorizontalAnnotation struct {
	// Value where the line is drawn (required).
	Value float64
	// Label of the line; default none.
	Label string
	// Color as "#d62728"; default the console's.
	Color string
	// Fill default: none written.
	Fill Shading
	// Visible default: not written (visible).
	Visible *bool
}

func (a HorizontalAnnotation) json(axis string) *object {
	o := newObject().set("value", a.Value)
	setString(o, "label", a.Label)
	setString(o, "color", a.Color)
	setString(o, "fill", string(a.Fill))
	if a.Visible != nil {
		o.set("visible", *a.Visible)
	}
	return o.set("yAxis", axis)
}

// VerticalShading is the side of a vertical annotation a graph fills.
type VerticalShading string

// Vertical shadings.
const (
	VerticalShadingNone   VerticalShading = "none"
	VerticalShadingBefore VerticalShading = "before"
	VerticalShadingAfter  VerticalShading = "after"
)

// VerticalAnnotation is a vertical line on a graph at a time, the AWS CDK's
// VerticalAnnotation; its fields are written in this order.
type VerticalAnnotation struct {
	// Date where the line is drawn, ISO 8601 ("2022-10-19T00:00:00Z")
	// (required).
	Date string
	// Label of the line; default none.
	Label string
	// Color as "#d62728"; default the console's.
	Color string
	// Fill default: none written.
	Fill VerticalShading
	// Visible default: not written (visible).
	Visible *bool
}

func (a VerticalAnnotation) json() *object {
	o := newObject().set("value", a.Date)
	setString(o, "label", a.Label)
	setString(o, "color", a.Color)
	setString(o, "fill", string(a.Fill))
	if a.Visible != nil {
		o.set("visible", *a.Visible)
	}
	return o
}

// GraphWidgetProps configures NewGraphWidget.
type GraphWidgetProps struct {
	// Title default: none.
	Title string
	// Left and Right are the metrics on each y axis.
	Left, Right []Metric
	// LeftYAxis and RightYAxis configure the axes.
	LeftYAxis, RightYAxis *YAxisProps
	// LeftAnnotations and RightAnnotations are horizontal lines on each axis.
	LeftAnnotations, RightAnnotations []HorizontalAnnotation
	// VerticalAnnotations are vertical lines at given times.
	VerticalAnnotations []VerticalAnnotation
	// DisplayLabelsOnChart shows the labels on a pie chart (ViewPie).
	DisplayLabelsOnChart bool
	// AccountID is the account the metrics come from (cross-account
	// observability); default: the dashboard's.
	AccountID string
	// Width default 6; Height default 6.
	Width, Height int
	// Stacked stacks the lines.
	Stacked bool
	// View default ViewTimeSeries.
	View GraphWidgetView
	// Period and Statistic override those of every metric.
	Period    time.Duration
	Statistic string
	// Region default: the stack's region.
	Region string
	// LegendPosition default: the console's (bottom).
	LegendPosition LegendPosition
	// LiveData shows the latest, incomplete data points.
	LiveData bool
	// SetPeriodToTimeRange makes a single value from the whole time range
	// (bar and pie views).
	SetPeriodToTimeRange bool
	// Start and End are the widget's own time range (Start as "-PT8H" or an
	// ISO 8601 time; End needs Start).
	Start, End string
}

// GraphWidget draws metrics, the AWS CDK's cloudwatch.GraphWidget. Math
// and search expressions are not offered yet. The AWS CDK writes a y axis
// and an annotation with their keys in the order its program wrote them;
// forma writes them in the order of the fields of YAxisProps,
// HorizontalAnnotation and VerticalAnnotation (min, max, label, showUnits;
// value, label, color, fill, visible), the order of the AWS CDK's
// documentation: a program that writes them in another order gets a body of
// the same meaning but other bytes (and an update of the dashboard only).
type GraphWidget struct {
	widgetBase
	props GraphWidgetProps
}

// NewGraphWidget returns a graph widget.
func NewGraphWidget(props GraphWidgetProps) *GraphWidget {
	w := &GraphWidget{widgetBase: newWidgetBase("GraphWidget", props.Width, props.Height, 6, 6), props: props}
	w.props.Left = append([]Metric(nil), props.Left...)
	w.props.Right = append([]Metric(nil), props.Right...)
	w.problems = append(w.problems, timeRangeProblems("GraphWidget", props.Start, props.End)...)
	w.problems = append(w.problems, metricsProblems(props.Left, props.Right)...)
	for i, a := range props.VerticalAnnotations {
		if a.Date == "" {
			w.problems = append(w.problems, fmt.Sprintf("GraphWidget: VerticalAnnotations[%d] has no Date: give the time of the line, as 2022-10-19T00:00:00Z", i))
		}
	}
	return w
}

// AddLeftMetric adds a metric on the left axis.
func (w *GraphWidget) AddLeftMetric(m Metric) {
	w.props.Left = append(w.props.Left, m)
	w.problems = append(w.problems, m.problems()...)
}

// AddRightMetric adds a metric on the right axis.
func (w *GraphWidget) AddRightMetric(m Metric) {
	w.props.Right = append(w.props.Right, m)
	w.problems = append(w.problems, m.problems()...)
}

// ToJSON renders the widget.
func (w *GraphWidget) ToJSON() []any {
	p := w.props
	view := p.View
	if view == "" {
		view = ViewTimeSeries
	}
	props := newObject().set("view", string(view))
	setString(props, "title", p.Title)
	props.set("region", regionOr(p.Region))
	setBool(props, "stacked", p.Stacked)
	if p.DisplayLabelsOnChart {
		props.set("labels", newObject().set("visible", true))
	}
	if ms := allMetricsGraphJSON(p.Left, p.Right); len(ms) > 0 {
		props.set("metrics", ms)
	}
	var horizontal, vertical []any
	for _, a := range p.LeftAnnotations {
		horizontal = append(horizontal, a.json("left"))
	}
	for _, a := range p.RightAnnotations {
		horizontal = append(horizontal, a.json("right"))
	}
	for _, a := range p.VerticalAnnotations {
		vertical = append(vertical, a.json())
	}
	if len(horizontal) > 0 || len(vertical) > 0 {
		ann := newObject()
		if len(horizontal) > 0 {
			ann.set("horizontal", horizontal)
		}
		if len(vertical) > 0 {
			ann.set("vertical", vertical)
		}
		props.set("annotations", ann)
	}
	props.set("yAxis", newObject().set("left", p.LeftYAxis.json()).set("right", p.RightYAxis.json()))
	if p.LegendPosition != "" {
		props.set("legend", newObject().set("position", string(p.LegendPosition)))
	}
	setBool(props, "liveData", p.LiveData)
	setBool(props, "setPeriodToTimeRange", p.SetPeriodToTimeRange)
	setPeriod(props, p.Period)
	setString(props, "stat", p.Statistic)
	setString(props, "start", p.Start)
	setString(props, "end", p.End)
	setString(props, "accountId", p.AccountID)
	return []any{w.frame("metric", props)}
}

// SingleValueWidgetProps configures NewSingleValueWidget.
type SingleValueWidgetProps struct {
	// Title default: none.
	Title string
	// Metrics to show (required).
	Metrics []Metric
	// Width default 6; Height default 3.
	Width, Height int
	// Sparkline draws the recent trend under the value.
	Sparkline bool
	// SetPeriodToTimeRange computes the value over the whole time range
	// (not with Sparkline).
	SetPeriodToTimeRange bool
	// FullPrecision shows every digit.
	FullPrecision bool
	// Period overrides the metrics' period.
	Period time.Duration
	// Region default: the stack's region.
	Region string
	// Start and End are the widget's own time range.
	Start, End string
	// AccountID is the account the metrics come from (cross-account
	// observability); default: the dashboard's.
	AccountID string
	// LiveData shows the latest, incomplete data points.
	LiveData bool
}

// SingleValueWidget shows the latest value of metrics, the AWS CDK's
// cloudwatch.SingleValueWidget.
type SingleValueWidget struct {
	widgetBase
	props SingleValueWidgetProps
}

// NewSingleValueWidget returns a single-value widget.
func NewSingleValueWidget(props SingleValueWidgetProps) *SingleValueWidget {
	w := &SingleValueWidget{widgetBase: newWidgetBase("SingleValueWidget", props.Width, props.Height, 6, 3), props: props}
	if props.SetPeriodToTimeRange && props.Sparkline {
		w.problems = append(w.problems, "SingleValueWidget: SetPeriodToTimeRange and Sparkline cannot be used together; keep one")
	}
	w.problems = append(w.problems, timeRangeProblems("SingleValueWidget", props.Start, props.End)...)
	w.problems = append(w.problems, metricsProblems(props.Metrics)...)
	return w
}

// ToJSON renders the widget.
func (w *SingleValueWidget) ToJSON() []any {
	p := w.props
	props := newObject().set("view", "singleValue")
	setString(props, "title", p.Title)
	props.set("region", regionOr(p.Region))
	setBool(props, "sparkline", p.Sparkline)
	props.set("metrics", allMetricsGraphJSON(p.Metrics, nil))
	setBool(props, "setPeriodToTimeRange", p.SetPeriodToTimeRange)
	setBool(props, "singleValueFullPrecision", p.FullPrecision)
	setPeriod(props, p.Period)
	setString(props, "start", p.Start)
	setString(props, "end", p.End)
	setString(props, "accountId", p.AccountID)
	setBool(props, "liveData", p.LiveData)
	return []any{w.frame("metric", props)}
}

// AlarmWidgetProps configures NewAlarmWidget.
type AlarmWidgetProps struct {
	// Title default: none.
	Title string
	// Alarm to show (required).
	Alarm IAlarm
	// Width default 6; Height default 6.
	Width, Height int
	// LeftYAxis configures the y axis.
	LeftYAxis *YAxisProps
	// Region default: the stack's region.
	Region string
	// AccountID is the account of the alarm (cross-account observability);
	// default: the dashboard's.
	AccountID string
}

// AlarmWidget draws an alarm's metric and threshold, the AWS CDK's
// cloudwatch.AlarmWidget.
type AlarmWidget struct {
	widgetBase
	props AlarmWidgetProps
}

// NewAlarmWidget returns an alarm widget.
func NewAlarmWidget(props AlarmWidgetProps) *AlarmWidget {
	props.Alarm = constructs.NormalizeNil(props.Alarm)
	w := &AlarmWidget{widgetBase: newWidgetBase("AlarmWidget", props.Width, props.Height, 6, 6), props: props}
	if props.Alarm == nil {
		w.problems = append(w.problems, "AlarmWidgetProps.Alarm is required: set the alarm to show")
	}
	return w
}

// ToJSON renders the widget.
func (w *AlarmWidget) ToJSON() []any {
	p := w.props
	props := newObject().set("view", "timeSeries")
	setString(props, "title", p.Title)
	props.set("region", regionOr(p.Region))
	arn := ""
	if p.Alarm != nil {
		arn = p.Alarm.AlarmARN()
	}
	props.set("annotations", newObject().set("alarms", []string{arn}))
	props.set("yAxis", newObject().set("left", p.LeftYAxis.json()))
	setString(props, "accountId", p.AccountID)
	return []any{w.frame("metric", props)}
}

// Row lays widgets out left to right, wrapping at the dashboard's width,
// the AWS CDK's cloudwatch.Row.
type Row struct {
	widgets       []IWidget
	offsets       [][2]int
	width, height int
	problems      []string
}

// NewRow returns a row of widgets; a nil widget is left out and reported
// when the dashboard is synthesized.
func NewRow(widgets ...IWidget) *Row {
	r := &Row{}
	x, y := 0, 0
	for _, w := range widgets {
		if w = constructs.NormalizeNil(w); w == nil {
			r.problems = append(r.problems, "NewRow was given a nil widget")
			continue
		}
		if x+w.Width() > GridWidth {
			y, x = r.height, 0
		}
		r.place(x, y, w)
		x += w.Width()
	}
	return r
}

func (r *Row) place(x, y int, w IWidget) {
	r.widgets = append(r.widgets, w)
	r.offsets = append(r.offsets, [2]int{x, y})
	r.width = max(r.width, x+w.Width())
	r.height = max(r.height, y+w.Height())
}

// AddWidget adds a widget after the last, wrapping when it does not fit.
func (r *Row) AddWidget(w IWidget) {
	if w = constructs.NormalizeNil(w); w == nil {
		r.problems = append(r.problems, "Row.AddWidget was given a nil widget")
		return
	}
	x, y := r.width, r.height
	if x+w.Width() > GridWidth {
		y, x = r.height, 0
	}
	r.place(x, y, w)
}

// Width returns the row's width.
func (r *Row) Width() int { return r.width }

// Height returns the row's height.
func (r *Row) Height() int { return r.height }

// Position places the row's widgets.
func (r *Row) Position(x, y int) {
	for i, w := range r.widgets {
		w.Position(x+r.offsets[i][0], y+r.offsets[i][1])
	}
}

// ToJSON renders the row's widgets.
func (r *Row) ToJSON() []any { return childrenJSON(r.widgets) }

func (r *Row) children() []IWidget { return r.widgets }

func (r *Row) widgetProblems() []string { return r.problems }

// Column stacks widgets top to bottom, the AWS CDK's cloudwatch.Column.
type Column struct {
	widgets  []IWidget
	problems []string
}

// NewColumn returns a column of widgets; a nil widget is left out and
// reported when the dashboard is synthesized.
func NewColumn(widgets ...IWidget) *Column {
	c := &Column{}
	for _, w := range widgets {
		c.add(w, "NewColumn")
	}
	return c
}

// AddWidget adds a widget at the bottom.
func (c *Column) AddWidget(w IWidget) { c.add(w, "Column.AddWidget") }

func (c *Column) add(w IWidget, what string) {
	if w = constructs.NormalizeNil(w); w == nil {
		c.problems = append(c.problems, what+" was given a nil widget")
		return
	}
	c.widgets = append(c.widgets, w)
}

// Width returns the widest widget's width.
func (c *Column) Width() int {
	n := 0
	for _, w := range c.widgets {
		n = max(n, w.Width())
	}
	return n
}

// Height returns the sum of the widgets' heights.
func (c *Column) Height() int {
	n := 0
	for _, w := range c.widgets {
		n += w.Height()
	}
	return n
}

// Position places the widgets one under the other.
func (c *Column) Position(x, y int) {
	for _, w := range c.widgets {
		w.Position(x, y)
		y += w.Height()
	}
}

// ToJSON renders the column's widgets.
func (c *Column) ToJSON() []any { return childrenJSON(c.widgets) }

func (c *Column) children() []IWidget { return c.widgets }

func (c *Column) widgetProblems() []string { return c.problems }

// Spacer takes up room and shows nothing, the AWS CDK's cloudwatch.Spacer.
type Spacer struct{ W, H int }

// NewSpacer returns a spacer; a zero size is 1.
func NewSpacer(width, height int) *Spacer {
	return &Spacer{W: max(width, 1), H: max(height, 1)}
}

// Width returns the spacer's width.
func (s *Spacer) Width() int { return s.W }

// Height returns the spacer's height.
func (s *Spacer) Height() int { return s.H }

// Position does nothing.
func (s *Spacer) Position(int, int) {}

// ToJSON renders nothing.
func (s *Spacer) ToJSON() []any { return nil }

func childrenJSON(ws []IWidget) []any {
	out := []any{}
	for _, w := range ws {
		out = append(out, w.ToJSON()...)
	}
	return out
}

func setString(o *object, k, v string) {
	if v != "" {
		o.set(k, v)
	}
}

func setBool(o *object, k string, v bool) {
	if v {
		o.set(k, true)
	}
}

func setPeriod(o *object, p time.Duration) {
	if p != 0 {
		o.set("period", int(p/time.Second))
	}
}

func regionOr(r string) string {
	if r != "" {
		return r
	}
	return cfn.Region()
}

func timeRangeProblems(kind, start, end string) []string {
	if end != "" && start == "" {
		return []string{kind + ": End needs Start: set Start too"}
	}
	return nil
}

func metricsProblems(lists ...[]Metric) []string {
	var out []string
	for _, l := range lists {
		for _, m := range l {
			for _, p := range m.problems() {
				out = append(out, "a dashboard widget's "+p)
			}
		}
	}
	return out
}

// allMetricsGraphJSON renders the metrics of a graph, as the AWS CDK's
// allMetricsGraphJson: each metric once (the first occurrence keeps its
// axis), as [namespace, name, dim, value, ..., {options}].
func allMetricsGraphJSON(left, right []Metric) []any {
	type entry struct {
		m    Metric
		axis string
	}
	var entries []entry
	seen := map[string]bool{}
	add := func(axis string, ms []Metric) {
		for _, m := range ms {
			k := metricKey(m)
			if seen[k] {
				continue
			}
			seen[k] = true
			entries = append(entries, entry{m, axis})
		}
	}
	add("left", left)
	add("right", right)
	out := make([]any, 0, len(entries))
	for _, e := range entries {
		out = append(out, metricGraphJSON(e.m, e.axis))
	}
	return out
}

func metricKey(m Metric) string {
	stat, _, _ := m.statistic()
	period, _ := m.periodSeconds()
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%d", m.Namespace, m.MetricName, stat, period)
	for _, d := range m.dimensions() {
		fmt.Fprintf(&b, "\x00%s=%s", d.Name, d.Value)
	}
	fmt.Fprintf(&b, "\x00account=%s\x00region=%s", m.Account, m.Region)
	return b.String()
}

func metricGraphJSON(m Metric, axis string) []any {
	ret := []any{m.Namespace, m.MetricName}
	for _, d := range m.dimensions() {
		ret = append(ret, d.Name, d.Value)
	}
	opts := newObject()
	setString(opts, "color", m.Color)
	setString(opts, "label", m.Label)
	setString(opts, "id", m.ID)
	if m.Visible != nil {
		opts.set("visible", *m.Visible)
	}
	setString(opts, "accountId", m.Account)
	setString(opts, "region", m.Region)
	if p, _ := m.periodSeconds(); p != 300 && p != 0 {
		opts.set("period", p)
	}
	if s, _, _ := m.statistic(); s != "Average" {
		opts.set("stat", s)
	}
	if axis != "left" {
		opts.set("yAxis", axis)
	}
	if opts.len() > 0 {
		ret = append(ret, opts)
	}
	return ret
}
