package deploy

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Clients are the clients a stack's calls go through.
type Clients struct {
	CFN *cloudformation.Client
	S3  Uploader
	SSM ParameterReader
	// Registry authorizes image pushes to the ECR registry of a region
	// with these clients' credentials; nil makes images an error.
	Registry RegistryAuth
}

// RoleAssumer assumes the deploy role an AWS CDK assembly names for a stack
// (assumeRoleArn) and tells the account of the current credentials, for the
// roles of environment-agnostic stacks.
type RoleAssumer interface {
	// CallerAccount returns the account of the current credentials.
	CallerAccount(ctx context.Context) (string, error)
	// Assume returns clients whose calls use roleARN's credentials; the
	// role is assumed before Assume returns, so a refusal is its error.
	Assume(ctx context.Context, roleARN string) (Clients, error)
}

// STSRoles assumes roles through STS with the SDK's stscreds provider: the
// credentials are cached and renewed before they expire.
type STSRoles struct {
	// Config holds the current credentials, which assume the roles.
	Config aws.Config
	// Clients builds the clients of a configuration holding a role's
	// credentials.
	Clients func(aws.Config) Clients
}

// CallerAccount calls STS GetCallerIdentity.
func (r *STSRoles) CallerAccount(ctx context.Context) (string, error) {
	out, err := sts.NewFromConfig(r.Config).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Account), nil
}

// Assume assumes roleARN (STS AssumeRole) and returns clients using it.
func (r *STSRoles) Assume(ctx context.Context, roleARN string) (Clients, error) {
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(r.Config), roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = sessionName(os.Getenv("USER"))
	})
	creds := aws.NewCredentialsCache(provider)
	if _, err := creds.Retrieve(ctx); err != nil {
		return Clients{}, err
	}
	cfg := r.Config.Copy()
	cfg.Credentials = creds
	return r.Clients(cfg), nil
}

// sessionName is the role session name, forma-USER, reduced to the
// characters STS allows ([\w+=,.@-], at most 64).
func sessionName(user string) string {
	var b strings.Builder
	b.WriteString("forma")
	if user != "" {
		b.WriteString("-")
	}
	for _, c := range user {
		if c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_+=,.@-", c)) {
			b.WriteRune(c)
		}
	}
	s := b.String()
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// Partition returns the AWS partition of a region: aws-cn for cn-*,
// aws-us-gov for us-gov-*, otherwise aws.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

const accountPlaceholder = "${AWS::AccountId}"

// substituteRole replaces ${AWS::Partition}, ${AWS::AccountId} and
// ${AWS::Region} in a role ARN of the manifest.
func substituteRole(arn, account, region string) string {
	return strings.NewReplacer("${AWS::Partition}", Partition(region), accountPlaceholder, account, "${AWS::Region}", region).Replace(arn)
}

// roleState is the outcome of assuming one role, shared by the stacks that
// name it.
type roleState struct {
	clients  Clients
	fallback bool // refused: the current credentials are used
	err      error
}

// forStack returns the deployer for st's calls: with the clients of the
// stack's deploy role (assumeRoleArn) when it names one and Roles is set,
// and with the role CloudFormation assumes — roleOverride (--role-arn) or
// else the stack's cloudFormationExecutionRoleArn. A stack that names
// neither role (forma's assemblies) costs no API call.
func (d *Deployer) forStack(ctx context.Context, st *Stack, roleOverride string) (*Deployer, error) {
	clients := Clients{CFN: d.CFN, S3: d.S3, SSM: d.SSM}
	resolve := func(arn string) (string, error) { return d.resolveRole(ctx, st, arn) }
	if st.AssumeRoleARN != "" && d.Roles != nil {
		arn, err := resolve(st.AssumeRoleARN)
		if err != nil {
			return nil, err
		}
		rs := d.assume(ctx, arn)
		if rs.err != nil {
			return nil, fmt.Errorf("assuming the deploy role %s: %w; run 'bootstrap' (forma bootstrap, or cdk bootstrap) for this account and region if the role does not exist", arn, rs.err)
		}
		if !rs.fallback {
			clients = rs.clients
		}
	}
	role := roleOverride
	if role == "" && st.ExecutionRoleARN != "" {
		arn, err := resolve(st.ExecutionRoleARN)
		if err != nil {
			return nil, err
		}
		role = arn
	}
	d.renderer()
	d.state()
	sd := *d
	sd.CFN, sd.S3, sd.SSM, sd.role = clients.CFN, clients.S3, clients.SSM, role
	return &sd, nil
}

