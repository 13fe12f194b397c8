package schemacheck

import (
	"regexp"
	"strings"
	"testing"

	"github.com/forma-iac/forma/internal/cfnspec"
)

// TestPatternsCompile counts the registry patterns Go's regexp engine
// cannot compile, which the checker skips; it fails when there are many.
func TestPatternsCompile(t *testing.T) {
	seen := map[string]bool{}
	var bad []string
	var walk func(p *cfnspec.Property)
	walk = func(p *cfnspec.Property) {
		if p == nil {
			return
		}
		for _, pat := range []string{p.Pattern, p.KeyPattern} {
			if pat != "" && !seen[pat] {
				seen[pat] = true
				if compile(pat) == nil {
					bad = append(bad, pat)
				}
			}
		}
		walk(p.Items)
		for _, f := range p.Forms {
			walk(f)
		}
	}
	for _, name := range cfnspec.Types() {
		spec, _ := cfnspec.Lookup(name)
		for _, p := range spec.Properties {
			walk(p)
		}
		for _, o := range spec.Definitions {
			for _, p := range o.Properties {
				walk(p)
			}
		}
	}
	t.Logf("%d patterns, %d not compiled by Go's regexp (lookarounds, POSIX classes)", len(seen), len(bad))
	for _, b := range bad {
		if !lookaround.MatchString(b) && !strings.Contains(b, `\p{Print}`) && !strings.Contains(b, `\p{Graph}`) {
			t.Errorf("pattern %q does not compile, and it has no lookaround: teach goPattern its spelling", b)
		}
	}
}

var lookaround = regexp.MustCompile(`\(\?<?[=!]`)

func TestGoPattern(t *testing.T) {
	for in, want := range map[string]string{
		`^a\Z`:               `^a\z`,
		`^[\u0020-\u007E]+$`: `^[\x{0020}-\x{007E}]+$`,
		`^.{0,1023}$`:        `^.{0,}$`,
		`^.{2,5}\{$`:         `^.{2,5}\{$`,
	} {
		if got := goPattern(in); got != want {
			t.Errorf("goPattern(%q) = %q, want %q", in, got, want)
		}
	}
}
