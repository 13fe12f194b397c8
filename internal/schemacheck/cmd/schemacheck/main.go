// Command schemacheck checks CloudFormation templates (JSON or YAML) against
// forma's registry data set and prints one line per issue.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/forma-iac/forma/internal/schemacheck"
	"go.yaml.in/yaml/v3"
)

func main() {
	code := 0
	for _, f := range os.Args[1:] {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		var tpl map[string]any
		if err := json.Unmarshal(b, &tpl); err != nil {
			if err := yaml.Unmarshal(b, &tpl); err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", f, err)
				os.Exit(2)
			}
		}
		for _, is := range schemacheck.CheckTemplate(tpl) {
			fmt.Printf("%s: %s\n", f, is)
			code = 1
		}
	}
	os.Exit(code)
}
