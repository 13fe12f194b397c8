package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// signedCall sends one SigV4-signed request for service with the
// configuration's credentials and HTTP client, and returns the status and up
// to 64 KiB of the answer. forma makes two calls outside CloudFormation (an
// S3 PutObject and an SSM GetParameter); the SDK's clients for them would add
// some 25 s to the build of every forma program.
func signedCall(ctx context.Context, cfg aws.Config, service, method, url string, body []byte, header map[string]string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	hash := payloadHash(body)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	req.ContentLength = int64(len(body))
	if cfg.Credentials == nil {
		return 0, nil, fmt.Errorf("no AWS credentials to sign the %s request with", service)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return 0, nil, fmt.Errorf("retrieving AWS credentials: %w", err)
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hash, service, cfg.Region, time.Now().UTC()); err != nil {
		return 0, nil, err
	}
	var client interface {
		Do(*http.Request) (*http.Response, error)
	} = http.DefaultClient
	if cfg.HTTPClient != nil {
		client = cfg.HTTPClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, data, nil
}

// payloadHash is the hex SHA-256 of a request body, as SigV4 signs it.
func payloadHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
