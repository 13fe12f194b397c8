//go:build unix

package assembly

import (
	"io/fs"
	"syscall"
)

// links is the number of names fi's file has, or 0 when it is not known.
func links(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 0
}
