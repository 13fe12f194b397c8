package ecr_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecr/ecrcfn"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/synth"
)

// synthErr synthesizes app and returns the error, failing when there is none.
func synthErr(t *testing.T, app *constructs.App) string {
	t.Helper()
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded; want an error")
	}
	return err.Error()
}

func mustContain(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%q does not mention %q", got, w)
		}
	}
}

// TestGrantPullOtherPrincipals checks that a pull grant to a principal
// without a policy of its own writes a repository policy statement, without
// a Resource element, as the AWS CDK's addToPrincipalOrResource does; a role
// of the stack gets only its identity statements.
func TestGrantPullOtherPrincipals(t *testing.T) {
	app, stack := newStack()
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
	g := repo.GrantPull(iam.NewAccountPrincipal("111122223333"))
	if g.ResourceStatement == nil || g.PrincipalStatement != nil {
		t.Errorf("grant to an account: resource statement %v, principal statement %v; want only a resource statement", g.ResourceStatement, g.PrincipalStatement)
	}
	repo.GrantPush(iam.NewServicePrincipal("codebuild.amazonaws.com"))
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	if g := repo.GrantPull(role); g.ResourceStatement != nil || g.PrincipalStatement == nil {
		t.Errorf("grant to a role of the stack wrote a resource statement")
	}
	res := template(t, app)["Resources"].(map[string]any)
	want := decode(t, `{"Statement":[
		{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow",
		 "Principal":{"AWS":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::111122223333:root"]]}}},
		{"Action":["ecr:CompleteLayerUpload","ecr:UploadLayerPart","ecr:InitiateLayerUpload","ecr:BatchCheckLayerAvailability","ecr:PutImage"],"Effect":"Allow",
		 "Principal":{"Service":"codebuild.amazonaws.com"}}],"Version":"2012-10-17"}`)
	got := res["Repo02AC86CF"].(map[string]any)["Properties"].(map[string]any)["RepositoryPolicyText"]
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("RepositoryPolicyText (-want +got):\n%s", d)
	}
}

// TestGrantWithoutEffectFails checks that a grant that can change nothing
// (a service principal and an imported repository) is an error naming the
// repository's path, not a silent no-op.
func TestGrantWithoutEffectFails(t *testing.T) {
	app, stack := newStack()
	repo := ecr.RepositoryFromName(stack, "Imported", "my-repo")
	repo.GrantPull(iam.NewServicePrincipal("codebuild.amazonaws.com"))
	mustContain(t, synthErr(t, app), "Registry/Imported", "GrantPull", "codebuild.amazonaws.com", "added no statement")

	// A role gets its identity statement on the imported repository.
	app, stack = newStack()
	repo = ecr.RepositoryFromName(stack, "Imported", "my-repo")
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	if g := repo.GrantPullPush(role); !g.Success() {
		t.Error("GrantPullPush to a role on an imported repository did nothing")
	}
	template(t, app)
}

// TestGrantCFNRepository checks the L1 adapter: a role gets its statement,
// a service principal is an error (the L1's policy is the program's).
func TestGrantCFNRepository(t *testing.T) {
	app, stack := newStack()
	repo := ecr.RepositoryFromCfn(ecrcfn.NewCfnRepository(stack, "L1", ecrcfn.CfnRepositoryProps{}))
	repo.GrantRead(iam.NewServicePrincipal("codebuild.amazonaws.com"))
	mustContain(t, synthErr(t, app), "Registry/L1", "GrantRead")
}

// TestResourcePolicyWarnsOnResources checks the AWS CDK's warning for a
// repository policy statement with resources.
func TestResourcePolicyWarnsOnResources(t *testing.T) {
	_, stack := newStack()
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
	repo.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Actions: []string{"ecr:BatchGetImage"}, Resources: []string{"*"}, Principals: []iam.IPrincipal{iam.NewAnyPrincipal()},
	}))
	var warned bool
	for _, m := range repo.Node().Metadata() {
		if m.Type == constructs.MetadataWarning && strings.Contains(m.Data.(string), "does not allow resource statements") {
			warned = true
		}
	}
	if !warned {
		t.Error("no warning for a repository policy statement with resources")
	}
}

// TestLifecycleRules checks the AWS CDK's ordering: prioritised rules first,
// then the others numbered after the highest priority, the "any" rule last.
func TestLifecycleRules(t *testing.T) {
	app, stack := newStack()
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
	repo.AddLifecycleRule(ecr.LifecycleRule{MaxImageAge: 7 * 24 * time.Hour})
	repo.AddLifecycleRule(ecr.LifecycleRule{TagPrefixList: []string{"a<b"}, MaxImageCount: 3})
	repo.AddLifecycleRule(ecr.LifecycleRule{TagStatus: ecr.TagStatusUntagged, MaxImageCount: 1, RulePriority: 5})
	res := template(t, app)["Resources"].(map[string]any)
	lp := res["Repo02AC86CF"].(map[string]any)["Properties"].(map[string]any)["LifecyclePolicy"]
	want := map[string]any{"LifecyclePolicyText": `{"rules":[` +
		`{"rulePriority":5,"selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},` +
		`{"rulePriority":6,"selection":{"tagStatus":"tagged","tagPrefixList":["a<b"],"countType":"imageCountMoreThan","countNumber":3},"action":{"type":"expire"}},` +
		`{"rulePriority":7,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countNumber":7,"countUnit":"days"},"action":{"type":"expire"}}]}`}
	if d := cmp.Diff(want, lp); d != "" {
		t.Errorf("LifecyclePolicy (-want +got):\n%s", d)
	}
}

