package deploy

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/forma-iac/forma/internal/awscall"
)

// Uploader puts an object into an S3 bucket.
type Uploader interface {
	PutObject(ctx context.Context, bucket, key string, body []byte, contentType string) error
}

// S3Uploader uploads with a single SigV4-signed PUT (internal/awscall).
type S3Uploader struct {
	Config aws.Config
	// Endpoint, when set (an emulator), is used with path-style addressing:
	// ENDPOINT/BUCKET/KEY. Otherwise https://BUCKET.s3.REGION.amazonaws.com/KEY
	// (amazonaws.com.cn in the China regions).
	Endpoint string
}

// PutObject uploads body to s3://bucket/key.
func (u *S3Uploader) PutObject(ctx context.Context, bucket, key string, body []byte, contentType string) error {
	target := u.url(bucket, key)
	status, data, err := awscall.Do(awscall.WithName(ctx, "S3 PutObject"), u.Config, "s3", http.MethodPut, target, body, map[string]string{
		"Content-Type":         contentType,
		"X-Amz-Content-Sha256": awscall.PayloadHash(body),
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

// ObjectChecker tells whether an object exists; S3Uploader is one.
type ObjectChecker interface {
	// HeadObject reports whether s3://bucket/key exists; a missing bucket
	// is ErrNoBucket.
	HeadObject(ctx context.Context, bucket, key string) (bool, error)
}

// ErrNoBucket is HeadObject's error for a bucket that does not exist.
var ErrNoBucket = errors.New("the bucket does not exist")

func (u *S3Uploader) url(bucket, key string) string {
	escapedKey := (&url.URL{Path: key}).EscapedPath()
	if u.Endpoint != "" {
		return strings.TrimRight(u.Endpoint, "/") + "/" + bucket + "/" + escapedKey
	}
	return "https://" + bucket + ".s3." + u.Config.Region + "." + awscall.DNSSuffix(u.Config.Region) + "/" + escapedKey
}

// HeadObject checks s3://bucket/key with one HEAD request; when the
// object is missing, a second HEAD on the bucket tells a missing bucket.
func (u *S3Uploader) HeadObject(ctx context.Context, bucket, key string) (bool, error) {
	status, _, err := awscall.Do(awscall.WithName(ctx, "S3 HeadObject"), u.Config, "s3", http.MethodHead, u.url(bucket, key), nil, map[string]string{"X-Amz-Content-Sha256": awscall.PayloadHash(nil)})
	if err != nil {
		return false, err
	}
	switch {
	case status/100 == 2:
		return true, nil
	case status == http.StatusNotFound:
		bs, _, err := awscall.Do(awscall.WithName(ctx, "S3 HeadBucket"), u.Config, "s3", http.MethodHead, strings.TrimSuffix(u.url(bucket, ""), "/"), nil, map[string]string{"X-Amz-Content-Sha256": awscall.PayloadHash(nil)})
		if err != nil {
			return false, err
		}
		if bs == http.StatusNotFound {
			return false, ErrNoBucket
		}
		return false, nil
	case status == http.StatusForbidden:
		return false, fmt.Errorf("S3 HeadObject s3://%s/%s: access denied (HTTP 403)", bucket, key)
	}
	return false, fmt.Errorf("S3 HeadObject s3://%s/%s: HTTP %d", bucket, key, status)
}
