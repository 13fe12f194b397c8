package constructs

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"
)

func TestStageNamesAndEnvironments(t *testing.T) {
	app := NewApp(AppProps{SkipContextFiles: true})
	top := NewStack(app, "Top", StackProps{})
	test := NewStage(app, "Test", StageProps{Env: Environment{Account: "111111111111", Region: "eu-west-1"}})
	web := NewStack(test, "Web", StackProps{})
	own := NewStack(test, "Own", StackProps{Env: Environment{Region: "us-east-1"}, StackName: "own-name"})
	inner := NewStage(test, "Inner", StageProps{Env: Environment{Region: "eu-central-1"}})
	deep := NewStack(New(inner, "Group"), "Deep", StackProps{})
	prod := NewStage(app, "Prod", StageProps{StageName: "production"})
	pw := NewStack(prod, "Web", StackProps{})

	for _, tc := range []struct {
		st                         *Stack
		id, name, display, account string
		region                     string
	}{
		{top, "Top", "Top", "Top", "", ""},
		{web, "TestWeb23347330", "Test-Web", "Test/Web", "111111111111", "eu-west-1"},
		{own, "TestOwn" + hash8("Test/Own"), "own-name", "Test/Own", "111111111111", "us-east-1"},
		{deep, "TestInnerGroupDeep" + hash8("Test/Inner/Group/Deep"), "Test-Inner-GroupDeep" + hash8("Group/Deep"), "Test/Inner/Group/Deep", "111111111111", "eu-central-1"},
		{pw, "ProdWebF45B1510", "production-Web", "Prod/Web", "", ""},
	} {
		if got := tc.st.ArtifactID(); got != tc.id {
			t.Errorf("%s: ArtifactID %s, want %s", tc.display, got, tc.id)
		}
		if got := tc.st.StackName(); got != tc.name {
			t.Errorf("%s: StackName %s, want %s", tc.display, got, tc.name)
		}
		if got := tc.st.DisplayName(); got != tc.display {
			t.Errorf("%s: DisplayName %s", tc.display, got)
		}
		if env := tc.st.Env(); env.Account != tc.account || env.Region != tc.region {
			t.Errorf("%s: Env %+v, want %s/%s", tc.display, env, tc.account, tc.region)
		}
	}
	if got := inner.StageName(); got != "Test-Inner" {
		t.Errorf("inner StageName %s", got)
	}
	if got := inner.ArtifactID(); got != "assembly-Test-Inner" {
		t.Errorf("inner ArtifactID %s", got)
	}
	if StageOf(deep) != inner || StageOf(inner) != test || StageOf(test) != nil || StageOf(top) != nil {
		t.Error("StageOf finds the wrong stage")
	}
	if msgs := NewStage(app, "bad id", StageProps{}).Validate(); len(msgs) != 1 {
		t.Errorf("a stage id with a space: %v", msgs)
	}
}

// hash8 is the first 8 hex characters, upper-case, of the MD5 of path.
func hash8(path string) string {
	sum := md5.Sum([]byte(path))
	return strings.ToUpper(hex.EncodeToString(sum[:]))[:8]
}
