package deploy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Method is how a stack is deployed.
type Method string

// The deploy methods.
const (
	// MethodChangeSet creates a change set and executes it (the default).
	MethodChangeSet Method = "change-set"
	// MethodDirect calls CreateStack or UpdateStack.
	MethodDirect Method = "direct"
)

// Methods are the deploy methods, in the order --method lists them.
var Methods = []Method{MethodChangeSet, MethodDirect}

// ParseMethod returns the method named s; "" is MethodChangeSet.
func ParseMethod(s string) (Method, error) {
	if s == "" {
		return MethodChangeSet, nil
	}
	for _, m := range Methods {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("--method %q: want change-set or direct", s)
}

// Options are the deploy command's choices.
type Options struct {
	// Parameters are --parameters by stack name, "*" for every stack.
	Parameters map[string]map[string]string
	// Tags are --tags; they override the manifest's tags of the same key.
	Tags map[string]string
	// Method is how stacks are deployed; "" is MethodChangeSet.
	Method Method
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
	// Approve is asked before a stack's changes are deployed, whatever the
	// method: before a change set is executed, and before CreateStack or
	// UpdateStack. Returning false cancels the stack's deployment; nil
	// approves everything.
	Approve func(ctx context.Context, p *Proposal) (bool, error)
}

// Proposal is a stack's deployment waiting for approval.
type Proposal struct {
	Stack  *Stack
	Method Method
	// Deployed is the deployed template (GetTemplate); nil when the stack
	// is new.
	Deployed []byte
	// ChangeSet is the change set to be executed (MethodChangeSet); nil
	// for MethodDirect.
	ChangeSet *cloudformation.DescribeChangeSetOutput
	// Changes reports whether CloudFormation would change something: the
	// change set lists changes, or (MethodDirect) the template, parameters
	// or tags differ from the deployed ones.
	Changes bool
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
	start := d.now()
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
	if len(stacks) > 1 {
		var throttled int64 = -1
		if d.Throttles != nil {
			throttled = d.Throttles.Load()
		}
		d.Renderer.Line("%s", summarize(results, errs, d.now().Sub(start), throttled))
	}
	return results, err
}

// operation is one stack's deployment once its inputs are known: what
// the change-set and direct flows share.
type operation struct {
	d    *Deployer // the stack's deployer (forStack)
	st   *Stack
	opts Options
	r    Renderer
	// cur is the deployed stack, nil when there is none; isNew is true
	// also for a stack in REVIEW_IN_PROGRESS, which holds no resources.
	cur   *types.Stack
	isNew bool
	// params and tags are the stack's parameters and tags as given to
	// CloudFormation; paramValues and tagValues the same as maps.
	paramValues, tagValues map[string]string
	body, url              *string
	params                 []types.Parameter
	tags                   []types.Tag
	caps                   []types.Capability
	role                   *string
	// deployed is the deployed template, read once (readDeployed).
	deployed     []byte
	deployedRead bool
	res          Result
}

// deployOne deploys one stack; d is the stack's deployer (forStack).
func (d *Deployer) deployOne(ctx context.Context, st *Stack, opts Options) (Result, error) {
	op := &operation{d: d, st: st, opts: opts, r: d.renderer(), res: Result{Stack: st}}
	shp, err := shape(st.Template)
	if err != nil {
		return op.res, fmt.Errorf("its template %s is not JSON: %v", st.TemplateFile, err)
	}
	if len(shp.Resources) == 0 {
		// CloudFormation refuses a template without resources ("Template
		// format error: At least one Resources member must be defined.").
		op.r.Line("%s: skipped: the stack has no resources, and CloudFormation refuses a template without any (add a resource, or destroy the stack to remove a deployed one)", st.DisplayName)
		op.res.NoOp = true
		return op.res, nil
	}
	declared := map[string]bool{}
	for k := range shp.Parameters {
		declared[k] = true
	}
	if op.paramValues, err = parametersFor(st, opts.Parameters, declared); err != nil {
		return op.res, err
	}
	op.tagValues = map[string]string{}
	maps.Copy(op.tagValues, st.Tags)
	maps.Copy(op.tagValues, opts.Tags)
	caps, err := Capabilities(st.Template)
	if err != nil {
		return op.res, err
	}
	if st.RequiresBootstrapVersion > 0 {
		if err := d.checkBootstrapVersion(ctx, st); err != nil {
			return op.res, err
		}
	}
	if op.cur, err = d.settle(ctx, st, op.r); err != nil {
		return op.res, err
	}
	op.isNew = op.cur == nil || op.cur.StackStatus == types.StackStatusReviewInProgress
	if !op.isNew {
		op.res.StackID = aws.ToString(op.cur.StackId)
	}

	if !op.isNew && !opts.Force {
		same, err := op.unchanged(ctx)
		if err != nil {
			return op.res, err
		}
		if same {
			return op.noChange(ctx)
		}
	}

	if op.body, op.url, err = d.templateLocation(ctx, st); err != nil {
		return op.res, err
	}
	for _, k := range slices.Sorted(maps.Keys(declared)) {
		if v, ok := op.paramValues[k]; ok {
			op.params = append(op.params, types.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(v)})
		} else if !op.isNew && hasParam(op.cur, k) {
			op.params = append(op.params, types.Parameter{ParameterKey: aws.String(k), UsePreviousValue: aws.Bool(true)})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(op.tagValues)) {
		op.tags = append(op.tags, types.Tag{Key: aws.String(k), Value: aws.String(op.tagValues[k])})
	}
	for _, c := range caps {
		op.caps = append(op.caps, types.Capability(c))
	}
	if d.role != "" {
		op.role = aws.String(d.role)
	}

	op.r.Line("%s: deploying...", st.DisplayName)
	if opts.Method == MethodDirect {
		return op.direct(ctx)
	}
	return op.changeSet(ctx)
}

// noChange ends a deployment that changes nothing: the deployed stack
// keeps its resources, gets st's termination protection, and its outputs
// are the result's.
func (op *operation) noChange(ctx context.Context) (Result, error) {
	op.res.NoOp, op.res.Outputs = true, outputsOf(op.cur)
	if op.cur != nil {
		op.res.Status = string(op.cur.StackStatus)
	}
	if err := op.d.protect(ctx, op.st, op.cur); err != nil {
		return op.res, err
	}
	op.r.Line(" ✅  %s (no changes)", op.st.DisplayName)
	return op.res, nil
}

// readDeployed returns the deployed template (GetTemplate, once); nil for
// a new stack.
func (op *operation) readDeployed(ctx context.Context) ([]byte, error) {
	if op.isNew {
		return nil, nil
	}
	if !op.deployedRead {
		out, err := op.d.CFN.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: op.cur.StackId, TemplateStage: types.TemplateStageOriginal})
		if err != nil {
			return nil, fmt.Errorf("reading the deployed template: %w", err)
		}
		op.deployed, op.deployedRead = []byte(aws.ToString(out.TemplateBody)), true
	}
	return op.deployed, nil
}

