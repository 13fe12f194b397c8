package codedeploy

import (
	"fmt"
	"maps"
	"slices"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codedeploy/codedeploycfn"
)

// InstanceTagGroup is one group of instance tags: tag key to values. An
// instance matches the group when it has one of the tags; a key with no
// values matches any value (KEY_ONLY), an empty key matches the values on
// any key (VALUE_ONLY).
type InstanceTagGroup map[string][]string

// InstanceTagSet is up to three tag groups; an instance is in the
// deployment group when it matches every group of the set.
type InstanceTagSet []InstanceTagGroup

// ITargetGroup is a load balancer target group known by name.
type ITargetGroup interface {
	// TargetGroupName is the group's name.
	TargetGroupName() string
}

// LoadBalancer is where a server deployment group's instances take
// traffic: LoadBalancerApplication, LoadBalancerNetwork or
// LoadBalancerClassic.
type LoadBalancer struct {
	classic bool
	name    string
}

// LoadBalancerApplication is an Application Load Balancer's target group.
func LoadBalancerApplication(tg ITargetGroup) LoadBalancer {
	return LoadBalancer{name: tg.TargetGroupName()}
}

// LoadBalancerNetwork is a Network Load Balancer's target group.
func LoadBalancerNetwork(tg ITargetGroup) LoadBalancer {
	return LoadBalancer{name: tg.TargetGroupName()}
}

// LoadBalancerClassic is a Classic Load Balancer, by name.
func LoadBalancerClassic(name string) LoadBalancer { return LoadBalancer{classic: true, name: name} }

// ServerDeploymentGroupProps configures NewServerDeploymentGroup.
type ServerDeploymentGroupProps struct {
	DeploymentGroupOptions
	// Application default: a new ServerApplication "Application" under the group.
	Application IServerApplication
	// DeploymentConfig default: CodeDeployDefault.OneAtATime (left out of
	// the template, as the AWS CDK leaves it, CodeDeploy's default).
	DeploymentConfig IServerDeploymentConfig
	// AutoScalingGroups are the names of the Auto Scaling groups deployed to.
	AutoScalingGroups []string
	// InstallAgent: the AWS CDK installs the CodeDeploy agent through the
	// user data of the AWS CDK's AutoScalingGroup constructs. forma takes
	// Auto Scaling groups by name, whose user data it cannot change: put
	// AgentInstallCommands in the launch template's user data instead. The
	// field is accepted for parity and has no effect on the template.
	InstallAgent *bool
	// LoadBalancer routes traffic during deployments (WITH_TRAFFIC_CONTROL).
	LoadBalancer *LoadBalancer
	// LoadBalancers is LoadBalancer for several; given, it must not be empty.
	LoadBalancers []LoadBalancer
	// EC2InstanceTags selects EC2 instances by tag.
	EC2InstanceTags InstanceTagSet
	// OnPremiseInstanceTags selects on-premises instances by tag.
	OnPremiseInstanceTags InstanceTagSet
	// TerminationHook lets Auto Scaling wait for deployments to finish
	// before terminating instances; default: left out (false).
	TerminationHook bool
}

// ServerDeploymentGroup deploys to EC2 and on-premises instances, the AWS
// CDK's ServerDeploymentGroup: a service role "Role" with
// service-role/AWSCodeDeployRole, a new application unless one is given,
// instances by tag set and Auto Scaling group, load balancers with
// traffic control, alarms and auto-rollback.
//
// Deliberate difference from the AWS CDK: the keys of an InstanceTagGroup
// are written sorted (Go maps have no order; the AWS CDK keeps the
// program's order).
type ServerDeploymentGroup struct {
	DeploymentGroup
}

// NewServerDeploymentGroup creates a server deployment group.
func NewServerDeploymentGroup(scope constructs.Construct, id string, props ServerDeploymentGroupProps) *ServerDeploymentGroup {
	g := &ServerDeploymentGroup{}
	g.Base = constructs.NewBase(g, scope, id)
	g.initRole(props.DeploymentGroupOptions, "Role", "service-role/AWSCodeDeployRole")
	app := constructs.NormalizeNil(props.Application)
	if app == nil {
		app = NewServerApplication(g, "Application", ApplicationProps{})
	}
	p := g.baseProps(app)
	g.config = ServerOneAtATime
	if c := constructs.NormalizeNil(props.DeploymentConfig); c != nil {
		g.config = c
		p.DeploymentConfigName = new(c.DeploymentConfigName())
	}
	if len(props.AutoScalingGroups) > 0 {
		p.AutoScalingGroups = append([]string(nil), props.AutoScalingGroups...)
	}
	lbs := props.LoadBalancers
	if lbs == nil && props.LoadBalancer != nil {
		lbs = []LoadBalancer{*props.LoadBalancer}
	}
	if props.LoadBalancers != nil && len(props.LoadBalancers) == 0 {
		g.Errorf("LoadBalancers is empty; give at least one load balancer or leave it nil")
	}
	if len(lbs) > 0 {
		info := &codedeploycfn.CfnDeploymentGroup_LoadBalancerInfoProperty{}
		for _, lb := range lbs {
			if lb.classic {
				info.ElbInfoList = append(info.ElbInfoList, codedeploycfn.CfnDeploymentGroup_ELBInfoProperty{Name: new(lb.name)})
			} else {
				info.TargetGroupInfoList = append(info.TargetGroupInfoList, codedeploycfn.CfnDeploymentGroup_TargetGroupInfoProperty{Name: new(lb.name)})
			}
		}
		p.LoadBalancerInfo = info
		p.DeploymentStyle = &codedeploycfn.CfnDeploymentGroup_DeploymentStyleProperty{DeploymentOption: new("WITH_TRAFFIC_CONTROL")}
	}
	if groups := g.tagGroups("EC2InstanceTags", props.EC2InstanceTags); groups != nil {
		set := &codedeploycfn.CfnDeploymentGroup_EC2TagSetProperty{}
		for _, tg := range groups {
			l := make([]codedeploycfn.CfnDeploymentGroup_EC2TagFilterProperty, len(tg))
			for i, f := range tg {
				l[i] = codedeploycfn.CfnDeploymentGroup_EC2TagFilterProperty(f)
			}
			set.Ec2TagSetList = append(set.Ec2TagSetList, codedeploycfn.CfnDeploymentGroup_EC2TagSetListObjectProperty{Ec2TagGroup: l})
		}
		p.Ec2TagSet = set
	}
	if groups := g.tagGroups("OnPremiseInstanceTags", props.OnPremiseInstanceTags); groups != nil {
		set := &codedeploycfn.CfnDeploymentGroup_OnPremisesTagSetProperty{}
		for _, tg := range groups {
			set.OnPremisesTagSetList = append(set.OnPremisesTagSetList, codedeploycfn.CfnDeploymentGroup_OnPremisesTagSetListObjectProperty{OnPremisesTagGroup: tg})
		}
		p.OnPremisesTagSet = set
	}
	if props.TerminationHook {
		p.TerminationHookEnabled = new(true)
	}
	g.Resource = codedeploycfn.NewCfnDeploymentGroup(g, "Resource", p)
	g.renderAlarms()
	return g
}

