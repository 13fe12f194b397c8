package parity

import (
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/cfn"
	"github.com/forma-iac/forma/constructs/ec2"
	"github.com/forma-iac/forma/constructs/ecr"
	"github.com/forma-iac/forma/constructs/ecs"
	"github.com/forma-iac/forma/constructs/iam"
	"github.com/forma-iac/forma/constructs/logs"
)

// ECR repositories and their grants, IAM roles and policies, and security
// groups without outbound traffic (oracle/ecr-iam.js).

const otherAccount = "111122223333"

func registry(app *constructs.App) *constructs.Stack {
	return constructs.NewStack(app, "Registry", constructs.StackProps{})
}

func ecrCrossAccountPull(app *constructs.App) {
	stack := registry(app)
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
	repo.GrantPull(iam.NewAccountPrincipal(otherAccount))
	role := iam.NewRole(stack, "Puller", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	repo.GrantPull(role)
}

func ecrServicePull(app *constructs.App) {
	stack := registry(app)
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{RepositoryName: "builds"})
	repo.GrantPull(iam.NewServicePrincipal("codebuild.amazonaws.com"))
	repo.GrantPull(iam.NewARNPrincipal("arn:aws:iam::" + otherAccount + ":role/deployer"))
	repo.GrantRead(iam.NewAccountRootPrincipal())
}

func ecrLifecycle(app *constructs.App) {
	stack := registry(app)
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{
		LifecycleRules: []ecr.LifecycleRule{{TagPrefixList: []string{"prod"}, MaxImageCount: 9999}},
	})
	repo.AddLifecycleRule(ecr.LifecycleRule{MaxImageAge: 30 * 24 * time.Hour, Description: "expire old images"})
	repo.AddLifecycleRule(ecr.LifecycleRule{TagStatus: ecr.TagStatusUntagged, MaxImageCount: 1, RulePriority: 1, Description: "one untagged"})
	repo.AddLifecycleRule(ecr.LifecycleRule{TagPatternList: []string{"v*-rc*"}, MaxImageCount: 5})
	ecr.NewRepository(stack, "Other", ecr.RepositoryProps{LifecycleRegistryID: otherAccount})
}

func ecrPush(app *constructs.App) {
	stack := registry(app)
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
	both := ecr.NewRepository(stack, "Both", ecr.RepositoryProps{})
	ci := iam.NewRole(stack, "CI", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("codebuild.amazonaws.com")})
	repo.GrantPush(ci)
	both.GrantPullPush(ci)
	both.GrantPush(iam.NewAccountPrincipal(otherAccount))
}

func ecrEmptyOnDelete(app *constructs.App) {
	stack := registry(app)
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{
		EmptyOnDelete:      true,
		RemovalPolicy:      cfn.PolicyDelete,
		ImageScanOnPush:    new(true),
		ImageTagMutability: ecr.TagImmutable,
		EncryptionKeyARN:   "arn:aws:kms:us-east-1:" + otherAccount + ":key/1234abcd-12ab-34cd-56ef-1234567890ab",
	})
	repo.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{
		Sid:        "AllowOrgPull",
		Actions:    []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
		Principals: []iam.IPrincipal{iam.NewAnyPrincipal()},
		Conditions: map[string]map[string]any{"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
	}))
	ecr.NewRepository(stack, "Kms", ecr.RepositoryProps{Encryption: ecr.EncryptionKMS, ImageScanOnPush: new(false)})
	ecr.NewRepository(stack, "Excl", ecr.RepositoryProps{
		ImageTagMutability:                 ecr.TagImmutableWithExclusion,
		ImageTagMutabilityExclusionFilters: []string{"dev-*", "latest"},
	})
}

