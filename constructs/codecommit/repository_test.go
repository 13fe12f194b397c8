package codecommit_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codecommit"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/synth"
)

func TestOnCommitPattern(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	repo := codecommit.NewRepository(stack, "Repo", codecommit.RepositoryProps{RepositoryName: "app"})
	rule := repo.OnCommit("OnCommit", codecommit.OnCommitOptions{Branches: []string{"main", "release"}})
	p := rule.Resource.Props.EventPattern.(map[string]any)
	if p["source"].([]string)[0] != "aws.codecommit" || p["detail-type"].([]string)[0] != "CodeCommit Repository State Change" {
		t.Errorf("pattern = %v", p)
	}
	d := p["detail"].(map[string]any)
	if len(d["referenceName"].([]string)) != 2 || len(d["event"].([]string)) != 2 {
		t.Errorf("detail = %v", d)
	}
	imp := codecommit.RepositoryFromRepositoryARN(stack, "I", "arn:aws:codecommit:us-east-1:111122223333:legacy")
	if imp.RepositoryName() != "legacy" {
		t.Errorf("RepositoryName = %q", imp.RepositoryName())
	}
	if _, err := synth.Synthesize(app); err != nil {
		t.Fatal(err)
	}
}

func TestRepositoryErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	codecommit.NewRepository(stack, "NoName", codecommit.RepositoryProps{})
	codecommit.NewRepository(stack, "Git", codecommit.RepositoryProps{RepositoryName: "app.git"})
	codecommit.NewRepository(stack, "Svc", codecommit.RepositoryProps{RepositoryName: "svc"}).GrantPull(iam.NewServicePrincipal("codebuild.amazonaws.com"))
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{"S/NoName", "RepositoryName is required", "S/Git", `"app.git" is invalid`, "S/Svc", "GrantPull to the service principal codebuild.amazonaws.com added no statement"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}
