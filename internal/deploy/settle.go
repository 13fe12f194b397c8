package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

func inProgress(status types.StackStatus) bool {
	return strings.HasSuffix(string(status), "_IN_PROGRESS") && status != types.StackStatusReviewInProgress
}

// settle waits for an operation in progress to end and resolves the states
// that stop a deployment; it returns the stack to update, or nil to create.
func (d *Deployer) settle(ctx context.Context, st *Stack, r Renderer) (*types.Stack, error) {
	waited := false
	poll := d.poller()
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
			if err := poll.wait(ctx); err != nil {
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
