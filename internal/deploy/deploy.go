package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
)

// ChangeSetName is the name of the change sets forma creates.
const ChangeSetName = "forma-deploy"

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
	// Now is the clock (time.Now by default); Poll the interval between
	// polls (2 s by default; tests use a millisecond).
	Now  func() time.Time
	Poll time.Duration

	// SSM reads the bootstrap version parameter a stack's manifest names;
	// nil reads the bootstrap stack's BootstrapVersion output instead.
	SSM ParameterReader

	// Roles assumes the deploy role a stack's manifest names
	// (assumeRoleArn, in AWS CDK assemblies) for that stack's calls; nil
	// makes them with the current credentials.
	Roles RoleAssumer

	mu     sync.Mutex
	shared *sharedState
	// role is the role CloudFormation assumes for the stack of a
	// per-stack deployer (forStack).
	role string
}

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
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.shared == nil {
		d.shared = &sharedState{}
	}
	return d.shared
}

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

// StackError is the failure of one stack's operation.
type StackError struct {
	Stack string
	Err   error
}

func (e *StackError) Error() string { return e.Stack + ": " + e.Err.Error() }
func (e *StackError) Unwrap() error { return e.Err }

// Errors are the failures of several stacks, in deployment order.
type Errors []*StackError

// Unwrap returns the stack errors.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// ErrInterrupted is returned when the context was cancelled while
// following a stack; CloudFormation continues the operation.
var ErrInterrupted = errors.New("interrupted")

func (d *Deployer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deployer) renderer() Renderer {
	if d.Renderer == nil {
		d.Renderer = NewRenderer(ProgressEvents, d.Out, d.now, nil)
	}
	return d.Renderer
}

