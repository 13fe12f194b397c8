// Command handler is the serverless example's Lambda function: behind its
// function URL, GET /PATH answers with the object PATH of the bucket named
// by $BUCKET_NAME (index.html for /), with its content type; a missing
// object is 404, any method but GET and HEAD 405.
package main

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// objects is the part of the S3 client the handler uses.
type objects interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// handler serves the objects of one bucket.
type handler struct {
	bucket string
	s3     objects
}

// maxBody is the largest object served: a function URL's buffered
// response is at most 6 MB, base64 makes it a third larger.
const maxBody = 4 << 20

func (h handler) serve(ctx context.Context, req events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	method := req.RequestContext.HTTP.Method
	if method != http.MethodGet && method != http.MethodHead {
		return text(http.StatusMethodNotAllowed, "only GET and HEAD"), nil
	}
	key := strings.TrimPrefix(req.RawPath, "/")
	if key == "" || strings.HasSuffix(key, "/") {
		key += "index.html"
	}
	out, err := h.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(h.bucket), Key: aws.String(key)})
	var missing *types.NoSuchKey
	if errors.As(err, &missing) {
		return text(http.StatusNotFound, "no "+key), nil
	}
	if err != nil {
		return events.LambdaFunctionURLResponse{}, err
	}
	defer out.Body.Close()
	body, err := io.ReadAll(io.LimitReader(out.Body, maxBody+1))
	if err != nil {
		return events.LambdaFunctionURLResponse{}, err
	}
	if len(body) > maxBody {
		return text(http.StatusRequestEntityTooLarge, key+" is larger than 4 MiB"), nil
	}
	ctype := aws.ToString(out.ContentType)
	if ctype == "" {
		ctype = http.DetectContentType(body)
	}
	resp := events.LambdaFunctionURLResponse{StatusCode: http.StatusOK, Headers: map[string]string{"Content-Type": ctype}}
	switch {
	case method == http.MethodHead:
	case utf8.Valid(body):
		resp.Body = string(body)
	default:
		resp.Body, resp.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
	}
	return resp, nil
}

func text(status int, msg string) events.LambdaFunctionURLResponse {
	return events.LambdaFunctionURLResponse{StatusCode: status, Headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"}, Body: msg + "\n"}
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	lambda.Start(handler{bucket: os.Getenv("BUCKET_NAME"), s3: s3.NewFromConfig(cfg)}.serve)
}
