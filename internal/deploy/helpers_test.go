package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"crypto/sha256"
	"encoding/hex"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/forma-iac/forma/internal/cfnfake"
)

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func awsConfig(endpoint string) aws.Config {
	return aws.Config{
		Region:      cfnfake.Region,
		Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		// Every request steps the double's clock, so a retry would change
		// what a test sees: none are made.
		RetryMaxAttempts: 1,
		BaseEndpoint:     aws.String(endpoint),
		HTTPClient:       HTTPClient(&http.Client{}),
	}
}

// newFake starts a CloudFormation double and a deployer talking to it
// through the real SDK clients; output goes to the returned buffer.
func newFake(t *testing.T) (*cfnfake.Fake, *Deployer, *syncBuffer) {
	t.Helper()
	f := cfnfake.New()
	t.Cleanup(f.Close)
	cfg := awsConfig(f.URL)
	out := &syncBuffer{}
	d := &Deployer{
		CFN:         cloudformation.NewFromConfig(cfg),
		S3:          &S3Uploader{Config: cfg, Endpoint: f.URL},
		TemplateURL: func(bucket, key string) string { return f.URL + "/" + bucket + "/" + key },
		Region:      cfnfake.Region,
		Out:         out,
		Now:         func() time.Time { return cfnfake.Epoch },
		Poll:        time.Millisecond,
	}
	d.Renderer = NewRenderer(ProgressEvents, out, d.Now, time.UTC)
	return f, d, out
}

// tmpl builds a template from resources given as id → type, properties.
func tmpl(t *testing.T, doc map[string]any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func res(typ string, props map[string]any) map[string]any {
	r := map[string]any{"Type": typ}
	if props != nil {
		r["Properties"] = props
	}
	return r
}

func stackOf(name string, body []byte, deps ...string) *Stack {
	return &Stack{ID: name, Name: name, DisplayName: name, Template: body, TemplateFile: name + ".template.json", Dependencies: deps,
		LogicalIDPaths: map[string]string{}}
}

// bigTemplate is a template of more than n bytes.
func bigTemplate(t *testing.T, n int) []byte {
	t.Helper()
	resources := map[string]any{}
	add := func(count int) {
		for i := len(resources); i < count; i++ {
			resources[fmt.Sprintf("Topic%04d", i)] = res("AWS::SNS::Topic", map[string]any{"DisplayName": fmt.Sprintf("topic number %04d of a large template", i)})
		}
	}
	// Every topic takes the same number of bytes: measure one, then grow
	// the guess until the template is over n.
	add(1)
	one := len(tmpl(t, map[string]any{"Resources": resources}))
	add(101)
	per := (len(tmpl(t, map[string]any{"Resources": resources})) - one) / 100
	for count := (n-one)/per + 2; ; count += 10 {
		add(count)
		if b := tmpl(t, map[string]any{"Resources": resources}); len(b) > n {
			return b
		}
	}
}

type cfnEvent = types.StackEvent

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// clone is d without its cached bootstrap stack information.
func clone(d *Deployer) *Deployer {
	return &Deployer{CFN: d.CFN, S3: d.S3, TemplateURL: d.TemplateURL, Region: d.Region, Out: d.Out, Renderer: d.Renderer, Now: d.Now, Poll: d.Poll}
}