func (d *Deployer) sleep(ctx context.Context) error {
	p := d.Poll
	if p == 0 {
		p = 2 * time.Second
	}
	t := time.NewTimer(p)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// CheckAssets rejects stacks whose templates refer to assets (AWS CDK
// assemblies with Lambda code or Docker images), before any API call:
// forma does not publish assets, and CloudFormation would fail on the
// first resource that reads a missing one.
func CheckAssets(stacks []*Stack, app string) error {
	var b strings.Builder
	for _, st := range stacks {
		if len(st.Assets) == 0 {
			continue
		}
		var names []string
		for _, a := range st.Assets {
			names = append(names, fmt.Sprintf("%s %q", a.Kind, a.DisplayName))
		}
		fmt.Fprintf(&b, "\n  %s: %s", st.DisplayName, strings.Join(names, ", "))
	}
	if b.Len() == 0 {
		return nil
	}
	return fmt.Errorf("these stacks use assets, which forma does not publish yet:%s\npublish them first ('cdk publish-assets --app %s --all') and deploy again with --assets-published, or deploy with 'cdk deploy'", b.String(), app)
}

// CheckSizes rejects templates CloudFormation cannot take, before any API
// call.
func CheckSizes(stacks []*Stack) error {
	for _, st := range stacks {
		if n := len(st.Template); n > MaxTemplateBytes {
			return fmt.Errorf("stack %s: its template (%s) is %d bytes, over CloudFormation's limit of %d bytes even through S3; split the stack (move constructs into a new stack or a nested stack)", st.DisplayName, st.TemplateFile, n, MaxTemplateBytes)
		}
	}
	return nil
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

// schedule runs do for each stack once the stacks it depends on (among
// stacks) succeeded — in reverse when reverse, for destroy — at most
// concurrency at once; after a failure no new stack starts.
func (d *Deployer) schedule(ctx context.Context, stacks []*Stack, concurrency int, reverse bool, do func(i int) error, errs []*StackError) error {
	if concurrency < 1 {
		concurrency = 1
	}
	index := map[string]int{}
	for i, st := range stacks {
		index[st.ID] = i
	}
	waitFor := make([][]int, len(stacks))
	for i, st := range stacks {
		for _, dep := range st.Dependencies {
			if j, ok := index[dep]; ok {
				if reverse {
					waitFor[j] = append(waitFor[j], i)
				} else {
					waitFor[i] = append(waitFor[i], j)
				}
			}
		}
	}
	done := make([]chan struct{}, len(stacks))
	for i := range done {
		done[i] = make(chan struct{})
	}
	sem := make(chan struct{}, concurrency)
	var (
		mu      sync.Mutex
		stopped string
	)
	var wg sync.WaitGroup
	for i := range stacks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[i])
			for _, j := range waitFor[i] {
				<-done[j]
				if errs[j] != nil {
					errs[i] = &StackError{stacks[i].DisplayName, fmt.Errorf("skipped: it depends on %s, which failed", stacks[j].DisplayName)}
					if reverse {
						errs[i].Err = fmt.Errorf("skipped: %s depends on it and was not deleted", stacks[j].DisplayName)
					}
					return
				}
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			mu.Lock()
			s := stopped
			mu.Unlock()
			if s != "" {
				errs[i] = &StackError{stacks[i].DisplayName, fmt.Errorf("skipped: stopped after %s failed", s)}
				return
			}
			if ctx.Err() != nil {
				errs[i] = &StackError{stacks[i].DisplayName, fmt.Errorf("skipped: %w", ErrInterrupted)}
				return
			}
			if err := do(i); err != nil {
				errs[i] = &StackError{stacks[i].DisplayName, err}
				mu.Lock()
				if stopped == "" {
					stopped = stacks[i].DisplayName
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	var out Errors
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	if out != nil {
		return out
	}
	return nil
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

func inProgress(status types.StackStatus) bool {
	return strings.HasSuffix(string(status), "_IN_PROGRESS") && status != types.StackStatusReviewInProgress
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

// noChanges reports CloudFormation's two ways of saying there is nothing
// to do: a FAILED change set that "didn't contain changes", and UpdateStack's
// "No updates are to be performed."
func noChanges(reason string) bool {
	return strings.Contains(reason, "didn't contain changes") || strings.Contains(reason, "No updates are to be performed")
}

// settle waits for an operation in progress to end and resolves the states
// that stop a deployment; it returns the stack to update, or nil to create.
func (d *Deployer) settle(ctx context.Context, st *Stack, r Renderer) (*types.Stack, error) {
	waited := false
	for {
		cur, err := d.describe(ctx, st.Name)
		if err != nil {
			return nil, err
		}
		if cur == nil {
			return nil, nil
		}
		status := cur.StackStatus
		switch {
		case inProgress(status):
			if !waited {
				r.Line("%s: %s is in progress; waiting for it to finish", st.DisplayName, status)
				waited = true
			}
			if err := d.sleep(ctx); err != nil {
				return nil, d.interrupted(st, aws.ToString(cur.StackId), r)
			}
			continue
		case status == types.StackStatusReviewInProgress:
			// A stack created by a change set that was never executed
			// holds no resources: it is created as a new stack.
			return cur, nil
		case status == types.StackStatusRollbackComplete:
			r.Line("%s: the stack is in ROLLBACK_COMPLETE: its creation failed and was rolled back, and it cannot be updated; deleting it to create it again", st.DisplayName)
			if err := d.deleteAndWait(ctx, st, aws.ToString(cur.StackId), d.role, r); err != nil {
				return nil, err
			}
			return nil, nil
		case status == types.StackStatusUpdateRollbackFailed:
			return nil, fmt.Errorf("the stack is in UPDATE_ROLLBACK_FAILED (%s): CloudFormation could not roll back the last update. Fix the resources that failed to roll back, or skip them, and continue the rollback:\n  aws cloudformation continue-update-rollback --stack-name %s [--resources-to-skip LogicalID ...]\nthen deploy again", aws.ToString(cur.StackStatusReason), st.Name)
		case status == types.StackStatusRollbackFailed || status == types.StackStatusCreateFailed || status == types.StackStatusDeleteFailed:
			return nil, fmt.Errorf("the stack is in %s (%s) and cannot be updated: delete it (destroy %s, retaining resources that fail to delete if needed) and deploy again", status, aws.ToString(cur.StackStatusReason), st.DisplayName)
		}
		return cur, nil
	}
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

// direct deploys with CreateStack or UpdateStack.
func (d *Deployer) direct(ctx context.Context, st *Stack, cur *types.Stack, isNew bool, body, url *string, params []types.Parameter, tags []types.Tag, caps []types.Capability, role *string, opts Options, res Result) (Result, error) {
	r := d.renderer()
	if cur != nil && cur.StackStatus == types.StackStatusReviewInProgress {
		// CreateStack refuses the name of a stack in review: delete it.
		if err := d.deleteAndWait(ctx, st, aws.ToString(cur.StackId), d.role, r); err != nil {
			return res, err
		}
	}
	if isNew {
		out, err := d.CFN.CreateStack(ctx, &cloudformation.CreateStackInput{
			StackName: aws.String(st.Name), TemplateBody: body, TemplateURL: url, Parameters: params, Tags: tags,
			Capabilities: caps, RoleARN: role, DisableRollback: aws.Bool(opts.NoRollback),
			EnableTerminationProtection: aws.Bool(st.TerminationProtection),
		})
		if err != nil {
			return res, fmt.Errorf("creating the stack: %w", err)
		}
		res.StackID = aws.ToString(out.StackId)
		st2 := *st
		st2.TerminationProtection = false // set by CreateStack already
		return d.finish(ctx, &st2, res, "", true, r)
	}
	baseline, err := d.latestEvent(ctx, res.StackID)
	if err != nil {
		return res, err
	}
	_, err = d.CFN.UpdateStack(ctx, &cloudformation.UpdateStackInput{
		StackName: aws.String(st.Name), TemplateBody: body, TemplateURL: url, Parameters: params, Tags: tags,
		Capabilities: caps, RoleARN: role, DisableRollback: aws.Bool(opts.NoRollback),
	})
	if err != nil {
		if noChanges(apiMessage(err)) {
			res.NoOp, res.Status, res.Outputs = true, string(cur.StackStatus), outputsOf(cur)
			r.Line(" ✅  %s (no changes)", st.DisplayName)
			return res, d.protect(ctx, st, cur)
		}
		return res, fmt.Errorf("updating the stack: %w", err)
	}
	return d.finish(ctx, st, res, baseline, false, r)
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

// waitChangeSet polls until the change set is created or failed, and
// returns it with all its changes.
func (d *Deployer) waitChangeSet(ctx context.Context, st *Stack, id string, r Renderer) (*cloudformation.DescribeChangeSetOutput, error) {
	for {
		out, err := d.CFN.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(id)})
		if err != nil {
			return nil, fmt.Errorf("describing the change set: %w", err)
		}
		switch out.Status {
		case types.ChangeSetStatusCreateComplete:
			for next := out.NextToken; next != nil; {
				page, err := d.CFN.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(id), NextToken: next})
				if err != nil {
					return nil, fmt.Errorf("describing the change set: %w", err)
				}
				out.Changes = append(out.Changes, page.Changes...)
				next = page.NextToken
			}
			return out, nil
		case types.ChangeSetStatusFailed:
			return out, nil
		}
		if err := d.sleep(ctx); err != nil {
			return nil, fmt.Errorf("waiting for the change set: %w (CloudFormation goes on creating it; nothing was executed)", ErrInterrupted)
		}
	}
}

// latestEvent returns the id of the stack's newest event, "" when it has
// none or does not exist.
func (d *Deployer) latestEvent(ctx context.Context, stackID string) (string, error) {
	if stackID == "" {
		return "", nil
	}
	out, err := d.CFN.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stackID)})
	if err != nil {
		return "", fmt.Errorf("reading stack events: %w", err)
	}
	if len(out.StackEvents) == 0 {
		return "", nil
	}
	return aws.ToString(out.StackEvents[0].EventId), nil
}

// newEvents returns the events after lastSeen, oldest first, paging back
// until lastSeen ("" reads every page).
func (d *Deployer) newEvents(ctx context.Context, stackID, lastSeen string) ([]types.StackEvent, error) {
	var newest []types.StackEvent
	var token *string
	for {
		out, err := d.CFN.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stackID), NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, ev := range out.StackEvents {
			if lastSeen != "" && aws.ToString(ev.EventId) == lastSeen {
				slices.Reverse(newest)
				return newest, nil
			}
			newest = append(newest, ev)
		}
		if out.NextToken == nil {
			break
		}
		token = out.NextToken
	}
	slices.Reverse(newest)
	return newest, nil
}