// TestBadLifecycleRules checks the AWS CDK's validation, reported with the
// repository's path.
func TestBadLifecycleRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rules []ecr.LifecycleRule
		want  string
	}{
		{"tagged without prefix", []ecr.LifecycleRule{{TagStatus: ecr.TagStatusTagged, MaxImageCount: 1}}, "requires TagPrefixList or TagPatternList"},
		{"prefix on untagged", []ecr.LifecycleRule{{TagStatus: ecr.TagStatusUntagged, TagPrefixList: []string{"x"}, MaxImageCount: 1}}, "only be given with TagStatusTagged"},
		{"prefix and pattern", []ecr.LifecycleRule{{TagPrefixList: []string{"x"}, TagPatternList: []string{"y*"}, MaxImageCount: 1}}, "not both"},
		{"five wildcards", []ecr.LifecycleRule{{TagPatternList: []string{"*a*b*c*d*"}, MaxImageCount: 1}}, "at most four"},
		{"count and age", []ecr.LifecycleRule{{MaxImageCount: 1, MaxImageAge: 24 * time.Hour}}, "exactly one of MaxImageCount and MaxImageAge"},
		{"neither", []ecr.LifecycleRule{{Description: "x"}}, "exactly one of MaxImageCount and MaxImageAge"},
		{"partial day", []ecr.LifecycleRule{{MaxImageAge: 36 * time.Hour}}, "whole number of days"},
		{"two any", []ecr.LifecycleRule{{MaxImageCount: 1}, {MaxImageCount: 2}}, "only one TagStatusAny rule"},
		{"prioritised any with automatic", []ecr.LifecycleRule{{MaxImageCount: 1, RulePriority: 9}, {TagPrefixList: []string{"x"}, MaxImageCount: 1}}, "cannot be combined"},
		{"any not last", []ecr.LifecycleRule{{MaxImageCount: 1, RulePriority: 1}, {TagPrefixList: []string{"x"}, MaxImageCount: 1, RulePriority: 2}}, "highest priority"},
		{"same priority", []ecr.LifecycleRule{{TagPrefixList: []string{"x"}, MaxImageCount: 1, RulePriority: 2}, {TagPrefixList: []string{"y"}, MaxImageCount: 1, RulePriority: 2}}, "priority 2 is given to two rules"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, stack := newStack()
			ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{LifecycleRules: tc.rules})
			mustContain(t, synthErr(t, app), "Registry/Repo", tc.want)
		})
	}
}

// TestRepositoryOptions checks EmptyOnDelete, scan on push, tag
// immutability and encryption as the AWS CDK writes them, and their checks.
func TestRepositoryOptions(t *testing.T) {
	app, stack := newStack()
	ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{
		EmptyOnDelete: true, RemovalPolicy: cfn.PolicyDelete, Encryption: ecr.EncryptionKMS,
	})
	res := template(t, app)["Resources"].(map[string]any)
	want := decode(t, `{"Type":"AWS::ECR::Repository","Properties":{"EmptyOnDelete":true,"EncryptionConfiguration":{"EncryptionType":"KMS"}},
		"DeletionPolicy":"Delete","UpdateReplacePolicy":"Delete"}`)
	if d := cmp.Diff(want, res["Repo02AC86CF"]); d != "" {
		t.Errorf("repository (-want +got):\n%s", d)
	}
	for _, tc := range []struct {
		props ecr.RepositoryProps
		want  string
	}{
		{ecr.RepositoryProps{EmptyOnDelete: true}, "EmptyOnDelete requires RemovalPolicy"},
		{ecr.RepositoryProps{Encryption: ecr.EncryptionAES256, EncryptionKeyARN: "arn:aws:kms:us-east-1:111122223333:key/x"}, "Encryption must be ecr.EncryptionKMS"},
		{ecr.RepositoryProps{Encryption: "KMS_DSSE"}, `Encryption "KMS_DSSE" is not supported`},
		{ecr.RepositoryProps{ImageTagMutabilityExclusionFilters: []string{"dev-*"}}, "must be ecr.TagImmutableWithExclusion or ecr.TagMutableWithExclusion"},
		{ecr.RepositoryProps{ImageTagMutability: ecr.TagMutableWithExclusion}, "ImageTagMutabilityExclusionFilters must be given"},
		{ecr.RepositoryProps{ImageTagMutability: ecr.TagMutableWithExclusion, ImageTagMutabilityExclusionFilters: []string{"a", "b", "c", "d", "e", "f"}}, "1 to 5 filters, got 6"},
		{ecr.RepositoryProps{ImageTagMutability: ecr.TagMutableWithExclusion, ImageTagMutabilityExclusionFilters: []string{"dev/*"}}, `exclusion filter "dev/*" holds characters`},
	} {
		app, stack := newStack()
		ecr.NewRepository(stack, "Repo", tc.props)
		mustContain(t, synthErr(t, app), "Registry/Repo", tc.want)
	}
}
