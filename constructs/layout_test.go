package constructs_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestL2PackagesDocumentTheirConstructsFirst checks the layout that makes go
// doc of a service package show its L2 constructs: no generated L1 type is
// declared in constructs/<service>; they live in constructs/<service>/<service>cfn.
func TestL2PackagesDocumentTheirConstructsFirst(t *testing.T) {
	dirs, err := filepath.Glob("*")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		switch dir {
		case "cfn", "token", "sam": // the L1 base, tokens, and SAM's hand-written transform types
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		found := false
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			found = true
			if strings.HasSuffix(name, ".generated.go") {
				t.Errorf("%s: generated L1 code belongs in %s/%scfn", name, dir, dir)
			}
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, s := range g.Specs {
					if n := s.(*ast.TypeSpec).Name.Name; strings.HasPrefix(n, "Cfn") {
						t.Errorf("%s declares %s: L1 types belong in %s/%scfn", name, n, dir, dir)
					}
				}
			}
		}
		if found {
			checked++
		}
	}
	if checked < 15 {
		t.Fatalf("only %d L2 packages found; the test no longer sees the layout", checked)
	}
}