// follow renders the events of the operation that started after baseline
// until the stack reaches a final status; it returns the stack and the
// operation's events.
func (d *Deployer) follow(ctx context.Context, st *Stack, stackID, baseline string, r Renderer) (*types.Stack, []types.StackEvent, error) {
	var all []types.StackEvent
	last := baseline
	for first := true; ; first = false {
		if !first {
			if err := d.sleep(ctx); err != nil {
				return nil, all, d.interrupted(st, stackID, r)
			}
		}
		out, err := d.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(stackID)})
		if err != nil {
			if ctx.Err() != nil {
				return nil, all, d.interrupted(st, stackID, r)
			}
			return nil, all, fmt.Errorf("describing the stack: %w", err)
		}
		if len(out.Stacks) == 0 {
			return nil, all, fmt.Errorf("the stack %s disappeared", stackID)
		}
		evs, err := d.newEvents(ctx, stackID, last)
		if err != nil {
			if ctx.Err() != nil {
				return nil, all, d.interrupted(st, stackID, r)
			}
			return nil, all, fmt.Errorf("reading stack events: %w", err)
		}
		for _, ev := range evs {
			r.Event(st, ev)
			last = aws.ToString(ev.EventId)
		}
		all = append(all, evs...)
		if s := &out.Stacks[0]; !inProgress(s.StackStatus) && s.StackStatus != types.StackStatusReviewInProgress {
			return s, all, nil
		}
	}
}

