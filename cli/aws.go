package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/forma-iac/forma/internal/deploy"
	"github.com/forma-iac/forma/internal/imagepublish"
)

// configHook, when set (by tests), adjusts every loaded configuration, for
// instance to add middleware that records API calls.
var configHook func(*aws.Config)

// awsConfig loads the AWS configuration through the SDK's default chain:
// environment, shared config and credentials files (--profile, SSO, web
// identity, credential processes), then instance and container roles.
// --region overrides the region. Loaded with default options, the SDK
// honours AWS_ENDPOINT_URL and the per-service AWS_ENDPOINT_URL_<SERVICE>
// (AWS_ENDPOINT_URL_CLOUDFORMATION, AWS_ENDPOINT_URL_S3), endpoint_url in a
// profile, and AWS_MAX_ATTEMPTS.
func (env *Env) awsConfig(ctx context.Context) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if env.Global.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(env.Global.Profile))
	}
	if env.Global.Region != "" {
		opts = append(opts, config.WithRegion(env.Global.Region))
	}
	if !env.Global.Verbose {
		// The SDK's own warnings (IMDS fallbacks, checksums) are noise
		// around forma's messages; -v keeps them.
		opts = append(opts, config.WithLogger(logging.Nop{}))
	}
	limits, err := env.callLimits()
	if err != nil {
		return aws.Config{}, err
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading the AWS configuration: %v", err)
	}
	cfg.HTTPClient = deploy.WithCallLimits(deploy.HTTPClient(cfg.HTTPClient), limits)
	if env.Global.Verbose {
		// -v names every AWS API call on stderr, as the AWS CDK CLI's -v does.
		stderr := env.Stderr
		cfg.APIOptions = append(cfg.APIOptions, func(s *middleware.Stack) error {
			return s.Initialize.Add(middleware.InitializeMiddlewareFunc("forma-log-calls", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				fmt.Fprintf(stderr, "aws: %s.%s\n", middleware.GetServiceID(ctx), middleware.GetOperationName(ctx))
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
		})
	}
	if configHook != nil {
		configHook(&cfg)
	}
	if cfg.Region == "" {
		return aws.Config{}, fmt.Errorf("no AWS region: pass --region, set AWS_REGION, or set region in the profile")
	}
	if err := checkCredentials(ctx, cfg, limits.Timeout); err != nil {
		return aws.Config{}, err
	}
	return cfg, nil
}

// callTimeoutEnv sets the limit of one AWS request when --call-timeout
// does not.
const callTimeoutEnv = "FORMA_CALL_TIMEOUT"

// callLimits are --call-timeout (else $FORMA_CALL_TIMEOUT, else
// deploy.DefaultCallTimeout), with the requests that wait long said on
// stderr.
func (env *Env) callLimits() (deploy.CallLimits, error) {
	limits := deploy.CallLimits{Timeout: env.Global.CallTimeout}
	if limits.Timeout == 0 {
		if v := os.Getenv(callTimeoutEnv); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return limits, fmt.Errorf("%s=%q: want a positive duration such as 30s or 2m", callTimeoutEnv, v)
			}
			limits.Timeout = d
		}
	}
	if limits.Timeout < 0 {
		return limits, fmt.Errorf("--call-timeout %s: want a positive duration such as 30s or 2m", limits.Timeout)
	}
	if limits.Timeout == 0 {
		limits.Timeout = deploy.DefaultCallTimeout
	}
	var mu sync.Mutex
	stderr := env.Stderr
	limits.Waiting = func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(stderr, "%s\n", msg)
	}
	return limits, nil
}

