package lambda_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/forma-iac/forma/assets"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/internal/gobuild"
	"github.com/forma-iac/forma/synth"
)

// BenchmarkSecondSynthesis synthesizes an app with a Go function and a
// directory asset when nothing changed, as a new process would (the build
// cache on disk, not this process's memory): each run must take under
// 300 ms and run no go build.
func BenchmarkSecondSynthesis(b *testing.B) {
	dir := b.TempDir()
	writeFilesB(b, dir, map[string]string{
		"go.mod":         "module example.com/app\n\ngo 1.22\n",
		"cmd/fn/main.go": goMain,
		"lib/lib.go":     "package lib\n\nfunc Hello() string { return \"hello\" }\n",
		"static/a.html":  "<p>a</p>\n",
	})
	b.Chdir(dir)
	b.Setenv("FORMA_CACHE_DIR", filepath.Join(dir, ".cache"))
	build := func() {
		app := constructs.NewApp()
		st := constructs.NewStack(app, "Fn", constructs.StackProps{})
		lambda.NewGoFunction(st, "Handler", lambda.GoFunctionProps{Entry: "./cmd/fn"})
		assets.NewAsset(st, "Static", assets.AssetProps{Path: "static"})
		asm, err := synth.Synthesize(app)
		if err != nil {
			b.Fatal(err)
		}
		if err := asm.WriteTo(filepath.Join(dir, "cdk.out")); err != nil {
			b.Fatal(err)
		}
	}
	build()
	b.ResetTimer()
	for range b.N {
		gobuild.Forget()
		n := gobuild.Builds()
		start := time.Now()
		build()
		if el := time.Since(start); el > 300*time.Millisecond {
			b.Fatalf("a second synthesis took %v, over the 300 ms floor", el)
		}
		if gobuild.Builds() != n {
			b.Fatal("a second synthesis ran go build")
		}
	}
}
