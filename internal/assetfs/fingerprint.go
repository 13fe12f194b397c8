package assetfs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// followMode is the AWS CDK's SymlinkFollowMode written into the hash; its
// default, so that a source without links has the CDK's hash.
const followMode = "external"

// Entry is one regular file of a source: its slash-separated path relative
// to the root ("" for a single-file source, which is named by its base
// name), and where its content is read from.
type Entry struct {
	Rel  string
	Real string
	Mode fs.FileMode
	Size int64
}

// Walk lists the files of root (a file or a directory) that exclude does
// not exclude, sorted by path, following symbolic links.
func Walk(root string, exclude []string) ([]Entry, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, notFound(root, err)
	}
	if !fi.IsDir() {
		return []Entry{{Rel: filepath.Base(root), Real: root, Mode: fi.Mode(), Size: fi.Size()}}, nil
	}
	ig := newIgnore(exclude)
	var out []Entry
	var walk func(rel, real string, seen map[string]bool) error
	walk = func(rel, real string, seen map[string]bool) error {
		des, err := os.ReadDir(real)
		if err != nil {
			return err
		}
		sort.Slice(des, func(i, j int) bool { return des[i].Name() < des[j].Name() })
		for _, de := range des {
			name := de.Name()
			crel := name
			if rel != "" {
				crel = rel + "/" + name
			}
			creal := filepath.Join(real, name)
			if de.Type().IsRegular() {
				if ig.ignores(crel, false) {
					continue
				}
				fi, err := de.Info()
				if err != nil {
					return err
				}
				out = append(out, Entry{Rel: crel, Real: creal, Mode: fi.Mode(), Size: fi.Size()})
				continue
			}
			fi, err := os.Stat(creal)
			if err != nil {
				if lfi, lerr := os.Lstat(creal); lerr == nil && lfi.Mode()&fs.ModeSymlink != 0 {
					target, _ := os.Readlink(creal)
					return fmt.Errorf("%s: the symbolic link points to %q, which does not exist; remove the link or exclude it", filepath.Join(root, filepath.FromSlash(crel)), target)
				}
				return err
			}
			switch {
			case fi.IsDir():
				if ig.ignores(crel, true) {
					continue
				}
				rp, err := filepath.EvalSymlinks(creal)
				if err != nil {
					return err
				}
				if seen[rp] {
					return fmt.Errorf("%s: the symbolic link leads back into a directory that contains it; remove the link or exclude it", filepath.Join(root, filepath.FromSlash(crel)))
				}
				seen[rp] = true
				err = walk(crel, creal, seen)
				delete(seen, rp)
				if err != nil {
					return err
				}
			case fi.Mode().IsRegular():
				if ig.ignores(crel, false) {
					continue
				}
				out = append(out, Entry{Rel: crel, Real: creal, Mode: fi.Mode(), Size: fi.Size()})
			default:
				return fmt.Errorf("%s is neither a file nor a directory (a socket, device or pipe); exclude it", filepath.Join(root, filepath.FromSlash(crel)))
			}
		}
		return nil
	}
	rp, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	if err := walk("", root, map[string]bool{rp: true}); err != nil {
		return nil, err
	}
	return out, nil
}

func notFound(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("asset path %s does not exist; give the path of a file or directory (relative paths are relative to the working directory)", path)
	}
	return err
}

// Fingerprint returns the content hash of root (a file or a directory),
// the AWS CDK's source hash: SHA-256 over each file's relative path and
// the SHA-256 of its content (text with CRLF line endings read as LF).
// exclude lists glob patterns, as the CDK's exclude option.
func Fingerprint(root string, exclude []string) (string, error) {
	entries, err := Walk(root, exclude)
	if err != nil {
		return "", err
	}
	fi, _ := os.Stat(root)
	return FingerprintEntries(entries, exclude, fi != nil && fi.IsDir())
}

// FingerprintEntries is Fingerprint over entries that Walk returned.
func FingerprintEntries(entries []Entry, exclude []string, dir bool) (string, error) {
	return fingerprintEntries(entries, dir, "", "")
}