// checkCredentials retrieves the credentials once, before any call, so
// that their absence is one line saying how to provide them rather than
// the SDK's account of every source it tried; the SDK caches them for the
// calls that follow.
func checkCredentials(ctx context.Context, cfg aws.Config, timeout time.Duration) error {
	if cfg.Credentials == nil {
		return errNoCredentials
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err := cfg.Credentials.Retrieve(ctx)
	switch {
	case err == nil:
		return nil
	case strings.Contains(err.Error(), "EC2 IMDS"):
		// Every source came up empty, down to the instance role.
		return errNoCredentials
	case ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("reading the AWS credentials took more than %s: %v", timeout, err)
	}
	return fmt.Errorf("reading the AWS credentials: %v", err)
}

var errNoCredentials = errors.New("no AWS credentials: pass --profile NAME or set AWS_PROFILE (a profile of ~/.aws/config; for SSO, run 'aws sso login --profile NAME' first), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)")

// newDeployer returns a deployer for the configured account and region.
func (env *Env) newDeployer(ctx context.Context, progress string) (*deploy.Deployer, error) {
	cfg, err := env.awsConfig(ctx)
	if err != nil {
		return nil, err
	}
	s3Endpoint := os.Getenv("AWS_ENDPOINT_URL_S3")
	if s3Endpoint == "" && cfg.BaseEndpoint != nil {
		s3Endpoint = *cfg.BaseEndpoint
	}
	clients := func(cfg aws.Config) deploy.Clients {
		return deploy.Clients{
			CFN: cloudformation.NewFromConfig(cfg),
			// Emulators serve buckets by path, not by host name.
			S3: &deploy.S3Uploader{Config: cfg, Endpoint: s3Endpoint},
			// The bootstrap version parameter a CDK assembly names.
			SSM: &deploy.SSMReader{Config: cfg, Endpoint: os.Getenv("AWS_ENDPOINT_URL_SSM")},
			// The ECR registry images are pushed to.
			Registry: registryAuth(cfg),
		}
	}
	throttles := deploy.CountThrottles(&cfg)
	base := clients(cfg)
	d := &deploy.Deployer{
		Throttles: throttles,
		CFN:       base.CFN, S3: base.S3, SSM: base.SSM, Registry: base.Registry,
		// The deploy role a CDK assembly names for each stack, assumed
		// with STS (AWS_ENDPOINT_URL_STS for an emulator).
		Roles:  &deploy.STSRoles{Config: cfg, Clients: clients},
		Region: cfg.Region,
		Out:    env.Stdout,
	}
	if s3Endpoint != "" {
		base := strings.TrimRight(s3Endpoint, "/")
		// moto resolves TemplateURLs by host name: localhost, not the
		// loopback address.
		base = strings.Replace(base, "://127.0.0.1:", "://localhost:", 1)
		d.TemplateURL = func(bucket, key string) string { return base + "/" + bucket + "/" + key }
	}
	// FORMA_POLL_INTERVAL (a Go duration) changes how often stacks are
	// polled: emulators answer at once.
	if v := os.Getenv("FORMA_POLL_INTERVAL"); v != "" {
		p, err := time.ParseDuration(v)
		if err != nil {
			return nil, fmt.Errorf("FORMA_POLL_INTERVAL=%q: %v", v, err)
		}
		d.Poll = p
	}
	mode := progress
	if mode == "" {
		mode = deploy.ProgressEvents
		if isTerminal(env.Stdout) && !env.Global.CI {
			mode = deploy.ProgressBar
		}
	}
	if mode != deploy.ProgressEvents && mode != deploy.ProgressBar {
		return nil, fmt.Errorf("--progress %q: want bar or events", progress)
	}
	d.Renderer = deploy.NewRenderer(mode, env.Stdout, time.Now, time.Local)
	return d, nil
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// apiMessageContains reports whether err is an AWS API error whose message
// contains s.
func apiMessageContains(err error, s string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && strings.Contains(ae.ErrorMessage(), s)
}

// registryAuth authorizes image pushes with cfg's credentials (ECR
// GetAuthorizationToken in the destination's region, at
// AWS_ENDPOINT_URL_ECR for an emulator). For tests only,
// FORMA_TEST_REGISTRY=HOST:PORT (a registry on the loopback address)
// replaces ECR: images go to that registry, anonymously, without a token.
func registryAuth(cfg aws.Config) deploy.RegistryAuth {
	return func(ctx context.Context, region string) (authn.Authenticator, string, error) {
		if host := os.Getenv("FORMA_TEST_REGISTRY"); host != "" {
			return authn.Anonymous, host, nil
		}
		c := cfg.Copy()
		c.Region = region
		return imagepublish.ECRAuth(ctx, c, os.Getenv("AWS_ENDPOINT_URL_ECR"))
	}
}
