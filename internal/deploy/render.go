package deploy

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Progress modes.
const (
	ProgressEvents = "events" // one line per stack event
	ProgressBar    = "bar"    // a live table of resources, redrawn in place
)

// Renderer shows the progress of stack operations. Its methods may be
// called from several goroutines.
type Renderer interface {
	// Event shows one stack event of stack.
	Event(st *Stack, ev types.StackEvent)
	// Line prints a message about stack outside the progress display.
	Line(format string, args ...any)
	// Done ends stack's display.
	Done(st *Stack)
}

// NewRenderer returns the renderer for mode, writing to w; now is the clock
// for elapsed times and loc the zone event times are printed in.
func NewRenderer(mode string, w io.Writer, now func() time.Time, loc *time.Location) Renderer {
	if loc == nil {
		loc = time.Local
	}
	if mode == ProgressBar {
		return &tableRenderer{w: w, now: now, loc: loc, rows: map[string]*row{}}
	}
	return &eventRenderer{w: w, loc: loc}
}

// eventRenderer prints one line per event:
//
//	HelloStorage | 12:00:03 | CREATE_COMPLETE      | AWS::SQS::Queue | Queue (HelloStorage/Queue)
type eventRenderer struct {
	mu  sync.Mutex
	w   io.Writer
	loc *time.Location
}

func (r *eventRenderer) Event(st *Stack, ev types.StackEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(r.w, eventLine(st, ev, r.loc))
}

func eventLine(st *Stack, ev types.StackEvent, loc *time.Location) string {
	at := aws.ToTime(ev.Timestamp).In(loc).Format("15:04:05")
	line := fmt.Sprintf("%s | %s | %-28s | %-26s | %s", st.DisplayName, at, ev.ResourceStatus, aws.ToString(ev.ResourceType), resourceName(st, aws.ToString(ev.LogicalResourceId)))
	if reason := aws.ToString(ev.ResourceStatusReason); reason != "" {
		line += " " + reason
	}
	return line
}

// resourceName is "LogicalID (construct/path)" when the path is known.
func resourceName(st *Stack, logicalID string) string {
	if p := st.LogicalIDPaths[logicalID]; p != "" {
		return logicalID + " (" + strings.TrimPrefix(p, "/") + ")"
	}
	return logicalID
}

func (r *eventRenderer) Line(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(r.w, format+"\n", args...)
}

func (r *eventRenderer) Done(*Stack) {}

// tableRenderer redraws a table of every stack's resources in place after
// each event, with ANSI cursor movement.
type tableRenderer struct {
	mu     sync.Mutex
	w      io.Writer
	now    func() time.Time
	loc    *time.Location
	stacks []*Stack
	rows   map[string]*row // "stack/logicalID"
	order  map[*Stack][]string
	drawn  int // lines of the last drawing
}

type row struct {
	logicalID, typ, status, reason string
	start, last                    time.Time
}

func (r *tableRenderer) Event(st *Stack, ev types.StackEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.order == nil {
		r.order = map[*Stack][]string{}
	}
	if _, ok := r.order[st]; !ok {
		r.stacks = append(r.stacks, st)
		r.order[st] = nil
	}
	id := aws.ToString(ev.LogicalResourceId)
	key := st.Name + "/" + id
	at := aws.ToTime(ev.Timestamp)
	rw := r.rows[key]
	if rw == nil {
		rw = &row{logicalID: id, typ: aws.ToString(ev.ResourceType), start: at}
		r.rows[key] = rw
		r.order[st] = append(r.order[st], id)
	}
	if strings.HasSuffix(string(ev.ResourceStatus), "_IN_PROGRESS") && !strings.HasSuffix(rw.status, "_IN_PROGRESS") {
		rw.start = at
	}
	rw.status, rw.reason, rw.last = string(ev.ResourceStatus), aws.ToString(ev.ResourceStatusReason), at
	r.redraw()
}

func (r *tableRenderer) redraw() {
	var b bytes.Buffer
	if r.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA\x1b[J", r.drawn)
	}
	lines := r.table()
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	r.drawn = len(lines)
	r.w.Write(b.Bytes())
}

// compactAbove is the number of stacks in progress above which the live
// table shows one line per stack instead of every resource, so that many
// stacks deployed at once stay readable.
const compactAbove = 3

// table renders the rows: per stack a header line (the stack's own row),
// then its resources in the order they first appeared; with more than
// compactAbove stacks, one line per stack (stackLine).
func (r *tableRenderer) table() []string {
	if len(r.stacks) > compactAbove {
		return r.stackLines(r.stacks)
	}
	return r.fullTable()
}