// sameSettings reports whether the deployed stack has the parameters and
// tags of the deployment.
func (op *operation) sameSettings() bool {
	deployedTags := map[string]string{}
	for _, t := range op.cur.Tags {
		deployedTags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	if !maps.Equal(deployedTags, op.tagValues) {
		return false
	}
	deployedParams := map[string]string{}
	for _, p := range op.cur.Parameters {
		deployedParams[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	for k, v := range op.paramValues {
		if dv, ok := deployedParams[k]; !ok || dv != v {
			return false
		}
	}
	return true
}

// unchanged reports whether the deployed stack, complete, has the
// template, parameters and tags of the deployment (one GetTemplate call,
// none when the parameters or tags differ).
func (op *operation) unchanged(ctx context.Context) (bool, error) {
	if s := op.cur.StackStatus; s != types.StackStatusCreateComplete && s != types.StackStatusUpdateComplete || !op.sameSettings() {
		return false, nil
	}
	deployed, err := op.readDeployed(ctx)
	if err != nil {
		return false, err
	}
	return SameTemplate(deployed, op.st.Template), nil
}

// approve asks opts.Approve about the deployment; cs is the change set
// (nil for MethodDirect). It returns an error when the deployment is not
// approved.
func (op *operation) approve(ctx context.Context, cs *cloudformation.DescribeChangeSetOutput) error {
	if op.opts.Approve == nil {
		return nil
	}
	deployed, err := op.readDeployed(ctx)
	if err != nil {
		return err
	}
	p := &Proposal{Stack: op.st, Method: MethodChangeSet, Deployed: deployed, ChangeSet: cs}
	if cs != nil {
		p.Changes = len(cs.Changes) > 0
	} else {
		p.Method = MethodDirect
		p.Changes = op.isNew || !SameTemplate(deployed, op.st.Template) || !op.sameSettings()
	}
	ok, err := op.opts.Approve(ctx, p)
	if err != nil {
		return err
	}
	if ok {
		return nil
	}
	if cs != nil {
		return fmt.Errorf("not approved; change set %s was left for review (aws cloudformation describe-change-set --stack-name %s --change-set-name %s)", ChangeSetName, op.st.Name, ChangeSetName)
	}
	return errors.New("not approved; nothing was deployed")
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
	if ctx.Err() != nil {
		// Interrupted as the operation ended: what follows is short.
		ctx = context.WithoutCancel(ctx)
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
