package codedeploy

import (
	"fmt"
	"regexp"
	"time"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/codedeploy/codedeploycfn"
	"github.com/forma-iac/forma/constructs/token"
)

// IDeploymentConfig is a CodeDeploy deployment configuration: a predefined
// one (a ServerConfigName, ECSConfigName or LambdaConfigName constant, or
// the name of one that exists) or one defined in the stack.
type IDeploymentConfig interface {
	// DeploymentConfigName is the configuration's name.
	DeploymentConfigName() string
	// DeploymentConfigARN is the configuration's ARN as seen from scope: a
	// predefined configuration exists in every account and region, so its
	// ARN is in the account and region of scope's stack.
	DeploymentConfigARN(scope constructs.Construct) string
}

// IServerDeploymentConfig is a deployment configuration for EC2 and
// on-premises instances.
type IServerDeploymentConfig interface {
	IDeploymentConfig
	isServerConfig()
}

// IECSDeploymentConfig is a deployment configuration for ECS services.
type IECSDeploymentConfig interface {
	IDeploymentConfig
	isECSConfig()
}

// ILambdaDeploymentConfig is a deployment configuration for Lambda aliases.
type ILambdaDeploymentConfig interface {
	IDeploymentConfig
	isLambdaConfig()
}

// ServerConfigName names a server deployment configuration that exists:
// one of the predefined constants, or one created outside the stack.
type ServerConfigName string

// ECSConfigName names an ECS deployment configuration that exists.
type ECSConfigName string

// LambdaConfigName names a Lambda deployment configuration that exists.
type LambdaConfigName string

// The predefined deployment configurations CodeDeploy has in every region
// (CodeDeployDefault.*), as the AWS CDK's ServerDeploymentConfig,
// EcsDeploymentConfig and LambdaDeploymentConfig constants.
const (
	ServerOneAtATime  ServerConfigName = "CodeDeployDefault.OneAtATime"
	ServerHalfAtATime ServerConfigName = "CodeDeployDefault.HalfAtATime"
	ServerAllAtOnce   ServerConfigName = "CodeDeployDefault.AllAtOnce"

	ECSAllAtOnce                    ECSConfigName = "CodeDeployDefault.ECSAllAtOnce"
	ECSLinear10PercentEvery1Minutes ECSConfigName = "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"
	ECSLinear10PercentEvery3Minutes ECSConfigName = "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"
	ECSCanary10Percent5Minutes      ECSConfigName = "CodeDeployDefault.ECSCanary10Percent5Minutes"
	ECSCanary10Percent15Minutes     ECSConfigName = "CodeDeployDefault.ECSCanary10Percent15Minutes"

	LambdaAllAtOnce                     LambdaConfigName = "CodeDeployDefault.LambdaAllAtOnce"
	LambdaCanary10Percent5Minutes       LambdaConfigName = "CodeDeployDefault.LambdaCanary10Percent5Minutes"
	LambdaCanary10Percent10Minutes      LambdaConfigName = "CodeDeployDefault.LambdaCanary10Percent10Minutes"
	LambdaCanary10Percent15Minutes      LambdaConfigName = "CodeDeployDefault.LambdaCanary10Percent15Minutes"
	LambdaCanary10Percent30Minutes      LambdaConfigName = "CodeDeployDefault.LambdaCanary10Percent30Minutes"
	LambdaLinear10PercentEvery1Minute   LambdaConfigName = "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"
	LambdaLinear10PercentEvery2Minutes  LambdaConfigName = "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes"
	LambdaLinear10PercentEvery3Minutes  LambdaConfigName = "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes"
	LambdaLinear10PercentEvery10Minutes LambdaConfigName = "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes"
)

// DeploymentConfigName returns n.
func (n ServerConfigName) DeploymentConfigName() string { return string(n) }

// DeploymentConfigARN returns the ARN of n in the account and region of scope's stack.
func (n ServerConfigName) DeploymentConfigARN(scope constructs.Construct) string {
	return configARN(scope, string(n))
}
func (ServerConfigName) isServerConfig() {}

// DeploymentConfigName returns n.
func (n ECSConfigName) DeploymentConfigName() string { return string(n) }

// DeploymentConfigARN returns the ARN of n in the account and region of scope's stack.
func (n ECSConfigName) DeploymentConfigARN(scope constructs.Construct) string {
	return configARN(scope, string(n))
}
func (ECSConfigName) isECSConfig() {}

// DeploymentConfigName returns n.
func (n LambdaConfigName) DeploymentConfigName() string { return string(n) }