// FingerprintDocker is Fingerprint of a Docker build context as the AWS
// CDK's DockerImageAsset hashes it: with its extra hash (the JSON of the
// build options) and the docker ignore mode.
func FingerprintDocker(root string, exclude []string, extra string) (string, error) {
	entries, err := Walk(root, exclude)
	if err != nil {
		return "", err
	}
	return fingerprintEntries(entries, true, extra, "docker")
}

func fingerprintEntries(entries []Entry, dir bool, extra, ignoreMode string) (string, error) {
	sums := make([]string, len(entries))
	errs := make([]error, len(entries))
	workers := min(runtime.GOMAXPROCS(0)*2, len(entries))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(entries) {
					return
				}
				sums[i], errs[i] = contentHash(entries[i].Real)
			}
		}()
	}
	wg.Wait()
	h := sha256.New()
	field(h, "options.extra", extra)
	field(h, "options.follow", followMode)
	if ignoreMode != "" {
		field(h, "options.ignoreMode", ignoreMode)
	}
	for i, e := range entries {
		if errs[i] != nil {
			return "", errs[i]
		}
		rel := e.Rel
		if !dir {
			rel = ""
		}
		field(h, "file:"+rel, sums[i])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func field(h hash.Hash, header, value string) {
	h.Write([]byte{1})
	io.WriteString(h, header)
	h.Write([]byte{2})
	io.WriteString(h, value)
	h.Write([]byte{3})
}

// contentHash is the CDK's content fingerprint, "size:sha256": a file
// without a NUL byte in its first 8 KiB is text, and its CRLF line endings
// count as LF.
func contentHash(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	first := data
	if len(first) > 8*1024 {
		first = first[:8*1024]
	}
	if bytes.IndexByte(first, 0) >= 0 || !bytes.Contains(data, []byte("\r\n")) {
		s := sha256.Sum256(data)
		return strconv.Itoa(len(data)) + ":" + hex.EncodeToString(s[:]), nil
	}
	n := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	s := sha256.Sum256(n)
	return strconv.Itoa(len(n)) + ":" + hex.EncodeToString(s[:]), nil
}

// ignore matches exclude patterns the way the AWS CDK's glob mode does
// (.gitignore-like): a pattern without a slash matches a name at any
// depth, one with a slash matches from the root, "**" spans directories,
// a trailing slash matches directories only, and "!" re-includes.
type ignore struct{ pats []pattern }

type pattern struct {
	neg, dirOnly, anchored bool
	glob                   string
}

func newIgnore(exclude []string) *ignore {
	ig := &ignore{}
	for _, p := range exclude {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		var pt pattern
		if strings.HasPrefix(p, "!") {
			pt.neg, p = true, p[1:]
		}
		if strings.HasSuffix(p, "/") {
			pt.dirOnly, p = true, strings.TrimSuffix(p, "/")
		}
		if strings.Contains(p, "/") {
			pt.anchored, p = true, strings.TrimPrefix(p, "/")
		}
		pt.glob = p
		ig.pats = append(ig.pats, pt)
	}
	return ig
}

func (ig *ignore) ignores(rel string, dir bool) bool {
	out := false
	for _, p := range ig.pats {
		if p.dirOnly && !dir {
			// A file below an excluded directory is excluded with it.
			if !p.neg && ig.matchParent(p, rel) {
				out = true
			}
			continue
		}
		if p.match(rel) || (!p.neg && ig.matchParent(p, rel)) {
			out = !p.neg
		}
	}
	return out
}

func (ig *ignore) matchParent(p pattern, rel string) bool {
	for i := strings.LastIndexByte(rel, '/'); i > 0; i = strings.LastIndexByte(rel[:i], '/') {
		if p.match(rel[:i]) {
			return true
		}
	}
	return false
}

func (p pattern) match(rel string) bool {
	if !p.anchored {
		return globMatch(strings.Split(p.glob, "/"), strings.Split(rel[strings.LastIndexByte(rel, '/')+1:], "/"))
	}
	return globMatch(strings.Split(p.glob, "/"), strings.Split(rel, "/"))
}

// globMatch matches path segments against pattern segments, "**" matching
// any number of segments.
func globMatch(pat, segs []string) bool {
	if len(pat) == 0 {
		return len(segs) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if globMatch(pat[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	ok, err := filepath.Match(pat[0], segs[0])
	return err == nil && ok && globMatch(pat[1:], segs[1:])
}
