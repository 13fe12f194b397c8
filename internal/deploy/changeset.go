package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// ChangeSetName is the name of the change sets forma creates.
const ChangeSetName = "forma-deploy"

// noChanges reports CloudFormation's two ways of saying there is nothing
// to do: a FAILED change set that "didn't contain changes", and UpdateStack's
// "No updates are to be performed."
func noChanges(reason string) bool {
	return strings.Contains(reason, "didn't contain changes") || strings.Contains(reason, "No updates are to be performed")
}

// waitChangeSet polls until the change set is created or failed, and
// returns it with all its changes.
func (d *Deployer) waitChangeSet(ctx context.Context, st *Stack, id string, r Renderer) (*cloudformation.DescribeChangeSetOutput, error) {
	poll := d.poller()
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
		if err := poll.wait(ctx); err != nil {
			return nil, fmt.Errorf("waiting for the change set: %w (CloudFormation goes on creating it; nothing was executed)", ErrInterrupted)
		}
	}
}

// changeSet deploys through a change set: created, approved, executed
// and followed; one that "didn't contain changes" is deleted.
func (op *operation) changeSet(ctx context.Context) (Result, error) {
	d, st := op.d, op.st
	csType := types.ChangeSetTypeUpdate
	if op.isNew {
		csType = types.ChangeSetTypeCreate
	}
	input := &cloudformation.CreateChangeSetInput{
		StackName: aws.String(st.Name), ChangeSetName: aws.String(ChangeSetName), ChangeSetType: csType,
		TemplateBody: op.body, TemplateURL: op.url, Parameters: op.params, Tags: op.tags,
		Capabilities: op.caps, RoleARN: op.role,
		Description: aws.String("forma deploy"),
	}
	created, err := d.CFN.CreateChangeSet(ctx, input)
	if err != nil && apiCode(err) == "AlreadyExistsException" && strings.Contains(apiMessage(err), "ChangeSet") {
		// A change set left by an earlier run: replace it.
		if _, derr := d.CFN.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{StackName: aws.String(st.Name), ChangeSetName: aws.String(ChangeSetName)}); derr != nil {
			return op.res, fmt.Errorf("deleting the earlier change set %s: %v", ChangeSetName, derr)
		}
		created, err = d.CFN.CreateChangeSet(ctx, input)
	}
	if err != nil {
		return op.res, fmt.Errorf("creating a change set: %w", err)
	}
	op.res.StackID = aws.ToString(created.StackId)
	cs, err := d.waitChangeSet(ctx, st, aws.ToString(created.Id), op.r)
	if err != nil {
		return op.res, err
	}
	if cs.Status == types.ChangeSetStatusFailed {
		reason := aws.ToString(cs.StatusReason)
		if noChanges(reason) {
			if _, err := d.CFN.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{ChangeSetName: created.Id}); err != nil {
				return op.res, fmt.Errorf("deleting the empty change set: %w", err)
			}
			return op.noChange(ctx)
		}
		return op.res, fmt.Errorf("the change set failed: %s", reason)
	}
	if err := op.approve(ctx, cs); err != nil {
		return op.res, err
	}
	if op.opts.NoExecute {
		op.res.ChangeSetID = aws.ToString(created.Id)
		op.r.Line("%s: change set %s created and not executed (--no-execute); %d change(s): execute it with aws cloudformation execute-change-set --change-set-name %s", st.DisplayName, ChangeSetName, len(cs.Changes), aws.ToString(created.Id))
		return op.res, nil
	}
	baseline, err := d.latestEvent(ctx, op.res.StackID)
	if err != nil {
		return op.res, err
	}
	if _, err := d.CFN.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{
		ChangeSetName: created.Id, DisableRollback: aws.Bool(op.opts.NoRollback),
	}); err != nil {
		return op.res, fmt.Errorf("executing the change set: %w", err)
	}
	return d.finish(ctx, st, op.res, baseline, op.isNew, op.r)
}
