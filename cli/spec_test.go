package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateSpecs(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "buildspec.yml")
	if err := os.WriteFile(bad, []byte("version: 0.2\nphases:\n  biuld:\n    commands: [make]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	seed := "../constructs/codebuild/testdata/seed-buildspec.yml"
	r := run(nil, "validate", "buildspec", seed, bad)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1; stderr: %s", r.code, r.stderr)
	}
	want := seed + `:21:3: warning: artifacts.type: "type": no longer read: the artifact's type comes from the project (CodeBuild ignores it); remove it
` + seed + `: a valid buildspec
` + bad + `:3:3: error: phases.biuld: unknown key "biuld" (phases has install, pre_build, build, post_build); did you mean "build"?
`
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
	r = run(nil, "validate", "appspec", "../constructs/codedeploy/testdata/seed-appspec.yml")
	if r.code != 0 || !strings.HasSuffix(r.stdout, "seed-appspec.yml: a valid appspec\n") {
		t.Errorf("appspec: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := run(nil, "validate", "taskspec", seed); r.code != 1 || !strings.Contains(r.stderr, `unknown specification "taskspec": want buildspec or appspec`) {
		t.Errorf("unknown kind: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestSchemaCommand(t *testing.T) {
	for _, args := range [][]string{{"schema", "buildspec"}, {"schema", "appspec"}, {"schema", "appspec", "--platform", "lambda"}} {
		r := run(nil, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		var s map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
			t.Fatalf("%v: not JSON: %v", args, err)
		}
		if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%v: $schema %v", args, s["$schema"])
		}
	}
	if r := run(nil, "schema", "appspec", "--platform", "ec2"); r.code != 1 || !strings.Contains(r.stderr, `--platform "ec2": want server, ecs or lambda`) {
		t.Errorf("bad platform: exit %d, stderr %q", r.code, r.stderr)
	}
}
