package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/forma-iac/forma/internal/gcpace"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/deploy"
)

// OutdirEnv is the environment variable through which the AWS CDK CLI tells
// an app where to write its cloud assembly.
const OutdirEnv = "CDK_OUTDIR"

// DefaultOutput is the assembly directory when neither -o nor $CDK_OUTDIR
// names one.
const DefaultOutput = "cdk.out"

// Stdio are the streams a command line runs with.
type Stdio struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// OSStdio returns the process's standard streams.
func OSStdio() Stdio { return Stdio{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr} }

// Main runs forma's command line for app and exits the process with its exit
// code. Call it at the end of main:
//
//	func main() {
//		app := constructs.NewApp()
//		// ... stacks and constructs ...
//		cli.Main(app)
//	}
//
// Run with no arguments, the program synthesizes quietly into $CDK_OUTDIR,
// else ./cdk.out, which is what the AWS CDK CLI expects of an app
// (cdk synth --app 'go run .').
func Main(app *constructs.App) {
	os.Exit(Run(app, os.Args[1:], OSStdio()))
}

// init paces the garbage collector until synthesis is done (package
// gcpace): a forma program builds its construct tree and synthesizes it,
// and collecting each time its heap doubles would mark the tree a dozen
// times.
func init() { gcpace.Start(gcpace.DefaultTarget) }

// Run runs the command line for app with args (without the program name)
// and returns the exit code: 0 on success, 1 on any error. A nil app makes
// it the standalone forma command, whose app comes from --app, forma.json or
// cdk.json. A panic inside forma is a bug in forma: Run prints it as one line
// saying so and returns 1.
func Run(app *constructs.App, args []string, stdio Stdio) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stdio.Stderr, BugMessage(r))
			code = 1
		}
	}()
	if app != nil && len(args) == 0 {
		// The app protocol of the AWS CDK CLI: synthesize, print nothing.
		args = []string{"synth", "--quiet"}
	}
	env := &Env{Stdout: stdio.Stdout, Stderr: stdio.Stderr, Stdin: stdio.Stdin, Global: &GlobalFlags{}}
	name := "forma"
	if app != nil {
		name = programName()
	}
	root := newRoot(name, env)
	root.SetArgs(args)
	root.SetIn(stdio.Stdin)
	root.SetOut(stdio.Stdout)
	root.SetErr(stdio.Stderr)
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		return env.setup(cmd.Context(), app, args)
	}
	err := root.ExecuteContext(context.Background())
	if err == nil {
		return 0
	}
	return reportError(stdio.Stderr, err)
}

// BugMessage is the one line printed for a panic inside forma.
func BugMessage(r any) string {
	msg := strings.Join(strings.Fields(fmt.Sprint(r)), " ")
	return "error: internal error: " + msg + " — this is a bug in forma; please report it with the program that causes it"
}

// programName is the name the program was started as: the example's
// directory under go run, the binary's name otherwise.
func programName() string {
	if len(os.Args) == 0 {
		return "app"
	}
	return strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
}

func newRoot(name string, env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   name,
		Short: "Synthesize, list, diff and deploy the stacks of a forma app",
		Long: name + ` synthesizes a forma app into a cloud assembly that the AWS CDK CLI
accepts, and lists, diffs and deploys its stacks.

Run with no arguments, an app synthesizes quietly into $CDK_OUTDIR, else
./cdk.out, so that the AWS CDK CLI can run it: cdk synth --app 'go run .'.`,
		Example:       "  " + name + " synth\n  " + name + " synth -o out 'Hello*'\n  " + name + " list --long",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	g := env.Global
	f := root.PersistentFlags()
	f.StringVar(&g.App, "app", "", "the app: a shell command that writes a cloud assembly into $CDK_OUTDIR, or a directory holding one (default: \"app\" of ./forma.json or ./cdk.json)")
	f.StringVarP(&g.Output, "output", "o", "", "the directory to write the cloud assembly to (default: $CDK_OUTDIR, else cdk.out)")
	f.StringVar(&g.Profile, "profile", "", "the AWS profile to use")
	f.StringVar(&g.Region, "region", "", "the AWS region to use")
	f.StringVar(&g.RoleARN, "role-arn", "", "the ARN of the role CloudFormation assumes to deploy")
	f.BoolVarP(&g.Verbose, "verbose", "v", false, "show what is done")
	f.BoolVar(&g.CI, "ci", false, "running in continuous integration: no interactive prompts")
	f.BoolVarP(&g.Quiet, "quiet", "q", false, "print nothing but errors")
	f.StringArrayVarP(&g.Context, "context", "c", nil, "a context value, key=value (repeatable)")
	f.BoolVar(&g.Strict, "strict", os.Getenv(StrictEnv) == "1", "fail when the rule pack finds an unsuppressed error (findings: forma-rules.json and .sarif in the assembly)")
	f.BoolVar(&g.NoValidation, "no-validation", os.Getenv(NoValidationEnv) == "1", "do not check resource properties against the CloudFormation registry schemas")
	f.DurationVar(&g.CallTimeout, "call-timeout", 0, "how long one AWS request may wait for its answer (default: $"+callTimeoutEnv+", else "+deploy.DefaultCallTimeout.String()+")")
	for _, factory := range commandFactories {
		root.AddCommand(factory(env))
	}
	return root
}

// ExitCoder is an error that asks for an exit code other than 1 (diff exits
// with 1 when there are differences, without an error message, when the
// error's message is empty).
type ExitCoder interface {
	error
	ExitCode() int
}

// reportError prints err to w and returns the exit code: synthesis errors
// one per line with their construct path.
func reportError(w io.Writer, err error) int {
	code := 1
	var ec ExitCoder
	if errors.As(err, &ec) {
		code = ec.ExitCode()
	}
	var errs constructs.Errors
	switch {
	case errors.As(err, &errs):
		for _, e := range errs {
			fmt.Fprintf(w, "error: %s\n", e.Error())
		}
		fmt.Fprintf(w, "synthesis failed with %d error%s\n", len(errs), plural(len(errs)))
	case err.Error() != "":
		fmt.Fprintf(w, "error: %s\n", deploy.Message(err))
	}
	return code
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
