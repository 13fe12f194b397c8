package diff

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// FormatOptions configure Format.
type FormatOptions struct {
	// StackName heads the output ("Stack NAME"); none when empty.
	StackName string
	// SecurityOnly shows the security changes only.
	SecurityOnly bool
	// Color writes ANSI colours.
	Color bool
	// Paths maps logical IDs to construct paths ("/Stack/Bucket/Resource"),
	// shown before the logical ID as the AWS CDK shows them. Paths found in
	// a resource's aws:cdk:path metadata are used too.
	Paths map[string]string
	// Width is the terminal's width in columns; table cells wrap to fit it.
	// 0 means no limit.
	Width int
}

// ANSI styles, as the AWS CDK's chalk writes them.
const (
	red       = "\x1b[31m"
	green     = "\x1b[32m"
	yellow    = "\x1b[33m"
	blue      = "\x1b[34m"
	cyan      = "\x1b[36m"
	gray      = "\x1b[90m"
	bold      = "\x1b[1m"
	italic    = "\x1b[3m"
	underline = "\x1b[4m"
	reset     = "\x1b[0m"
)

type formatter struct {
	w     *bufio.Writer
	color bool
	paths map[string]string
	width int
}

func (f *formatter) style(s string, styles ...string) string {
	if !f.color || s == "" {
		return s
	}
	return strings.Join(styles, "") + s + reset
}

func (f *formatter) printf(format string, args ...any) {
	fmt.Fprintf(f.w, format, args...)
	f.w.WriteByte('\n')
}

func (f *formatter) header(title string) { f.printf("%s", f.style(title, underline, bold)) }

func (f *formatter) tag(op Op) string {
	switch op {
	case Added:
		return f.style("[+]", green)
	case Removed:
		return f.style("[-]", red)
	case Modified:
		return f.style("[~]", yellow)
	}
	return f.style("[ ]", gray)
}

// value renders a value as the AWS CDK does: strings as they are, anything
// else as JSON.
func (f *formatter) value(v any, color string) string {
	if s, ok := v.(string); ok {
		return f.style(s, color)
	}
	return f.style(compactJSON(v), color)
}

// Format writes the difference as the AWS CDK's `cdk diff` shows it:
// security changes first, then Parameters, Metadata, Mappings, Conditions,
// Rules, Resources, Outputs and other changes.
func (d *StackDiff) Format(w io.Writer, opts FormatOptions) error {
	f := &formatter{w: bufio.NewWriter(w), color: opts.Color, paths: d.paths(opts.Paths), width: opts.Width}
	if opts.StackName != "" {
		f.printf("Stack %s", f.style(opts.StackName, bold))
	}
	switch {
	case opts.SecurityOnly && !d.Security.HasChanges():
		f.printf("There were no security-related changes")
		f.printf("")
	case opts.SecurityOnly:
		f.security(d.Security)
	case d.IsEmpty():
		f.printf("There were no differences")
		f.printf("")
	default:
		if len(d.Template) > 0 {
			f.header("Template")
			for _, e := range d.Template {
				f.entry(e.ID, e)
			}
			f.printf("")
		}
		if d.Security.HasChanges() {
			f.security(d.Security)
		}
		for _, sec := range entrySections {
			if sec == "Resources" {
				continue
			}
			if sec == "Outputs" {
				f.resources(d.Resources)
			}
			l := d.Sections[sec]
			if len(l) == 0 {
				continue
			}
			f.header(sec)
			for _, e := range l {
				f.entry(entryType[sec], e)
			}
			f.printf("")
		}
		if len(d.Other) > 0 {
			f.header("Other Changes")
			for _, e := range d.Other {
				f.entry("Unknown", e)
			}
			f.printf("")
		}
	}
	return f.w.Flush()
}

var entryType = map[string]string{
	"Parameters": "Parameter", "Metadata": "Metadata", "Mappings": "Mapping",
	"Conditions": "Condition", "Rules": "Rule", "Outputs": "Output",
}

// paths merges the caller's paths with those in the resources' metadata,
// the caller's first.
func (d *StackDiff) paths(given map[string]string) map[string]string {
	out := map[string]string{}
	for _, r := range d.Resources {
		for _, def := range []map[string]any{r.New, r.Old} {
			md, _ := def["Metadata"].(map[string]any)
			if p, ok := md["aws:cdk:path"].(string); ok && out[r.ID] == "" {
				out[r.ID] = p
			}
		}
	}
	for id, p := range given {
		out[id] = p
	}
	return out
}

