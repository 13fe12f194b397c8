package codebuild_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs/codebuild"
)

// seed is the talk's Maven build written in Go: about as many lines as its
// YAML (testdata/seed-buildspec.yml).
var seed = codebuild.BuildSpec{
	Phases: codebuild.SpecPhases{
		Install:   &codebuild.SpecPhase{RuntimeVersions: map[string]string{"java": "corretto8"}},
		Build:     &codebuild.SpecPhase{Commands: []string{"echo Build started on `date`", "mvn install"}},
		PostBuild: &codebuild.SpecPhase{Commands: []string{"echo Build completed on `date`", "mvn surefire-report:report"}},
	},
	Reports: map[string]codebuild.SpecReport{
		"SurefireReports": {Files: []string{"**/*"}, BaseDirectory: "target/surefire-reports"},
	},
	Artifacts: &codebuild.SpecArtifacts{Files: []string{"target/*.jar"}, DiscardPaths: true},
}

func TestSeedRendersAsTheCDKRendersFromObject(t *testing.T) {
	got, problems := seed.Render()
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	want := `{
  "version": "0.2",
  "phases": {
    "install": {
      "runtime-versions": {
        "java": "corretto8"
      }
    },
    "build": {
      "commands": [
        "echo Build started on ` + "`date`" + `",
        "mvn install"
      ]
    },
    "post_build": {
      "commands": [
        "echo Build completed on ` + "`date`" + `",
        "mvn surefire-report:report"
      ]
    }
  },
  "reports": {
    "SurefireReports": {
      "files": [
        "**/*"
      ],
      "base-directory": "target/surefire-reports"
    }
  },
  "artifacts": {
    "files": [
      "target/*.jar"
    ],
    "discard-paths": true
  }
}`
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestSeedYAMLRoundTrips(t *testing.T) {
	out, err := seed.YAML()
	if err != nil {
		t.Fatal(err)
	}
	if ps := codebuild.CheckBuildSpecFile(out); len(ps) > 0 {
		t.Errorf("the YAML forma writes does not check: %v\n%s", ps, out)
	}
	if !strings.HasPrefix(string(out), `version: "0.2"`+"\n") {
		t.Errorf("YAML starts %q", strings.SplitN(string(out), "\n", 2)[0])
	}
}

// TestSeedFileValidates: the talk's buildspec.yml, with the artifact type
// and yes/no booleans of older buildspecs, checks with one warning.
func TestSeedFileValidates(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-buildspec.yml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range codebuild.CheckBuildSpecFile(data) {
		got = append(got, p.String())
	}
	want := []string{`21:3: warning: artifacts.type: "type": no longer read: the artifact's type comes from the project (CodeBuild ignores it); remove it`}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	src := codebuild.BuildSpecFromFile("testdata/seed-buildspec.yml")
	text, problems := src.Render()
	if len(problems) > 0 || text != string(data) {
		t.Errorf("BuildSpecFromFile: problems %v; inlined text equal: %v", problems, text == string(data))
	}
}

func TestBadBuildSpecFiles(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "version: 0.2\nphases:\n  build:\n    comands: [make]\n",
			`4:5: error: phases.build.comands: unknown key "comands" (phases.build has run-as, on-failure, runtime-versions, commands, finally); did you mean "commands"?`},
		{"unknown phase", "version: 0.2\nphases:\n  biuld:\n    commands: [make]\n",
			`3:3: error: phases.biuld: unknown key "biuld" (phases has install, pre_build, build, post_build); did you mean "build"?`},
		{"version", "version: 0.3\nphases:\n  build:\n    commands: [make]\n",
			`1:10: error: version: "0.3" is not one of 0.2, 0.1`},
		{"no version", "phases:\n  build:\n    commands: [make]\n",
			`1:1: error: (document): "version" is required`},
		{"no phases", "version: 0.2\n",
			`1:1: error: (document): "phases" is required`},
		{"empty phases", "version: 0.2\nphases: {}\n",
			`2:9: error: phases: want at least 1 of install, pre_build, build, post_build`},
		{"report format", "version: 0.2\nphases:\n  build:\n    commands: [make]\nreports:\n  r:\n    files: [a.xml]\n    file-format: JUNIT\n",
			`8:18: error: reports.r.file-format: "JUNIT" is not one of CUCUMBERJSON, JUNITXML, NUNITXML, NUNIT3XML, TESTNGXML, VISUALSTUDIOTRX, CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV`},
		{"commands not a list", "version: 0.2\nphases:\n  build:\n    commands: make\n",
			`4:15: error: phases.build.commands: want a list, got "make"`},
		{"on-failure", "version: 0.2\nphases:\n  build:\n    on-failure: STOP\n    commands: [make]\n",
			`4:17: error: phases.build.on-failure: "STOP" does not match ^(ABORT|CONTINUE|RETRY(-[0-9]+)?(-.+)?)$`},
		{"bool", "version: 0.2\nphases:\n  build:\n    commands: [make]\nartifacts:\n  files: [a]\n  discard-paths: maybe\n",
			`7:18: error: artifacts.discard-paths: want true/false or yes/no, got "maybe"`},
		{"syntax", "version: 0.2\nphases:\n  build:\n  commands: [make\n",
			`3:1: error: (document): not valid YAML: did not find expected ',' or ']'`},
		{"runtime outside install", "version: 0.2\nphases:\n  build:\n    runtime-versions: {java: corretto8}\n    commands: [make]\n",
			`4:23: warning: phases.build.runtime-versions: runtime-versions is only read in the install phase`},
		{"version 0.1", "version: 0.1\nphases:\n  build:\n    commands: [make]\n",
			`1:10: warning: version: version 0.1 is deprecated: it runs each command in its own shell; use 0.2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range codebuild.CheckBuildSpecFile([]byte(tc.yaml)) {
				got = append(got, p.String())
			}
			if d := cmp.Diff([]string{tc.want}, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestBadBuildSpecInGo(t *testing.T) {
	b := codebuild.BuildSpec{Version: "0.3", Phases: codebuild.SpecPhases{Build: &codebuild.SpecPhase{OnFailure: "STOP"}},
		Reports: map[string]codebuild.SpecReport{"r": {FileFormat: "JUNIT"}}}
	_, problems := b.Render()
	want := []string{
		`version: "0.3" is not one of 0.2, 0.1`,
		`phases.build.on-failure: "STOP" does not match ^(ABORT|CONTINUE|RETRY(-[0-9]+)?(-.+)?)$`,
		`reports.r.files: want at least 1 item(s), got 0`,
		`reports.r.file-format: "JUNIT" is not one of CUCUMBERJSON, JUNITXML, NUNITXML, NUNIT3XML, TESTNGXML, VISUALSTUDIOTRX, CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV`,
	}
	if d := cmp.Diff(want, problems); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if err := b.Validate(); err == nil {
		t.Error("Validate accepted it")
	}
}
