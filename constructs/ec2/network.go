package ec2

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// cidrBlock is an IPv4 block, as the AWS CDK's CidrBlock: the address is
// rounded down to the block boundary.
type cidrBlock struct {
	min  uint64 // first address
	mask int
}

func netsize(mask int) uint64 { return 1 << (32 - mask) }

// parseCIDR parses "a.b.c.d/m".
func parseCIDR(s string) (cidrBlock, error) {
	ip, m, ok := strings.Cut(s, "/")
	if !ok {
		return cidrBlock{}, fmt.Errorf("%q is not a CIDR block: the /mask is missing (for example 10.0.0.0/16)", s)
	}
	mask, err := strconv.Atoi(m)
	if err != nil || mask < 0 || mask > 32 {
		return cidrBlock{}, fmt.Errorf("%q is not a CIDR block: the mask must be a number from 0 to 32", s)
	}
	n, err := ipToNum(ip)
	if err != nil {
		return cidrBlock{}, fmt.Errorf("%q is not a CIDR block: %v", s, err)
	}
	return newCIDRBlock(n, mask), nil
}

func newCIDRBlock(addr uint64, mask int) cidrBlock {
	size := netsize(mask)
	last := addr + size - 1
	return cidrBlock{min: last - last%size, mask: mask}
}

func ipToNum(ip string) (uint64, error) {
	parts := strings.Split(ip, ".")
	if len(parts) != 4 {
		return 0, fmt.Errorf("%s is not a valid IPv4 address", ip)
	}
	var n uint64
	for _, p := range parts {
		o, err := strconv.Atoi(p)
		if err != nil || o < 0 || o > 255 {
			return 0, fmt.Errorf("%s is not a valid IPv4 address", ip)
		}
		n = n*256 + uint64(o)
	}
	return n, nil
}

func numToIP(n uint64) string {
	return fmt.Sprintf("%d.%d.%d.%d", n>>24&255, n>>16&255, n>>8&255, n&255)
}

func (c cidrBlock) max() uint64     { return c.min + netsize(c.mask) - 1 }
func (c cidrBlock) String() string  { return numToIP(c.min) + "/" + strconv.Itoa(c.mask) }
func (c cidrBlock) next() cidrBlock { return newCIDRBlock(c.max()+1, c.mask) }

// networkBuilder hands out consecutive subnets of a network, as the AWS
// CDK's NetworkBuilder.
type networkBuilder struct {
	network cidrBlock
	next    uint64
}

func newNetworkBuilder(network cidrBlock) *networkBuilder {
	return &networkBuilder{network: network, next: network.min}
}

// addSubnet allocates the next block of the mask.
func (b *networkBuilder) addSubnet(mask int) (string, error) {
	if mask < 16 || mask > 28 {
		return "", fmt.Errorf("x.x.x.x/%d is not a valid VPC CIDR range. VPCs must be between /16 and /28 and the minimum subnet size is /28", mask)
	}
	if b.next+netsize(mask)-1 > b.network.max() {
		return "", fmt.Errorf("1 of /%d exceeds remaining space of %s", mask, b.network)
	}
	s := newCIDRBlock(b.next, mask)
	if s.max() > b.network.max() {
		return "", fmt.Errorf("1 of /%d exceeds remaining space of %s once aligned to its boundary", mask, b.network)
	}
	b.next = s.next().min
	return s.String(), nil
}

// maskForRemainingSubnets is the largest mask that fits count subnets into
// the space left.
func (b *networkBuilder) maskForRemainingSubnets(count int) int {
	if b.next > b.network.max() {
		return 33 // nothing left: addSubnet rejects it
	}
	remaining := b.network.max() - b.next + 1
	per := remaining / uint64(count)
	if per == 0 {
		return 33
	}
	return 32 - int(math.Floor(math.Log2(float64(per))))
}
