package assetfs

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkFingerprint10000 fingerprints a directory of 10,000 small
// files (100 directories of 100); each run must take under a second.
func BenchmarkFingerprint10000(b *testing.B) {
	root := b.TempDir()
	for d := range 100 {
		dir := filepath.Join(root, fmt.Sprintf("d%03d", d))
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for f := range 100 {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.txt", f)), []byte(fmt.Sprintf("file %d/%d\n", d, f)), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if _, err := Fingerprint(root, []string{"*.log"}); err != nil {
			b.Fatal(err)
		}
		if el := time.Since(start); el > time.Second {
			b.Fatalf("fingerprinting 10,000 files took %v, over the 1 s floor", el)
		}
	}
}