// interrupted reports the stack's state after the user stopped following.
func (d *Deployer) interrupted(st *Stack, stackID string, r Renderer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	name := stackID
	if name == "" {
		name = st.Name
	}
	state := "unknown"
	if cur, err := d.describe(ctx, name); err == nil && cur != nil {
		state = string(cur.StackStatus)
	} else if err == nil {
		state = "not created"
	}
	r.Line("%s: stopped following; CloudFormation goes on with the operation. The stack is %s (follow it with: aws cloudformation describe-stack-events --stack-name %s)", st.DisplayName, state, st.Name)
	return fmt.Errorf("%w: the stack is %s", ErrInterrupted, state)
}

// RootCauses returns the events that explain a failure: the failed
// resources' events in the order they happened, without the cascade of
// cancellations other failures caused and without the stack's own events.
func RootCauses(st *Stack, events []types.StackEvent) []types.StackEvent {
	var out []types.StackEvent
	seen := map[string]bool{}
	for _, ev := range events {
		id := aws.ToString(ev.LogicalResourceId)
		if !strings.HasSuffix(string(ev.ResourceStatus), "_FAILED") || aws.ToString(ev.ResourceType) == "AWS::CloudFormation::Stack" && id == st.Name {
			continue
		}
		reason := aws.ToString(ev.ResourceStatusReason)
		if strings.Contains(reason, "Resource creation cancelled") || strings.Contains(reason, "Resource update cancelled") {
			continue
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, ev)
	}
	return out
}

// failure prints the root causes and returns the error for a failed
// operation.
func (d *Deployer) failure(st *Stack, final *types.Stack, events []types.StackEvent) error {
	causes := RootCauses(st, events)
	var b bytes.Buffer
	fmt.Fprintf(&b, " ❌  %s failed: %s", st.DisplayName, final.StackStatus)
	if reason := aws.ToString(final.StackStatusReason); reason != "" {
		fmt.Fprintf(&b, " (%s)", reason)
	}
	if len(causes) > 0 {
		b.WriteString("\n    root cause:")
		for _, ev := range causes {
			fmt.Fprintf(&b, "\n      %s %s %s: %s", resourceName(st, aws.ToString(ev.LogicalResourceId)), aws.ToString(ev.ResourceType), ev.ResourceStatus, aws.ToString(ev.ResourceStatusReason))
		}
	}
	d.renderer().Line("%s", b.String())
	if len(causes) > 0 {
		return fmt.Errorf("%s: %s %s: %s", final.StackStatus, aws.ToString(causes[0].LogicalResourceId), causes[0].ResourceStatus, aws.ToString(causes[0].ResourceStatusReason))
	}
	return fmt.Errorf("%s: %s", final.StackStatus, aws.ToString(final.StackStatusReason))
}

