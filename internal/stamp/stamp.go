package stamp

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

// File is one input of a stamp as it was when the key was computed.
type File struct {
	Path    string
	Size    int64
	ModTime int64
}

// Stat returns p's File; a file that cannot be stat'ed has size -1.
func Stat(p string) File {
	fi, err := os.Stat(p)
	if err != nil {
		return File{Path: p, Size: -1}
	}
	return File{Path: p, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
}

// Stamp is a cache key, what the caller keeps beside it (Value, e.g. the
// name of the built binary), and the inputs the key was computed from.
type Stamp struct {
	Key    string
	Value  string `json:",omitempty"`
	Inputs []File
}

// buildEnv are the environment variables that change what the go command
// builds.
var buildEnv = []string{"GOFLAGS", "GOARM64", "GOAMD64", "GOEXPERIMENT", "GOTOOLCHAIN", "GOROOT", "GOPATH", "GOWORK"}

// PathFor names the stamp file in dir of a build described by parts: the
// parts, the go binary on PATH (its path, size and time) and the build
// environment variables.
func PathFor(dir string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%q ", p)
	}
	goBin, _ := exec.LookPath("go")
	if goBin != "" {
		goBin, _ = filepath.EvalSymlinks(goBin)
	}
	fmt.Fprintf(h, "%q %v\n", goBin, Stat(goBin))
	for _, v := range buildEnv {
		fmt.Fprintf(h, "%s=%q\n", v, os.Getenv(v))
	}
	return filepath.Join(dir, hex.EncodeToString(h.Sum(nil))+".json")
}

// Read returns the stamp in file p when every input is as it recorded.
func Read(p string) (Stamp, bool) {
	var st Stamp
	b, err := os.ReadFile(p)
	if err != nil || json.Unmarshal(b, &st) != nil || st.Key == "" || len(st.Inputs) == 0 {
		return Stamp{}, false
	}
	for _, in := range st.Inputs {
		if Stat(in.Path) != in {
			return Stamp{}, false
		}
	}
	return st, true
}

// Write records st in file p, atomically. Its inputs must have been stat'ed
// before they were read. A file modified in the last two seconds could
// change again within its time's resolution: then nothing is recorded.
func Write(p string, st Stamp) {
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
