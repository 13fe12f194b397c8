// Command manybonjour is many Bonjour stacks in one app (examples/bonjour,
// repeated): the app the synthesis benchmarks at scale measure. The number
// of stacks is BONJOUR_STACKS, 1,000 when unset.
package main
