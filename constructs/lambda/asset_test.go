package lambda_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/synth"
)

func writeFiles(t *testing.T, root string, files map[string]string) { writeFilesB(t, root, files) }

func writeFilesB(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func codeOf(t *testing.T, asm *synth.Assembly, stack string) map[string]any {
	t.Helper()
	for _, r := range asm.Stack(stack).Template.Plain()["Resources"].(map[string]any) {
		m := r.(map[string]any)
		if m["Type"] == "AWS::Lambda::Function" {
			return m["Properties"].(map[string]any)["Code"].(map[string]any)
		}
	}
	t.Fatal("no function")
	return nil
}

// The CDK's Code.fromAsset gives this directory the hash 3e5112…; the
// template names the bootstrap bucket and <hash>.zip.
func TestCodeFromAsset(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.js": "hello\n", "sub/b.txt": "x\n"})
	app := constructs.NewApp()
	st := constructs.NewStack(app, "Fn", constructs.StackProps{})
	lambda.NewFunction(st, "H", lambda.FunctionProps{Runtime: lambda.ProvidedAL2023, Handler: "bootstrap", Code: lambda.CodeFromAsset(dir)})
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	code := codeOf(t, asm, "Fn")
	if code["S3Key"] != "3e51120ded9ea48ceb352395b8e3553f0c5d69af06c11745a8d247245f373e20.zip" {
		t.Errorf("S3Key %v", code["S3Key"])
	}
	if b := code["S3Bucket"].(map[string]any)["Fn::Sub"]; b != assets.BucketName {
		t.Errorf("S3Bucket %v", b)
	}
	if !strings.Contains(string(asm.Stack("Fn").AssetManifest), `"displayName": "H/Code"`) {
		t.Errorf("manifest:\n%s", asm.Stack("Fn").AssetManifest)
	}
}

func synthErr(t *testing.T, build func(st *constructs.Stack)) string {
	t.Helper()
	app := constructs.NewApp()
	build(constructs.NewStack(app, "Fn", constructs.StackProps{}))
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	return err.Error()
}

func TestCodeFromAssetMistakes(t *testing.T) {
	msg := synthErr(t, func(st *constructs.Stack) {
		lambda.NewFunction(st, "H", lambda.FunctionProps{Runtime: lambda.ProvidedAL2023, Handler: "bootstrap", Code: lambda.CodeFromAsset("no/such/dir")})
	})
	if !strings.Contains(msg, "Fn/H") || !strings.Contains(msg, "does not exist") {
		t.Errorf("missing path: %s", msg)
	}
	f := filepath.Join(t.TempDir(), "main.py")
	os.WriteFile(f, []byte("x"), 0o644)
	msg = synthErr(t, func(st *constructs.Stack) {
		lambda.NewFunction(st, "H", lambda.FunctionProps{Runtime: lambda.ProvidedAL2023, Handler: "bootstrap", Code: lambda.CodeFromAsset(f)})
	})
	if !strings.Contains(msg, "not a .zip") {
		t.Errorf("plain file: %s", msg)
	}
}

// module makes a Go module with a main package at ./cmd/fn and a library
// package at ./lib, and changes into it.
func module(t *testing.T, main string) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":         "module example.com/app\n\ngo 1.22\n",
		"cmd/fn/main.go": main,
		"lib/lib.go":     "package lib\n\nfunc Hello() string { return \"hello\" }\n",
	})
	t.Chdir(dir)
	t.Setenv("FORMA_CACHE_DIR", filepath.Join(dir, ".cache"))
	return dir
}

const goMain = "package main\n\nimport (\"fmt\"; \"example.com/app/lib\")\n\nfunc main() { fmt.Println(lib.Hello()) }\n"

func TestGoFunction(t *testing.T) {
	module(t, goMain)
	build := func() *synth.Assembly {
		app := constructs.NewApp()
		st := constructs.NewStack(app, "Fn", constructs.StackProps{})
		lambda.NewGoFunction(st, "Handler", lambda.GoFunctionProps{Entry: "./cmd/fn"})
		asm, err := synth.Synthesize(app)
		if err != nil {
			t.Fatal(err)
		}
		return asm
	}
	one, two := build(), build()
	k1, k2 := codeOf(t, one, "Fn")["S3Key"], codeOf(t, two, "Fn")["S3Key"]
	if k1 != k2 {
		t.Errorf("the same source gave two keys: %v, %v", k1, k2)
	}
	fn := one.Stack("Fn").Template.Plain()["Resources"].(map[string]any)
	for _, r := range fn {
		m := r.(map[string]any)
		if m["Type"] != "AWS::Lambda::Function" {
			continue
		}
		p := m["Properties"].(map[string]any)
		if p["Runtime"] != "provided.al2023" || p["Handler"] != "bootstrap" {
			t.Errorf("properties %v", p)
		}
		if a, _ := p["Architectures"].([]any); len(a) != 1 || a[0] != "arm64" {
			t.Errorf("architectures %v", p["Architectures"])
		}
	}
	out := t.TempDir() + "/cdk.out"
	if err := one.WriteTo(out); err != nil {
		t.Fatal(err)
	}
	key := k1.(string)
	fi, err := os.Stat(filepath.Join(out, "asset."+strings.TrimSuffix(key, ".zip"), "bootstrap"))
	if err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("staged bootstrap: %v %v", fi, err)
	}
}

func TestGoFunctionMistakes(t *testing.T) {
	dir := module(t, "package main\n\nfunc main() { undefined() }\n")
	msg := synthErr(t, func(st *constructs.Stack) {
		lambda.NewGoFunction(st, "Handler", lambda.GoFunctionProps{Entry: "./cmd/fn"})
	})
	if !strings.Contains(msg, "Fn/Handler") || !strings.Contains(msg, "undefined: undefined") || strings.Count(msg, "undefined: undefined") != 1 {
		t.Errorf("compile error:\n%s", msg)
	}
	_ = dir
	for entry, want := range map[string]string{
		"fmt":       "outside the main module",
		"./lib":     "not a main package",
		"./nowhere": "nowhere",
		"":          "Entry is required",
	} {
		msg := synthErr(t, func(st *constructs.Stack) {
			lambda.NewGoFunction(st, "Handler", lambda.GoFunctionProps{Entry: entry})
		})
		if !strings.Contains(msg, want) || !strings.Contains(msg, "Fn/Handler") {
			t.Errorf("entry %q: want %q in:\n%s", entry, want, msg)
		}
	}
}
