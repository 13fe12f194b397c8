package deploy

import (
	"fmt"
	"strings"
)

// CheckAssets rejects stacks with images that forma cannot push, before
// any API call: an image built by a command other than forma's image
// archive, or from a Dockerfile when the docker CLI is not installed.
// CloudFormation would fail on the first resource that reads a missing
// one. File assets and forma's images are published by Publish.
func CheckAssets(stacks []*Stack, app string) error {
	var b strings.Builder
	for _, st := range stacks {
		var names []string
		for _, img := range st.Images {
			if why := unpushable(img); why != "" {
				names = append(names, fmt.Sprintf("Docker image %q: %s", img.DisplayName, why))
			}
		}
		if len(names) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n  %s: %s", st.DisplayName, strings.Join(names, "; "))
	}
	if b.Len() == 0 {
		return nil
	}
	return fmt.Errorf("these stacks use images that forma cannot push:%s\npublish them first ('cdk publish-assets --app %s --all') and deploy again with --assets-published, or deploy with 'cdk deploy'", b.String(), app)
}

// CheckSizes rejects templates CloudFormation cannot take, before any API
// call.
func CheckSizes(stacks []*Stack) error {
	for _, st := range stacks {
		if n := len(st.Template); n > MaxTemplateBytes {
			return fmt.Errorf("stack %s: its template (%s) is %d bytes, over CloudFormation's limit of %d bytes even through S3; split the stack (move constructs into a new stack or a nested stack)", st.DisplayName, st.TemplateFile, n, MaxTemplateBytes)
		}
	}
	return nil
}

// ParseKeyValues parses Key=Value flags ("--tags"); a later key wins.
func ParseKeyValues(flag string, values []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range values {
		k, val, ok := strings.Cut(v, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--%s %q: want Key=Value", flag, v)
		}
		out[k] = val
	}
	return out, nil
}

// ParseParameters parses --parameters values, [Stack:]Key=Value; a key
// without a stack applies to every stack ("*").
func ParseParameters(values []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, v := range values {
		kv, val, ok := strings.Cut(v, "=")
		if !ok || kv == "" {
			return nil, fmt.Errorf("--parameters %q: want [Stack:]Key=Value", v)
		}
		stack, key, scoped := strings.Cut(kv, ":")
		if !scoped {
			stack, key = "*", kv
		}
		if out[stack] == nil {
			out[stack] = map[string]string{}
		}
		out[stack][key] = val
	}
	return out, nil
}
