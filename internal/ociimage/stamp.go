package ociimage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// A stamp lets a build that nothing touched skip `go list`, as the go
// command's own cache does: it records, for one spec, the cache key and the
// size and modification time of every file and package directory the key
// was computed from. Any difference — an edited, added or removed file, a
// changed go.mod, another toolchain binary — falls back to listing and
// hashing the sources.
type stamp struct {
	Key    string
	Binary string
	Files  []string
	Stats  []fileStat
}

type fileStat struct {
	Size    int64
	ModTime int64
}

func statOf(p string) fileStat {
	fi, err := os.Stat(p)
	if err != nil {
		return fileStat{Size: -1}
	}
	return fileStat{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
}

// stampPath names the stamp of spec: its options, the environment that
// changes a build, and the go binary on PATH.
func stampPath(spec GoSpec) string {
	h := sha256.New()
	goBin, _ := exec.LookPath("go")
	if goBin != "" {
		goBin, _ = filepath.EvalSymlinks(goBin)
	}
	fmt.Fprintf(h, "%q %q %q %q %q %q %q %q %v\n", builderVersion, spec.Dir, spec.Package, spec.Arch, spec.Base, spec.Entrypoint, spec.Cmd, spec.Env, statOf(goBin))
	fmt.Fprintf(h, "%q\n", goBin)
	for _, v := range []string{"GOFLAGS", "GOAMD64", "GOARM64", "GOEXPERIMENT", "GOTOOLCHAIN", "GOROOT", "GOPATH", "GOWORK"} {
		fmt.Fprintf(h, "%s=%q\n", v, os.Getenv(v))
	}
	return filepath.Join(spec.CacheDir, "stamps", hex.EncodeToString(h.Sum(nil))+".json")
}

func readStamp(p string) (stamp, bool) {
	var st stamp
	b, err := os.ReadFile(p)
	if err != nil || json.Unmarshal(b, &st) != nil || len(st.Files) != len(st.Stats) || st.Key == "" {
		return stamp{}, false
	}
	for i, f := range st.Files {
		if statOf(f) != st.Stats[i] {
			return stamp{}, false
		}
	}
	return st, true
}

// writeStamp records st, whose Stats were taken before the files were
// hashed (best effort: a stamp is only a shortcut). A file modified in the
// last two seconds could change again within its time's resolution, so
// then nothing is recorded.
func writeStamp(p string, st stamp) {
	recent := time.Now().Add(-2 * time.Second).UnixNano()
	for _, s := range st.Stats {
		if s.ModTime > recent {
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