// displayPath turns "/Stack/Bucket/Resource" into "Bucket", as the AWS CDK
// does: the stack and a final Resource or Default are dropped.
func (f *formatter) displayPath(id string) string {
	p := strings.TrimPrefix(f.paths[id], "/")
	if p == "" {
		return ""
	}
	parts := strings.Split(p, "/")
	if len(parts) > 1 {
		parts = parts[1:]
		if last := parts[len(parts)-1]; len(parts) > 1 && (last == "Resource" || last == "Default") {
			parts = parts[:len(parts)-1]
		}
	}
	return strings.Join(parts, "/")
}

func (f *formatter) logicalID(id string) string {
	if p := f.displayPath(id); p != "" {
		return p + " " + f.style(id, gray)
	}
	return id
}

func (f *formatter) entry(typ string, e *Entry) {
	var v string
	switch e.Op {
	case Added:
		v = f.value(e.New, green)
	case Removed:
		v = f.value(e.Old, red)
	default:
		v = f.value(e.Old, red) + " to " + f.value(e.New, green)
	}
	f.printf("%s %s %s: %s", f.tag(e.Op), f.style(typ, cyan), f.logicalID(e.ID), v)
}

func (f *formatter) impact(i Impact) string {
	switch i {
	case MayReplace:
		return f.style("may be replaced", italic, yellow)
	case Replace:
		return f.style("replace", italic, bold, red)
	case Destroy:
		return f.style("destroy", italic, bold, red)
	case Orphan:
		return f.style("orphan", italic, yellow)
	}
	return ""
}

func (f *formatter) resources(l []*Resource) {
	if len(l) == 0 {
		return
	}
	f.header("Resources")
	for _, r := range l {
		line := fmt.Sprintf("%s %s %s %s", f.tag(r.Op), f.style(r.Type(), cyan), f.logicalID(r.ID), f.impact(r.Impact))
		f.printf("%s", strings.TrimRight(line, " "))
		changes := append(append([]*Property(nil), r.Properties...), r.Attributes...)
		for i, p := range changes {
			f.property(p, i == len(changes)-1)
		}
	}
	f.printf("")
}

func (f *formatter) property(p *Property, last bool) {
	info := ""
	switch p.Impact {
	case Replace:
		info = " (requires replacement)"
	case MayReplace:
		info = " (may cause replacement)"
	}
	branch, prefix := "├", " │"
	if last {
		branch, prefix = "└", "  "
	}
	f.printf(" %s─ %s %s%s", branch, f.tag(p.Op), p.Name, info)
	f.delta(p.Delta, prefix)
}

// delta renders the tree of a change below a line; prefix draws the
// branches of the levels above.
func (f *formatter) delta(d *Delta, prefix string) {
	switch {
	case d.Op == Added:
		f.printf("%s   └─ %s", prefix, f.value(d.New, green))
	case d.Op == Removed:
		f.printf("%s   └─ %s", prefix, f.value(d.Old, red))
	case len(d.Fields) > 0:
		for i, fd := range d.Fields {
			last := i == len(d.Fields)-1
			branch, next := "├", "│"
			if last {
				branch, next = "└", " "
			}
			key := f.style("."+fd.Key, blue)
			switch fd.Op {
			case Added:
				f.printf("%s   %s─ %s Added: %s", prefix, branch, f.tag(Added), key)
			case Removed:
				f.printf("%s   %s─ %s Removed: %s", prefix, branch, f.tag(Removed), key)
			default:
				f.printf("%s   %s─ %s %s:", prefix, branch, f.tag(Modified), key)
				f.delta(fd.Delta, prefix+"   "+next)
			}
		}
	case len(d.Elements) > 0:
		f.elements(d.Elements, prefix)
	default:
		f.printf("%s   ├─ %s %s", prefix, f.tag(Removed), f.value(d.Old, red))
		f.printf("%s   └─ %s %s", prefix, f.tag(Added), f.value(d.New, green))
	}
}

// listContext is how many unchanged elements are shown on each side of a
// change; longer runs are summarized.
const listContext = 1

