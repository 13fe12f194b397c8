package deploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// DestroyOptions are the destroy command's choices.
type DestroyOptions struct {
	Concurrency int
	// RoleARN is the role CloudFormation assumes (--role-arn); it wins
	// over the stack's cloudFormationExecutionRoleArn.
	RoleARN string
}

// Destroy deletes stacks in reverse dependency order (stacks is in
// dependency order); a stack that does not exist is skipped. Each stack's
// retained resources (DeletionPolicy Retain) are listed: they stay.
func (d *Deployer) Destroy(ctx context.Context, stacks []*Stack, opts DestroyOptions) error {
	d.renderer()
	d.state()
	errs := make([]*StackError, len(stacks))
	return d.schedule(ctx, stacks, opts.Concurrency, true, func(i int) error {
		st := stacks[i]
		d, err := d.forStack(ctx, st, opts.RoleARN)
		if err != nil {
			return err
		}
		return d.destroyOne(ctx, st)
	}, errs)
}

// destroyOne deletes one stack; d is the stack's deployer (forStack).
func (d *Deployer) destroyOne(ctx context.Context, st *Stack) error {
	r := d.renderer()
	cur, err := d.describe(ctx, st.Name)
	if err != nil {
		return err
	}
	if cur == nil {
		r.Line(" ✅  %s: does not exist; nothing to delete", st.DisplayName)
		return nil
	}
	poll := d.poller()
	for cur != nil && inProgress(cur.StackStatus) && cur.StackStatus != types.StackStatusDeleteInProgress {
		r.Line("%s: %s is in progress; waiting for it to finish", st.DisplayName, cur.StackStatus)
		if err := poll.wait(ctx); err != nil {
			return d.interrupted(st, aws.ToString(cur.StackId), r)
		}
		if cur, err = d.describe(ctx, st.Name); err != nil {
			return err
		}
	}
	if cur == nil {
		return nil
	}
	if retained, _ := RetainedResources(st.Template); len(retained) > 0 {
		r.Line("%s: retained resources, which deleting the stack leaves in place:", st.DisplayName)
		for _, id := range retained {
			r.Line("    %s", resourceName(st, id))
		}
	}
	r.Line("%s: destroying...", st.DisplayName)
	if err := d.deleteAndWait(ctx, st, aws.ToString(cur.StackId), d.role, r); err != nil {
		return err
	}
	r.Line(" ✅  %s: destroyed", st.DisplayName)
	return nil
}

// deleteAndWait deletes the stack with id and follows it to DELETE_COMPLETE.
func (d *Deployer) deleteAndWait(ctx context.Context, st *Stack, stackID, role string, r Renderer) error {
	baseline, err := d.latestEvent(ctx, stackID)
	if err != nil {
		return err
	}
	in := &cloudformation.DeleteStackInput{StackName: aws.String(stackID)}
	if role != "" {
		in.RoleARN = aws.String(role)
	}
	if _, err := d.CFN.DeleteStack(ctx, in); err != nil {
		return fmt.Errorf("deleting the stack: %w", err)
	}
	final, events, err := d.follow(ctx, st, stackID, baseline, r)
	r.Done(st)
	if err != nil {
		return err
	}
	if final.StackStatus != types.StackStatusDeleteComplete {
		return d.failure(st, final, events)
	}
	return nil
}
