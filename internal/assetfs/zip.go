package assetfs

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"time"
)

// zipTime is the modification time of every zip entry: the zip format's
// epoch, so that the same files give the same bytes on any machine and at
// any time.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Zip writes the files of dir (all of them, sorted by path, links
// followed) to w as a deterministic zip file: fixed times, mode 0755 for a
// file that is executable on disk and 0644 for any other, no directory
// entries, deflated.
func Zip(w io.Writer, dir string) error {
	entries, err := Walk(dir, nil)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, e := range entries {
		mode := os.FileMode(0o644)
		if e.Mode&0o111 != 0 {
			mode = 0o755
		}
		hdr := &zip.FileHeader{Name: e.Rel, Method: zip.Deflate, Modified: zipTime}
		hdr.SetMode(mode)
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		f, err := os.Open(e.Real)
		if err != nil {
			return err
		}
		_, err = io.Copy(fw, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

// Copy copies the files of src that exclude does not exclude to dst
// (which must not exist), keeping the executable bit, links followed. A
// single file is copied to dst itself.
func Copy(src, dst string, exclude []string) error {
	fi, err := os.Stat(src)
	if err != nil {
		return notFound(src, err)
	}
	entries, err := Walk(src, exclude)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return copyFile(src, dst, fi.Mode())
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		to := filepath.Join(dst, filepath.FromSlash(e.Rel))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := copyFile(e.Real, to, e.Mode); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	perm := os.FileMode(0o644)
	if mode&0o111 != 0 {
		perm = 0o755
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