// Toolkit is what the deployer needs of the bootstrap stack.
type Toolkit struct {
	BucketName string
	Version    int
}

// toolkitInfo reads the bootstrap stack's outputs once.
func (d *Deployer) toolkitInfo(ctx context.Context, why string) (*Toolkit, error) {
	s := d.state()
	s.toolkitMu.Lock()
	defer s.toolkitMu.Unlock()
	if !s.toolkitDone {
		s.toolkitDone = true
		cur, err := d.describe(ctx, ToolkitStackName)
		switch {
		case err != nil:
			s.toolkitErr = fmt.Errorf("reading the bootstrap stack %s: %w", ToolkitStackName, err)
		case cur == nil || cur.StackStatus == types.StackStatusReviewInProgress:
			s.toolkitErr = fmt.Errorf("the bootstrap stack %s does not exist in %s", ToolkitStackName, d.regionName())
		default:
			outs := outputsOf(cur)
			v, _ := strconv.Atoi(outs["BootstrapVersion"])
			s.toolkit = &Toolkit{BucketName: outs["BucketName"], Version: v}
			if s.toolkit.BucketName == "" {
				s.toolkitErr = fmt.Errorf("the bootstrap stack %s (%s) has no BucketName output", ToolkitStackName, cur.StackStatus)
			}
		}
	}
	if s.toolkitErr != nil {
		return nil, fmt.Errorf("%s: %w; run 'bootstrap' (forma bootstrap, or cdk bootstrap) for this account and region first", why, s.toolkitErr)
	}
	return s.toolkit, nil
}

func (d *Deployer) regionName() string {
	if d.Region == "" {
		return "this region"
	}
	return d.Region
}

// getParameterSince is the first bootstrap version whose deploy role may
// read the version parameter: an older stack's roles are refused, and its
// BootstrapVersion output is read instead, as the AWS CDK's CLI does.
const getParameterSince = 5

// checkBootstrapVersion checks that the bootstrap stack is at least the
// version st needs. A stack whose manifest names the version's SSM
// parameter (the AWS CDK's assemblies do) is checked against the
// parameter; otherwise against the bootstrap stack's BootstrapVersion
// output.
func (d *Deployer) checkBootstrapVersion(ctx context.Context, st *Stack) error {
	need := st.RequiresBootstrapVersion
	if name := st.BootstrapVersionParameter; name != "" && d.SSM != nil {
		v, err := d.ssmVersion(ctx, name)
		if err == nil {
			if v < need {
				return fmt.Errorf("the stack needs bootstrap version %d or later, and the SSM parameter %s in %s holds version %d: run 'bootstrap' again to upgrade it", need, name, d.regionName(), v)
			}
			return nil
		}
		var se *SSMError
		if errors.As(err, &se) && se.Code == "ParameterNotFound" {
			return fmt.Errorf("the stack needs bootstrap version %d or later, and the SSM parameter %s does not exist in %s: run 'bootstrap' (forma bootstrap, or cdk bootstrap) for this account and region first", need, name, d.regionName())
		}
		if !isAccessDenied(err) {
			return fmt.Errorf("reading the bootstrap version from the SSM parameter %s: %w", name, err)
		}
		tk, tkErr := d.toolkitInfo(ctx, fmt.Sprintf("the stack needs bootstrap version %d or later", need))
		if tkErr != nil || tk.Version >= getParameterSince {
			return fmt.Errorf("the stack needs bootstrap version %d or later, and reading the SSM parameter %s was denied: %w; allow ssm:GetParameter on it", need, name, err)
		}
		d.renderer().Line("Could not read the SSM parameter %s (%v); using the version of %s instead", name, err, ToolkitStackName)
		if tk.Version < need {
			return fmt.Errorf("the stack needs bootstrap version %d or later, and %s in %s is version %d: run 'bootstrap' again to upgrade it", need, ToolkitStackName, d.regionName(), tk.Version)
		}
		return nil
	}
	tk, err := d.toolkitInfo(ctx, fmt.Sprintf("the stack needs bootstrap version %d or later", need))
	if err != nil {
		return err
	}
	if tk.Version < need {
		return fmt.Errorf("the stack needs bootstrap version %d or later, and %s in %s is version %d: run 'bootstrap' again to upgrade it", need, ToolkitStackName, d.regionName(), tk.Version)
	}
	return nil
}

