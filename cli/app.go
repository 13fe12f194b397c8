package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/forma-iac/forma/internal/gcpace"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/synth"
)

// reexecEnv marks a process that Run started again to hand it -c context
// values; it stops a second re-start.
const reexecEnv = "FORMA_CONTEXT_REEXEC"

// NoValidationEnv set to 1 turns the schema check off, as --no-validation
// does; forma sets it for an app it runs with --no-validation.
const NoValidationEnv = "FORMA_NO_VALIDATION"

// StrictEnv set to 1 makes synthesis fail on an unsuppressed rule error, as
// --strict does; forma sets it for an app it runs with --strict.
const StrictEnv = "FORMA_STRICT"

// exitCode is an error that only carries an exit code; reportError prints
// nothing for it.
type exitCode int

func (e exitCode) Error() string { return "" }
func (e exitCode) ExitCode() int { return int(e) }

// setup fills env.Assembly for the app in this process (app != nil) or the
// app named by --app, forma.json or cdk.json. Nothing is synthesized or run
// until a command asks for the assembly.
func (env *Env) setup(ctx context.Context, app *constructs.App, args []string) error {
	values, err := parseContext(env.Global.Context)
	if err != nil {
		return err
	}
	if app != nil && env.Global.App == "" {
		env.App = app
		if missing := contextMismatch(app, values); len(missing) > 0 {
			return reexec(ctx, env, args, values, missing)
		}
		env.Assembly = once(func(ctx context.Context) (*assembly.Assembly, error) {
			return env.synthesize(app)
		})
		return nil
	}
	// The assembly comes from elsewhere: no large tree is built here.
	gcpace.Stop()
	env.Assembly = once(func(ctx context.Context) (*assembly.Assembly, error) {
		return env.external(ctx, values)
	})
	return nil
}

// once memoizes an assembly source: every command of one run sees the same
// assembly, synthesized once.
func once(f func(context.Context) (*assembly.Assembly, error)) func(context.Context) (*assembly.Assembly, error) {
	var (
		mu   sync.Mutex
		done bool
		asm  *assembly.Assembly
		err  error
	)
	return func(ctx context.Context) (*assembly.Assembly, error) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			asm, err = f(ctx)
			done = true
		}
		return asm, err
	}
}

// outputDir is -o, else $CDK_OUTDIR, else cdk.out.
func (env *Env) outputDir() string {
	if env.Global.Output != "" {
		return env.Global.Output
	}
	if d := os.Getenv(OutdirEnv); d != "" {
		return d
	}
	return DefaultOutput
}

func (env *Env) verbosef(format string, args ...any) {
	if env.Global.Verbose {
		fmt.Fprintf(env.Stderr, format+"\n", args...)
	}
}

// synthesize synthesizes the in-process app into the output directory,
// atomically, prints its warnings and returns the assembly written.
func (env *Env) synthesize(app *constructs.App) (*assembly.Assembly, error) {
	start := time.Now()
	dir := env.outputDir()
	found := newStackFindings(app)
	asm, err := synth.SynthesizeTo(app, dir, synth.Options{NoValidation: env.Global.NoValidation, Rendered: found.rendered, Files: found.files})
	if err != nil {
		var errs constructs.Errors
		if errors.As(err, &errs) {
			return nil, err
		}
		return nil, fmt.Errorf("writing the cloud assembly: %w", err)
	}
	for _, w := range asm.Warnings {
		fmt.Fprintf(env.Stderr, "warning: %s\n", w)
	}
	if err := env.checkRules(app, asm, dir, found); err != nil {
		return nil, err
	}
	env.verbosef("synthesized %d stack%s into %s in %s", len(asm.Stacks), plural(len(asm.Stacks)), dir, time.Since(start).Round(time.Millisecond))
	// The commands that go on for long after synthesis (deploy, diff…)
	// call goOn; synth and list end soon after, and restoring Go's pacing
	// here would start a collection of the whole tree for nothing.
	return assembly.Open(dir, asm.Manifest)
}

