package cfnspec

import (
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTypes(t *testing.T) {
	types := Types()
	if len(types) < 1500 {
		t.Fatalf("Types() has %d types, want every registry type", len(types))
	}
	if !sort.StringsAreSorted(types) {
		t.Error("Types() is not sorted")
	}
	for _, name := range types {
		if _, ok := Lookup(name); !ok {
			t.Errorf("Lookup(%q) found nothing", name)
		}
	}
}

func TestLookup(t *testing.T) {
	b, ok := Lookup("AWS::S3::Bucket")
	if !ok {
		t.Fatal("no AWS::S3::Bucket")
	}
	if b.Name != "AWS::S3::Bucket" || b.TagProperty != "Tags" {
		t.Errorf("Name %q, TagProperty %q", b.Name, b.TagProperty)
	}
	if !b.IsCreateOnly("BucketName") || !b.IsCreateOnly("/properties/BucketName") || b.IsCreateOnly("Tags") {
		t.Error("IsCreateOnly: BucketName replaces the bucket, Tags does not")
	}
	if !b.IsReadOnly("Arn") || b.IsReadOnly("BucketName") {
		t.Error("IsReadOnly: Arn is read-only, BucketName is not")
	}
	if got := b.Property("BucketEncryption/ServerSideEncryptionConfiguration/*/ServerSideEncryptionByDefault/SSEAlgorithm"); got == nil || len(got.Enum) == 0 {
		t.Errorf("nested enum: got %+v", got)
	}
	if got := b.Property("BucketEncryption.ServerSideEncryptionConfiguration.0.BucketKeyEnabled"); got == nil || got.Type != "boolean" {
		t.Errorf("dotted path with an index: got %+v", got)
	}
	if b.Property("NoSuchProperty") != nil {
		t.Error("a property that does not exist was found")
	}

	q, _ := Lookup("AWS::SQS::Queue")
	if len(q.Required) != 0 {
		t.Errorf("AWS::SQS::Queue requires %v", q.Required)
	}
	tbl, _ := Lookup("AWS::DynamoDB::Table")
	if diff := cmp.Diff([]string{"KeySchema"}, tbl.Required); diff != "" {
		t.Errorf("AWS::DynamoDB::Table Required (-want +got):\n%s", diff)
	}
	if !tbl.IsCreateOnly("TableName") || !tbl.IsCreateOnly("ImportSourceSpecification/S3BucketSource/S3Bucket") || tbl.IsCreateOnly("BillingMode") {
		t.Error("a table's name and import source (and what is in it) replace it, its billing mode does not")
	}
	if !tbl.HasCreateOnlyBelow("ImportSourceSpecification") || tbl.HasCreateOnlyBelow("BillingMode") {
		t.Error("HasCreateOnlyBelow")
	}
	if _, ok := Lookup("AWS::S3::NoSuchType"); ok {
		t.Error("found a type that does not exist")
	}
	if _, ok := Lookup("nonsense"); ok {
		t.Error("found a malformed type name")
	}
	if p := PackageOf("Alexa::ASK::Skill"); p != "alexaask" {
		t.Errorf("PackageOf(Alexa::ASK::Skill) = %q", p)
	}
	if Source != "cfn-lint 1.51.0" {
		t.Errorf("Source = %q", Source)
	}
}

// TestLazy checks that a lookup parses only its service's file, quickly.
func TestLazy(t *testing.T) {
	mu.Lock()
	delete(services, "ec2")
	delete(decoded, "AWS::EC2::VPC")
	mu.Unlock()
	start := time.Now()
	if _, ok := Lookup("AWS::EC2::VPC"); !ok {
		t.Fatal("no AWS::EC2::VPC")
	}
	// EC2 is the largest service; CI machines are slow, so the bound is loose.
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("loading the EC2 data took %v", d)
	}
	t.Logf("first EC2 lookup: %v", time.Since(start))
}

func BenchmarkLookupCached(b *testing.B) {
	Lookup("AWS::S3::Bucket")
	for b.Loop() {
		Lookup("AWS::S3::Bucket")
	}
}

func BenchmarkLoadEC2(b *testing.B) {
	for b.Loop() {
		load("ec2")
	}
}
