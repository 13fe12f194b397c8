package deploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

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