func (f *formatter) elements(l []*Element, prefix string) {
	type line struct {
		el    *Element
		index int // the element's index in the new list; -1 when removed
		skip  int // a summary of skipped unchanged elements
	}
	near := func(k int) bool {
		for j := max(0, k-listContext); j <= min(len(l)-1, k+listContext); j++ {
			if l[j].Op != Same {
				return true
			}
		}
		return false
	}
	var lines []line
	index := 0
	for k, e := range l {
		switch {
		case e.Op == Same && !near(k):
			if n := len(lines); n > 0 && lines[n-1].skip > 0 {
				lines[n-1].skip++
			} else {
				lines = append(lines, line{skip: 1})
			}
		case e.Op == Removed:
			lines = append(lines, line{el: e, index: -1})
		default:
			lines = append(lines, line{el: e, index: index})
		}
		if e.Op != Removed {
			index++
		}
	}
	for i, ln := range lines {
		last := i == len(lines)-1
		branch, next := "├", "│"
		if last {
			branch, next = "└", " "
		}
		switch {
		case ln.skip > 0:
			noun := "elements"
			if ln.skip == 1 {
				noun = "element"
			}
			f.printf("%s   %s─ %s", prefix, branch, f.style(fmt.Sprintf("... %d unchanged %s", ln.skip, noun), gray))
		case ln.el.Op == Same:
			f.printf("%s   %s─ %s %s", prefix, branch, f.tag(Same), f.value(ln.el.Value, ""))
		case ln.el.Op == Added:
			f.printf("%s   %s─ %s %s", prefix, branch, f.tag(Added), f.value(ln.el.Value, green))
		case ln.el.Op == Removed:
			f.printf("%s   %s─ %s %s", prefix, branch, f.tag(Removed), f.value(ln.el.Value, red))
		default:
			f.printf("%s   %s─ %s %s:", prefix, branch, f.tag(Modified), f.style(fmt.Sprintf("[%d]", ln.index), blue))
			f.delta(ln.el.Delta, prefix+"   "+next)
		}
	}
}

// security writes the IAM and security group tables.
func (f *formatter) security(s *SecurityChanges) {
	if s.Statements.HasChanges() {
		f.header("IAM Statement Changes")
		rows := [][]string{{"", "Resource", "Effect", "Action", "Principal", "Condition"}}
		var body [][]string
		add := func(sign string, l []*Statement) {
			for _, st := range l {
				if st.Unparsed != "" {
					body = append(body, []string{sign, st.Unparsed, "", "", st.Principals.render(), ""})
					continue
				}
				body = append(body, []string{sign, st.Resources.render(), st.Effect, st.Actions.render(), st.Principals.render(), condition(st.Condition)})
			}
		}
		add("+", s.Statements.Additions)
		add("-", s.Statements.Removals)
		f.table(append(rows, sortRows(body)...))
	}
	if s.ManagedPolicies.HasChanges() {
		f.header("IAM Policy Changes")
		rows := [][]string{{"", "Resource", "Managed Policy ARN"}}
		var body [][]string
		for _, a := range s.ManagedPolicies.Additions {
			body = append(body, []string{"+", a.Identity, a.PolicyARN})
		}
		for _, a := range s.ManagedPolicies.Removals {
			body = append(body, []string{"-", a.Identity, a.PolicyARN})
		}
		f.table(append(rows, sortRows(body)...))
	}
	if s.Ingress.HasChanges() || s.Egress.HasChanges() {
		f.header("Security Group Changes")
		rows := [][]string{{"", "Group", "Dir", "Protocol", "Peer"}}
		var body [][]string
		add := func(sign, dir string, l []*Rule) {
			for _, r := range l {
				body = append(body, []string{sign, r.Group, dir, r.DescribeProtocol(), r.DescribePeer()})
			}
		}
		add("+", "In", s.Ingress.Additions)
		add("+", "Out", s.Egress.Additions)
		add("-", "In", s.Ingress.Removals)
		add("-", "Out", s.Egress.Removals)
		sort.SliceStable(body, func(i, j int) bool {
			if body[i][1] != body[j][1] {
				return body[i][1] < body[j][1]
			}
			return body[i][2] == "In" && body[j][2] == "Out"
		})
		f.table(append(rows, body...))
	}
	f.printf("%s", f.style("(NOTE: There may be security-related changes not in this list.)", yellow))
	f.printf("")
}

