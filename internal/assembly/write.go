package assembly

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// Files is the content of an assembly: file name → bytes.
type Files map[string][]byte

// Names returns the file names, sorted.
func (f Files) Names() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// MarshalJSON renders v with the indent ("" for compact) and no HTML
// escaping, without a trailing newline.
func MarshalJSON(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Write writes files as the assembly directory dir. It writes a new
// directory beside dir and swaps it in, so that readers see either the old
// assembly or the new one, never a mix. Files in dir that the assembly does
// not name are removed with the old directory.
func Write(dir string, files Files) error { return WriteWith(dir, files, nil) }

// WriteWith is Write that also calls stage, when set, with the new
// directory before it is swapped in (to copy asset sources into it).
func WriteWith(dir string, files Files, stage func(tmp string) error) error {
	w, err := NewWriter(dir)
	if err != nil {
		return err
	}
	for _, name := range files.Names() {
		if err := w.WriteFile(name, files[name]); err != nil {
			w.Abort()
			return err
		}
	}
	if err := w.Stage(stage); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// Writer writes an assembly directory a file at a time, so that a large
// assembly need not be held in memory: files go into a new directory beside
// dir, and Commit swaps it in as Write does. WriteFile may be called from
// several goroutines at once.
type Writer struct {
	dir, tmp string
}

// NewWriter starts writing the assembly directory dir.
func NewWriter(dir string) (*Writer, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return nil, inDir(dir, err)
	}
	return &Writer{dir: dir, tmp: tmp}, nil
}

// WriteFile writes one file of the assembly; name is relative to its
// directory.
func (w *Writer) WriteFile(name string, data []byte) error {
	p := filepath.Join(w.tmp, name)
	if d := filepath.Dir(p); d != w.tmp {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("writing %s: %v", filepath.Join(w.dir, name), unwrapPath(err))
		}
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(w.dir, name), unwrapPath(err))
	}
	return nil
}

// Create opens one file of the assembly for writing, for content too large
// to hold in memory; name is relative to the directory.
func (w *Writer) Create(name string) (io.WriteCloser, error) {
	f, err := os.Create(filepath.Join(w.tmp, name))
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", filepath.Join(w.dir, name), unwrapPath(err))
	}
	return f, nil
}

// Stage calls stage, when set, with the new directory before Commit (to
// copy asset sources into it).
func (w *Writer) Stage(stage func(tmp string) error) error {
	if stage == nil {
		return nil
	}
	return stage(w.tmp)
}

// Abort removes what was written; dir is left as it was.
func (w *Writer) Abort() { os.RemoveAll(w.tmp) }

// Commit swaps the written directory in as dir.
func (w *Writer) Commit() error {
	dir, tmp := w.dir, w.tmp
	cleanup := w.Abort
	if err := os.Chmod(tmp, 0o755); err != nil {
		cleanup()
		return inDir(dir, err)
	}
	var old string
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			cleanup()
			return fmt.Errorf("%s exists and is not a directory", dir)
		}
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			cleanup()
			return inDir(dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		cleanup()
		return inDir(dir, err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// WriteFileAtomic writes one file through a temporary file and a rename.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// inDir is err, about the directory written beside dir, as an error about
// dir: messages name the folder the user gave, not a temporary one.
func inDir(dir string, err error) error {
	return fmt.Errorf("writing %s: %v", dir, unwrapPath(err))
}

// unwrapPath is err without the path an *os.PathError or *os.LinkError
// names.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
