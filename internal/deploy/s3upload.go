package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Uploader puts an object into an S3 bucket.
type Uploader interface {
	PutObject(ctx context.Context, bucket, key string, body []byte, contentType string) error
}

// S3Uploader uploads with a single SigV4-signed PUT. forma needs one S3
// call — putting a large template into the bootstrap bucket — and the SDK's
// S3 client would add some 14 s to the build of every forma program, so this
// small client does it with the SDK's own signer, credentials and HTTP
// client.
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
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Amz-Content-Sha256", hash)
	req.ContentLength = int64(len(body))
	if u.Config.Credentials == nil {
		return fmt.Errorf("no AWS credentials to sign the S3 upload with")
	}
	creds, err := u.Config.Credentials.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("retrieving AWS credentials: %w", err)
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hash, "s3", region, time.Now().UTC()); err != nil {
		return err
	}
	var client interface {
		Do(*http.Request) (*http.Response, error)
	} = http.DefaultClient
	if u.Config.HTTPClient != nil {
		client = u.Config.HTTPClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	var e struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	if xml.Unmarshal(data, &e) == nil && e.Code != "" {
		return fmt.Errorf("S3 PutObject: %s: %s (HTTP %d)", e.Code, e.Message, resp.StatusCode)
	}
	return fmt.Errorf("S3 PutObject: HTTP %d", resp.StatusCode)
}
