package assembly

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// MarshalManifest renders a manifest with a two-space indent, as the CDK
// writes it.
func MarshalManifest(m *Manifest) ([]byte, error) {
	return MarshalJSON(m, "  ")
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
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return inDir(dir, err)
	}
	cleanup := func() { os.RemoveAll(tmp) }
	for _, name := range files.Names() {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %v", filepath.Join(dir, name), unwrapPath(err))
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, name), unwrapPath(err))
		}
	}
	if stage != nil {
		if err := stage(tmp); err != nil {
			cleanup()
			return err
		}
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
