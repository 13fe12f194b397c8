package codedeploy_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs/codedeploy"
)

// seed is the talk's EC2 AppSpec written in Go (testdata/seed-appspec.yml).
var seed = codedeploy.ServerAppSpec{
	OS:    "linux",
	Files: []codedeploy.AppSpecFile{{Source: "/index.html", Destination: "/var/www/html/"}},
	Permissions: []codedeploy.AppSpecPermission{{Object: "/var/www/html", Pattern: "*.html",
		Owner: "root", Group: "root", Mode: "644", Type: []string{"file"}}},
	Hooks: &codedeploy.ServerHooks{
		ApplicationStop:  []codedeploy.HookScript{{Location: "scripts/stop_server", Timeout: 300, RunAs: "root"}},
		BeforeInstall:    []codedeploy.HookScript{{Location: "scripts/install_dependencies", Timeout: 300, RunAs: "root"}},
		ApplicationStart: []codedeploy.HookScript{{Location: "scripts/start_server", Timeout: 300, RunAs: "root"}},
		ValidateService:  []codedeploy.HookScript{{Location: "scripts/validate_service", Timeout: 300}},
	},
}

func TestSeedAppSpec(t *testing.T) {
	out, err := seed.YAML()
	if err != nil {
		t.Fatal(err)
	}
	want := `version: "0.0"
os: linux
files:
    - source: /index.html
      destination: /var/www/html/
permissions:
    - object: /var/www/html
      pattern: '*.html'
      owner: root
      group: root
      mode: "644"
      type:
        - file
hooks:
    ApplicationStop:
        - location: scripts/stop_server
          timeout: 300
          runas: root
    BeforeInstall:
        - location: scripts/install_dependencies
          timeout: 300
          runas: root
    ApplicationStart:
        - location: scripts/start_server
          timeout: 300
          runas: root
    ValidateService:
        - location: scripts/validate_service
          timeout: 300
`
	if d := cmp.Diff(want, string(out)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if ps := codedeploy.CheckAppSpecFile(out, ""); len(ps) > 0 {
		t.Errorf("the YAML forma writes does not check: %v", ps)
	}
	data, err := os.ReadFile("testdata/seed-appspec.yml")
	if err != nil {
		t.Fatal(err)
	}
	if ps := codedeploy.CheckAppSpecFile(data, ""); len(ps) > 0 {
		t.Errorf("the seed's appspec.yml does not check: %v", ps)
	}
}

func TestECSAndLambdaAppSpecs(t *testing.T) {
	ecs := codedeploy.NewECSAppSpec("<TASK_DEFINITION>", "web", 80, codedeploy.ECSHook{AfterAllowTestTraffic: "SmokeTest"})
	out, err := ecs.YAML()
	if err != nil {
		t.Fatal(err)
	}
	want := `version: "0.0"
Resources:
    - TargetService:
        Type: AWS::ECS::Service
        Properties:
            TaskDefinition: <TASK_DEFINITION>
            LoadBalancerInfo:
                ContainerName: web
                ContainerPort: 80
Hooks:
    - AfterAllowTestTraffic: SmokeTest
`
	if d := cmp.Diff(want, string(out)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if ps := codedeploy.CheckAppSpecFile(out, ""); len(ps) > 0 {
		t.Errorf("ECS: %v", ps)
	}
	l := codedeploy.LambdaAppSpec{Resources: []map[string]codedeploy.LambdaResource{{"fn": {Type: "AWS::Lambda::Function",
		Properties: codedeploy.LambdaResourceProperties{Name: "fn", Alias: "live", CurrentVersion: "1", TargetVersion: "2"}}}},
		Hooks: []codedeploy.LambdaHook{{BeforeAllowTraffic: "Check"}}}
	out, err = l.YAML()
	if err != nil {
		t.Fatal(err)
	}
	if ps := codedeploy.CheckAppSpecFile(out, ""); len(ps) > 0 {
		t.Errorf("Lambda: %v\n%s", ps, out)
	}
}

func TestBadAppSpecs(t *testing.T) {
	const head = "version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /srv\n"
	const ecsHead = "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: arn\n"
	for _, tc := range []struct{ name, yaml, want string }{
		{"hook of another platform", head + "hooks:\n  AfterAllowTestTraffic:\n    - location: a.sh\n",
			`7:3: error: hooks.AfterAllowTestTraffic: unknown key "AfterAllowTestTraffic" (hooks has ApplicationStop, BeforeInstall, AfterInstall, ApplicationStart, ValidateService, BeforeBlockTraffic, AfterBlockTraffic, BeforeAllowTraffic, AfterAllowTraffic)`},
		{"reserved hook", head + "hooks:\n  Install:\n    - location: a.sh\n",
			`7:3: error: hooks.Install: Install is a lifecycle event CodeDeploy runs itself: it cannot have a hook (the server platform's hooks: ApplicationStop, BeforeInstall, AfterInstall, ApplicationStart, ValidateService, BeforeBlockTraffic, AfterBlockTraffic, BeforeAllowTraffic, AfterAllowTraffic)`},
		{"timeout", head + "hooks:\n  BeforeInstall:\n    - location: a.sh\n      timeout: 3601\n",
			`9:16: error: hooks.BeforeInstall[0].timeout: 3601 is above the maximum 3600`},
		{"no os", "version: 0.0\nfiles:\n  - source: /\n    destination: /srv\n",
			`1:1: error: (document): "os" is required`},
		{"mode", head + "permissions:\n  - object: /srv\n    mode: 999\n",
			`8:11: error: permissions[0].mode: "999" does not match ^[0-7]{3,4}$`},
		{"ecs hook of server", ecsHead + "Hooks:\n  - ApplicationStart: fn\n",
			`8:5: error: Hooks[0].ApplicationStart: unknown key "ApplicationStart" (Hooks[0] has BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic)`},
		{"ecs two hooks in one item", ecsHead + "Hooks:\n  - BeforeInstall: a\n    AfterInstall: b\n",
			`8:5: error: Hooks[0]: want at most 1 key(s), got 2`},
		{"lambda without alias", "version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: fn\n        CurrentVersion: 1\n        TargetVersion: 2\n",
			`6:9: error: Resources[0].fn.Properties: "Alias" is required`},
		{"unknown platform", "version: 0.0\n", `1:1: error: (document): cannot tell the compute platform: an EC2/on-premises AppSpec has os and files, an ECS or Lambda one has Resources with a Type of AWS::ECS::Service or AWS::Lambda::Function`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range codedeploy.CheckAppSpecFile([]byte(tc.yaml), "") {
				got = append(got, p.String())
			}
			if d := cmp.Diff([]string{tc.want}, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	bad := seed
	bad.Hooks = &codedeploy.ServerHooks{BeforeInstall: []codedeploy.HookScript{{Location: "a", Timeout: 7200}}}
	if _, err := bad.YAML(); err == nil || err.Error() != "appspec: hooks.BeforeInstall[0].timeout: 7200 is above the maximum 3600" {
		t.Errorf("YAML of a bad AppSpec: %v", err)
	}
}
