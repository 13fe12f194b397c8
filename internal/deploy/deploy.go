package deploy

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Options are the deploy command's choices.
type Options struct {
	// Parameters are --parameters by stack name, "*" for every stack.
	Parameters map[string]map[string]string
	// Tags are --tags; they override the manifest's tags of the same key.
	Tags map[string]string
	// Method is "change-set" (default) or "direct".
	Method string
	// NoExecute creates change sets without executing them.
	NoExecute bool
	// Force deploys stacks whose template, parameters and tags are
	// unchanged.
	Force bool
	// NoRollback disables rollback of failed operations.
	NoRollback bool
	// Concurrency is the number of stacks deployed at once (1 by default).
	Concurrency int
	// RoleARN is the role CloudFormation assumes (--role-arn); it wins
	// over the stack's cloudFormationExecutionRoleArn.
	RoleARN string
	// Approve is asked before a change set is executed; returning false
	// cancels the stack's deployment. nil approves everything.
	Approve func(ctx context.Context, st *Stack, cs *cloudformation.DescribeChangeSetOutput) (bool, error)
}

// Result is the outcome of one stack's deployment.
type Result struct {
	Stack   *Stack
	StackID string
	Status  string
	// NoOp is true when nothing was deployed: skipped as unchanged, or an
	// empty change set.
	NoOp bool
	// ChangeSetID is the change set left unexecuted (NoExecute).
	ChangeSetID string
	Outputs     map[string]string
}

// Deploy deploys stacks (in dependency order, as the assembly lists them)
// and returns their results in the same order.
func (d *Deployer) Deploy(ctx context.Context, stacks []*Stack, opts Options) ([]Result, error) {
	if err := CheckSizes(stacks); err != nil {
		return nil, err
	}
	d.renderer()
	d.state()
	results := make([]Result, len(stacks))
	errs := make([]*StackError, len(stacks))
	err := d.schedule(ctx, stacks, opts.Concurrency, false, func(i int) error {
		results[i] = Result{Stack: stacks[i]}
		sd, err := d.forStack(ctx, stacks[i], opts.RoleARN)
		if err != nil {
			return err
		}
		r, err := sd.deployOne(ctx, stacks[i], opts)
		results[i] = r
		return err
	}, errs)
	return results, err
}

