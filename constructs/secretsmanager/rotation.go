package secretsmanager

import (
	"fmt"
	"strconv"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/kms"
	"github.com/forma-iac/forma/constructs/lambda"
	"github.com/forma-iac/forma/constructs/secretsmanager/secretsmanagercfn"
)

// RotationScheduleOptions configures ISecret.AddRotationSchedule.
type RotationScheduleOptions struct {
	// RotationLambda is the function that rotates the secret (required).
	// A function defined in the program is allowed to read and update the
	// secret (and use its key through Secrets Manager), and Secrets Manager
	// is allowed to invoke it, as the AWS CDK does.
	RotationLambda lambda.IFunction
	// AutomaticallyAfter is the time between rotations, from 4 hours to
	// 1000 days; default 30 days.
	AutomaticallyAfter time.Duration
	// RotateImmediatelyOnUpdate default: not written (Secrets Manager
	// rotates immediately).
	RotateImmediatelyOnUpdate *bool
	// NoAutomaticRotation writes no rotation rules: the secret rotates only
	// when asked (the AWS CDK's automaticallyAfter Duration.days(0)). Not
	// with AutomaticallyAfter.
	NoAutomaticRotation bool
}

// RotationScheduleProps configures NewRotationSchedule.
type RotationScheduleProps struct {
	RotationScheduleOptions
	// Secret to rotate (required).
	Secret ISecret
}

// RotationSchedule is an AWS::SecretsManager::RotationSchedule with a
// rotation function, the AWS CDK's secretsmanager.RotationSchedule. It
// denies the deletion of the secret to the account, as the AWS CDK does.
type RotationSchedule struct {
	constructs.Base
	// Resource is the L1 resource.
	Resource *secretsmanagercfn.CfnRotationSchedule
}

// NewRotationSchedule creates a rotation schedule.
func NewRotationSchedule(scope constructs.Construct, id string, props RotationScheduleProps) *RotationSchedule {
	props.Secret, props.RotationLambda = constructs.NormalizeNil(props.Secret), constructs.NormalizeNil(props.RotationLambda)
	r := &RotationSchedule{}
	r.Base = constructs.NewBase(r, scope, id)
	var problems []string
	r.Node().AddValidation(constructs.ValidationFunc(func() []string { return problems }))
	if props.Secret == nil {
		problems = append(problems, "RotationScheduleProps.Secret is required: set the secret to rotate")
	}
	if props.RotationLambda == nil {
		problems = append(problems, "RotationLambda is required: set the Lambda function that rotates the secret")
	}
	if props.Secret == nil || props.RotationLambda == nil {
		r.Resource = secretsmanagercfn.NewCfnRotationSchedule(r, "Resource", secretsmanagercfn.CfnRotationScheduleProps{})
		return r
	}
	secret, fn := props.Secret, props.RotationLambda
	if f, ok := fn.(*lambda.Function); ok {
		if key := secret.EncryptionKey(); key != nil {
			region := constructs.StackOf(r).Region()
			key.GrantEncryptDecrypt(kms.NewViaServicePrincipal("secretsmanager."+region+".amazonaws.com", f.GrantPrincipal()))
		}
		grant := f.GrantInvoke(iam.NewServicePrincipal("secretsmanager.amazonaws.com"))
		defer grant.ApplyBefore(r)
		arn := secret.SecretFullARN()
		if arn == "" {
			arn = secret.SecretARN() + "-??????"
		}
		f.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:   []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"},
			Resources: []string{arn},
		}))
		f.AddToRolePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
			Actions:   []string{"secretsmanager:GetRandomPassword"},
			Resources: []string{"*"},
		}))
	}
	after := props.AutomaticallyAfter
	if after == 0 {
		after = 30 * 24 * time.Hour
	}
	var rules *secretsmanagercfn.CfnRotationSchedule_RotationRulesProperty
	if !props.NoAutomaticRotation {
		rules = &secretsmanagercfn.CfnRotationSchedule_RotationRulesProperty{ScheduleExpression: new(rateExpression(after))}
	}
	switch {
	case props.NoAutomaticRotation && props.AutomaticallyAfter != 0:
		problems = append(problems, fmt.Sprintf("NoAutomaticRotation and AutomaticallyAfter %s are both set; keep one", props.AutomaticallyAfter))
	case props.NoAutomaticRotation:
	case after < 4*time.Hour:
		problems = append(problems, fmt.Sprintf("AutomaticallyAfter %s is shorter than 4 hours, the shortest rotation interval", after))
	case after > 1000*24*time.Hour:
		problems = append(problems, fmt.Sprintf("AutomaticallyAfter %s is longer than 1000 days, the longest rotation interval", after))
	}
	r.Resource = secretsmanagercfn.NewCfnRotationSchedule(r, "Resource", secretsmanagercfn.CfnRotationScheduleProps{
		SecretId:                  secret.SecretARN(),
		RotationLambdaARN:         new(fn.FunctionARN()),
		RotationRules:             rules,
		RotateImmediatelyOnUpdate: props.RotateImmediatelyOnUpdate,
	})
	secret.DenyAccountRootDelete()
	return r
}

// rateExpression is the AWS CDK's Schedule.rate: the largest whole unit
// of days, hours and minutes, singular for 1.
func rateExpression(d time.Duration) string {
	unit := func(n int64, one string) string {
		if n == 1 {
			return "rate(1 " + one + ")"
		}
		return "rate(" + strconv.FormatInt(n, 10) + " " + one + "s)"
	}
	switch {
	case d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	default:
		return unit(int64(d/time.Minute), "minute")
	}
}
