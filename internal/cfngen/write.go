package cfngen

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// existing lists the generated files under root, relative to it.
func existing(root string) ([]string, error) {
	var out []string
	for _, pat := range []string{"constructs/*/*.generated.go", "constructs/*/*/*.generated.go", "internal/cfnspec/data/*.json", "internal/cfnspec/types.generated.go", "internal/alltypes/registry.generated.go"} {
		m, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(pat)))
		if err != nil {
			return nil, err
		}
		for _, p := range m {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return nil, err
			}
			rel = filepath.ToSlash(rel)
			if Generated(rel) {
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// WriteStats counts what Write did.
type WriteStats struct{ Written, Removed int }

// Write writes the output under root, removes generated files that are no
// longer produced and adds the doc.go of packages that have none. Files
// whose content is unchanged are not rewritten.
func Write(root string, out *Output) (WriteStats, error) {
	var st WriteStats
	old, err := existing(root)
	if err != nil {
		return st, err
	}
	for _, p := range old {
		if _, ok := out.Files[p]; !ok {
			if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil {
				return st, err
			}
			st.Removed++
		}
	}
	for _, p := range slices.Sorted(maps.Keys(out.Files)) {
		full := filepath.Join(root, filepath.FromSlash(p))
		if cur, err := os.ReadFile(full); err == nil && bytes.Equal(cur, out.Files[p]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return st, err
		}
		if err := os.WriteFile(full, out.Files[p], 0o644); err != nil {
			return st, err
		}
		st.Written++
	}
	for _, p := range slices.Sorted(maps.Keys(out.Docs)) {
		full := filepath.Join(root, filepath.FromSlash(p))
		if _, err := os.Stat(full); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return st, err
		}
		if err := os.WriteFile(full, out.Docs[p], 0o644); err != nil {
			return st, err
		}
		st.Written++
	}
	return st, nil
}

// Compare returns the generated paths under root that differ from the
// output: changed, missing, stale or a package without doc.go.
func Compare(root string, out *Output) ([]string, error) {
	var diffs []string
	old, err := existing(root)
	if err != nil {
		return nil, err
	}
	for _, p := range old {
		if _, ok := out.Files[p]; !ok {
			diffs = append(diffs, "stale: "+p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(out.Files)) {
		cur, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			diffs = append(diffs, "missing: "+p)
		case err != nil:
			return nil, err
		case !bytes.Equal(cur, out.Files[p]):
			diffs = append(diffs, "changed: "+p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(out.Docs)) {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err != nil {
			diffs = append(diffs, "missing: "+p)
		}
	}
	return diffs, nil
}
