package logicalid

import (
	"crypto/md5"
	"encoding/hex"
	"regexp"
	"strings"
)

const (
	hashLen     = 8
	maxHumanLen = 240
	maxIDLen    = 255
	defaultID   = "Default"
	resourceID  = "Resource"
)

var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]`)

// Valid matches a logical ID CloudFormation accepts.
var Valid = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,254}$`)

// FromPath returns the logical ID for the path components of an element
// below its stack. Components named "Default" are dropped; a single
// remaining component is used as is, stripped of non-alphanumerics; otherwise
// a readable prefix is followed by a hash of the raw components.
func FromPath(components []string) string {
	var kept []string
	for _, c := range components {
		if c != defaultID {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	if len(kept) == 1 {
		if id := nonAlnum.ReplaceAllString(kept[0], ""); id != "" && len(id) <= maxIDLen {
			return id
		}
	}
	return human(kept) + hash(kept)
}

func hash(components []string) string {
	sum := md5.Sum([]byte(strings.Join(components, "/")))
	return strings.ToUpper(hex.EncodeToString(sum[:]))[:hashLen]
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
	s := nonAlnum.ReplaceAllString(strings.Join(kept, ""), "")
	if len(s) > maxHumanLen {
		s = s[:maxHumanLen]
	}
	return s
}
