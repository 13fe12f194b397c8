package parity

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/synth"
)

func init() {
	register(Case{Name: "stage-nested", Build: func(app *constructs.App) {
		top := constructs.NewStack(app, "Top", constructs.StackProps{})
		s3.NewBucket(top, "B", s3.BucketProps{})
		test := constructs.NewStage(app, "Test", constructs.StageProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
		web := constructs.NewStack(test, "Web", constructs.StackProps{})
		s3.NewBucket(web, "Bucket", s3.BucketProps{})
		db := constructs.NewStack(test, "Db", constructs.StackProps{StackName: "custom-db"})
		data := s3.NewBucket(db, "Data", s3.BucketProps{})
		cfn.NewOutput(web, "DataArn", cfn.OutputProps{Value: data.BucketARN()})
		inner := constructs.NewStage(test, "Inner", constructs.StageProps{})
		deep := constructs.NewStack(inner, "Deep", constructs.StackProps{})
		s3.NewBucket(deep, "Bucket", s3.BucketProps{})
		grp := constructs.New(test, "Grp")
		g := constructs.NewStack(grp, "InGroup", constructs.StackProps{})
		s3.NewBucket(g, "Bucket", s3.BucketProps{})
		prod := constructs.NewStage(app, "Prod", constructs.StageProps{StageName: "production"})
		pw := constructs.NewStack(prod, "Web", constructs.StackProps{Env: constructs.Environment{Account: "222222222222", Region: "us-east-1"}})
		s3.NewBucket(pw, "Bucket", s3.BucketProps{})
		cfn.NewOutput(pw, "Where", cfn.OutputProps{Value: cfn.Join(":", []string{pw.Account(), pw.Region(), pw.StackName()})})
	}}, Case{Name: "stage-in-stack", Build: func(app *constructs.App) {
		ps := constructs.NewStack(app, "PipelineStack", constructs.StackProps{})
		s3.NewBucket(ps, "Artifacts", s3.BucketProps{})
		prod := constructs.NewStage(ps, "Prod", constructs.StageProps{Env: constructs.Environment{Account: "222222222222", Region: "eu-west-1"}})
		db := constructs.NewStack(prod, "Db", constructs.StackProps{})
		data := s3.NewBucket(db, "Data", s3.BucketProps{})
		web := constructs.NewStack(prod, "WebService", constructs.StackProps{})
		site := s3.NewBucket(web, "Site", s3.BucketProps{})
		site.Node().AddDependency(data)
		cfn.NewOutput(web, "DataName", cfn.OutputProps{Value: data.BucketName()})
	}})
}

// TestStageManifests compares the layout of the stage cases' cloud
// assemblies with the AWS CDK's (FORMA_CDK_ORACLE): the nested assembly
// directories, and in each manifest the stack and nested assembly
// artifacts with their IDs, display names, stack names, environments,
// stack dependencies and directories. The files only the CDK writes (asset
// manifests of templates, metadata files) are not compared.
func TestStageManifests(t *testing.T) {
	oracle := os.Getenv("FORMA_CDK_ORACLE")
	if oracle == "" {
		t.Skip("FORMA_CDK_ORACLE is not set: run make parity")
	}
	for _, name := range []string{"stage-nested", "stage-in-stack"} {
		t.Run(name, func(t *testing.T) {
			c := cases[name]
			app := c.newApp()
			c.Build(app)
			dir := filepath.Join(t.TempDir(), "out")
			if _, err := synth.SynthesizeTo(app, dir, synth.Options{}); err != nil {
				t.Fatal(err)
			}
			want := manifestLayout(t, filepath.Join(oracle, name))
			if len(want) < 2 {
				t.Fatalf("the oracle's assembly of %s has %d manifests; want nested assemblies", name, len(want))
			}
			if d := cmp.Diff(want, manifestLayout(t, dir)); d != "" {
				t.Errorf("the assembly's layout differs from the AWS CDK's (-cdk +forma):\n%s", d)
			}
		})
	}
}

// manifestLayout returns, by manifest path relative to dir, the stack and
// nested assembly artifacts of every manifest below dir.
func manifestLayout(t *testing.T, dir string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "manifest.json" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var m assembly.Manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		arts := map[string]string{}
		for id, a := range m.Artifacts {
			switch a.Type {
			case assembly.TypeStack:
				name := a.Properties.StackName
				if name == "" {
					name = id
				}
				var deps []string
				for _, d := range a.Dependencies {
					if x := m.Artifacts[d]; x != nil && x.Type == assembly.TypeStack {
						deps = append(deps, d)
					}
				}
				sort.Strings(deps)
				arts[id] = fmt.Sprintf("stack %s name=%s env=%s deps=%v", a.DisplayName, name, a.Environment, deps)
			case assembly.TypeNestedAssembly:
				arts[id] = fmt.Sprintf("assembly %s dir=%s", a.Properties.DisplayName, a.Properties.DirectoryName)
			}
		}
		out[filepath.ToSlash(rel)] = arts
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