// ssmVersion reads a bootstrap version parameter once per deployer.
func (d *Deployer) ssmVersion(ctx context.Context, name string) (int, error) {
	s := d.state()
	s.toolkitMu.Lock()
	v, ok := s.ssmVersions[name]
	s.toolkitMu.Unlock()
	if ok {
		return v, nil
	}
	v, err := readVersion(ctx, d.SSM, name)
	if err != nil {
		return 0, err
	}
	s.toolkitMu.Lock()
	if s.ssmVersions == nil {
		s.ssmVersions = map[string]int{}
	}
	s.ssmVersions[name] = v
	s.toolkitMu.Unlock()
	return v, nil
}

// readVersion reads the bootstrap version the SSM parameter name holds.
func readVersion(ctx context.Context, r ParameterReader, name string) (int, error) {
	value, err := r.GetParameter(ctx, name)
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil {
		return 0, fmt.Errorf("the SSM parameter %s holds %q, not a bootstrap version number", name, value)
	}
	return v, nil
}

func isAccessDenied(err error) bool {
	var se *SSMError
	return errors.As(err, &se) && (se.Code == "AccessDeniedException" || se.Code == "AccessDenied" || se.Status == http.StatusForbidden)
}

// templateLocation returns the template as a body, or uploads it to the
// bootstrap bucket and returns its URL when it is over MaxBodyBytes.
func (d *Deployer) templateLocation(ctx context.Context, st *Stack) (body, url *string, err error) {
	if len(st.Template) <= MaxBodyBytes {
		return aws.String(string(st.Template)), nil, nil
	}
	why := fmt.Sprintf("its template is %d bytes, over the %d bytes CloudFormation takes inline, so it is uploaded to the bootstrap bucket", len(st.Template), MaxBodyBytes)
	tk, err := d.toolkitInfo(ctx, why)
	if err != nil {
		return nil, nil, err
	}
	if d.S3 == nil {
		return nil, nil, fmt.Errorf("%s, and no S3 client is configured", why)
	}
	sum := sha256.Sum256(st.Template)
	key := "cdk/" + st.Name + "/" + hex.EncodeToString(sum[:]) + ".json"
	if err := d.S3.PutObject(ctx, tk.BucketName, key, st.Template, "application/json"); err != nil {
		return nil, nil, fmt.Errorf("uploading the template to s3://%s/%s: %w", tk.BucketName, key, err)
	}
	u := d.templateURL(tk.BucketName, key)
	return nil, &u, nil
}

func (d *Deployer) templateURL(bucket, key string) string {
	if d.TemplateURL != nil {
		return d.TemplateURL(bucket, key)
	}
	region := d.Region
	if region == "" {
		region = "us-east-1"
	}
	return "https://s3." + region + ".amazonaws.com/" + bucket + "/" + key
}

// PrintOutputs prints each stack's outputs, sorted, as Stack.Key = Value.
func PrintOutputs(w io.Writer, results []Result) {
	for _, r := range results {
		if len(r.Outputs) == 0 || r.Stack == nil {
			continue
		}
		fmt.Fprintf(w, "\nOutputs:\n")
		keys := make([]string, 0, len(r.Outputs))
		for k := range r.Outputs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "%s.%s = %s\n", r.Stack.DisplayName, k, r.Outputs[k])
		}
	}
}
