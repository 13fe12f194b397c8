package main

import (
	"github.com/forma-iac/forma/cli"
	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/ec2"
)

func main() { cli.Main(newApp()) }

// The names the Kubernetes manifests in k8s/ and the stacks share: the
// application's namespace and the service account its pods run as, which
// the Pod Identity association gives an IAM role.
const (
	appNamespace      = "electrify"
	appServiceAccount = "electrify-app"
)

// manifestFiles are the files of k8s/ the deploy action applies, in order:
// the namespace first.
var manifestFiles = []string{"namespace.yaml", "serviceaccount.yaml", "deployment.yaml", "service.yaml"}

// skillIDContext is the context key of the Alexa skill's ID
// (`synth -c electrify:alexaSkillId=amzn1.ask.skill.…`); defaultSkillID
// stands in until the skill exists.
const (
	skillIDContext = "electrify:alexaSkillId"
	defaultSkillID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
)

// network is the network stack.
type network struct {
	stack *constructs.Stack
	vpc   *ec2.Vpc
}

// newNetwork creates the network stack.
func newNetwork(app *constructs.App) *network {
	stack := constructs.NewStack(app, "ElectrifyNetwork", constructs.StackProps{
		Description: "electrify: the VPC of the EKS cluster",
	})
	vpc := ec2.NewVpc(stack, "Vpc", ec2.VpcProps{MaxAZs: 2, NatGateways: new(1)})
	return &network{stack: stack, vpc: vpc}
}

// newApp is electrify's app, its context read as the CLI reads it.
func newApp() *constructs.App { return build(constructs.NewApp()) }

// build adds the three stacks to app; each takes what it uses from the
// previous ones, so the references between them become exports and imports.
func build(app *constructs.App) *constructs.App {
	net := newNetwork(app)
	plat := newPlatform(app, net)
	newDelivery(app, plat)
	return app
}
