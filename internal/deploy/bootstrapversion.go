package deploy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

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
