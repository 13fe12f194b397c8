package cli

import (
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// Without credentials anywhere, deploy says in one line how to provide
// them, not which sources the SDK tried.
func TestNoCredentials(t *testing.T) {
	awsEnv(t, "http://127.0.0.1:1", true)
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	r := run(testApp(), "deploy", "Other", "--require-approval", "never", "--progress", "events")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "error: no AWS credentials: pass --profile") {
		t.Fatalf("exit %d, stderr:\n%s\nwant one line saying how to provide credentials", r.code, r.stderr)
	}
	for _, want := range []string{"AWS_PROFILE", "sso login", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("the line does not name %s: %s", want, lines[0])
		}
	}
	if strings.Contains(r.stderr, "IMDS") {
		t.Errorf("stderr names the SDK's sources: %s", r.stderr)
	}
}

// An endpoint that accepts the connection and never answers: each request
// gives up after --call-timeout, says what it waits for meanwhile, and the
// error names the endpoint.
func TestEndpointNeverAnswers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		var held []net.Conn // accepted, never answered
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	endpoint := "http://" + ln.Addr().String()
	awsEnv(t, endpoint, false)
	start := time.Now()
	r := run(testApp(), "deploy", "Other", "--require-approval", "never", "--progress", "events", "--call-timeout", "400ms")
	took := time.Since(start)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	if took > 10*time.Second {
		t.Errorf("took %s with a 400ms call timeout", took)
	}
	for _, want := range []string{
		"waiting for CloudFormation DescribeStacks at " + endpoint + ": no answer after 200ms (giving up after 400ms)",
		"error: Other: " + endpoint + " did not answer CloudFormation DescribeStacks within 400ms; check the endpoint (AWS_ENDPOINT_URL",
		"allow more time with --call-timeout",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "operation error") {
		t.Errorf("stderr has the SDK's wrapping:\n%s", r.stderr)
	}

	// $FORMA_CALL_TIMEOUT sets it too; a bad value is refused.
	t.Setenv(callTimeoutEnv, "300ms")
	r = run(testApp(), "deploy", "Other", "--require-approval", "never", "--progress", "events")
	if !strings.Contains(r.stderr, "within 300ms") {
		t.Errorf("with %s=300ms:\n%s", callTimeoutEnv, r.stderr)
	}
	t.Setenv(callTimeoutEnv, "soon")
	r = run(testApp(), "deploy", "Other", "--require-approval", "never")
	if r.code != 1 || !strings.Contains(r.stderr, `FORMA_CALL_TIMEOUT="soon": want a positive duration`) {
		t.Errorf("bad %s: exit %d\n%s", callTimeoutEnv, r.code, r.stderr)
	}
}

// A refused connection names the endpoint in plain words.
func TestEndpointRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	awsEnv(t, endpoint, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	r := run(testApp(), "deploy", "Other", "--require-approval", "never", "--progress", "events")
	want := "error: Other: " + endpoint + " refused the connection of CloudFormation DescribeStacks: nothing listens there; check the endpoint"
	if r.code != 1 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "operation error") {
		t.Errorf("exit %d, stderr:\n%s\nwant %q", r.code, r.stderr, want)
	}
}

// An app that writes no assembly is an error naming the folder as given;
// an older assembly in the folder is not shown as the app's.
func TestListAppWritesNothing(t *testing.T) {
	t.Chdir(t.TempDir())
	run(testApp(), "synth", "-q", "-o", "out").ok(t)
	r := run(nil, "list", "--app", "true", "-o", "out")
	want := `error: the app "true" wrote no cloud assembly into out (no new manifest.json)`
	if r.code != 1 || r.stdout != "" || !strings.HasPrefix(r.stderr, want) {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant %q", r.code, r.stdout, r.stderr, want)
	}
	// An app that writes one is listed.
	r = run(nil, "list", "--app", "cp -r out/. \"$CDK_OUTDIR\"", "-o", "copy").ok(t)
	if r.stdout != "Storage\nConsumer\nOther\n" {
		t.Errorf("list of a copied assembly: %q", r.stdout)
	}
}

// Errors about the output folder name it as the user gave it.
func TestOutputFolderErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("afile", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		app  bool
		args []string
		want string
	}{
		{true, []string{"synth", "-q", "-o", "afile"}, "error: writing the cloud assembly: afile exists and is not a directory\n"},
		{false, []string{"list", "--app", "true", "-o", "afile"}, "error: creating the output folder afile: not a directory\n"},
		{false, []string{"list", "--app", "true", "-o", "afile/sub"}, "error: creating the output folder afile/sub: not a directory\n"},
	} {
		app := testApp()
		if !tc.app {
			app = nil
		}
		r := run(app, tc.args...)
		if r.code != 1 || r.stderr != tc.want {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// --concurrency below 1 is refused before anything is deployed or deleted.
func TestConcurrencyBelowOne(t *testing.T) {
	awsEnv(t, "http://127.0.0.1:1", true)
	for _, cmd := range []string{"deploy", "destroy"} {
		for _, n := range []string{"0", "-2"} {
			r := run(testApp(), cmd, "--all", "--force", "--concurrency", n)
			if r.code != 1 || !strings.HasPrefix(r.stderr, "error: --concurrency "+n+": want 1 or more") {
				t.Errorf("%s --concurrency %s: exit %d, stderr %q", cmd, n, r.code, r.stderr)
			}
		}
	}
}
