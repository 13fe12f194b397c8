package schemacheck

import (
	"sort"
	"strings"
)

// TemplateIssue is an issue of one resource of a template.
type TemplateIssue struct {
	LogicalID string
	Type      string
	Issue
}

// String renders the issue as "Resources/ID (Type): property P: wanted W, given G".
func (t TemplateIssue) String() string {
	return "Resources/" + t.LogicalID + " (" + t.Type + "): " + t.Issue.String()
}

// CheckTemplate checks every resource of a decoded template (a JSON object
// with a Resources section) and returns the issues by logical ID.
func CheckTemplate(tpl map[string]any) []TemplateIssue {
	env := TemplateOf(tpl)
	res, _ := tpl["Resources"].(map[string]any)
	var out []TemplateIssue
	for _, id := range sortedKeys(res) {
		r, _ := res[id].(map[string]any)
		t, _ := r["Type"].(string)
		if t == "" || strings.HasPrefix(t, "Custom::") {
			continue
		}
		props, _ := r["Properties"].(map[string]any)
		for _, is := range Check(t, props, env) {
			out = append(out, TemplateIssue{LogicalID: id, Type: t, Issue: is})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LogicalID < out[j].LogicalID })
	return out
}

// TemplateOf returns what the checker needs to know of a decoded template:
// its parameters' and resources' types.
func TemplateOf(tpl map[string]any) *Template {
	env := &Template{Parameters: map[string]string{}, Resources: map[string]string{}}
	params, _ := tpl["Parameters"].(map[string]any)
	for id, p := range params {
		pm, _ := p.(map[string]any)
		t, _ := pm["Type"].(string)
		env.Parameters[id] = t
	}
	res, _ := tpl["Resources"].(map[string]any)
	for id, r := range res {
		rm, _ := r.(map[string]any)
		t, _ := rm["Type"].(string)
		env.Resources[id] = t
	}
	return env
}
