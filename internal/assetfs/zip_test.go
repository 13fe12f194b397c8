package assetfs

import (
	"archive/zip"
	"bytes"
	"os"
	"testing"
	"time"
)

var time0 = time.Unix(1234567890, 0)

func zipEntries(t *testing.T, data []byte) ([]string, map[string]os.FileMode) {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	modes := map[string]os.FileMode{}
	for _, f := range r.File {
		names = append(names, f.Name)
		modes[f.Name] = f.Mode().Perm()
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: time %v", f.Name, f.Modified)
		}
	}
	return names, modes
}
