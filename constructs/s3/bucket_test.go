package s3_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/s3"
	"github.com/forma-iac/forma/synth"
)

func newStack() (*constructs.App, *constructs.Stack) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	return app, constructs.NewStack(app, "S", constructs.StackProps{})
}

func resources(t *testing.T, app *constructs.App) map[string]any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl map[string]any
	if err := json.Unmarshal(files["S.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl["Resources"].(map[string]any)
}

func TestDefaultBucketHasNoProperties(t *testing.T) {
	app, stack := newStack()
	s3.NewBucket(stack, "Bucket", s3.BucketProps{})
	res := resources(t, app)
	b := res["Bucket83908E77"].(map[string]any)
	if _, ok := b["Properties"]; ok || b["DeletionPolicy"] != "Retain" || len(res) != 1 {
		t.Errorf("default bucket = %v, want no properties, retained, alone", res)
	}
}

func TestKMSBucketCreatesKeyAndGrantsIt(t *testing.T) {
	app, stack := newStack()
	b := s3.NewBucket(stack, "Bucket", s3.BucketProps{Encryption: s3.EncryptionKMS})
	role := iam.NewRole(stack, "R", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codebuild.amazonaws.com")})
	b.GrantReadWrite(role)
	res := resources(t, app)
	if _, ok := res["BucketKey7E4AEAB8"]; !ok {
		t.Fatalf("no key BucketKey7E4AEAB8 in %v", res)
	}
	var pol string
	for id, r := range res {
		if strings.HasPrefix(id, "RDefaultPolicy") {
			j, _ := json.Marshal(r)
			pol = string(j)
		}
	}
	for _, want := range []string{`"s3:GetObject*"`, `"s3:PutObject"`, `"kms:GenerateDataKey*"`, `"BucketKey7E4AEAB8"`} {
		if !strings.Contains(pol, want) {
			t.Errorf("role policy %s lacks %s", pol, want)
		}
	}
}

func TestImportedBucketGrantsOnlyThePrincipal(t *testing.T) {
	app, stack := newStack()
	role := iam.NewRole(stack, "R", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codebuild.amazonaws.com")})
	b := s3.BucketFromBucketARN(stack, "B", "arn:aws:s3:::x")
	if b.BucketName() != "x" {
		t.Errorf("BucketName = %q, want x", b.BucketName())
	}
	if b.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"s3:*"}})) {
		t.Error("an imported bucket accepted a resource policy statement")
	}
	if g := b.GrantRead(role); g.PrincipalStatement == nil {
		t.Error("GrantRead to a role added no principal statement")
	}
	_ = resources(t, app)
}

func TestBucketErrors(t *testing.T) {
	app, stack := newStack()
	s3.NewBucket(stack, "Auto", s3.BucketProps{AutoDeleteObjects: true})
	s3.NewBucket(stack, "Name", s3.BucketProps{BucketName: "Bad_Name"})
	s3.NewBucket(stack, "Key", s3.BucketProps{Encryption: s3.EncryptionS3Managed, EncryptionKey: kms.KeyFromKeyARN("arn:aws:kms:us-east-1:1:key/x")})
	s3.NewBucket(stack, "Rules", s3.BucketProps{LifecycleRules: []s3.LifecycleRule{{Prefix: "x/"}, {Expiration: 36 * time.Hour}}})
	s3.BucketFromBucketName(stack, "Imported", "b").GrantRead(iam.NewServicePrincipal("codebuild.amazonaws.com"))
	_, err := synth.Synthesize(app)
	if err == nil {
		t.Fatal("synthesis succeeded")
	}
	for _, want := range []string{
		"S/Auto", "AutoDeleteObjects is not supported",
		"S/Name", `BucketName "Bad_Name" is invalid`,
		"S/Key", "Encryption must be s3.EncryptionKMS",
		"S/Rules", "lifecycle rule 0: it has no action", "lifecycle rule 1: Expiration 36h0m0s is not a whole number of days",
		"S/Imported", "GrantRead to the service principal codebuild.amazonaws.com added no statement",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}
