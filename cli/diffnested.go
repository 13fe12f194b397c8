package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"github.com/forma-iac/forma/internal/diff"
	"github.com/forma-iac/forma/synth"
	"github.com/forma-iac/forma/synth/template"
)

// nestedDiff is a nested stack's deployed and synthesized templates, for
// diff to show its changes after those of its parent.
type nestedDiff struct {
	name     string
	old, new map[string]any
	nested   []*nestedDiff
}

// templateReader reads deployed stacks: a *cloudformation.Client.
type templateReader interface {
	DescribeStackResource(context.Context, *cloudformation.DescribeStackResourceInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourceOutput, error)
	GetTemplate(context.Context, *cloudformation.GetTemplateInput, ...func(*cloudformation.Options)) (*cloudformation.GetTemplateOutput, error)
}

// nestedTemplateKeyRe finds the asset hash a TemplateURL ends with.
var nestedTemplateKeyRe = regexp.MustCompile(`([0-9a-f]{64})\.json`)

// nestedStacks returns the stacks nested in a template: each
// AWS::CloudFormation::Stack resource of newT whose TemplateURL names a file
// asset of the stack (files: the asset's hash to its file), with the local
// template and, when the resource is deployed (in the stack named
// deployed, read through rd), the deployed one: GetTemplate of the
// resource's physical id. For a nested stack whose two templates are read,
// the old TemplateURL is set to the new one, so that the parent's diff does
// not show the URL (a hash) and the nested stack's diff shows what
// changed. rd nil (a --template comparison) reads no deployed nested
// template: a nested stack new to old is compared with nothing, one in both
// is left to the parent's diff. paths are the logical IDs' construct paths.
func nestedStacks(ctx context.Context, newT, old map[string]any, files map[string]string, parentName, deployed string, rd templateReader, paths map[string]string) ([]*nestedDiff, error) {
	newRes, _ := newT["Resources"].(map[string]any)
	oldRes, _ := old["Resources"].(map[string]any)
	var out []*nestedDiff
	for _, id := range slices.Sorted(maps.Keys(newRes)) {
		body, _ := newRes[id].(map[string]any)
		if body["Type"] != "AWS::CloudFormation::Stack" {
			continue
		}
		props, _ := body["Properties"].(map[string]any)
		url, _ := json.Marshal(props["TemplateURL"])
		m := nestedTemplateKeyRe.FindAllStringSubmatch(string(url), -1)
		if len(m) == 0 {
			continue
		}
		file, ok := files[m[len(m)-1][1]]
		if !ok {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("reading the template of nested stack %s: %w", id, err)
		}
		n := &nestedDiff{name: nestedName(parentName, id, paths)}
		if n.new, err = template.Parse(file, data); err != nil {
			return nil, err
		}
		oldBody, _ := oldRes[id].(map[string]any)
		physical := ""
		switch {
		case oldBody == nil || oldBody["Type"] != "AWS::CloudFormation::Stack":
			// A new nested stack: everything in it is added.
		case rd == nil:
			continue
		default:
			out, err := rd.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String(deployed), LogicalResourceId: aws.String(id)})
			if err != nil {
				if apiMessageContains(err, "does not exist") {
					break
				}
				return nil, fmt.Errorf("nested stack %s: finding the deployed stack: %w", n.name, err)
			}
			if out.StackResourceDetail != nil {
				physical = aws.ToString(out.StackResourceDetail.PhysicalResourceId)
			}
			if physical == "" {
				break
			}
			tpl, err := rd.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(physical)})
			if err != nil {
				return nil, fmt.Errorf("nested stack %s: reading the deployed template: %w", n.name, err)
			}
			if n.old, err = template.Parse(n.name+" (deployed)", []byte(aws.ToString(tpl.TemplateBody))); err != nil {
				return nil, err
			}
			if oldProps, ok := oldBody["Properties"].(map[string]any); ok {
				oldProps["TemplateURL"] = props["TemplateURL"]
			}
		}
		if n.nested, err = nestedStacks(ctx, n.new, n.old, files, n.name, physical, rd, paths); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// nestedName is a nested stack's name in diff's output: its construct
// path when the manifest gives its resource's (<parent>/<id>.NestedStack/
// <id>.NestedStackResource), otherwise the parent's name and the
// resource's logical ID.
func nestedName(parent, logicalID string, paths map[string]string) string {
	p := strings.TrimPrefix(paths[logicalID], "/")
	if dir, last, ok := cutLast(p, "/"); ok && strings.HasSuffix(last, ".NestedStackResource") {
		id := strings.TrimSuffix(last, ".NestedStackResource")
		if d, _, ok := cutLast(dir, "/"); ok && strings.HasSuffix(dir, "/"+id+".NestedStack") {
			return d + "/" + id
		}
	}
	return parent + "/" + logicalID
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", s, false
	}
	return s[:i], s[i+len(sep):], true
}

// formatNested writes the diffs of nested stacks, depth first, and returns
// how many differ.
func formatNested(b io.Writer, nested []*nestedDiff, securityOnly, color bool) (int, error) {
	differing := 0
	for _, n := range nested {
		sd := diff.Compare(n.old, n.new, diff.Options{})
		if securityOnly && sd.Security.HasChanges() || !securityOnly && !sd.IsEmpty() {
			differing++
		}
		if err := sd.Format(b, diff.FormatOptions{StackName: n.name, SecurityOnly: securityOnly, Color: color}); err != nil {
			return differing, err
		}
		d, err := formatNested(b, n.nested, securityOnly, color)
		differing += d
		if err != nil {
			return differing, err
		}
	}
	return differing, nil
}

// withNested returns the stacks and the stacks nested in them, each parent
// before its nested stacks. A nested stack's ID names its template file
// (<unique id>.nested), which the rule pack's SARIF locations give.
func withNested(stacks []*synth.Stack) []*synth.Stack {
	var out []*synth.Stack
	for _, st := range stacks {
		out = append(out, st.WithNested()...)
	}
	return out
}
