package deploy

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/forma-iac/forma/internal/assembly"
)

// OutputsJSON renders outputs as the AWS CDK's --outputs-file does:
// {"Stack": {"Key": "Value"}}, keys sorted, two-space indent.
func OutputsJSON(results []Result) ([]byte, error) {
	all := map[string]map[string]string{}
	for _, r := range results {
		if r.Stack == nil || r.Outputs == nil {
			continue
		}
		all[r.Stack.DisplayName] = r.Outputs
	}
	data, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// WriteOutputs writes OutputsJSON to path atomically.
func WriteOutputs(path string, results []Result) error {
	data, err := OutputsJSON(results)
	if err != nil {
		return err
	}
	if err := assembly.WriteFileAtomic(path, data); err != nil {
		return fmt.Errorf("writing --outputs-file %s: %v", path, err)
	}
	return nil
}

// PrintOutputs prints each stack's outputs, sorted, as Stack.Key = Value.
func PrintOutputs(w io.Writer, results []Result) {
	for _, r := range results {
		if len(r.Outputs) == 0 || r.Stack == nil {
			continue
		}
		fmt.Fprintf(w, "\nOutputs:\n")
		keys := make([]string, 0, len(r.Outputs))
		for k := range r.Outputs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "%s.%s = %s\n", r.Stack.DisplayName, k, r.Outputs[k])
		}
	}
}
