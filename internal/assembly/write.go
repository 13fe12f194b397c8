package assembly

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
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
// assembly or the new one, never a mix. The assembly it replaces is kept in
// the new one's PreviousDir, without that assembly's own previous one, and
// the next Write reuses its files (see Writer).
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

// PreviousDir is the directory, inside an assembly forma wrote, that holds
// the assembly it replaced (the one before it, not further back). It is not
// part of the assembly: no manifest names it, and the next Writer of the
// same directory takes it to write the new assembly in.
const PreviousDir = ".forma-previous"

// Writer writes an assembly directory a file at a time, so that a large
// assembly need not be held in memory: files go into a new directory beside
// dir, and Commit swaps it in as Write does. WriteFile may be called from
// several goroutines at once.
//
// The new directory is the previous assembly (dir's PreviousDir) when there
// is one: a file of the same name is overwritten in place, keeping its
// inode, and files the new assembly does not write are removed before
// Stage or Commit. Making a file costs more than rewriting one, and much
// more on a file system that skips inodes freed in the last minute when it
// allocates (ext4 without a journal), which a tool writing the same
// directory again and again meets at every run. Only regular files that no
// other name links to are reused; anything else in PreviousDir is removed.
type Writer struct {
	dir, tmp string

	// reused is set when tmp was dir's PreviousDir; written then holds
	// the names written (slash-separated, relative to tmp) until swept.
	reused  bool
	mu      sync.Mutex
	written map[string]bool
	swept   bool
}

// NewWriter starts writing the assembly directory dir.
func NewWriter(dir string) (*Writer, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if w := reusePrevious(dir); w != nil {
		return w, nil
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return nil, inDir(dir, err)
	}
	return &Writer{dir: dir, tmp: tmp}, nil
}

// reusePrevious moves dir's PreviousDir beside dir to be written in, keeping
// only the regular files that no other name links to. It returns nil when
// there is no previous assembly to take (or another writer took it).
func reusePrevious(dir string) *Writer {
	prev := filepath.Join(dir, PreviousDir)
	if fi, err := os.Lstat(prev); err != nil || !fi.IsDir() {
		return nil
	}
	tmp := fmt.Sprintf("%s.new-%d", filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)), rand.Uint64())
	if err := os.Rename(prev, tmp); err != nil {
		return nil
	}
	var remove []string
	err := filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == tmp || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o644 || links(fi) != 1 {
			remove = append(remove, p)
		}
		return nil
	})
	for _, p := range remove {
		if err == nil {
			err = os.Remove(p)
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil
	}
	return &Writer{dir: dir, tmp: tmp, reused: true, written: map[string]bool{}}
}

// sweep removes, from a reused directory, the files the new assembly did not
// write and the directories left empty.
func (w *Writer) sweep() error {
	if !w.reused || w.swept {
		return nil
	}
	w.swept = true
	var files, dirs []string
	err := filepath.WalkDir(w.tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == w.tmp {
			return err
		}
		rel, _ := filepath.Rel(w.tmp, p)
		if d.IsDir() {
			dirs = append(dirs, p)
		} else if !w.written[filepath.ToSlash(rel)] {
			files = append(files, p)
		}
		return nil
	})
	for _, p := range files {
		if err == nil {
			err = os.Remove(p)
		}
	}
	// Deepest first; a directory that still holds a file stays.
	for i := len(dirs) - 1; i >= 0 && err == nil; i-- {
		if entries, rerr := os.ReadDir(dirs[i]); rerr == nil && len(entries) == 0 {
			err = os.Remove(dirs[i])
		}
	}
	w.written = nil
	if err != nil {
		return inDir(w.dir, err)
	}
	return nil
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
	f, err := w.create(name)
	if err == nil {
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(w.dir, name), unwrapPath(err))
	}
	return nil
}

// create opens the file name for writing. A file left in a reused
// directory is not truncated when opened but when closed, at the end of
// what was written: on ext4, a file truncated to nothing and written again
// is flushed to disk when it is closed (so that a crash cannot leave it
// empty), which would make writing an assembly wait for the disk.
func (w *Writer) create(name string) (io.WriteCloser, error) {
	p := filepath.Join(w.tmp, name)
	if !w.reused {
		return os.Create(p)
	}
	w.mu.Lock()
	w.written[filepath.ToSlash(filepath.Clean(name))] = true
	w.mu.Unlock()
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	return &overwrite{f: f}, nil
}

// overwrite writes a file over its old content and cuts what is left of
// that when closed.
type overwrite struct {
	f *os.File
	n int64
}

func (o *overwrite) Write(p []byte) (int, error) {
	n, err := o.f.Write(p)
	o.n += int64(n)
	return n, err
}

func (o *overwrite) Close() error {
	fi, err := o.f.Stat()
	if err == nil && fi.Size() > o.n {
		err = o.f.Truncate(o.n)
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Create opens one file of the assembly for writing, for content too large
// to hold in memory; name is relative to the directory.
func (w *Writer) Create(name string) (io.WriteCloser, error) {
	f, err := w.create(name)
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", filepath.Join(w.dir, name), unwrapPath(err))
	}
	return f, nil
}

// Stage calls stage, when set, with the new directory before Commit (to
// copy asset sources into it). No file is written after it.
func (w *Writer) Stage(stage func(tmp string) error) error {
	if err := w.sweep(); err != nil {
		return err
	}
	if stage == nil {
		return nil
	}
	return stage(w.tmp)
}

// Abort removes what was written; dir is left as it was.
func (w *Writer) Abort() { os.RemoveAll(w.tmp) }

// Commit swaps the written directory in as dir, and keeps the assembly it
// replaces as the new one's PreviousDir.
func (w *Writer) Commit() error {
	dir, tmp := w.dir, w.tmp
	cleanup := w.Abort
	if err := w.sweep(); err != nil {
		cleanup()
		return err
	}
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
		// A previous assembly another writer left in dir is not kept:
		// PreviousDir holds one assembly, not a chain of them.
		os.RemoveAll(filepath.Join(dir, PreviousDir))
		old = filepath.Join(tmp, PreviousDir)
		if err := os.Rename(dir, old); err != nil {
			old = tmp + ".old"
			if err := os.Rename(dir, old); err != nil {
				cleanup()
				return inDir(dir, err)
			}
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		cleanup()
		return inDir(dir, err)
	}
	if old == tmp+".old" {
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
