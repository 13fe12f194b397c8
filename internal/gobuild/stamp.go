package gobuild

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// A stamp lets a build that nothing touched skip `go list`, as
// internal/ociimage does for images: it records, for one set of options,
// the cache key and the path, size and modification time of every file and
// package directory the key was computed from. Any difference — an edited,
// added or removed file, a changed go.mod or go.sum, another go binary or
// toolchain — falls back to listing and hashing the sources.
type stamp struct {
	Key    string
	Inputs []fileStat
}

type fileStat struct {
	Path    string
	Size    int64
	ModTime int64
}

func statOf(p string) fileStat {
	fi, err := os.Stat(p)
	if err != nil {
		return fileStat{Path: p, Size: -1}
	}
	return fileStat{Path: p, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
}

// stampPath names the stamp of opts in cache: the options, the
// environment that changes a build, the go binary on PATH and the
// toolchain of this program (part of the key).
func stampPath(opts Options, cache string) string {
	h := sha256.New()
	goBin, _ := exec.LookPath("go")
	if goBin != "" {
		goBin, _ = filepath.EvalSymlinks(goBin)
	}
	fmt.Fprintf(h, "%q %q %q %q %q %q %v\n", runtime.Version(), opts.Dir, opts.Entry, opts.GOARCH, strings.Join(opts.Tags, ","), goBin, statOf(goBin))
	for _, v := range []string{"GOFLAGS", "GOARM64", "GOAMD64", "GOEXPERIMENT", "GOTOOLCHAIN", "GOROOT", "GOPATH", "GOWORK"} {
		fmt.Fprintf(h, "%s=%q\n", v, os.Getenv(v))
	}
	return filepath.Join(cache, "stamps", hex.EncodeToString(h.Sum(nil))+".json")
}

func readStamp(p string) (stamp, bool) {
	var st stamp
	b, err := os.ReadFile(p)
	if err != nil || json.Unmarshal(b, &st) != nil || len(st.Key) != 64 || len(st.Inputs) == 0 {
		return stamp{}, false
	}
	for _, in := range st.Inputs {
		if statOf(in.Path) != in {
			return stamp{}, false
		}
	}
	return st, true
}

// writeStamp records st, whose inputs were stat'ed before they were read
// (best effort: a stamp is only a shortcut). A file modified in the last
// two seconds could change again within its time's resolution: then
// nothing is recorded.
func writeStamp(p string, st stamp) {
	recent := time.Now().Add(-2 * time.Second).UnixNano()
	for _, in := range st.Inputs {
		if in.ModTime > recent {
			return
		}
	}
	b, err := json.Marshal(st)
	if err != nil || os.MkdirAll(filepath.Dir(p), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	if tmp.Close() != nil || werr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}
