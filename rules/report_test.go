package rules

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

// TestReportWritersAsEncodingJSON checks that JSON and SARIF write the
// bytes encoding/json writes for the same documents.
func TestReportWritersAsEncodingJSON(t *testing.T) {
	for _, rep := range []*Report{
		{},
		{Findings: []Finding{
			{Rule: "S3.SSL", Level: Error, Path: "S/Bucket/Resource", Stack: "S", LogicalID: "Bucket1", Type: "AWS::S3::Bucket", Message: "no <ssl> & \"quotes\"", Explanation: "é\u2028\n\t", Fix: "fix\\it", Line: 12},
			{Rule: "KMS.Rotation", Level: Warning, Path: "S/Key", Stack: "S", LogicalID: "Key", Type: "AWS::KMS::Key", Message: "m", Explanation: "e", Fix: "f", Suppressed: true, Reason: "a reason", SuppressedAt: "S"},
			{Rule: "X", Level: Error, Path: "", Stack: "", Suppressed: true},
		}},
	} {
		if got, want := rep.JSON(), encodingJSONReport(rep); !bytes.Equal(got, want) {
			t.Errorf("JSON:\n%s\nwant:\n%s", got, want)
		}
		if got, want := rep.SARIF(), encodingJSONSARIF(rep); !bytes.Equal(got, want) {
			t.Errorf("SARIF:\n%s\nwant:\n%s", got, want)
		}
	}
}

// The writers as they were, on encoding/json.

func encodingJSONReport(r *Report) []byte {
	f := r.Findings
	if f == nil {
		f = []Finding{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{"version": 1, "findings": f})
	return b.Bytes()
}

// SARIF returns the findings as a SARIF 2.1.0 log: one result per finding,
// located at the stack's template file (relative to the assembly
// directory), the resource's line when known, and its logical ID;
// suppressed findings carry their suppression.
func encodingJSONSARIF(r *Report) []byte {
	type msg struct {
		Text string `json:"text"`
	}
	var rules []map[string]any
	for _, rule := range All() {
		lvl := "warning"
		if rule.Level == Error {
			lvl = "error"
		}
		rules = append(rules, map[string]any{
			"id":                   rule.ID,
			"shortDescription":     msg{rule.Explanation},
			"help":                 msg{rule.Fix},
			"defaultConfiguration": map[string]any{"level": lvl},
		})
	}
	results := []map[string]any{}
	for _, f := range r.Findings {
		phys := map[string]any{"artifactLocation": map[string]any{"uri": f.Stack + ".template.json"}}
		if f.Line > 0 {
			phys["region"] = map[string]any{"startLine": f.Line}
		}
		res := map[string]any{
			"ruleId":  f.Rule,
			"level":   string(f.Level),
			"message": msg{f.Path + ": " + f.Message + ". " + f.Fix},
			"locations": []any{map[string]any{
				"physicalLocation": phys,
				"logicalLocations": []any{map[string]any{"name": f.LogicalID, "fullyQualifiedName": f.Path, "kind": "resource"}},
			}},
		}
		if f.Suppressed {
			res["suppressions"] = []any{map[string]any{"kind": "inSource", "justification": f.Reason}}
		}
		results = append(results, res)
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool":    map[string]any{"driver": map[string]any{"name": "forma-rules", "informationUri": "https://github.com/forma-iac/forma", "rules": rules}},
			"results": results,
		}},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(log)
	return b.Bytes()
}

// TestCountsAndSort counts unsuppressed findings and errors as
// Unsuppressed does, and sorts findings by path then rule, stably.
func TestCountsAndSort(t *testing.T) {
	rep := &Report{Findings: []Finding{
		{Rule: "B", Level: Error, Path: "S/Z", Message: "1"},
		{Rule: "A", Level: Warning, Path: "S/Z", Message: "2"},
		{Rule: "A", Level: Error, Path: "S/A", Suppressed: true, Message: "3"},
		{Rule: "B", Level: Error, Path: "S/Z", Message: "4"},
		{Rule: "A", Level: Error, Path: "S/B", Message: "5"},
	}}
	un, errs := rep.Counts()
	if un != len(rep.Unsuppressed()) || un != 4 || errs != 3 || rep.Errors() != 3 {
		t.Errorf("Counts = %d, %d; Errors = %d", un, errs, rep.Errors())
	}
	rep.sort()
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Message)
	}
	if want := []string{"3", "5", "2", "1", "4"}; !slices.Equal(got, want) {
		t.Errorf("sorted = %v, want %v", got, want)
	}
	merged := Merge(&Report{Findings: rep.Findings[3:]}, &Report{Findings: rep.Findings[:3]})
	got = got[:0]
	for _, f := range merged.Findings {
		got = append(got, f.Message)
	}
	if want := []string{"3", "5", "2", "1", "4"}; !slices.Equal(got, want) {
		t.Errorf("merged = %v, want %v", got, want)
	}
}
