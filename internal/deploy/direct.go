package deploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// direct deploys with CreateStack or UpdateStack, once approved.
func (op *operation) direct(ctx context.Context) (Result, error) {
	d, st := op.d, op.st
	if err := op.approve(ctx, nil); err != nil {
		return op.res, err
	}
	if op.cur != nil && op.cur.StackStatus == types.StackStatusReviewInProgress {
		// CreateStack refuses the name of a stack in review: delete it.
		if err := d.deleteAndWait(ctx, st, aws.ToString(op.cur.StackId), d.role, op.r); err != nil {
			return op.res, err
		}
	}
	if op.isNew {
		out, err := d.CFN.CreateStack(ctx, &cloudformation.CreateStackInput{
			StackName: aws.String(st.Name), TemplateBody: op.body, TemplateURL: op.url, Parameters: op.params, Tags: op.tags,
			Capabilities: op.caps, RoleARN: op.role, DisableRollback: aws.Bool(op.opts.NoRollback),
			EnableTerminationProtection: aws.Bool(st.TerminationProtection),
		})
		if err != nil {
			return op.res, fmt.Errorf("creating the stack: %w", err)
		}
		op.res.StackID = aws.ToString(out.StackId)
		st2 := *st
		st2.TerminationProtection = false // set by CreateStack already
		return d.finish(ctx, &st2, op.res, "", true, op.r)
	}
	baseline, err := d.latestEvent(ctx, op.res.StackID)
	if err != nil {
		return op.res, err
	}
	_, err = d.CFN.UpdateStack(ctx, &cloudformation.UpdateStackInput{
		StackName: aws.String(st.Name), TemplateBody: op.body, TemplateURL: op.url, Parameters: op.params, Tags: op.tags,
		Capabilities: op.caps, RoleARN: op.role, DisableRollback: aws.Bool(op.opts.NoRollback),
	})
	if err != nil {
		if noChanges(apiMessage(err)) {
			return op.noChange(ctx)
		}
		return op.res, fmt.Errorf("updating the stack: %w", err)
	}
	return d.finish(ctx, st, op.res, baseline, false, op.r)
}
