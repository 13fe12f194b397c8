package jsonstr

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// want is encoding/json's rendering of s.
func want(s string, html bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// slowPlain is Plain a byte at a time.
func slowPlain(s string, html bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || html && strings.IndexByte("<>&", c) >= 0 {
			return false
		}
	}
	return true
}

func check(t *testing.T, s string) {
	t.Helper()
	for _, html := range []bool{false, true} {
		if got, w := Plain(s, html), slowPlain(s, html); got != w {
			t.Errorf("Plain(%q, %v) = %v, want %v", s, html, got, w)
		}
		if got, w := string(Append([]byte("x"), s, html)), "x"+want(s, html); got != w {
			t.Errorf("Append(%q, %v) = %s, want %s", s, html, got, w)
		}
		var b bytes.Buffer
		b.WriteString("y")
		Write(&b, s, html)
		if got, w := b.String(), "y"+want(s, html); got != w {
			t.Errorf("Write(%q, %v) = %s, want %s", s, html, got, w)
		}
	}
}

// TestEveryByteAtEveryPlace puts each byte at each place of strings
// around the eight-byte words, among plain bytes.
func TestEveryByteAtEveryPlace(t *testing.T) {
	for n := 1; n <= 19; n++ {
		for at := 0; at < n; at++ {
			for c := 0; c < 256; c++ {
				b := bytes.Repeat([]byte{'a'}, n)
				b[at] = byte(c)
				check(t, string(b))
			}
		}
	}
	check(t, "")
	check(t, "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
	check(t, "日本語 \u2028 <b>&amp;</b> \x7f\xff")
}

func FuzzAppend(f *testing.F) {
	f.Add("plain string of some length")
	f.Add("a\"b\\c\nd<e>f&g\x7fh\xffi")
	f.Fuzz(func(t *testing.T, s string) { check(t, s) })
}

func BenchmarkPlain(b *testing.B) {
	s := strings.Repeat("Bonjour/Service/TaskDef/Resource.", 2)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Plain(s, true)
	}
}
