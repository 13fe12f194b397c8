package schemacheck

import (
	"fmt"
	"sort"
	"strings"
)

// CFNLintVerdicts is the file of the corpus that records the rule ids
// cfn-lint reports for each case.
const CFNLintVerdicts = "cfn-lint.json"

// ScoreResult compares forma's schema check with cfn-lint on a corpus.
type ScoreResult struct {
	Cases int
	// SchemaErrors are the cases where cfn-lint reports an E3xxx error;
	// Caught those where forma reports an issue too.
	SchemaErrors, Caught int
	// Clean are the cases where cfn-lint reports no error at all;
	// FalseErrors those where forma reports one.
	Clean, FalseErrors int
	// Missed and False name the cases of each disagreement.
	Missed, False []string
	// Extra are the cases where forma reports an issue and cfn-lint only
	// errors outside E3xxx.
	Extra []string
}

// Score compares cfn-lint's rule ids and forma's issues by case name.
func Score(cfnLint, forma map[string][]string) ScoreResult {
	var s ScoreResult
	names := make([]string, 0, len(cfnLint))
	for k := range cfnLint {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		s.Cases++
		schema, anyError := false, false
		for _, id := range cfnLint[name] {
			if strings.HasPrefix(id, "E") {
				anyError = true
			}
			if strings.HasPrefix(id, "E3") {
				schema = true
			}
		}
		got := len(forma[name]) > 0
		switch {
		case schema:
			s.SchemaErrors++
			if got {
				s.Caught++
			} else {
				s.Missed = append(s.Missed, name)
			}
		case !anyError:
			s.Clean++
			if got {
				s.FalseErrors++
				s.False = append(s.False, name+": "+strings.Join(forma[name], "; "))
			}
		case got:
			s.Extra = append(s.Extra, name)
		}
	}
	return s
}

// Recall is the share of cfn-lint's schema errors forma reports.
func (s ScoreResult) Recall() float64 {
	if s.SchemaErrors == 0 {
		return 1
	}
	return float64(s.Caught) / float64(s.SchemaErrors)
}

// Pass reports whether forma reports at least 90 % of cfn-lint's schema
// errors and no error where cfn-lint reports none.
func (s ScoreResult) Pass() bool { return s.Recall() >= 0.9 && s.FalseErrors == 0 }

// Report renders the score; verbose lists the disagreements.
func (s ScoreResult) Report(verbose bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cases: %d\n", s.Cases)
	fmt.Fprintf(&b, "cfn-lint reports a schema error (E3xxx): %d; forma reports %d of them: %.1f %%\n", s.SchemaErrors, s.Caught, 100*s.Recall())
	fmt.Fprintf(&b, "cfn-lint reports no error: %d; forma reports an error on %d of them\n", s.Clean, s.FalseErrors)
	if verbose {
		for _, m := range s.Missed {
			fmt.Fprintf(&b, "missed: %s\n", m)
		}
		for _, f := range s.False {
			fmt.Fprintf(&b, "false error: %s\n", f)
		}
		for _, e := range s.Extra {
			fmt.Fprintf(&b, "forma error, cfn-lint error outside E3: %s\n", e)
		}
	}
	verdict := "PASS"
	if !s.Pass() {
		verdict = "FAIL"
	}
	fmt.Fprintf(&b, "score: %.1f %% of the schema errors, %d false errors: %s (wanted >= 90 %%, 0)\n", 100*s.Recall(), s.FalseErrors, verdict)
	return b.String()
}