// external reads the assembly of an app given by --app, forma.json or
// cdk.json: a directory holding manifest.json is read as it is; anything
// else is a shell command, run as the AWS CDK CLI runs an app, with
// $CDK_OUTDIR and $CDK_CONTEXT_JSON set.
func (env *Env) external(ctx context.Context, flagValues map[string]any) (*assembly.Assembly, error) {
	appCmd := env.Global.App
	fileContext := map[string]any{}
	if appCmd == "" {
		var file string
		var err error
		appCmd, file, fileContext, err = appFromFiles()
		if err != nil {
			return nil, err
		}
		if appCmd == "" {
			return nil, errors.New("no app given: pass --app with a command that runs the app (e.g. --app 'go run ./myapp') or a cloud assembly directory, or set \"app\" in ./forma.json or ./cdk.json")
		}
		env.verbosef("app %q from %s", appCmd, file)
	} else if _, _, c, err := appFromFiles(); err == nil {
		fileContext = c
	}
	if fi, err := os.Stat(appCmd); err == nil && fi.IsDir() {
		env.verbosef("reading the cloud assembly in %s", appCmd)
		return assembly.Read(appCmd)
	}
	given := env.outputDir()
	dir, err := filepath.Abs(given)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the output folder %s: %v", given, pathErr(err))
	}
	manifest := filepath.Join(dir, "manifest.json")
	before, _ := os.Stat(manifest)
	merged := map[string]any{}
	maps.Copy(merged, fileContext)
	maps.Copy(merged, flagValues)
	ctxJSON, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", appCmd)
	cmd.Env = append(os.Environ(), OutdirEnv+"="+dir, constructs.ContextEnv+"="+string(ctxJSON))
	if env.Global.NoValidation {
		cmd.Env = append(cmd.Env, NoValidationEnv+"=1")
	}
	if env.Global.Strict {
		cmd.Env = append(cmd.Env, StrictEnv+"=1")
	}
	// The app's own output goes to stderr so that stdout holds only what
	// the command prints.
	cmd.Stdout, cmd.Stderr = env.Stderr, env.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("the app %q failed: %v; run it alone to see why", appCmd, err)
	}
	env.verbosef("ran %q into %s in %s", appCmd, dir, time.Since(start).Round(time.Millisecond))
	// An app that writes nothing leaves an earlier run's assembly, which
	// is not this app's.
	after, err := os.Stat(manifest)
	if err != nil || before != nil && os.SameFile(before, after) && before.ModTime().Equal(after.ModTime()) && before.Size() == after.Size() {
		return nil, fmt.Errorf("the app %q wrote no cloud assembly into %s (no new manifest.json): a forma program writes one when it ends with cli.Main(app) and runs with no arguments; an AWS CDK app with app.synth()", appCmd, given)
	}
	asm, err := assembly.Read(dir)
	if err != nil {
		return nil, fmt.Errorf("the app %q wrote into %s: %v", appCmd, given, err)
	}
	return asm, nil
}

// pathErr is err without the path it names, for a message that names the
// folder as the user gave it.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// appFromFiles returns the "app" and "context" of ./forma.json, else
// ./cdk.json, and the file's name; all empty when neither exists.
func appFromFiles() (app, file string, context map[string]any, err error) {
	for _, f := range []string{"forma.json", "cdk.json"} {
		data, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", "", nil, err
		}
		var doc struct {
			App     string         `json:"app"`
			Context map[string]any `json:"context"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return "", "", nil, fmt.Errorf("%s is not valid JSON: %v", f, err)
		}
		if doc.App == "" {
			continue
		}
		return doc.App, f, doc.Context, nil
	}
	return "", "", nil, nil
}

// parseContext parses -c key=value flags. Values are strings, as the AWS CDK
// CLI passes them.
func parseContext(flags []string) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range flags {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("-c %q: a context value is written key=value", f)
		}
		out[k] = v
	}
	return out, nil
}

// contextMismatch returns the keys of values that the app's context does not
// already hold with the same value, sorted.
func contextMismatch(app *constructs.App, values map[string]any) []string {
	var out []string
	for k, v := range values {
		if !reflect.DeepEqual(app.Node().TryGetContext(k), v) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// reexec handles -c for an app built in this process. Context is read when
// the app is built (constructs.NewApp), before Main sees the flags, so the
// program is started again with the values added to $CDK_CONTEXT_JSON, as
// the AWS CDK CLI hands context to an app; the new process builds its app
// with them. Its exit code becomes this one's.
var reexec = func(ctx context.Context, env *Env, args []string, values map[string]any, missing []string) error {
	if os.Getenv(reexecEnv) != "" {
		return fmt.Errorf("the context values %s given with -c do not reach the app: it was built with constructs.NewApp(constructs.AppProps{...}) that overrides them or skips $%s; build the app with constructs.NewApp()", strings.Join(missing, ", "), constructs.ContextEnv)
	}
	merged := map[string]any{}
	if s := os.Getenv(constructs.ContextEnv); s != "" {
		if err := json.Unmarshal([]byte(s), &merged); err != nil {
			return fmt.Errorf("$%s is not a JSON object: %v", constructs.ContextEnv, err)
		}
	}
	maps.Copy(merged, values)
	data, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("-c: finding the program to start it again with the context: %v; set $%s instead", err, constructs.ContextEnv)
	}
	env.verbosef("starting %s again with the context values %s", exe, strings.Join(missing, ", "))
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), constructs.ContextEnv+"="+string(data), reexecEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = env.Stdin, env.Stdout, env.Stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return exitCode(ee.ExitCode())
	}
	if err != nil {
		return err
	}
	return exitCode(0)
}

// goOn is called by a command that goes on for long after synthesis (a
// deploy polling CloudFormation for minutes): from then on the garbage
// collector paces as Go does by default, instead of letting the heap grow
// to synthesis's size.
func goOn() { gcpace.Stop() }