func iamInlineOrder(app *constructs.App) {
	stack := constructs.NewStack(app, "Identity", constructs.StackProps{})
	doc := func(action, resource string) *iam.PolicyDocument {
		return iam.NewPolicyDocument(iam.PolicyDocumentProps{Statements: []*iam.PolicyStatement{
			iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{action}, Resources: []string{resource}}),
		}})
	}
	iam.NewRole(stack, "Role", iam.RoleProps{
		AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com"),
		OrderedInlinePolicies: []iam.InlinePolicy{
			{Name: "zeta", Document: doc("s3:GetObject", "arn:aws:s3:::zeta/*")},
			{Name: "alpha", Document: doc("sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:alpha")},
			{Name: "mid", Document: doc("sns:Publish", "*")},
		},
	})
}

func iamEqualStatements(app *constructs.App) {
	stack := constructs.NewStack(app, "Identity", constructs.StackProps{})
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	add := func(actions, resources []string) {
		role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: actions, Resources: resources}))
	}
	add([]string{"s3:GetObject", "s3:PutObject"}, []string{"arn:aws:s3:::b/*", "arn:aws:s3:::a/*"})
	add([]string{"s3:PutObject", "s3:GetObject"}, []string{"arn:aws:s3:::a/*", "arn:aws:s3:::b/*"})
	add([]string{"s3:GetObject"}, []string{"*"})
	iam.NewPolicy(stack, "Own", iam.PolicyProps{Roles: []iam.IRole{role}, Statements: []*iam.PolicyStatement{
		iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"sqs:SendMessage", "sqs:GetQueueUrl"}, Resources: []string{"*"}}),
		iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"sqs:GetQueueUrl", "sqs:SendMessage"}, Resources: []string{"*"}}),
	}})
}