// deployOne deploys one stack; d is the stack's deployer (forStack).
func (d *Deployer) deployOne(ctx context.Context, st *Stack, opts Options) (Result, error) {
	res := Result{Stack: st}
	r := d.renderer()
	shp, err := shape(st.Template)
	if err != nil {
		return res, fmt.Errorf("its template %s is not JSON: %v", st.TemplateFile, err)
	}
	declared := map[string]bool{}
	for k := range shp.Parameters {
		declared[k] = true
	}
	params, err := parametersFor(st, opts.Parameters, declared)
	if err != nil {
		return res, err
	}
	tags := map[string]string{}
	for k, v := range st.Tags {
		tags[k] = v
	}
	for k, v := range opts.Tags {
		tags[k] = v
	}
	caps, err := Capabilities(st.Template)
	if err != nil {
		return res, err
	}
	if st.RequiresBootstrapVersion > 0 {
		if err := d.checkBootstrapVersion(ctx, st); err != nil {
			return res, err
		}
	}
	cur, err := d.settle(ctx, st, r)
	if err != nil {
		return res, err
	}
	isNew := cur == nil || cur.StackStatus == types.StackStatusReviewInProgress
	if !isNew {
		res.StackID = aws.ToString(cur.StackId)
	}

	if !isNew && !opts.Force {
		same, err := d.unchanged(ctx, st, cur, params, tags)
		if err != nil {
			return res, err
		}
		if same {
			if err := d.protect(ctx, st, cur); err != nil {
				return res, err
			}
			res.NoOp, res.Status, res.Outputs = true, string(cur.StackStatus), outputsOf(cur)
			r.Line(" ✅  %s (no changes)", st.DisplayName)
			return res, nil
		}
	}

	body, url, err := d.templateLocation(ctx, st)
	if err != nil {
		return res, err
	}
	var cfnParams []types.Parameter
	for _, k := range slices.Sorted(mapsKeys(declared)) {
		if v, ok := params[k]; ok {
			cfnParams = append(cfnParams, types.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(v)})
		} else if !isNew && hasParam(cur, k) {
			cfnParams = append(cfnParams, types.Parameter{ParameterKey: aws.String(k), UsePreviousValue: aws.Bool(true)})
		}
	}
	var cfnTags []types.Tag
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range tags {
			if !yield(k) {
				return
			}
		}
	}) {
		cfnTags = append(cfnTags, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	var capabilities []types.Capability
	for _, c := range caps {
		capabilities = append(capabilities, types.Capability(c))
	}
	var role *string
	if d.role != "" {
		role = aws.String(d.role)
	}

	r.Line("%s: deploying...", st.DisplayName)
	if opts.Method == "direct" {
		return d.direct(ctx, st, cur, isNew, body, url, cfnParams, cfnTags, capabilities, role, opts, res)
	}

	csType := types.ChangeSetTypeUpdate
	if isNew {
		csType = types.ChangeSetTypeCreate
	}
	input := &cloudformation.CreateChangeSetInput{
		StackName: aws.String(st.Name), ChangeSetName: aws.String(ChangeSetName), ChangeSetType: csType,
		TemplateBody: body, TemplateURL: url, Parameters: cfnParams, Tags: cfnTags,
		Capabilities: capabilities, RoleARN: role,
		Description: aws.String("forma deploy"),
	}
	created, err := d.CFN.CreateChangeSet(ctx, input)
	if err != nil && apiCode(err) == "AlreadyExistsException" && strings.Contains(apiMessage(err), "ChangeSet") {
		// A change set left by an earlier run: replace it.
		if _, derr := d.CFN.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{StackName: aws.String(st.Name), ChangeSetName: aws.String(ChangeSetName)}); derr != nil {
			return res, fmt.Errorf("deleting the earlier change set %s: %v", ChangeSetName, derr)
		}
		created, err = d.CFN.CreateChangeSet(ctx, input)
	}
	if err != nil {
		return res, fmt.Errorf("creating a change set: %w", err)
	}
	res.StackID = aws.ToString(created.StackId)
	cs, err := d.waitChangeSet(ctx, st, aws.ToString(created.Id), r)
	if err != nil {
		return res, err
	}
	if cs.Status == types.ChangeSetStatusFailed {
		reason := aws.ToString(cs.StatusReason)
		if noChanges(reason) {
			if _, err := d.CFN.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{ChangeSetName: created.Id}); err != nil {
				return res, fmt.Errorf("deleting the empty change set: %w", err)
			}
			if err := d.protect(ctx, st, cur); err != nil {
				return res, err
			}
			res.NoOp, res.Outputs = true, outputsOf(cur)
			if cur != nil {
				res.Status = string(cur.StackStatus)
			}
			r.Line(" ✅  %s (no changes)", st.DisplayName)
			return res, nil
		}
		return res, fmt.Errorf("the change set failed: %s", reason)
	}
	if opts.Approve != nil {
		ok, err := opts.Approve(ctx, st, cs)
		if err != nil {
			return res, err
		}
		if !ok {
			return res, fmt.Errorf("not approved; change set %s was left for review (aws cloudformation describe-change-set --stack-name %s --change-set-name %s)", ChangeSetName, st.Name, ChangeSetName)
		}
	}
	if opts.NoExecute {
		res.ChangeSetID = aws.ToString(created.Id)
		r.Line("%s: change set %s created and not executed (--no-execute); %d change(s): execute it with aws cloudformation execute-change-set --change-set-name %s", st.DisplayName, ChangeSetName, len(cs.Changes), aws.ToString(created.Id))
		return res, nil
	}
	baseline, err := d.latestEvent(ctx, res.StackID)
	if err != nil {
		return res, err
	}
	if _, err := d.CFN.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{
		ChangeSetName: created.Id, DisableRollback: aws.Bool(opts.NoRollback),
	}); err != nil {
		return res, fmt.Errorf("executing the change set: %w", err)
	}
	return d.finish(ctx, st, res, baseline, isNew, r)
}

