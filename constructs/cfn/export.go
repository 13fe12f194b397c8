package cfn

import (
	"encoding/json"

	"github.com/forma-iac/forma/constructs"
	"github.com/forma-iac/forma/constructs/token"
	"github.com/forma-iac/forma/internal/logicalid"
)

// ExportName returns the name of the export through which another stack
// reads ref, as synthesis names it (the AWS CDK's
// "<producer stack>:Exports<Output{...}>" naming, cut to 255 characters).
func ExportName(producer *constructs.Stack, ref *Reference) string {
	data, _ := json.Marshal(ref.Intrinsic())
	local := logicalid.FromPath([]string{"Exports", "Output" + string(data)})
	prefix := producer.StackName() + ":"
	if len(prefix)+len(local) > 255 {
		local = local[len(local)-(255-len(prefix)):]
	}
	return prefix + local
}

// ConsumerResolver renders references as the stack of the construct being
// resolved sees them once synthesized: Ref/GetAtt within its stack,
// Fn::ImportValue of ExportName across stacks. It creates nothing; a
// construct that must know a rendered value before synthesis ends (a hash
// over its properties) resolves with it.
type ConsumerResolver struct{}

// ResolveReference implements ReferenceResolver.
func (ConsumerResolver) ResolveReference(ctx *token.Context, ref *Reference) (any, error) {
	c, ok := ctx.Scope.(constructs.Construct)
	if !ok {
		return ref.Intrinsic(), nil
	}
	consumer, producer := constructs.TryStackOf(c), constructs.TryStackOf(ref.Target)
	if consumer == nil || producer == nil || consumer == producer {
		return ref.Intrinsic(), nil
	}
	return map[string]any{"Fn::ImportValue": ExportName(producer, ref)}, nil
}
