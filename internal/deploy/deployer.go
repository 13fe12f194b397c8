package deploy

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
)

// Deployer deploys and destroys stacks in one account and region.
type Deployer struct {
	CFN *cloudformation.Client
	// S3 uploads templates over MaxBodyBytes to the bootstrap bucket; nil
	// makes such templates an error.
	S3 Uploader
	// TemplateURL is the URL CloudFormation reads an uploaded template
	// from; by default https://s3.REGION.amazonaws.com/BUCKET/KEY.
	TemplateURL func(bucket, key string) string
	Region      string
	// Out receives progress, results and outputs.
	Out      io.Writer
	Renderer Renderer
	// Now is the clock (time.Now by default). Poll is the longest wait
	// between two polls (DefaultPoll when 0): polling starts after
	// FirstPoll and backs off towards it (see poller).
	Now  func() time.Time
	Poll time.Duration
	// Throttles counts the requests refused with a throttling error
	// (CountThrottles), for the summary after several stacks; nil when not
	// counted.
	Throttles *atomic.Int64

	// SSM reads the bootstrap version parameter a stack's manifest names;
	// nil reads the bootstrap stack's BootstrapVersion output instead.
	SSM ParameterReader

	// Roles assumes the deploy role a stack's manifest names
	// (assumeRoleArn, in AWS CDK assemblies) for that stack's calls; nil
	// makes them with the current credentials.
	Roles RoleAssumer

	// Registry authorizes image pushes with the current credentials; nil
	// makes images without an image publishing role an error.
	Registry RegistryAuth

	// The fields below are set by forStack; a per-stack deployer is a
	// copy of the deployer with them set, so it keeps every field above.

	// shared is created on first use (state) and shared by the copies.
	shared *sharedState
	// role is the role CloudFormation assumes for the stack of a
	// per-stack deployer.
	role string
}

// lazyMu guards the lazy initialization of every deployer's shared state
// and renderer; a Deployer holds no lock itself, so forStack copies it
// whole.
var lazyMu sync.Mutex

// sharedState is what a deployer and its per-stack deployers share: the
// bootstrap stack, the bootstrap version parameters and the assumed roles,
// each read once.
type sharedState struct {
	toolkitMu   sync.Mutex
	toolkitDone bool
	toolkit     *Toolkit
	toolkitErr  error
	ssmVersions map[string]int

	rolesMu       sync.Mutex
	roles         map[string]*roleState
	callerDone    bool
	callerAccount string
	callerErr     error
}

func (d *Deployer) state() *sharedState {
	lazyMu.Lock()
	defer lazyMu.Unlock()
	if d.shared == nil {
		d.shared = &sharedState{}
	}
	return d.shared
}

func (d *Deployer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deployer) renderer() Renderer {
	lazyMu.Lock()
	defer lazyMu.Unlock()
	if d.Renderer == nil {
		d.Renderer = NewRenderer(ProgressEvents, d.Out, d.now, nil)
	}
	return d.Renderer
}

// describe returns the stack named name, or nil when there is none.
func (d *Deployer) describe(ctx context.Context, name string) (*types.Stack, error) {
	out, err := d.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist") {
			return nil, nil
		}
		return nil, err
	}
	if len(out.Stacks) == 0 {
		return nil, nil
	}
	return &out.Stacks[0], nil
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return err.Error()
}

func (d *Deployer) regionName() string {
	if d.Region == "" {
		return "this region"
	}
	return d.Region
}
