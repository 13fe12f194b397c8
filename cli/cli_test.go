package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/rules"
)

// testAppEnv makes the test binary act as a forma app (see TestMain), so
// that tests can run an app as a separate program.
const testAppEnv = "FORMA_CLI_TEST_APP"

func TestMain(m *testing.M) {
	switch os.Getenv(testAppEnv) {
	case "":
	case "pipeline":
		Main(pipelineTestApp(os.Getenv(pipelineFailEnv)))
	default:
		app := constructs.NewApp()
		buildTestApp(app)
		Main(app)
	}
	os.Exit(m.Run())
}

// buildTestApp adds three stacks to app: Storage with a queue whose name is
// the context value "queueName" (default "q"), Consumer using the queue's
// ARN, and Other.
func buildTestApp(app *constructs.App) {
	name := "q"
	if v, ok := app.Node().TryGetContext("queueName").(string); ok {
		name = v
	}
	storage := constructs.NewStack(app, "Storage", constructs.StackProps{})
	q := cfn.NewResource(storage, "Queue", "AWS::SQS::Queue", map[string]any{"QueueName": name})
	consumer := constructs.NewStack(app, "Consumer", constructs.StackProps{})
	cfn.NewResource(consumer, "Param", "AWS::SSM::Parameter", map[string]any{"Type": "String", "Value": q.GetAtt("Arn").String()})
	other := constructs.NewStack(app, "Other", constructs.StackProps{})
	cfn.NewResource(other, "Topic", "AWS::SNS::Topic", nil)
	rules.Suppress(app, "*", "the CLI's test app is never deployed")
}

func testApp() *constructs.App {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	buildTestApp(app)
	return app
}

type result struct {
	code           int
	stdout, stderr string
}

func run(app *constructs.App, args ...string) result {
	var out, errb bytes.Buffer
	code := Run(app, args, Stdio{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	return result{code, out.String(), errb.String()}
}

func (r result) ok(t *testing.T) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", r.code, r.stderr)
	}
	return r
}

func readManifest(t *testing.T, dir string) *assembly.Assembly {
	t.Helper()
	asm, err := assembly.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	return asm
}

func TestSynthWritesAssemblyAndPrintsYAML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := run(testApp(), "synth", "-o", dir).ok(t)
	asm := readManifest(t, dir)
	if got, want := len(asm.Stacks), 3; got != want {
		t.Fatalf("assembly has %d stacks, want %d", got, want)
	}
	docs := strings.Split(r.stdout, "---\n")
	if len(docs) != 3 {
		t.Fatalf("stdout has %d YAML documents, want 3:\n%s", len(docs), r.stdout)
	}
	// Stacks print in dependency order: Storage before Consumer.
	storage := strings.Index(r.stdout, "QueueName: q")
	consumer := strings.Index(r.stdout, "Fn::ImportValue: Storage:ExportsOutputFnGetAttQueueArn")
	if storage < 0 || consumer < 0 || storage > consumer {
		t.Errorf("want Storage's template (QueueName: q) before Consumer's import; stdout:\n%s", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
}

func TestSynthOneStackYAMLMatchesCDKStyle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := run(testApp(), "synth", "-o", dir, "Other").ok(t)
	want := "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
	if diff := cmp.Diff(want, r.stdout); diff != "" {
		t.Errorf("synth Other (-want +got):\n%s", diff)
	}
}