// DeploymentConfigARN returns the ARN of n in the account and region of scope's stack.
func (n LambdaConfigName) DeploymentConfigARN(scope constructs.Construct) string {
	return configARN(scope, string(n))
}
func (LambdaConfigName) isLambdaConfig() {}

// configARN formats arn:PARTITION:codedeploy:REGION:ACCOUNT:deploymentconfig:NAME.
func configARN(scope constructs.Construct, name string) string {
	return codedeployARN(scope, "deploymentconfig", name)
}

func codedeployARN(scope constructs.Construct, resource, name string) string {
	s := constructs.StackOf(scope)
	return "arn:" + s.Partition() + ":codedeploy:" + s.Region() + ":" + s.Account() + ":" + resource + ":" + name
}

// MinimumHealthyHosts is how many instances must stay healthy during a
// server deployment: MinimumHealthyHostsCount or MinimumHealthyHostsPercentage.
type MinimumHealthyHosts struct {
	// Type is HOST_COUNT or FLEET_PERCENT.
	Type string
	// Value is the count or percentage.
	Value int
}

// MinimumHealthyHostsCount keeps n instances healthy.
func MinimumHealthyHostsCount(n int) *MinimumHealthyHosts {
	return &MinimumHealthyHosts{Type: "HOST_COUNT", Value: n}
}

// MinimumHealthyHostsPercentage keeps pct percent (0–100) of the fleet healthy.
func MinimumHealthyHostsPercentage(pct int) *MinimumHealthyHosts {
	return &MinimumHealthyHosts{Type: "FLEET_PERCENT", Value: pct}
}

// check returns a problem with m, what names the field.
func (m *MinimumHealthyHosts) check(what string) string {
	if token.IsUnresolved(m.Value) {
		return ""
	}
	switch m.Type {
	case "FLEET_PERCENT":
		if m.Value < 0 || m.Value > 100 {
			return fmt.Sprintf("%s is %d percent; a percentage must be between 0 and 100", what, m.Value)
		}
	case "HOST_COUNT":
		if m.Value < 0 {
			return fmt.Sprintf("%s is %d hosts; a count must be 0 or more", what, m.Value)
		}
	default:
		return fmt.Sprintf("%s has type %q; use codedeploy.MinimumHealthyHostsCount or MinimumHealthyHostsPercentage", what, m.Type)
	}
	return ""
}

// ZonalConfig deploys to one Availability Zone at a time.
type ZonalConfig struct {
	// MonitorDuration is how long CodeDeploy watches a zone after deploying
	// to it; whole seconds, 0 or at least 1 s. Default: CodeDeploy's choice.
	MonitorDuration time.Duration
	// FirstZoneMonitorDuration is MonitorDuration for the first zone;
	// default: MonitorDuration.
	FirstZoneMonitorDuration time.Duration
	// MinimumHealthyHostsPerZone default: CodeDeploy's (0 percent).
	MinimumHealthyHostsPerZone *MinimumHealthyHosts
}

// ServerDeploymentConfigProps configures NewServerDeploymentConfig.
type ServerDeploymentConfigProps struct {
	// DeploymentConfigName default: generated by CloudFormation.
	DeploymentConfigName string
	// MinimumHealthyHosts (required).
	MinimumHealthyHosts *MinimumHealthyHosts
	// ZonalConfig deploys zone by zone; default: all zones at once.
	ZonalConfig *ZonalConfig
}

// TrafficRouting is how an ECS or Lambda deployment shifts traffic:
// TrafficRoutingAllAtOnce, TimeBasedCanary or TimeBasedLinear.
type TrafficRouting struct {
	// Type is AllAtOnce, TimeBasedCanary or TimeBasedLinear.
	Type string
	// Interval between the shifts, in whole minutes.
	Interval time.Duration
	// Percentage shifted first (canary) or at each step (linear), 0–100.
	Percentage int
}

// TimeBasedProps is the interval and percentage of a time-based routing.
type TimeBasedProps struct {
	// Interval between the shifts, in whole minutes (required).
	Interval time.Duration
	// Percentage shifted (required), 0–100.
	Percentage int
}

// TrafficRoutingAllAtOnce shifts all traffic at once.
func TrafficRoutingAllAtOnce() TrafficRouting { return TrafficRouting{Type: "AllAtOnce"} }

// TimeBasedCanary shifts Percentage, then the rest after Interval.
func TimeBasedCanary(p TimeBasedProps) TrafficRouting {
	return TrafficRouting{Type: "TimeBasedCanary", Interval: p.Interval, Percentage: p.Percentage}
}

