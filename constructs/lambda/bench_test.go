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
// 300 ms (the best of three tries) and run no go build.
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
		// The best of three, so that another process's burst on this
		// machine does not fail the floor.
		best := time.Hour
		for range 3 {
			gobuild.Forget()
			n := gobuild.Builds()
			start := time.Now()
			build()
			best = min(best, time.Since(start))
			if gobuild.Builds() != n {
				b.Fatal("a second synthesis ran go build")
			}
		}
		if best > 300*time.Millisecond {
			b.Fatalf("a second synthesis took %v at best, over the 300 ms floor", best)
		}
	}
}
