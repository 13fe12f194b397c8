//go:build !unix

package assembly

import "io/fs"

// links is the number of names fi's file has, or 0 when it is not known:
// here it is not, so no file of a previous assembly is reused.
func links(fs.FileInfo) uint64 { return 0 }
