package cli

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/sqs/sqscfn"
	"github.com/forma-iac/forma/constructs/ssm/ssmcfn"
)

// nestedMotoApp is a parent stack with a nested stack that reads the
// parent's queue and whose queue the parent reads; extra adds queues to
// the nested stack.
func nestedMotoApp(extra int) *constructs.App {
	app := constructs.NewApp()
	parent := constructs.NewStack(app, "NestedOnMoto", constructs.StackProps{})
	pq := sqscfn.NewCfnQueue(parent, "Queue", sqscfn.CfnQueueProps{})
	nested := constructs.NewNestedStack(parent, "Inner", constructs.NestedStackProps{})
	nq := sqscfn.NewCfnQueue(nested, "Queue", sqscfn.CfnQueueProps{})
	ssmcfn.NewCfnParameter(nested, "ParentQueue", ssmcfn.CfnParameterProps{Name: new("/nested/parent-queue"), Type: "String", Value: pq.AttrArn()})
	for i := range extra {
		sqscfn.NewCfnQueue(nested, "Extra"+string(rune('A'+i)), sqscfn.CfnQueueProps{})
	}
	cfn.NewOutput(parent, "InnerQueue", cfn.OutputProps{Value: nq.AttrArn()})
	return app
}

// Nested stacks against moto: deploy publishes the nested template as a
// file asset of the parent before deploying it, CloudFormation creates the
// nested stack from it, and diff shows a change made inside the nested
// stack, read from the deployed nested stack.
func TestNestedStacksAgainstMoto(t *testing.T) {
	url := motoURL(t)
	resp, err := http.Post(url+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", url, err)
	}
	resp.Body.Close()
	awsEnv(t, url, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("FORMA_POLL_INTERVAL", "50ms")
	bucket := "cdk-hnb659fds-assets-" + motoAccount + "-us-east-1"
	req, _ := http.NewRequest(http.MethodPut, url+"/"+bucket, nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("creating the bucket in moto: %v %v", resp, err)
	}
	resp.Body.Close()

	r := run(nestedMotoApp(0), "deploy", "--require-approval", "never", "--progress", "events")
	if r.code != 0 {
		t.Fatalf("deploy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "asset Inner Nested Stack Template [1/1] published (s3://"+bucket+"/") {
		t.Errorf("deploy did not publish the nested template:\n%s", r.stdout)
	}
	// The nested stack exists, created from the published template.
	client := cloudformation.New(cloudformation.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", "")})
	ctx := context.Background()
	res, err := client.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String("NestedOnMoto"), LogicalResourceId: aws.String("InnerNestedStackInnerNestedStackResource745E041B")})
	if err != nil {
		t.Fatalf("the nested stack's resource: %v", err)
	}
	inner, err := client.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{StackName: res.StackResourceDetail.PhysicalResourceId})
	if err != nil {
		t.Fatalf("the nested stack: %v", err)
	}
	var ids []string
	for _, r := range inner.StackResources {
		ids = append(ids, aws.ToString(r.LogicalResourceId))
	}
	if strings.Join(ids, ",") != "ParentQueue,Queue" && strings.Join(ids, ",") != "Queue,ParentQueue" {
		t.Errorf("the nested stack holds %v, want Queue and ParentQueue", ids)
	}
	r = run(nestedMotoApp(1), "diff")
	if r.code != 0 {
		t.Fatalf("diff: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"Stack NestedOnMoto/Inner\n", "[+] AWS::SQS::Queue ExtraA"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("diff lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "TemplateURL") {
		t.Errorf("diff shows the TemplateURL:\n%s", r.stdout)
	}
}
