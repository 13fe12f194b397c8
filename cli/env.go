package cli

import (
	"context"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/assembly"
)

// Env is what every command works with.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	// Assembly produces the cloud assembly the command acts on: it
	// synthesizes the app into Global.Output, or reads the directory given
	// by --app.
	Assembly func(ctx context.Context) (*assembly.Assembly, error)
	// Global holds the flags every command shares.
	Global *GlobalFlags
	// App is the app of this process, nil for an app given by --app (or
	// the standalone forma binary): commands that need the construct tree
	// (pipeline simulate) refuse to run without it.
	App *constructs.App
}

// GlobalFlags are the flags shared by every command, in the AWS CDK CLI's
// spelling.
type GlobalFlags struct {
	App     string   // --app: a command that runs a forma/CDK app, or an assembly directory
	Output  string   // -o/--output: the assembly directory
	Profile string   // --profile
	Region  string   // --region
	RoleARN string   // --role-arn
	Verbose bool     // -v/--verbose
	CI      bool     // --ci
	Quiet   bool     // -q/--quiet
	Context []string // -c/--context key=value
	// NoValidation (--no-validation, or $FORMA_NO_VALIDATION=1) skips the
	// check of resource properties against the registry schemas.
	NoValidation bool
	// CallTimeout is --call-timeout: the limit of one AWS request.
	CallTimeout time.Duration
	// Strict (--strict, or $FORMA_STRICT=1) fails synthesis on an
	// unsuppressed error of the rule pack.
	Strict bool
}

// commandFactories are the registered commands, in registration order.
var commandFactories []func(*Env) *cobra.Command

// register adds a command to every forma command line. Call it from init.
// The root command's PersistentPreRunE fills env.Assembly; a command must
// not set its own PersistentPreRunE (cobra would run only the nearest).
func register(f func(*Env) *cobra.Command) { commandFactories = append(commandFactories, f) }