// stackLines renders one line per stack: its name, status, elapsed time,
// resources complete out of those seen, and the reason of the last
// failure, if any.
func (r *tableRenderer) stackLines(stacks []*Stack) []string {
	now := r.now()
	width := 0
	for _, st := range stacks {
		width = max(width, len(st.DisplayName))
	}
	var lines []string
	for _, st := range stacks {
		status, reason := "", ""
		var start, last time.Time
		done, total := 0, 0
		for _, id := range r.order[st] {
			rw := r.rows[st.Name+"/"+id]
			if rw.typ == "AWS::CloudFormation::Stack" && id == st.Name {
				status, start, last = rw.status, rw.start, rw.last
				continue
			}
			total++
			if strings.HasSuffix(rw.status, "_COMPLETE") {
				done++
			}
			if strings.HasSuffix(rw.status, "_FAILED") && rw.reason != "" {
				reason = resourceName(st, id) + ": " + rw.reason
			}
		}
		end := last
		if strings.HasSuffix(status, "_IN_PROGRESS") || status == "" {
			end = now
		}
		line := fmt.Sprintf("%-*s  %-28s %6s  %d/%d resources", width, st.DisplayName, status, elapsed(end.Sub(start)), done, total)
		if reason != "" {
			line += "  " + reason
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// fullTable renders every stack's header line and resources.
func (r *tableRenderer) fullTable() []string {
	now := r.now()
	var lines []string
	for _, st := range r.stacks {
		var resources [][]string
		stackStatus := ""
		for _, id := range r.order[st] {
			rw := r.rows[st.Name+"/"+id]
			if rw.typ == "AWS::CloudFormation::Stack" && id == st.Name {
				stackStatus = rw.status
				continue
			}
			end := rw.last
			if strings.HasSuffix(rw.status, "_IN_PROGRESS") {
				end = now
			}
			resources = append(resources, []string{resourceName(st, id), rw.typ, rw.status, elapsed(end.Sub(rw.start)), rw.reason})
		}
		lines = append(lines, fmt.Sprintf("%s  %s", st.DisplayName, stackStatus))
		widths := []int{len("RESOURCE"), len("TYPE"), len("STATUS"), len("ELAPSED")}
		for _, c := range resources {
			for i := range widths {
				widths[i] = max(widths[i], len(c[i]))
			}
		}
		format := fmt.Sprintf("  %%-%ds  %%-%ds  %%-%ds  %%%ds  %%s", widths[0], widths[1], widths[2], widths[3])
		lines = append(lines, strings.TrimRight(fmt.Sprintf(format, "RESOURCE", "TYPE", "STATUS", "ELAPSED", "REASON"), " "))
		for _, c := range resources {
			lines = append(lines, strings.TrimRight(fmt.Sprintf(format, c[0], c[1], c[2], c[3], c[4]), " "))
		}
	}
	return lines
}

func elapsed(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Truncate(time.Second)
	if d >= time.Minute {
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%ds", int(d.Seconds()))
}

// Line prints above the table: the table is cleared, the line printed and
// the table drawn again below it.
func (r *tableRenderer) Line(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b bytes.Buffer
	if r.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA\x1b[J", r.drawn)
	}
	fmt.Fprintf(&b, format+"\n", args...)
	r.w.Write(b.Bytes())
	r.drawn = 0
	if len(r.stacks) > 0 {
		r.redraw()
	}
}

// Done leaves the stack's final table in place and stops redrawing it.
func (r *tableRenderer) Done(st *Stack) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, s := range r.stacks {
		if s == st {
			compact := len(r.stacks) > compactAbove
			r.stacks = append(r.stacks[:i], r.stacks[i+1:]...)
			// The finished stack's lines stay on screen above the others:
			// one line when the table was showing one line per stack.
			if r.drawn > 0 {
				var b bytes.Buffer
				fmt.Fprintf(&b, "\x1b[%dA\x1b[J", r.drawn)
				saved := r.stacks
				r.stacks = []*Stack{st}
				final := r.fullTable()
				if compact {
					final = r.stackLines(r.stacks)
				}
				for _, l := range final {
					b.WriteString(l + "\n")
				}
				r.stacks = saved
				r.w.Write(b.Bytes())
				r.drawn = 0
				if len(r.stacks) > 0 {
					r.redraw()
				}
			}
			return
		}
	}
}
