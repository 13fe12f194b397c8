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
		// The double never answers 5xx, so retries hide none of its
		// behaviour; they absorb a rare client-side "use of closed network
		// connection" while reading large DescribeStackEvents responses.
		RetryMaxAttempts: 3,
		BaseEndpoint:     aws.String(endpoint),
		HTTPClient:       &http.Client{},
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
	resources := map[string]any{}
	for i := 0; ; i++ {
		resources[fmt.Sprintf("Topic%04d", i)] = res("AWS::SNS::Topic", map[string]any{"DisplayName": fmt.Sprintf("topic number %04d of a large template", i)})
		if i%50 == 0 && len(tmpl(t, map[string]any{"Resources": resources})) > n {
			return tmpl(t, map[string]any{"Resources": resources})
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
