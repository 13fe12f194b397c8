// Command nested shows nested stacks: the Platform stack keeps its
// network and its services in nested stacks of their own (past
// CloudFormation's 500 resources in one stack), one of them nesting
// another. Values flow between them without a line of wiring: the
// services' security group reads the VPC of the sibling Network stack,
// the workers nested in Services read the platform's bucket and queue,
// and the Reports stack imports the workers' queue through an export of
// Platform. Synthesis writes one template per nested stack
// (<unique id>.nested.template.json), published as file assets of
// Platform by deploy; diff shows each nested stack's changes after
// Platform's.
//
//	go run ./examples/nested synth -o out   # write the cloud assembly to out/
//	go run ./examples/nested diff Platform
package main