// tagGroups renders a tag set as the AWS CDK's tagGroup2TagsArray, keys sorted.
func (g *ServerDeploymentGroup) tagGroups(what string, set InstanceTagSet) [][]codedeploycfn.CfnDeploymentGroup_TagFilterProperty {
	if len(set) == 0 {
		return nil
	}
	if len(set) > 3 {
		g.Errorf("%s has %d tag groups; an instance tag set can have at most 3", what, len(set))
	}
	out := make([][]codedeploycfn.CfnDeploymentGroup_TagFilterProperty, 0, len(set))
	for _, group := range set {
		var l []codedeploycfn.CfnDeploymentGroup_TagFilterProperty
		for _, key := range slices.Sorted(maps.Keys(group)) {
			values := group[key]
			switch {
			case key != "" && len(values) > 0:
				for _, v := range values {
					l = append(l, codedeploycfn.CfnDeploymentGroup_TagFilterProperty{Key: new(key), Value: new(v), Type: new("KEY_AND_VALUE")})
				}
			case key != "":
				l = append(l, codedeploycfn.CfnDeploymentGroup_TagFilterProperty{Key: new(key), Type: new("KEY_ONLY")})
			case len(values) > 0:
				for _, v := range values {
					l = append(l, codedeploycfn.CfnDeploymentGroup_TagFilterProperty{Value: new(v), Type: new("VALUE_ONLY")})
				}
			default:
				g.Errorf("%s: a tag filter has an empty key and no values; give a key, values or both", what)
			}
		}
		out = append(out, l)
	}
	return out
}

// AgentInstallCommands returns the user data commands that install the
// CodeDeploy agent from the region's aws-codedeploy-REGION bucket, as the
// AWS CDK adds them to an Auto Scaling group's user data (Linux, or
// PowerShell for Windows). The instances' role needs s3:GetObject* on
// arn:aws:s3:::aws-codedeploy-REGION/latest/*.
func AgentInstallCommands(region string, windows bool) []string {
	if windows {
		return []string{
			"Set-Variable -Name TEMPDIR -Value (New-TemporaryFile).DirectoryName",
			fmt.Sprintf(`aws s3 cp s3://aws-codedeploy-%s/latest/codedeploy-agent.msi $TEMPDIR\codedeploy-agent.msi`, region),
			"cd $TEMPDIR",
			`.\codedeploy-agent.msi /quiet /l c:\temp\host-agent-install-log.txt`,
		}
	}
	return []string{
		"set +e", "PKG_CMD=`which yum 2>/dev/null`", "set -e",
		`if [ -z "$PKG_CMD" ]; then`, "PKG_CMD=apt-get", "else", "PKG_CMD=yum", "fi",
		"$PKG_CMD update -y", "set +e", "$PKG_CMD install -y ruby2.0", "RUBY2_INSTALL=$?", "set -e",
		"if [ $RUBY2_INSTALL -ne 0 ]; then", "$PKG_CMD install -y ruby", "fi",
		"AWS_CLI_PACKAGE_NAME=awscli", `if [ "$PKG_CMD" = "yum" ]; then`, "AWS_CLI_PACKAGE_NAME=aws-cli", "fi",
		"$PKG_CMD install -y $AWS_CLI_PACKAGE_NAME", "TMP_DIR=`mktemp -d`", "cd $TMP_DIR",
		fmt.Sprintf("aws s3 cp s3://aws-codedeploy-%s/latest/install . --region %s", region, region),
		"chmod +x ./install", "./install auto", "rm -fr $TMP_DIR",
	}
}

// AddAutoScalingGroup adds an Auto Scaling group, by name, to the
// deployment group. Install the CodeDeploy agent on its instances with
// AgentInstallCommands in its launch template's user data.
func (g *ServerDeploymentGroup) AddAutoScalingGroup(name string) {
	g.Resource.Props.AutoScalingGroups = append(g.Resource.Props.AutoScalingGroups, name)
}
