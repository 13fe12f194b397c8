package deploy

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Uploader puts an object into an S3 bucket.
type Uploader interface {
	PutObject(ctx context.Context, bucket, key string, body []byte, contentType string) error
}

// S3Uploader uploads with a single SigV4-signed PUT (see signedCall).
type S3Uploader struct {
	Config aws.Config
	// Endpoint, when set (an emulator), is used with path-style addressing:
	// ENDPOINT/BUCKET/KEY. Otherwise https://BUCKET.s3.REGION.amazonaws.com/KEY.
	Endpoint string
}

// PutObject uploads body to s3://bucket/key.
func (u *S3Uploader) PutObject(ctx context.Context, bucket, key string, body []byte, contentType string) error {
	region := u.Config.Region
	var target string
	escapedKey := (&url.URL{Path: key}).EscapedPath()
	if u.Endpoint != "" {
		target = strings.TrimRight(u.Endpoint, "/") + "/" + bucket + "/" + escapedKey
	} else {
		target = "https://" + bucket + ".s3." + region + ".amazonaws.com/" + escapedKey
	}
	status, data, err := signedCall(withCallName(ctx, "S3 PutObject"), u.Config, "s3", http.MethodPut, target, body, map[string]string{
		"Content-Type":         contentType,
		"X-Amz-Content-Sha256": payloadHash(body),
	})
	if err != nil {
		return err
	}
	if status/100 == 2 {
		return nil
	}
	var e struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	if xml.Unmarshal(data, &e) == nil && e.Code != "" {
		return fmt.Errorf("S3 PutObject: %s: %s (HTTP %d)", e.Code, e.Message, status)
	}
	return fmt.Errorf("S3 PutObject: HTTP %d", status)
}
