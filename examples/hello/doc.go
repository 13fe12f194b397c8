// Command hello is forma's smallest example: two stacks built from L1
// constructs only. HelloStorage holds an encrypted, versioned S3 bucket with
// public access blocked and an SQS queue with a dead-letter queue;
// HelloConsumer uses the queue's ARN from the first stack, which forma turns
// into an export and an Fn::ImportValue.
//
//	go run ./examples/hello synth          # print both templates
//	go run ./examples/hello synth -o out   # write the cloud assembly to out/
//	cdk synth --app 'go run ./examples/hello' HelloStorage
package main
