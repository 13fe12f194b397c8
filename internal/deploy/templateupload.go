package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// templateLocation returns the template as a body, or uploads it to the
// bootstrap bucket and returns its URL when it is over MaxBodyBytes.
func (d *Deployer) templateLocation(ctx context.Context, st *Stack) (body, url *string, err error) {
	if len(st.Template) <= MaxBodyBytes {
		return aws.String(string(st.Template)), nil, nil
	}
	why := fmt.Sprintf("its template is %d bytes, over the %d bytes CloudFormation takes inline, so it is uploaded to the bootstrap bucket", len(st.Template), MaxBodyBytes)
	tk, err := d.toolkitInfo(ctx, why)
	if err != nil {
		return nil, nil, err
	}
	if d.S3 == nil {
		return nil, nil, fmt.Errorf("%s, and no S3 client is configured", why)
	}
	sum := sha256.Sum256(st.Template)
	key := "cdk/" + st.Name + "/" + hex.EncodeToString(sum[:]) + ".json"
	if err := d.S3.PutObject(ctx, tk.BucketName, key, st.Template, "application/json"); err != nil {
		return nil, nil, fmt.Errorf("uploading the template to s3://%s/%s: %w", tk.BucketName, key, err)
	}
	u := d.templateURL(tk.BucketName, key)
	return nil, &u, nil
}

func (d *Deployer) templateURL(bucket, key string) string {
	if d.TemplateURL != nil {
		return d.TemplateURL(bucket, key)
	}
	region := d.Region
	if region == "" {
		region = "us-east-1"
	}
	return "https://s3." + region + ".amazonaws.com/" + bucket + "/" + key
}
