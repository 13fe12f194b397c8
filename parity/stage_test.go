package parity

import (
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/s3"
)

func init() {
	register(Case{Name: "stage-nested", Build: func(app *constructs.App) {
		top := constructs.NewStack(app, "Top", constructs.StackProps{})
		s3.NewBucket(top, "B", s3.BucketProps{})
		test := constructs.NewStage(app, "Test", constructs.StageProps{Env: constructs.Environment{Account: "111111111111", Region: "eu-west-1"}})
		web := constructs.NewStack(test, "Web", constructs.StackProps{})
		s3.NewBucket(web, "Bucket", s3.BucketProps{})
		db := constructs.NewStack(test, "Db", constructs.StackProps{StackName: "custom-db"})
		data := s3.NewBucket(db, "Data", s3.BucketProps{})
		cfn.NewOutput(web, "DataArn", cfn.OutputProps{Value: data.BucketARN()})
		inner := constructs.NewStage(test, "Inner", constructs.StageProps{})
		deep := constructs.NewStack(inner, "Deep", constructs.StackProps{})
		s3.NewBucket(deep, "Bucket", s3.BucketProps{})
		grp := constructs.New(test, "Grp")
		g := constructs.NewStack(grp, "InGroup", constructs.StackProps{})
		s3.NewBucket(g, "Bucket", s3.BucketProps{})
		prod := constructs.NewStage(app, "Prod", constructs.StageProps{StageName: "production"})
		pw := constructs.NewStack(prod, "Web", constructs.StackProps{Env: constructs.Environment{Account: "222222222222", Region: "us-east-1"}})
		s3.NewBucket(pw, "Bucket", s3.BucketProps{})
		cfn.NewOutput(pw, "Where", cfn.OutputProps{Value: cfn.Join(":", []string{pw.Account(), pw.Region(), pw.StackName()})})
	}})
}
