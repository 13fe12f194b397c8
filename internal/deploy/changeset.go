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