func iamMinimize(app *constructs.App) {
	stack := constructs.NewStack(app, "Identity", constructs.StackProps{})
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	a := ecr.NewRepository(stack, "RepoA", ecr.RepositoryProps{})
	b := ecr.NewRepository(stack, "RepoB", ecr.RepositoryProps{})
	a.GrantPull(role)
	b.GrantPull(role)
	stmt := func(p iam.PolicyStatementProps) *iam.PolicyStatement { return iam.NewPolicyStatement(p) }
	role.AddToPolicy(stmt(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::bucket-b/*"}}))
	role.AddToPolicy(stmt(iam.PolicyStatementProps{Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::bucket-a/*"}}))
	role.AddToPolicy(stmt(iam.PolicyStatementProps{Actions: []string{"s3:PutObject"}, Resources: []string{"arn:aws:s3:::bucket-a/*"}}))
	role.AddToPolicy(stmt(iam.PolicyStatementProps{Actions: []string{"sqs:SendMessage"}, Resources: []string{"*"}, Conditions: map[string]map[string]any{"Bool": {"aws:SecureTransport": "true"}}}))
	role.AddToPolicy(stmt(iam.PolicyStatementProps{Sid: "Kept", Actions: []string{"sns:Publish"}, Resources: []string{"*"}}))
	iam.NewManagedPolicy(stack, "Managed", iam.ManagedPolicyProps{
		Roles: []iam.IRole{role},
		Statements: []*iam.PolicyStatement{
			stmt(iam.PolicyStatementProps{Actions: []string{"logs:CreateLogStream"}, Resources: []string{"*"}}),
			stmt(iam.PolicyStatementProps{Actions: []string{"logs:PutLogEvents"}, Resources: []string{"*"}}),
		},
	})
	a.GrantPull(iam.NewServicePrincipal("codebuild.amazonaws.com"))
	a.GrantPull(iam.NewServicePrincipal("codepipeline.amazonaws.com"))
	group := logs.NewLogGroup(stack, "Group", logs.LogGroupProps{})
	group.GrantWrite(iam.NewServicePrincipal("events.amazonaws.com"))
	group.GrantWrite(iam.NewServicePrincipal("delivery.logs.amazonaws.com"))
}

func iamMinimizeMixed(app *constructs.App) {
	stack := constructs.NewStack(app, "Identity", constructs.StackProps{})
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
	pull := []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}
	add := func(effect iam.Effect, actions []string, p iam.IPrincipal) {
		repo.AddToResourcePolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Effect: effect, Actions: actions, Principals: []iam.IPrincipal{p}}))
	}
	add(iam.Allow, pull, iam.NewAccountPrincipal("444455556666"))
	add(iam.Allow, pull, iam.NewServicePrincipal("lambda.amazonaws.com"))
	add(iam.Allow, pull, iam.NewAccountPrincipal("111122223333"))
	add(iam.Allow, []string{"ecr:ListImages"}, iam.NewAccountPrincipal("111122223333"))
	add(iam.Deny, []string{"ecr:DeleteRepository"}, iam.NewAnyPrincipal())
	add(iam.Deny, []string{"ecr:SetRepositoryPolicy"}, iam.NewAnyPrincipal())
	role := iam.NewRole(stack, "Role", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("ecs-tasks.amazonaws.com")})
	via := map[string]map[string]any{"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Effect: iam.Deny, NotActions: []string{"s3:*"}, Resources: []string{"*"}}))
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Effect: iam.Deny, NotActions: []string{"s3:*"}, Resources: []string{"arn:aws:s3:::x"}}))
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"kms:Decrypt"}, Resources: []string{"arn:aws:kms:us-east-1:111122223333:key/a"}, Conditions: via}))
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"kms:Decrypt"}, Resources: []string{"arn:aws:kms:us-east-1:111122223333:key/b"}, Conditions: via}))
	role.AddToPolicy(iam.NewPolicyStatement(iam.PolicyStatementProps{Actions: []string{"kms:Encrypt"}, Resources: []string{"arn:aws:kms:us-east-1:111122223333:key/a"}}))
	repo.GrantPull(role)
}

func logsResourcePolicy(app *constructs.App) {
	stack := constructs.NewStack(app, "Logs", constructs.StackProps{})
	group := logs.NewLogGroup(stack, "Group", logs.LogGroupProps{})
	group.GrantWrite(iam.NewServicePrincipal("delivery.logs.amazonaws.com"))
	group.GrantRead(iam.NewARNPrincipal("arn:aws:iam::" + otherAccount + ":role/reader"))
	group.Grant(iam.NewAccountPrincipal("444455556666"), "logs:DescribeLogStreams")
	named := logs.NewLogGroup(stack, "Named", logs.LogGroupProps{LogGroupName: "my/group"})
	named.GrantWrite(iam.NewServicePrincipal("events.amazonaws.com"))
	role := iam.NewRole(stack, "Writer", iam.RoleProps{AssumedBy: iam.NewServicePrincipal("lambda.amazonaws.com")})
	named.GrantWrite(role)
}

func sgNoOutbound(app *constructs.App) {
	stack := constructs.NewStack(app, "Net", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 1, NatGateways: new(0), SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Isolated", SubnetType: ec2.SubnetPrivateIsolated}}})
	closed := func(id string, disableInline bool) *ec2.SecurityGroup {
		return ec2.NewSecurityGroup(stack, id, ec2.SecurityGroupProps{Vpc: vpc, AllowAllOutbound: new(false), DisableInlineRules: disableInline})
	}
	separate := closed("Separate", true)
	separate.AddEgressRule(ec2.IPv4("10.0.0.0/16"), ec2.TCP(443), "https inside")
	closed("SeparateV6", true).AddEgressRule(ec2.IPv6("2001:db8::/32"), ec2.TCP(443), "https v6")
	closed("SeparateEmpty", true).AddIngressRule(ec2.IPv4("10.0.0.0/16"), ec2.TCP(22), "")
	inline := closed("Inline", false)
	inline.AddEgressRule(ec2.IPv4("10.0.0.0/16"), ec2.TCP(443), "https inside")
	closed("InlineV6", false).AddEgressRule(ec2.IPv6("2001:db8::/32"), ec2.TCP(443), "https v6")
	ec2.NewSecurityGroup(stack, "Open", ec2.SecurityGroupProps{Vpc: vpc, DisableInlineRules: true}).
		AddEgressRule(ec2.IPv6("2001:db8::/32"), ec2.TCP(443), "https v6")
	separate.Connections().AllowTo(inline, ec2.TCP(5432), "db")
}

func sgIPv6Outbound(app *constructs.App) {
	stack := constructs.NewStack(app, "Net", constructs.StackProps{})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 1, NatGateways: new(0), SubnetConfiguration: []ec2.SubnetConfiguration{{Name: "Isolated", SubnetType: ec2.SubnetPrivateIsolated}}})
	for _, g := range []struct {
		id                              string
		disableInline, allowAllOutbound bool
	}{{"InlineClosed", false, false}, {"SeparateClosed", true, false}, {"InlineOpen", false, true}, {"SeparateOpen", true, true}} {
		sg := ec2.NewSecurityGroup(stack, g.id, ec2.SecurityGroupProps{Vpc: vpc, AllowAllIPv6Outbound: true, AllowAllOutbound: new(g.allowAllOutbound), DisableInlineRules: g.disableInline})
		sg.AddEgressRule(ec2.IPv6("2001:db8::/32"), ec2.TCP(443), "ignored")
		sg.AddEgressRule(ec2.IPv4("10.0.0.0/16"), ec2.TCP(443), "https inside")
	}
}

func init() {
	register(
		Case{Name: "ecr-cross-account-pull", Build: ecrCrossAccountPull},
		Case{Name: "ecr-service-pull", Build: ecrServicePull},
		Case{Name: "ecr-lifecycle", Build: ecrLifecycle},
		Case{Name: "ecr-push", Build: ecrPush},
		Case{Name: "ecr-empty-on-delete", Build: ecrEmptyOnDelete},
		Case{Name: "iam-inline-order", Build: iamInlineOrder},
		Case{Name: "iam-equal-statements", Build: iamEqualStatements},
		Case{Name: "iam-minimize", Context: map[string]any{constructs.FlagIAMMinimizePolicies: true}, Build: iamMinimize},
		Case{Name: "iam-no-minimize", Build: iamMinimize},
		Case{Name: "iam-minimize-mixed", Context: map[string]any{constructs.FlagIAMMinimizePolicies: true}, Build: iamMinimizeMixed},
		Case{Name: "logs-resource-policy", Build: logsResourcePolicy},
		Case{Name: "sg-no-outbound", Build: sgNoOutbound},
		Case{Name: "sg-ipv6-outbound", Build: sgIPv6Outbound},
		Case{Name: "sg-no-outbound-context", Context: map[string]any{constructs.FlagSecurityGroupDisableInlineRules: true}, Build: sgNoOutbound},
	)
}

func ecrECSImage(app *constructs.App) {
	stack := constructs.NewStack(app, "Images", constructs.StackProps{})
	repo := ecr.NewRepository(stack, "Repo", ecr.RepositoryProps{})
	imported := ecr.RepositoryFromName(stack, "Imported", "shared/base")
	td := ecs.NewFargateTaskDefinition(stack, "TD", ecs.FargateTaskDefinitionProps{})
	td.AddContainer("web", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromECRRepository(repo, "v1"), MemoryLimitMiB: 512})
	td.AddContainer("sidecar", ecs.ContainerDefinitionOptions{Image: ecs.ImageFromECRRepository(imported, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), MemoryLimitMiB: 256})
	audit := logs.NewLogGroup(stack, "Audit", logs.LogGroupProps{})
	audit.GrantWrite(td.TaskRole)
	reader := iam.NewRole(stack, "Reader", iam.RoleProps{AssumedBy: iam.NewAccountRootPrincipal()})
	audit.GrantRead(reader)
	repo.GrantPullPush(reader)
}

func init() {
	register(Case{Name: "ecr-ecs-image", Build: ecrECSImage})
}
