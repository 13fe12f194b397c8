package cfngen

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/forma-iac/forma/internal/golden"
	"github.com/google/go-cmp/cmp"
)

// goldenFiles are the files of a testdata case; the schema is the input,
// the others are produced by the generator.
var goldenFiles = []string{"schema.json", "resource.go.golden", "spec.json.golden", "typenames.go.golden"}

// TestGolden generates each testdata/<case>/schema.json and compares the Go
// source and the data-set entry with the golden files.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no testdata cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "schema.json"))
			if err != nil {
				t.Fatal(err)
			}
			rs, err := ParseResourceSchema(data)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Build(rs)
			if err != nil {
				t.Fatal(err)
			}
			src, err := ResourceFile(r)
			if err != nil {
				t.Fatal(err)
			}
			spec, err := json.MarshalIndent(SpecOf(r), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			typeNames, err := TypeNamesFile(r.Package, []*Resource{r})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{"resource.go.golden": src, "spec.json.golden": append(spec, '\n'), "typenames.go.golden": typeNames}
			for _, name := range slices.Sorted(maps.Keys(got)) {
				golden.Check(t, filepath.Join(dir, name), got[name])
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if diff := cmp.Diff(slices.Sorted(slices.Values(goldenFiles)), names); diff != "" {
				t.Errorf("files in %s (-want +got):\n%s", dir, diff)
			}
		})
	}
}

// TestUpToDate regenerates everything from the installed cfn-lint and fails
// when the committed files differ: the regeneration check of CI.
func TestUpToDate(t *testing.T) {
	dir, err := Locate()
	if errors.Is(err, ErrNotInstalled) {
		t.Skipf("SKIPPED the regeneration check: %v; install it with `pip install cfn-lint==%s`", err, CfnLintVersion)
	}
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := LoadSchemas(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Generate(schemas)
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := Compare(filepath.Join("..", ".."), out)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = append(diffs[:20], "...")
		}
		t.Errorf("generated files are out of date; run `go generate ./internal/cfngen`:\n%s", strings.Join(diffs, "\n"))
	}
	t.Logf("%d types in %d services", out.Types, out.Services)
}

func TestGoIdent(t *testing.T) {
	for in, want := range map[string]string{
		"BucketName": "BucketName",
		"bucketName": "BucketName",
		"3DSettings": "X3DSettings",
		"aws:kms":    "AwsKms",
		"x-amz-meta": "XAmzMeta",
		"":           "X",
	} {
		if got := goIdent(in); got != want {
			t.Errorf("goIdent(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPackageOf(t *testing.T) {
	for in, want := range map[string]string{
		"AWS::S3::Bucket":   "s3",
		"AWS::EC2::VPC":     "ec2",
		"Alexa::ASK::Skill": "alexaask",
	} {
		if got := PackageOf(in); got != want {
			t.Errorf("PackageOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTypeNamesFileIsReserved checks that no resource's file can overwrite
// the package's type-name declarations.
func TestTypeNamesFileIsReserved(t *testing.T) {
	r := &Resource{TypeName: "AWS::X::TypeNames", Name: "TypeNames", GoName: "CfnTypeNames", TypeConst: "CfnTypeNamesType"}
	err := checkNames("x", []*Resource{r})
	if err == nil || !strings.Contains(err.Error(), TypeNamesFileName) {
		t.Errorf("checkNames = %v, want an error naming %s", err, TypeNamesFileName)
	}
}