func hasParam(s *types.Stack, key string) bool {
	for _, p := range s.Parameters {
		if aws.ToString(p.ParameterKey) == key {
			return true
		}
	}
	return false
}

func outputsOf(s *types.Stack) map[string]string {
	out := map[string]string{}
	if s == nil {
		return out
	}
	for _, o := range s.Outputs {
		out[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	return out
}

// finish follows the operation to its end and reports it.
func (d *Deployer) finish(ctx context.Context, st *Stack, res Result, baseline string, isNew bool, r Renderer) (Result, error) {
	final, events, err := d.follow(ctx, st, res.StackID, baseline, r)
	r.Done(st)
	if err != nil {
		return res, err
	}
	res.Status = string(final.StackStatus)
	if final.StackStatus != types.StackStatusCreateComplete && final.StackStatus != types.StackStatusUpdateComplete {
		return res, d.failure(st, final, events)
	}
	if isNew && st.TerminationProtection {
		if _, err := d.CFN.UpdateTerminationProtection(ctx, &cloudformation.UpdateTerminationProtectionInput{
			StackName: aws.String(res.StackID), EnableTerminationProtection: aws.Bool(true),
		}); err != nil {
			return res, fmt.Errorf("enabling termination protection: %w", err)
		}
	} else if !isNew {
		if err := d.protect(ctx, st, final); err != nil {
			return res, err
		}
	}
	res.Outputs = outputsOf(final)
	r.Line(" ✅  %s (%s)", st.DisplayName, final.StackStatus)
	return res, nil
}

// protect sets termination protection when it differs from the stack's.
func (d *Deployer) protect(ctx context.Context, st *Stack, cur *types.Stack) error {
	if cur == nil || cur.StackStatus == types.StackStatusReviewInProgress || aws.ToBool(cur.EnableTerminationProtection) == st.TerminationProtection {
		return nil
	}
	_, err := d.CFN.UpdateTerminationProtection(ctx, &cloudformation.UpdateTerminationProtectionInput{
		StackName: cur.StackId, EnableTerminationProtection: aws.Bool(st.TerminationProtection),
	})
	if err != nil {
		return fmt.Errorf("setting termination protection: %w", err)
	}
	return nil
}

// unchanged reports whether the deployed stack has the template,
// parameters and tags of st (one GetTemplate call).
func (d *Deployer) unchanged(ctx context.Context, st *Stack, cur *types.Stack, params, tags map[string]string) (bool, error) {
	if !(cur.StackStatus == types.StackStatusCreateComplete || cur.StackStatus == types.StackStatusUpdateComplete) {
		return false, nil
	}
	deployedTags := map[string]string{}
	for _, t := range cur.Tags {
		deployedTags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	if len(deployedTags) != len(tags) {
		return false, nil
	}
	for k, v := range tags {
		if dv, ok := deployedTags[k]; !ok || dv != v {
			return false, nil
		}
	}
	deployedParams := map[string]string{}
	for _, p := range cur.Parameters {
		deployedParams[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	for k, v := range params {
		if dv, ok := deployedParams[k]; !ok || dv != v {
			return false, nil
		}
	}
	out, err := d.CFN.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: cur.StackId, TemplateStage: types.TemplateStageOriginal})
	if err != nil {
		return false, fmt.Errorf("reading the deployed template: %w", err)
	}
	return SameTemplate([]byte(aws.ToString(out.TemplateBody)), st.Template), nil
}
