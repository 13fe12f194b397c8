package constructs

import (
	"fmt"
	"sort"
	"strings"
)

// ValidationError is a problem with the program found during synthesis.
// It names the construct path and says how to fix the problem.
type ValidationError struct {
	Path    string // construct path; "" for the app
	Message string
}

func (e *ValidationError) Error() string {
	p := e.Path
	if p == "" {
		p = "(app)"
	}
	return p + ": " + e.Message
}

// Errorf returns a ValidationError for the construct c.
func Errorf(c Construct, format string, args ...any) *ValidationError {
	p := ""
	if c != nil {
		p = c.Node().Path()
	}
	return &ValidationError{Path: p, Message: fmt.Sprintf(format, args...)}
}

// Errors is a list of validation errors, reported together.
type Errors []*ValidationError

// Sort orders the errors by construct path, then message, and drops
// duplicates.
func (es Errors) Sort() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Path != es[j].Path {
			return es[i].Path < es[j].Path
		}
		return es[i].Message < es[j].Message
	})
	out := es[:0]
	for i, e := range es {
		if i > 0 && e.Path == es[i-1].Path && e.Message == es[i-1].Message {
			continue
		}
		out = append(out, e)
	}
	return out
}

func (es Errors) Error() string {
	var b strings.Builder
	if len(es) == 1 {
		b.WriteString("synthesis failed: ")
		b.WriteString(es[0].Error())
		return b.String()
	}
	fmt.Fprintf(&b, "synthesis failed with %d errors:", len(es))
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// Metadata types for annotations, as the AWS CDK names them.
const (
	MetadataInfo    = "aws:cdk:info"
	MetadataWarning = "aws:cdk:warning"
	MetadataError   = "aws:cdk:error"
)

// Annotations adds info, warnings and errors to a construct. Errors fail
// synthesis; warnings and info are reported.
type Annotations struct{ n *Node }

// AnnotationsOf returns the annotations of c.
// A nil construct is reported by synthesis; its annotations go nowhere.
func AnnotationsOf(c Construct) Annotations {
	if IsNil(c) || c.Node() == nil {
		ReportError(nil, "AnnotationsOf was given a nil construct; pass the construct the annotation is about")
		return Annotations{&Node{}}
	}
	return Annotations{c.Node()}
}

// AddInfo records an informational message.
func (a Annotations) AddInfo(msg string) { a.n.AddMetadata(MetadataInfo, msg) }

// AddWarning records a warning.
func (a Annotations) AddWarning(msg string) { a.n.AddMetadata(MetadataWarning, msg) }

// AddError records an error that fails synthesis.
func (a Annotations) AddError(msg string) { a.n.AddMetadata(MetadataError, msg) }

// MetadataMissingContext marks a context value a construct needed and did
// not find; synthesis lists it in the manifest's "missing" section, where the
// AWS CDK CLI looks it up and retries.
const MetadataMissingContext = "aws:cdk:missing-context"

// MissingContext is a context value that a lookup needs.
type MissingContext struct {
	Key      string         `json:"key"`
	Provider string         `json:"provider"`
	Props    map[string]any `json:"props"`
}

// ReportMissingContext records that scope needed a context value it did not
// find.
func ReportMissingContext(scope Construct, m MissingContext) {
	scope.Node().AddMetadata(MetadataMissingContext, m)
}

// ReportError records an error that synthesis reports with c's path. It is
// for mistakes found where no Validate method sees them (a nil argument to a
// function); c may be nil when no construct is at hand, and the error is
// then reported on the app.
func ReportError(c Construct, msg string) {
	if IsNil(c) || c.Node() == nil {
		apps.Lock()
		app := apps.latest
		apps.Unlock()
		if app == nil {
			apps.Lock()
			apps.pending = append(apps.pending, &ValidationError{Message: msg})
			apps.Unlock()
			return
		}
		c = app
	}
	recordOnce(c.Node(), msg)
}
