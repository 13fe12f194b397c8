package jsonstr

import (
	"bytes"
	"encoding/json"
)

// Plain reports whether s is written as a JSON string as it is, between
// quotes: it holds no control character, quote, backslash or byte from
// 0x7f up (whose UTF-8 encoding/json checks), and with html no <, > or &
// either (which encoding/json escapes by default). It reads eight bytes at
// a time.
func Plain(s string, html bool) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		bad := below(x, 0x20) | above(x, 0x7e) | has(x, '"') | has(x, '\\')
		if html {
			bad |= has(x, '<') | has(x, '>') | has(x, '&')
		}
		if bad != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || html && (c == '<' || c == '>' || c == '&') {
			return false
		}
	}
	return true
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// below is not 0 when a byte of x is less than n (n at most 0x80).
func below(x uint64, n byte) uint64 { return (x - ones*uint64(n)) &^ x & highs }

// above is not 0 when a byte of x is more than n (n below 0x80).
func above(x uint64, n byte) uint64 { return ((x + ones*uint64(0x7f-n)) | x) & highs }

// has is not 0 when a byte of x is c.
func has(x uint64, c byte) uint64 { return below(x^(ones*uint64(c)), 1) }

// Append appends s to b as a JSON string, as encoding/json writes it with
// SetEscapeHTML(html).
func Append(b []byte, s string, html bool) []byte {
	if Plain(s, html) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	_ = enc.Encode(s)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// Write writes s to b as Append appends it.
func Write(b *bytes.Buffer, s string, html bool) {
	if Plain(s, html) {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	b.Write(Append(b.AvailableBuffer(), s, html))
}