func TestSynthJSON(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := run(testApp(), "synth", "-o", dir, "--json", "Other").ok(t)
	var got any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	want := map[string]any{"Resources": map[string]any{"Topic": map[string]any{"Type": "AWS::SNS::Topic"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("synth --json Other (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(r.stdout, "{\n  \"Resources\"") {
		t.Errorf("want 2-space indented JSON, got:\n%s", r.stdout)
	}
}

func TestSynthQuietPrintsNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := run(testApp(), "synth", "-q", "-o", dir).ok(t)
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("synth -q printed stdout %q, stderr %q", r.stdout, r.stderr)
	}
	readManifest(t, dir)
}

func TestSynthSelectsStacksByGlob(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := run(testApp(), "synth", "-o", dir, "Con*", "Oth?r").ok(t)
	if strings.Contains(r.stdout, "QueueName") {
		t.Errorf("Storage printed though not selected:\n%s", r.stdout)
	}
	if n := strings.Count(r.stdout, "---\n"); n != 1 {
		t.Errorf("want 2 documents (1 separator), got %d separators:\n%s", n, r.stdout)
	}
	// The whole assembly is written whatever the selection.
	if got := len(readManifest(t, dir).Stacks); got != 3 {
		t.Errorf("assembly has %d stacks, want 3", got)
	}
}

func TestSynthUnknownStackFails(t *testing.T) {
	r := run(testApp(), "synth", "-o", filepath.Join(t.TempDir(), "out"), "Nope*")
	if r.code != 1 || !strings.Contains(r.stderr, `error: no stack matches "Nope*"; the stacks are: Storage, Consumer, Other`) {
		t.Errorf("code %d, stderr %q", r.code, r.stderr)
	}
}

func TestList(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := run(testApp(), "list", "-o", dir).ok(t)
	got := strings.Fields(r.stdout)
	// Dependency order: Storage before Consumer.
	want := []string{"Storage", "Consumer", "Other"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	r = run(testApp(), "ls", "-o", dir, "S*").ok(t)
	if r.stdout != "Storage\n" {
		t.Errorf("ls S* = %q", r.stdout)
	}
}

func TestListLong(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := run(testApp(), "list", "--long", "-o", dir, "Consumer").ok(t)
	want := `- id: Consumer
  name: Consumer
  environment:
    account: unknown-account
    region: unknown-region
    name: aws://unknown-account/unknown-region
  dependencies:
    - Storage
`
	if diff := cmp.Diff(want, r.stdout); diff != "" {
		t.Errorf("list --long (-want +got):\n%s", diff)
	}
}

func TestNoArgumentsSynthesizesIntoCDKOutdir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cdkout")
	t.Setenv(OutdirEnv, dir)
	r := run(testApp()).ok(t)
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("no-argument run printed stdout %q, stderr %q", r.stdout, r.stderr)
	}
	readManifest(t, dir)
}

func TestNoArgumentsDefaultsToCdkOut(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv(OutdirEnv, "")
	run(testApp()).ok(t)
	readManifest(t, DefaultOutput)
}

func TestSynthesisErrorExitsOneWithPath(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	st := constructs.NewStack(app, "Broken", constructs.StackProps{})
	cfn.NewOutput(st, "Empty", cfn.OutputProps{})
	constructs.AnnotationsOf(cfn.NewResource(st, "Topic", "AWS::SNS::Topic", nil)).AddError("this topic is wrong; fix it")
	dir := filepath.Join(t.TempDir(), "out")
	r := run(app, "synth", "-o", dir)
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	want := []string{
		"error: Broken/Empty: the output has no Value; set OutputProps.Value",
		"error: Broken/Topic: this topic is wrong; fix it",
		"synthesis failed with 2 errors",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("stderr lines (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a failed synthesis left %s behind (err %v)", dir, err)
	}
}

func TestWarningsGoToStderr(t *testing.T) {
	app := testApp()
	constructs.AnnotationsOf(app.Node().FindByPath("Other/Topic")).AddWarning("mind the topic")
	r := run(app, "synth", "-q", "-o", filepath.Join(t.TempDir(), "out")).ok(t)
	if r.stdout != "" || r.stderr != "warning: Other/Topic: mind the topic\n" {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

func TestBadContextFlag(t *testing.T) {
	r := run(testApp(), "synth", "-c", "novalue", "-o", filepath.Join(t.TempDir(), "out"))
	if r.code != 1 || !strings.Contains(r.stderr, "key=value") {
		t.Errorf("code %d, stderr %q", r.code, r.stderr)
	}
}

func TestEveryCommandHasAnExample(t *testing.T) {
	env := &Env{Global: &GlobalFlags{}}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Example == "" && c.Name() != "help" && c.Name() != "completion" && !c.Hidden {
			t.Errorf("command %q has no Example in its --help", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRoot("forma", env))
}

func TestHelpShowsExample(t *testing.T) {
	r := run(nil, "synth", "--help").ok(t)
	if !strings.Contains(r.stdout, "Examples:") || !strings.Contains(r.stdout, "--output") {
		t.Errorf("synth --help:\n%s", r.stdout)
	}
}

// testBinary returns the test binary, which acts as an app under testAppEnv.
func testBinary(t *testing.T) string {
	exe, err := os.Executable()
	if err != nil {
		t.Skip("cannot find the test binary:", err)
	}
	return exe
}

func TestStandaloneReadsAssemblyDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	run(testApp(), "synth", "-q", "-o", dir).ok(t)
	r := run(nil, "list", "--app", dir).ok(t)
	if got := strings.Fields(r.stdout); !cmp.Equal(got, []string{"Storage", "Consumer", "Other"}) {
		t.Errorf("forma list --app DIR = %q", got)
	}
}

func TestStandaloneRunsAppCommandWithContext(t *testing.T) {
	t.Chdir(t.TempDir())
	app := fmt.Sprintf("%s=1 %q", testAppEnv, testBinary(t))
	r := run(nil, "synth", "--app", app, "-o", "out", "-c", "queueName=fromflag", "Storage").ok(t)
	if !strings.Contains(r.stdout, "QueueName: fromflag") {
		t.Errorf("the -c value did not reach the app; stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	readManifest(t, "out")
}

func TestStandaloneAppFromFormaJSON(t *testing.T) {
	t.Chdir(t.TempDir())
	doc, _ := json.Marshal(map[string]any{
		"app":     fmt.Sprintf("%s=1 %q", testAppEnv, testBinary(t)),
		"context": map[string]any{"queueName": "fromfile"},
	})
	if err := os.WriteFile("forma.json", doc, 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(nil, "synth", "Storage").ok(t)
	if !strings.Contains(r.stdout, "QueueName: fromfile") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	readManifest(t, DefaultOutput)
}

func TestStandaloneWithoutAppFails(t *testing.T) {
	t.Chdir(t.TempDir())
	r := run(nil, "list")
	if r.code != 1 || !strings.Contains(r.stderr, "--app") {
		t.Errorf("code %d, stderr %q", r.code, r.stderr)
	}
}

func TestStandaloneFailingAppFails(t *testing.T) {
	t.Chdir(t.TempDir())
	r := run(nil, "list", "--app", "exit 3")
	if r.code != 1 || !strings.Contains(r.stderr, `the app "exit 3" failed`) {
		t.Errorf("code %d, stderr %q", r.code, r.stderr)
	}
}

// TestInProcessContextFlagRestartsProgram runs the test binary as an app
// with -c: the value is read when the app is built, so the program starts
// itself again with the value in $CDK_CONTEXT_JSON.
func TestInProcessContextFlagRestartsProgram(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(testBinary(t), "synth", "-o", filepath.Join(dir, "out"), "-c", "queueName=restarted", "Storage")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), testAppEnv+"=1", constructs.ContextEnv+"=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v; stderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "QueueName: restarted") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
}

func TestInProcessContextAlreadyPresentNeedsNoRestart(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: map[string]any{"queueName": "same"}})
	buildTestApp(app)
	called := false
	saved := reexec
	t.Cleanup(func() { reexec = saved })
	reexec = func(_ context.Context, _ *Env, _ []string, _ map[string]any, _ []string) error {
		called = true
		return nil
	}
	r := run(app, "synth", "-o", filepath.Join(t.TempDir(), "out"), "-c", "queueName=same", "Storage").ok(t)
	if called || !strings.Contains(r.stdout, "QueueName: same") {
		t.Errorf("restarted %v; stdout:\n%s", called, r.stdout)
	}
}
