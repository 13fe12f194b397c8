package badinput

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/internal/golden"
)

const goldenFile = "testdata/errors.txtar"

// Case is one wrong program.
type Case struct {
	Name    string
	Context map[string]any
	// Warn marks a case whose mistake is a warning: synthesis succeeds.
	Warn  bool
	Build func(app *constructs.App)
}

var cases []Case

func add(cs ...Case) { cases = append(cases, cs...) }

func newApp(c Case) *constructs.App {
	return constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: c.Context})
}

// build builds the case's app and reports a panic as a failure.
func build(c Case) (app *constructs.App, panicked any) {
	app = newApp(c)
	defer func() { panicked = recover() }()
	c.Build(app)
	return app, nil
}

// run builds and synthesizes a case in-process, returning exit code and
// stderr.
func run(t *testing.T, c Case) (int, string) {
	app, p := build(c)
	if p != nil {
		t.Fatalf("building the app panicked: %v", p)
	}
	var out, errb bytes.Buffer
	code := cli.Run(app, []string{"synth", "-q", "-o", t.TempDir()}, cli.Stdio{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	return code, errb.String()
}

// TestMain runs one case through cli.Main when the test binary is started
// as that case's program (see TestExitThroughMain).
func TestMain(m *testing.M) {
	if name := os.Getenv("FORMA_BADINPUT_CASE"); name != "" {
		for _, c := range cases {
			if c.Name == name {
				app := newApp(c)
				c.Build(app)
				os.Args = []string{"badinput", "synth", "-q", "-o", os.Getenv("FORMA_BADINPUT_OUT")}
				cli.Main(app)
			}
		}
		fmt.Fprintf(os.Stderr, "no case %q\n", name)
		os.Exit(3)
	}
	os.Exit(m.Run())
}

func TestCorpus(t *testing.T) {
	if len(cases) < 60 {
		t.Errorf("the corpus has %d cases; keep at least 60", len(cases))
	}
	want := readGolden(t)
	got := map[string]string{}
	names := map[string]bool{}
	for _, c := range cases {
		if names[c.Name] {
			t.Fatalf("two cases are named %q", c.Name)
		}
		names[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			code, stderr := run(t, c)
			got[c.Name] = stderr
			wantCode := 1
			if c.Warn {
				wantCode = 0
			}
			if code != wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, wantCode, stderr)
			}
			if strings.Contains(stderr, "bug in forma") || strings.Contains(stderr, "goroutine ") {
				t.Errorf("a user's mistake reached forma's panic handler:\n%s", stderr)
			}
			if stderr == "" {
				t.Error("nothing on stderr")
			}
			if !golden.Update() && stderr != want[c.Name] {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want[c.Name])
			}
		})
	}
	golden.Check(t, goldenFile, renderGolden(got))
	if golden.Update() {
		return
	}
	for name := range want {
		if !names[name] {
			t.Errorf("%s has a case %q that the corpus no longer has; run with -update", goldenFile, name)
		}
	}
}

// TestExitThroughMain runs a few cases as programs, through cli.Main and
// os.Exit: no panic, exit status 1, the same lines.
func TestExitThroughMain(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	want := readGolden(t)
	for _, name := range []string{"duplicate-id", "typed-nil-cluster", "aspect-grows-forever", "token-upper-case"} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "FORMA_BADINPUT_CASE="+name, "FORMA_BADINPUT_OUT="+t.TempDir())
			var errb bytes.Buffer
			cmd.Stderr = &errb
			err := cmd.Run()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v; want status 1; stderr:\n%s", err, errb.String())
			}
			if errb.String() != want[name] {
				t.Errorf("stderr:\n%s\nwant:\n%s", errb.String(), want[name])
			}
		})
	}
}

// readGolden reads the txtar-formatted golden file: "-- name --" lines
// start each case's expected stderr.
func readGolden(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		if golden.Update() {
			return map[string]string{}
		}
		t.Fatalf("%v; run go test -update", err)
	}
	out := map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name != "" {
			out[name] = b.String()
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --\n") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --\n")
			continue
		}
		if name != "" {
			b.WriteString(line)
		}
	}
	flush()
	return out
}

func renderGolden(got map[string]string) string {
	names := make([]string, 0, len(got))
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("The expected stderr of each case in the bad-input corpus, written by\n`go test ./internal/badinput -update`.\n")
	for _, n := range names {
		fmt.Fprintf(&b, "-- %s --\n%s", n, got[n])
	}
	return b.String()
}