// TimeBasedLinear shifts Percentage every Interval.
func TimeBasedLinear(p TimeBasedProps) TrafficRouting {
	return TrafficRouting{Type: "TimeBasedLinear", Interval: p.Interval, Percentage: p.Percentage}
}

// render returns the L1 property and the problems of t.
func (t TrafficRouting) render() (*codedeploycfn.CfnDeploymentConfig_TrafficRoutingConfigProperty, []string) {
	var msgs []string
	switch t.Type {
	case "", "AllAtOnce":
		return &codedeploycfn.CfnDeploymentConfig_TrafficRoutingConfigProperty{Type: "AllAtOnce"}, nil
	case "TimeBasedCanary", "TimeBasedLinear":
	default:
		return nil, []string{fmt.Sprintf("TrafficRouting type %q is not a routing; use codedeploy.TrafficRoutingAllAtOnce, TimeBasedCanary or TimeBasedLinear", t.Type)}
	}
	if !token.IsUnresolved(t.Percentage) && (t.Percentage < 0 || t.Percentage > 100) {
		msgs = append(msgs, fmt.Sprintf("TrafficRouting percentage is %d; it must be between 0 and 100", t.Percentage))
	}
	if t.Interval < time.Minute || t.Interval%time.Minute != 0 {
		msgs = append(msgs, fmt.Sprintf("TrafficRouting interval is %v; it must be a whole number of minutes, at least 1", t.Interval))
	}
	mins := int(t.Interval / time.Minute)
	if t.Type == "TimeBasedCanary" {
		return &codedeploycfn.CfnDeploymentConfig_TrafficRoutingConfigProperty{Type: t.Type,
			TimeBasedCanary: &codedeploycfn.CfnDeploymentConfig_TimeBasedCanaryProperty{CanaryInterval: mins, CanaryPercentage: t.Percentage}}, msgs
	}
	return &codedeploycfn.CfnDeploymentConfig_TrafficRoutingConfigProperty{Type: t.Type,
		TimeBasedLinear: &codedeploycfn.CfnDeploymentConfig_TimeBasedLinearProperty{LinearInterval: mins, LinearPercentage: t.Percentage}}, msgs
}

// ECSDeploymentConfigProps configures NewECSDeploymentConfig.
type ECSDeploymentConfigProps struct {
	// DeploymentConfigName default: generated by CloudFormation.
	DeploymentConfigName string
	// TrafficRouting default: all at once.
	TrafficRouting TrafficRouting
}

// LambdaDeploymentConfigProps configures NewLambdaDeploymentConfig.
type LambdaDeploymentConfigProps struct {
	// DeploymentConfigName default: generated by CloudFormation.
	DeploymentConfigName string
	// TrafficRouting default: all at once.
	TrafficRouting TrafficRouting
}

// DeploymentConfig is a custom deployment configuration
// (AWS::CodeDeploy::DeploymentConfig), the AWS CDK's BaseDeploymentConfig.
type DeploymentConfig struct {
	constructs.Base
	constructs.Problems
	// Resource is the AWS::CodeDeploy::DeploymentConfig.
	Resource *codedeploycfn.CfnDeploymentConfig
}

// DeploymentConfigName returns the configuration's name (its Ref).
func (c *DeploymentConfig) DeploymentConfigName() string { return c.Resource.Ref() }

// DeploymentConfigARN returns the configuration's ARN, in the AWS::Region
// and AWS::AccountId of the deployment, as the AWS CDK writes it.
func (c *DeploymentConfig) DeploymentConfigARN(constructs.Construct) string {
	return "arn:" + token.PseudoRef("AWS::Partition") + ":codedeploy:" + token.PseudoRef("AWS::Region") + ":" +
		token.PseudoRef("AWS::AccountId") + ":deploymentconfig:" + c.Resource.Ref()
}

// ServerDeploymentConfig is a custom deployment configuration for EC2 and
// on-premises instances.
type ServerDeploymentConfig struct{ DeploymentConfig }

func (*ServerDeploymentConfig) isServerConfig() {}

// ECSDeploymentConfig is a custom deployment configuration for ECS.
type ECSDeploymentConfig struct{ DeploymentConfig }

func (*ECSDeploymentConfig) isECSConfig() {}

// LambdaDeploymentConfig is a custom deployment configuration for Lambda.
type LambdaDeploymentConfig struct{ DeploymentConfig }

func (*LambdaDeploymentConfig) isLambdaConfig() {}