// resolveRole replaces the placeholders of a role ARN of st's manifest;
// the account of an environment-agnostic stack is the current
// credentials' (STS GetCallerIdentity, once).
func (d *Deployer) resolveRole(ctx context.Context, st *Stack, arn string) (string, error) {
	region := st.Region
	if region == "" {
		region = d.Region
	}
	account := st.Account
	if strings.Contains(arn, accountPlaceholder) && account == "" {
		a, err := d.callerAccount(ctx)
		if err != nil {
			return "", fmt.Errorf("the role %s names the account, and the stack is environment-agnostic: reading the current credentials' account (STS GetCallerIdentity): %w; set the stack's account (env) or check the credentials", arn, err)
		}
		account = a
	}
	return substituteRole(arn, account, region), nil
}

// ReadCFN returns the CloudFormation client that reads st's deployed
// state (diff's GetTemplate), chosen as the AWS CDK's CLI chooses it. A
// stack whose manifest names a lookup role is read with that role once its
// bootstrap version check passes; when the role cannot be assumed, with the
// current credentials; when the check fails, as deploy would (the deploy
// role, else the current credentials). Each fallback is said through the
// renderer. Other stacks (forma's assemblies) are read with the current
// credentials, without an API call.
func (d *Deployer) ReadCFN(ctx context.Context, st *Stack) (*cloudformation.Client, error) {
	lr := st.LookupRole
	if lr == nil || lr.ARN == "" || d.Roles == nil {
		return d.CFN, nil
	}
	arn, err := d.resolveRole(ctx, st, lr.ARN)
	if err != nil {
		return nil, err
	}
	clients, err := d.Roles.Assume(ctx, arn)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		d.renderer().Line("Lookup role %s was not assumed (%s). Proceeding with default credentials.", arn, apiMessage(err))
		return d.CFN, nil
	}
	if need, name := lr.RequiresBootstrapStackVersion, lr.BootstrapStackVersionSsmParameter; need > 0 && name != "" && clients.SSM != nil {
		problem := ""
		switch v, err := readVersion(ctx, clients.SSM, name); {
		case err != nil:
			problem = fmt.Sprintf("reading the bootstrap version from the SSM parameter %s with the lookup role %s: %v", name, arn, err)
		case v < need:
			problem = fmt.Sprintf("the lookup role needs bootstrap version %d or later, and the SSM parameter %s holds version %d (run 'bootstrap' again to upgrade it)", need, name, v)
		}
		if problem != "" {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			instead := "the current credentials"
			if st.AssumeRoleARN != "" {
				instead = "the deploy role"
			}
			d.renderer().Line("%s; reading the deployed template with %s instead", problem, instead)
			dd, err := d.forStack(ctx, st, "")
			if err != nil {
				return nil, err
			}
			return dd.CFN, nil
		}
	}
	return clients.CFN, nil
}

// callerAccount asks Roles for the current credentials' account, once.
func (d *Deployer) callerAccount(ctx context.Context) (string, error) {
	if d.Roles == nil {
		return "", fmt.Errorf("no STS client is configured")
	}
	s := d.state()
	s.rolesMu.Lock()
	defer s.rolesMu.Unlock()
	if !s.callerDone {
		s.callerAccount, s.callerErr = d.Roles.CallerAccount(ctx)
		s.callerDone = s.callerErr == nil
	}
	return s.callerAccount, s.callerErr
}

// assume assumes arn once per deployment; a refusal (AccessDenied) falls
// back to the current credentials with a warning, as the AWS CDK's CLI
// does.
func (d *Deployer) assume(ctx context.Context, arn string) *roleState {
	s := d.state()
	s.rolesMu.Lock()
	defer s.rolesMu.Unlock()
	if rs, ok := s.roles[arn]; ok {
		return rs
	}
	rs := &roleState{}
	rs.clients, rs.err = d.Roles.Assume(ctx, arn)
	if rs.err != nil && isAssumeDenied(rs.err) {
		d.renderer().Line("Could not assume role %s (%s); proceeding with current credentials", arn, apiMessage(rs.err))
		rs.fallback, rs.err = true, nil
	}
	if rs.err != nil && ctx.Err() != nil {
		return rs // not cached: a later deployment may try again
	}
	if s.roles == nil {
		s.roles = map[string]*roleState{}
	}
	s.roles[arn] = rs
	return rs
}

func isAssumeDenied(err error) bool {
	switch apiCode(err) {
	case "AccessDenied", "AccessDeniedException":
		return true
	}
	return false
}