// sortRows orders table rows by their Resource column, keeping additions
// before removals within one resource.
func sortRows(rows [][]string) [][]string {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i][1] < rows[j][1] })
	return rows
}

// condition renders a statement's Condition as the AWS CDK does: its JSON
// without the outer braces, dedented.
func condition(c any) string {
	m, ok := c.(map[string]any)
	if c == nil || (ok && len(m) == 0) {
		return ""
	}
	lines := strings.Split(indentJSON(c), "\n")
	if len(lines) < 3 {
		return lines[0]
	}
	lines = lines[1 : len(lines)-1]
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "  ")
	}
	return strings.Join(lines, "\n")
}

var bracedID = regexp.MustCompile(`\$\{([^.}]+)(\.[^}]+)?\}`)

// table writes rows as a box-drawn table: a line under the header and
// between rows of different resources, multi-line cells, paths substituted
// for the logical IDs in ${...}.
func (f *formatter) table(rows [][]string) {
	for _, row := range rows {
		for i, cell := range row {
			row[i] = bracedID.ReplaceAllStringFunc(cell, func(m string) string {
				sub := bracedID.FindStringSubmatch(m)
				if p := f.displayPath(sub[1]); p != "" {
					return "${" + p + sub[2] + "}"
				}
				return m
			})
		}
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			for _, l := range strings.Split(cell, "\n") {
				widths[i] = max(widths[i], len([]rune(l)))
			}
		}
	}
	if f.width > 0 {
		widths = fitWidths(widths, f.width)
		for _, row := range rows {
			for i, cell := range row {
				row[i] = wrap(cell, widths[i])
			}
		}
	}
	border := func(left, join, right string) {
		var b strings.Builder
		b.WriteString(left)
		for i, w := range widths {
			if i > 0 {
				b.WriteString(join)
			}
			b.WriteString(strings.Repeat("─", w+2))
		}
		b.WriteString(right)
		f.printf("%s", f.style(b.String(), gray))
	}
	border("┌", "┬", "┐")
	for r, row := range rows {
		if r == 1 || (r > 1 && rows[r-1][1] != row[1]) {
			border("├", "┼", "┤")
		}
		color := ""
		if r > 0 {
			color = green
			if row[0] == "-" {
				color = red
			}
		}
		cells := make([][]string, len(row))
		height := 1
		for i, cell := range row {
			cells[i] = strings.Split(cell, "\n")
			height = max(height, len(cells[i]))
		}
		for h := 0; h < height; h++ {
			var b strings.Builder
			b.WriteString(f.style("│", gray))
			for i := range row {
				text := ""
				if h < len(cells[i]) {
					text = cells[i][h]
				}
				pad := strings.Repeat(" ", widths[i]-len([]rune(text)))
				b.WriteString(" " + f.style(text, color) + pad + " " + f.style("│", gray))
			}
			f.printf("%s", b.String())
		}
	}
	border("└", "┴", "┘")
}

// fitWidths shares a terminal's width among columns as the AWS CDK does:
// columns narrower than a fair share keep their width, the others split
// the rest, the last of them taking what remains.
func fitWidths(widths []int, terminal int) []int {
	terminal = max(terminal, 40)
	content := terminal - 2 - 3*len(widths)
	total := 0
	for _, w := range widths {
		total += w
	}
	if total <= content {
		return widths
	}
	fair := float64(content) / float64(len(widths))
	distributable, large := content, 0
	for _, w := range widths {
		if float64(w) < fair {
			distributable -= w
		} else {
			large++
		}
	}
	share := distributable / large
	out := make([]int, len(widths))
	for i, w := range widths {
		if float64(w) < fair {
			out[i] = w
			continue
		}
		out[i] = share
		if distributable < 2*share {
			out[i] = distributable
		}
		out[i] = max(out[i], 1)
		distributable -= out[i]
	}
	return out
}

// wrap cuts each line of a cell into pieces of at most width characters.
func wrap(cell string, width int) string {
	var out []string
	for _, line := range strings.Split(cell, "\n") {
		r := []rune(line)
		for len(r) > width {
			out = append(out, string(r[:width]))
			r = r[width:]
		}
		out = append(out, string(r))
	}
	return strings.Join(out, "\n")
}
