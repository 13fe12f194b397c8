package alltypes

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/dynamodb/dynamodbcfn"
	"github.com/forma-iac/forma/constructs/rds/rdscfn"
	"github.com/forma-iac/forma/constructs/s3/s3cfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
	"github.com/forma-iac/forma/synth"
)

// TestGeneratedAPI renders generated L1 types that use attributes, nested
// attributes, map tags and a union property.
func TestGeneratedAPI(t *testing.T) {
	app := constructs.NewApp()
	stack := constructs.NewStack(app, "Api", constructs.StackProps{})
	bucket := s3cfn.NewCfnBucket(stack, "Bucket", s3cfn.CfnBucketProps{
		BucketName:              new("forma-bucket"),
		VersioningConfiguration: &s3cfn.CfnBucket_VersioningConfigurationProperty{Status: "Enabled"},
		Tags:                    []cfn.Tag{{Key: "team", Value: "forma"}},
	})
	db := rdscfn.NewCfnDBInstance(stack, "Db", rdscfn.CfnDBInstanceProps{DBInstanceClass: new("db.t3.micro"), Engine: new("postgres")})
	ssmcfn.NewCfnParameter(stack, "Param", ssmcfn.CfnParameterProps{
		Type:  "String",
		Value: bucket.AttrArn() + "|" + db.AttrEndpointAddress(),
		Tags:  map[string]string{"team": "forma"},
	})
	dynamodbcfn.NewCfnTable(stack, "Table", dynamodbcfn.CfnTableProps{
		KeySchema:            []dynamodbcfn.CfnTable_KeySchemaProperty{{AttributeName: "id", KeyType: "HASH"}},
		AttributeDefinitions: []dynamodbcfn.CfnTable_AttributeDefinitionProperty{{AttributeName: "id", AttributeType: "S"}},
		BillingMode:          new("PAY_PER_REQUEST"),
	})
	cfn.TagsOf(stack).Add("env", "test")
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := asm.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	files, err := asm.Files(false)
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct{ Resources map[string]map[string]any }
	if err := json.Unmarshal(files["Api.template.json"], &tmpl); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(tmpl.Resources)
	for _, want := range []string{
		`"Fn::GetAtt":["Bucket","Arn"]`,
		`"Fn::GetAtt":["Db","Endpoint.Address"]`,
		`"Tags":{"env":"test","team":"forma"}`,
		`"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]`,
		`{"Key":"env","Value":"test"},{"Key":"team","Value":"forma"}`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("template lacks %s:\n%s", want, got)
		}
	}
}
