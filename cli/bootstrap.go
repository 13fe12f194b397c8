package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/smithy-go"
	"github.com/spf13/cobra"

	"github.com/forma-iac/forma/internal/assembly"
	"github.com/forma-iac/forma/internal/bootstrap"
	"github.com/forma-iac/forma/internal/deploy"
)

func init() { register(newBootstrapCommand) }

// bootstrapFlags are the bootstrap command's choices, spelled as the AWS
// CDK's `cdk bootstrap` spells them.
type bootstrapFlags struct {
	tags             []string
	showTemplate     bool
	force            bool
	terminationGuard bool
	progress         string
	qualifier        string
	trust            []string
	trustForLookup   []string
	untrust          []string
	execPolicies     []string
	bucketName       string
	kmsKeyID         string
	customerKey      bool
	publicAccess     string
}

func newBootstrapCommand(env *Env) *cobra.Command {
	var fl bootstrapFlags
	cmd := &cobra.Command{
		Use:   "bootstrap [aws://ACCOUNT/REGION]",
		Short: "Deploy the toolkit stack that deployments need",
		Long: fmt.Sprintf(`bootstrap deploys the toolkit stack %s (version %d) into an account and
region with the resources of the AWS CDK's modern bootstrap template
(qualifier %s), so either tool can use an account the other bootstrapped:
the asset bucket cdk-QUALIFIER-assets-ACCOUNT-REGION (KMS-encrypted,
versioned, public access blocked, TLS only, with lifecycle rules), the ECR
repository cdk-QUALIFIER-container-assets-ACCOUNT-REGION, the roles
cdk-QUALIFIER-{deploy,file-publishing,image-publishing,lookup,cfn-exec}-role-ACCOUNT-REGION
and the SSM parameter /cdk-bootstrap/QUALIFIER/version holding the version.
Templates over 51,200 bytes are deployed through the bucket.

As cdk bootstrap does, it keeps the parameters of an existing toolkit
stack that no flag sets, encrypts a new bucket with the AWS-managed S3 key
unless --bootstrap-customer-key or --bootstrap-kms-key-id says otherwise,
and without --force refuses to downgrade the stack or to overwrite a stack
of another bootstrap variant.`, bootstrap.StackName, bootstrap.Version, bootstrap.Qualifier),
		Example: `  bootstrap
  bootstrap aws://123456789012/eu-west-1
  bootstrap --trust 111111111111 --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess
  bootstrap --show-template`,
		Args: cobra.MaximumNArgs(1),
		// bootstrap needs no app: it must not synthesize one.
		RunE: func(cmd *cobra.Command, args []string) error {
			body, err := bootstrap.Template()
			if err != nil {
				return err
			}
			if fl.showTemplate {
				_, err := env.Stdout.Write(append(body, '\n'))
				return err
			}
			if fl.customerKey && fl.kmsKeyID != "" {
				return fmt.Errorf("--bootstrap-kms-key-id and --bootstrap-customer-key contradict each other: pass one of them")
			}
			if len(args) == 1 {
				_, region, err := assembly.ParseEnvironment(args[0])
				if err != nil {
					return err
				}
				if region != "" && env.Global.Region == "" {
					env.Global.Region = region
				}
			}
			tagMap, err := deploy.ParseKeyValues("tags", fl.tags)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			d, err := env.newDeployer(ctx, fl.progress)
			if err != nil {
				return err
			}
			cur, err := currentToolkit(ctx, d.CFN)
			if err != nil {
				return err
			}
			if cur != nil && !fl.force {
				if cur.variant != bootstrap.Variant {
					fmt.Fprintf(env.Stdout, "%s already exists, containing '%s'. Not overwriting it with a template containing '%s' (use --force if you intend to overwrite)\n", bootstrap.StackName, cur.variant, bootstrap.Variant)
					return nil
				}
				if cur.version > bootstrap.Version {
					fmt.Fprintf(env.Stdout, "%s is already at version %d. Not downgrading it to version %d (use --force if you intend to downgrade)\n", bootstrap.StackName, cur.version, bootstrap.Version)
					return nil
				}
			}
			params, notes, err := bootstrapParameters(fl, cur)
			if err != nil {
				return err
			}
			for _, n := range notes {
				fmt.Fprintln(env.Stdout, n)
			}
			st := &deploy.Stack{
				ID: bootstrap.StackName, Name: bootstrap.StackName, DisplayName: bootstrap.StackName,
				Template: body, TemplateFile: "(bootstrap template)", TerminationProtection: fl.terminationGuard,
				LogicalIDPaths: map[string]string{}, Parameters: params,
			}
			fmt.Fprintf(env.Stdout, "Bootstrapping %s (version %d) in %s\n", bootstrap.StackName, bootstrap.Version, d.Region)
			results, err := d.Deploy(ctx, []*deploy.Stack{st}, deploy.Options{Tags: tagMap, Force: fl.force, RoleARN: env.Global.RoleARN})
			deploy.PrintOutputs(env.Stdout, results)
			return err
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&fl.tags, "tags", nil, "a tag of the toolkit stack, Key=Value (repeatable)")
	f.BoolVar(&fl.showTemplate, "show-template", false, "print the toolkit stack's template and deploy nothing")
	f.BoolVarP(&fl.force, "force", "f", false, "deploy even when the toolkit stack is up to date, newer, or of another variant")
	f.BoolVar(&fl.terminationGuard, "termination-protection", false, "protect the toolkit stack from deletion")
	f.StringVar(&fl.progress, "progress", "", "bar (a live table; the default on a terminal) or events (one line per stack event)")
	f.StringVar(&fl.qualifier, "qualifier", "", "the qualifier in the resource names (default "+bootstrap.Qualifier+"); the apps deployed need the same one")
	f.StringSliceVar(&fl.trust, "trust", nil, "an account trusted to publish assets, look up values and deploy into this environment (repeatable), e.g. a pipeline's account")
	f.StringSliceVar(&fl.trustForLookup, "trust-for-lookup", nil, "an account trusted only to look up values in this environment (repeatable)")
	f.StringSliceVar(&fl.untrust, "untrust", nil, "an account no longer trusted, removed from the trusted accounts of the existing toolkit stack (repeatable)")
	f.StringSliceVar(&fl.execPolicies, "cloudformation-execution-policies", nil, "a managed policy ARN for the CloudFormation execution role (repeatable); needed with --trust")
	f.StringVarP(&fl.bucketName, "bootstrap-bucket-name", "b", "", "the asset bucket's name instead of cdk-QUALIFIER-assets-ACCOUNT-REGION")
	f.StringVar(&fl.kmsKeyID, "bootstrap-kms-key-id", "", "the KMS key encrypting the asset bucket, or "+bootstrap.AWSManagedKey)
	f.BoolVar(&fl.customerKey, "bootstrap-customer-key", false, "create a customer-managed KMS key for the asset bucket")
	f.StringVar(&fl.publicAccess, "public-access-block-configuration", "", "true or false: block public access to the asset bucket (default true)")
	return cmd
}

// toolkitState is what bootstrap needs of an existing toolkit stack.
type toolkitState struct {
	params  map[string]string
	variant string
	version int
}

// currentToolkit reads the existing toolkit stack; nil when there is none.
func currentToolkit(ctx context.Context, c *cloudformation.Client) (*toolkitState, error) {
	out, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(bootstrap.StackName)})
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist") {
			return nil, nil
		}
		return nil, fmt.Errorf("reading the toolkit stack %s: %w", bootstrap.StackName, err)
	}
	if len(out.Stacks) == 0 || out.Stacks[0].StackStatus == "REVIEW_IN_PROGRESS" {
		return nil, nil
	}
	s := out.Stacks[0]
	cur := &toolkitState{params: map[string]string{}, variant: bootstrap.Variant}
	for _, p := range s.Parameters {
		cur.params[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	if v, ok := cur.params[bootstrap.ParamBootstrapVariant]; ok {
		cur.variant = v
	}
	for _, o := range s.Outputs {
		if aws.ToString(o.OutputKey) == bootstrap.OutputBootstrapVersion {
			cur.version, _ = strconv.Atoi(aws.ToString(o.OutputValue))
		}
	}
	return cur, nil
}

// bootstrapParameters turns the flags into template parameters, as cdk
// bootstrap does: a parameter no flag sets keeps the existing stack's value
// (the deployer passes UsePreviousValue) or the template's default. It
// returns notes for the user.
func bootstrapParameters(fl bootstrapFlags, cur *toolkitState) (map[string]string, []string, error) {
	params := map[string]string{}
	var notes []string
	prev := func(k string) []string {
		if cur == nil || cur.params[k] == "" {
			return nil
		}
		return strings.Split(cur.params[k], ",")
	}
	for flag, accounts := range map[string][]string{"--trust": fl.trust, "--trust-for-lookup": fl.trustForLookup, "--untrust": fl.untrust} {
		for _, a := range accounts {
			if !accountRe.MatchString(a) {
				return nil, nil, fmt.Errorf("%s %q: want an AWS account ID, 12 digits", flag, a)
			}
		}
	}
	for _, p := range fl.execPolicies {
		if !strings.HasPrefix(p, "arn:") {
			return nil, nil, fmt.Errorf("--cloudformation-execution-policies %q: want the ARN of a managed policy, e.g. arn:aws:iam::aws:policy/AdministratorAccess", p)
		}
	}
	// As cdk bootstrap does: a list no flag sets keeps the existing
	// stack's; --untrust removes accounts from both; the three are always
	// passed, so that removing an account takes effect.
	untrusted := func(list []string) []string {
		out := []string{}
		for _, a := range list {
			if !slices.Contains(fl.untrust, a) && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
		return out
	}
	trust := fl.trust
	if trust == nil {
		trust = prev(bootstrap.ParamTrustedAccounts)
	}
	trust = untrusted(trust)
	lookup := fl.trustForLookup
	if lookup == nil {
		lookup = prev(bootstrap.ParamTrustedAccountsForLookup)
	}
	lookup = untrusted(lookup)
	policies := fl.execPolicies
	if policies == nil {
		policies = prev(bootstrap.ParamCloudFormationExecutionPolicies)
	}
	params[bootstrap.ParamTrustedAccounts] = strings.Join(trust, ",")
	params[bootstrap.ParamTrustedAccountsForLookup] = strings.Join(lookup, ",")
	params[bootstrap.ParamCloudFormationExecutionPolicies] = strings.Join(policies, ",")
	notes = append(notes, "Trusted accounts for deployment: "+listOrNone(trust), "Trusted accounts for lookup: "+listOrNone(lookup))
	switch {
	case len(trust) == 0 && len(policies) == 0:
		notes = append(notes, "Using the default execution policy AdministratorAccess; pass --cloudformation-execution-policies to choose another.")
	case len(policies) == 0:
		return nil, nil, fmt.Errorf("--trust needs --cloudformation-execution-policies: the trusted accounts deploy with the policies given, e.g. arn:aws:iam::aws:policy/AdministratorAccess")
	default:
		notes = append(notes, "Execution policies: "+strings.Join(policies, ", "))
	}
	switch {
	case fl.kmsKeyID != "":
		params[bootstrap.ParamFileAssetsBucketKmsKeyID] = fl.kmsKeyID
	case fl.customerKey:
		params[bootstrap.ParamFileAssetsBucketKmsKeyID] = ""
	case cur == nil:
		// A new toolkit stack encrypts with the AWS-managed key, as a
		// new CDK bootstrap does; an existing one keeps its choice.
		params[bootstrap.ParamFileAssetsBucketKmsKeyID] = bootstrap.AWSManagedKey
	}
	if fl.qualifier != "" {
		params[bootstrap.ParamQualifier] = fl.qualifier
	}
	if fl.bucketName != "" {
		params[bootstrap.ParamFileAssetsBucketName] = fl.bucketName
	}
	if fl.publicAccess != "" {
		if fl.publicAccess != "true" && fl.publicAccess != "false" {
			return nil, nil, fmt.Errorf("--public-access-block-configuration=%q: want true or false", fl.publicAccess)
		}
		params[bootstrap.ParamPublicAccessBlockConfiguration] = fl.publicAccess
	}
	return params, notes, nil
}

var accountRe = regexp.MustCompile(`^[0-9]{12}$`)

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "(none)"
	}
	return strings.Join(l, ", ")
}
