package ec2

import (
	"maps"
	"slices"
)

// addFromProps adds the gateway endpoints and flow logs of the props, each
// at construct id its key, in key order.
func (v *Vpc) addFromProps(props VpcProps) {
	for _, id := range slices.Sorted(maps.Keys(props.GatewayEndpoints)) {
		v.AddGatewayEndpoint(id, props.GatewayEndpoints[id])
	}
	for _, id := range slices.Sorted(maps.Keys(props.FlowLogs)) {
		v.AddFlowLog(id, props.FlowLogs[id])
	}
}
