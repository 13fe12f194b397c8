package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/forma-iac/forma/internal/cfngen"
)

func main() {
	root := flag.String("root", "", "module root (default: the directory holding go.mod, from the working directory up)")
	schemas := flag.String("schemas", "", "cfn-lint's data/schemas directory (default: found through python3, which must have cfn-lint "+cfngen.CfnLintVersion+")")
	check := flag.Bool("check", false, "compare with the files on disk instead of writing them")
	flag.Parse()
	if err := run(*root, *schemas, *check); err != nil {
		fmt.Fprintln(os.Stderr, "cfngen:", err)
		os.Exit(1)
	}
}

func run(root, schemas string, check bool) error {
	if root == "" {
		var err error
		if root, err = moduleRoot(); err != nil {
			return err
		}
	}
	if schemas == "" {
		var err error
		if schemas, err = cfngen.Locate(); err != nil {
			return err
		}
	}
	list, err := cfngen.LoadSchemas(schemas)
	if err != nil {
		return err
	}
	out, err := cfngen.Generate(list)
	if err != nil {
		return err
	}
	if check {
		diffs, err := cfngen.Compare(root, out)
		if err != nil {
			return err
		}
		if len(diffs) > 0 {
			for _, d := range diffs {
				fmt.Fprintln(os.Stderr, d)
			}
			return fmt.Errorf("%d generated files are out of date; run `go generate ./internal/cfngen`", len(diffs))
		}
		return nil
	}
	stats, err := cfngen.Write(root, out)
	if err != nil {
		return err
	}
	fmt.Printf("cfngen: %d types in %d services: %d files written, %d removed\n", out.Types, out.Services, stats.Written, stats.Removed)
	return nil
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory; pass -root")
		}
		dir = parent
	}
}