// NewServerDeploymentConfig creates a server deployment configuration: its
// minimum healthy hosts, and optionally zone by zone (ComputePlatform is
// left out, as the AWS CDK leaves it: Server is CloudFormation's default).
func NewServerDeploymentConfig(scope constructs.Construct, id string, props ServerDeploymentConfigProps) *ServerDeploymentConfig {
	c := &ServerDeploymentConfig{}
	c.Base = constructs.NewBase(c, scope, id)
	p := codedeploycfn.CfnDeploymentConfigProps{}
	if props.MinimumHealthyHosts == nil {
		c.Errorf("ServerDeploymentConfigProps.MinimumHealthyHosts is required; use codedeploy.MinimumHealthyHostsCount(n) or MinimumHealthyHostsPercentage(pct)")
	} else {
		if m := props.MinimumHealthyHosts.check("MinimumHealthyHosts"); m != "" {
			c.Errorf("%s", m)
		}
		p.MinimumHealthyHosts = &codedeploycfn.CfnDeploymentConfig_MinimumHealthyHostsProperty{Type: props.MinimumHealthyHosts.Type, Value: props.MinimumHealthyHosts.Value}
	}
	if z := props.ZonalConfig; z != nil {
		zc := &codedeploycfn.CfnDeploymentConfig_ZonalConfigProperty{}
		for _, d := range []struct {
			name string
			v    time.Duration
			dst  **int
		}{{"MonitorDuration", z.MonitorDuration, &zc.MonitorDurationInSeconds}, {"FirstZoneMonitorDuration", z.FirstZoneMonitorDuration, &zc.FirstZoneMonitorDurationInSeconds}} {
			if d.v == 0 {
				continue
			}
			if d.v < time.Second || d.v%time.Second != 0 {
				c.Errorf("ZonalConfig.%s is %v; it must be whole seconds, 0 or at least 1s", d.name, d.v)
			}
			*d.dst = new(int(d.v / time.Second))
		}
		if m := z.MinimumHealthyHostsPerZone; m != nil {
			if msg := m.check("ZonalConfig.MinimumHealthyHostsPerZone"); msg != "" {
				c.Errorf("%s", msg)
			}
			zc.MinimumHealthyHostsPerZone = &codedeploycfn.CfnDeploymentConfig_MinimumHealthyHostsPerZoneProperty{Type: m.Type, Value: m.Value}
		}
		p.ZonalConfig = zc
	}
	c.init(props.DeploymentConfigName, p)
	return c
}

// NewECSDeploymentConfig creates an ECS deployment configuration (default:
// all at once).
func NewECSDeploymentConfig(scope constructs.Construct, id string, props ECSDeploymentConfigProps) *ECSDeploymentConfig {
	c := &ECSDeploymentConfig{}
	c.Base = constructs.NewBase(c, scope, id)
	c.initRouting(props.DeploymentConfigName, "ECS", props.TrafficRouting)
	return c
}

// NewLambdaDeploymentConfig creates a Lambda deployment configuration
// (default: all at once).
func NewLambdaDeploymentConfig(scope constructs.Construct, id string, props LambdaDeploymentConfigProps) *LambdaDeploymentConfig {
	c := &LambdaDeploymentConfig{}
	c.Base = constructs.NewBase(c, scope, id)
	c.initRouting(props.DeploymentConfigName, "Lambda", props.TrafficRouting)
	return c
}

func (c *DeploymentConfig) initRouting(name, platform string, t TrafficRouting) {
	r, msgs := t.render()
	for _, m := range msgs {
		c.Errorf("%s", m)
	}
	c.init(name, codedeploycfn.CfnDeploymentConfigProps{ComputePlatform: new(platform), TrafficRoutingConfig: r})
}

func (c *DeploymentConfig) init(name string, p codedeploycfn.CfnDeploymentConfigProps) {
	if name != "" {
		p.DeploymentConfigName = new(name)
		if m := validateName("Deployment config", name); m != "" {
			c.Errorf("%s", m)
		}
	}
	c.Resource = codedeploycfn.NewCfnDeploymentConfig(c, "Resource", p)
}

var nameRE = regexp.MustCompile(`^[a-zA-Z0-9._+=,@-]+$`)

// validateName checks a CodeDeploy name as the AWS CDK does.
func validateName(kind, name string) string {
	if name == "" || token.IsUnresolved(name) {
		return ""
	}
	if len(name) > 100 {
		return fmt.Sprintf("%s name %q is %d characters; CodeDeploy allows at most 100", kind, name, len(name))
	}
	if !nameRE.MatchString(name) {
		return fmt.Sprintf("%s name %q can only contain letters, digits and . _ + = , @ -", kind, name)
	}
	return ""
}
