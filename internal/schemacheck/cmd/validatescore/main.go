// Command validatescore measures forma's schema check against cfn-lint on the
// corpus of single-mistake templates in internal/schemacheck/testdata/corpus:
// it runs cfn-lint once over every case, runs forma's check on each, and
// prints the score — the share of the cases where cfn-lint reports a schema
// error (E3xxx) that forma reports too, and the cases where forma reports an
// error and cfn-lint none. With -record it writes cfn-lint's verdicts to
// cfn-lint.json in the corpus, which the package's tests check the score
// against without cfn-lint.
//
//	go run ./internal/schemacheck/cmd/validatescore [-record] [-v] [DIR]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"

	"github.com/forma-iac/forma/internal/schemacheck"
)

func main() {
	record := flag.Bool("record", false, "write cfn-lint's verdicts to DIR/cfn-lint.json")
	verbose := flag.Bool("v", false, "list every case where forma and cfn-lint disagree")
	flag.Parse()
	dir := "internal/schemacheck/testdata/corpus"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "[0-9]*.json"))
	sort.Strings(files)
	if len(files) == 0 {
		fail("no cases in %s", dir)
	}
	verdicts, err := runCFNLint(files)
	if err != nil {
		fail("%v", err)
	}
	if *record {
		b, _ := json.MarshalIndent(verdicts, "", " ")
		if err := os.WriteFile(filepath.Join(dir, schemacheck.CFNLintVerdicts), append(b, '\n'), 0o644); err != nil {
			fail("%v", err)
		}
	}
	forma := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fail("%v", err)
		}
		var tpl map[string]any
		if err := json.Unmarshal(b, &tpl); err != nil {
			fail("%s: %v", f, err)
		}
		for _, is := range schemacheck.CheckTemplate(tpl) {
			if is.Warning {
				continue
			}
			forma[filepath.Base(f)] = append(forma[filepath.Base(f)], is.String())
		}
	}
	s := schemacheck.Score(verdicts, forma)
	fmt.Print(s.Report(*verbose))
	if !s.Pass() {
		os.Exit(1)
	}
}

// runCFNLint runs one cfn-lint process over the files and returns the rule
// ids it reports for each file (by base name), sorted.
func runCFNLint(files []string) (map[string][]string, error) {
	if _, err := exec.LookPath("cfn-lint"); err != nil {
		return nil, fmt.Errorf("cfn-lint is not installed: pip install cfn-lint==1.51.0")
	}
	args := append([]string{"-f", "json", "--non-zero-exit-code", "none"}, files...)
	cmd := exec.Command("cfn-lint", args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("cfn-lint: %v: %s", err, errb.String())
	}
	var matches []struct {
		Filename string
		Rule     struct {
			ID string `json:"Id"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &matches); err != nil {
		return nil, fmt.Errorf("reading cfn-lint's output: %v", err)
	}
	v := map[string][]string{}
	for _, f := range files {
		v[filepath.Base(f)] = []string{}
	}
	for _, m := range matches {
		k := filepath.Base(m.Filename)
		v[k] = append(v[k], m.Rule.ID)
	}
	for k, ids := range v {
		sort.Strings(ids)
		var uniq []string
		for i, id := range ids {
			if i == 0 || id != ids[i-1] {
				uniq = append(uniq, id)
			}
		}
		if uniq == nil {
			uniq = []string{}
		}
		v[k] = uniq
	}
	return v, nil
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "validatescore: "+format+"\n", args...)
	os.Exit(2)
}
