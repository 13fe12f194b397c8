package logicalid

import (
	"crypto/md5"
	"slices"
	"strings"
)

const (
	hashLen     = 8
	maxHumanLen = 240
	maxIDLen    = 255
	defaultID   = "Default"
	resourceID  = "Resource"
)

// Valid reports whether CloudFormation accepts id as a logical ID: a
// letter, then letters and digits, at most 255 in all. (The regular
// expression ^[A-Za-z][A-Za-z0-9]{0,254}$ says the same, but compiling it
// took every forma program a millisecond or more at start.)
func Valid(id string) bool {
	if id == "" || len(id) > maxIDLen || !isLetter(id[0]) {
		return false
	}
	for i := 1; i < len(id); i++ {
		if !isAlnum(id[i]) {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// FromPath returns the logical ID for the path components of an element
// below its stack. Components named "Default" are dropped; a single
// remaining component is used as is, stripped of non-alphanumerics; otherwise
// a readable prefix is followed by a hash of the raw components.
func FromPath(components []string) string {
	// The components are only read: they are copied only to drop one.
	kept := components
	if slices.Contains(components, defaultID) {
		kept = make([]string, 0, len(components)-1)
		for _, c := range components {
			if c != defaultID {
				kept = append(kept, c)
			}
		}
	}
	if len(kept) == 0 {
		return ""
	}
	if len(kept) == 1 {
		if id := keepAlnum(kept[0]); id != "" && len(id) <= maxIDLen {
			return id
		}
	}
	return human(kept) + hash(kept)
}

func hash(components []string) string {
	sum := md5.Sum([]byte(strings.Join(components, "/")))
	const digits = "0123456789ABCDEF"
	var b [hashLen]byte
	for i := range hashLen / 2 {
		b[2*i], b[2*i+1] = digits[sum[i]>>4], digits[sum[i]&0xf]
	}
	return string(b[:])
}

// keepAlnum returns s without what is not an ASCII letter or digit (as the
// regular expression [^A-Za-z0-9] replaced by "" would).
func keepAlnum(s string) string {
	i := 0
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for ; i < len(s); i++ {
		if isAlnum(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// human renders the readable part: components that repeat the end of the
// previous kept one are dropped, as is "Resource".
func human(components []string) string {
	var kept []string
	for _, c := range components {
		if c == resourceID {
			continue
		}
		if len(kept) > 0 && strings.HasSuffix(kept[len(kept)-1], c) {
			continue
		}
		kept = append(kept, c)
	}
	s := keepAlnum(strings.Join(kept, ""))
	if len(s) > maxHumanLen {
		s = s[:maxHumanLen]
	}
	return s
}
