package assets_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/snapshots"
	"github.com/forma-iac/forma/synth"
)

// app has a Go function (built from testdata/fn) and a directory asset
// (testdata/static, *.log excluded) whose URL is an output.
func app() *constructs.App {
	a := constructs.NewApp()
	st := constructs.NewStack(a, "Assets", constructs.StackProps{})
	lambda.NewGoFunction(st, "Handler", lambda.GoFunctionProps{Entry: "./testdata/fn"})
	site := assets.NewAsset(st, "Site", assets.AssetProps{Path: "testdata/static", Exclude: []string{"*.log"}})
	cfn.NewOutput(st, "SiteURL", cfn.OutputProps{Value: site.S3ObjectURL()})
	return a
}

// The snapshot holds the templates and asset manifests (the hashes), not
// the staged copies; synthesizing twice gives the same bytes.
func TestSnapshot(t *testing.T) {
	snapshots.Check(t, "assets", app)
}

// The assembly written to disk stages the function's bootstrap and the
// site without the excluded file, under the names the manifest gives.
func TestStaging(t *testing.T) {
	asm, err := synth.Synthesize(app())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "cdk.out")
	if err := asm.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, "Assets.assets.json"))
	var staged []string
	for _, a := range asm.Assets {
		staged = append(staged, a.Name)
		if !strings.Contains(string(manifest), `"path": "`+a.Name+`"`) {
			t.Errorf("%s is not in the manifest", a.Name)
		}
	}
	if len(staged) != 2 {
		t.Fatalf("staged %v", staged)
	}
	if fi, err := os.Stat(filepath.Join(dir, staged[0], "bootstrap")); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("bootstrap: %v %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(dir, staged[1], "css", "site.css")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, staged[1], "debug.log")); err == nil {
		t.Error("the excluded debug.log was staged")
	}
}

// A missing path is a synthesis error on the asset, naming the path.
func TestMissingPath(t *testing.T) {
	a := constructs.NewApp()
	st := constructs.NewStack(a, "Assets", constructs.StackProps{})
	assets.NewAsset(st, "Site", assets.AssetProps{Path: "testdata/nowhere"})
	assets.NewAsset(st, "Empty", assets.AssetProps{})
	_, err := synth.Synthesize(a)
	if err == nil || !strings.Contains(err.Error(), "Assets/Site") || !strings.Contains(err.Error(), "testdata/nowhere does not exist") || !strings.Contains(err.Error(), "Path is required") {
		t.Errorf("err: %v", err)
	}
}

// TestStreamingWritesAssets: SynthesizeTo, the CLI's path, writes the same
// assembly directory as Synthesize and WriteTo: the asset manifest and the
// staged assets included.
func TestStreamingWritesAssets(t *testing.T) {
	asm, err := synth.Synthesize(app())
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(t.TempDir(), "cdk.out")
	if err := asm.WriteTo(want); err != nil {
		t.Fatal(err)
	}
	got := filepath.Join(t.TempDir(), "cdk.out")
	if _, err := synth.SynthesizeTo(app(), got, synth.Options{}); err != nil {
		t.Fatal(err)
	}
	list := func(dir string) map[string]string {
		out := map[string]string{}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(data)
			return nil
		})
		return out
	}
	w, g := list(want), list(got)
	if len(w) == 0 || len(w) != len(g) {
		t.Fatalf("WriteTo wrote %d files, SynthesizeTo %d", len(w), len(g))
	}
	for name, data := range w {
		if g[name] != data {
			t.Errorf("%s differs between WriteTo and SynthesizeTo", name)
		}
	}
}
