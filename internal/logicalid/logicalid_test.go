package logicalid

import (
	"regexp"
	"strings"
	"testing"
)

// Vectors from the AWS CDK's core/test/logical-id.test.ts.
func TestFromPath(t *testing.T) {
	long := strings.Repeat("x", 256)
	for _, tc := range []struct {
		path, want string
	}{
		{"MyVpc/Resource", "MyVpcF9F0CA6F"},
		{"Parent/Child/Resource/HeyThere", "ParentChildHeyThere35220347"},
		{"Foo-bar/B00m/Hello_World/&&Horray Horray.", "FoobarB00mHelloWorldHorrayHorray640E99FB"},
		{"Bucket", "Bucket"},
		{"My-Bucket", "MyBucket"},
		{"Default/Default/Bucket", "Bucket"},
		{"x/" + long, strings.Repeat("x", 240) + hash([]string{"x", long})},
		// A single component over 255 characters is hashed too (checked
		// against aws-cdk-lib 2.276.0).
		{long, strings.Repeat("x", 240) + "C7A139A2"},
	} {
		if got := FromPath(strings.Split(tc.path, "/")); got != tc.want {
			t.Errorf("FromPath(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestLongSingleComponent(t *testing.T) {
	// A 256-character path of two components: first 240 characters + hash.
	id := strings.Repeat("a", 128) + "/" + strings.Repeat("b", 128)
	got := FromPath(strings.Split(id, "/"))
	if len(got) != 248 || !strings.HasPrefix(got, strings.Repeat("a", 128)+strings.Repeat("b", 112)) {
		t.Errorf("got %q (%d chars)", got, len(got))
	}
}

// TestKeepAlnumAsRegexp checks keepAlnum against the regular expression it
// stands for, on ASCII, other letters, and bytes that are not UTF-8.
func TestKeepAlnumAsRegexp(t *testing.T) {
	nonAlnum := regexp.MustCompile(`[^A-Za-z0-9]`)
	for _, s := range []string{"", "abc", "Bonjour0", "My-Vpc_1/Subnet 2", "é", "aé1", "x\xffy\xc3", "日本語Q", "---", "Z9"} {
		if got, want := keepAlnum(s), nonAlnum.ReplaceAllString(s, ""); got != want {
			t.Errorf("keepAlnum(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestValidAsRegexp compares Valid with the regular expression it replaces.
func TestValidAsRegexp(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,254}$`)
	cases := []string{"", "a", "Z", "0", "a0", "0a", "My-Queue", "MyQueue", "Q\n", "é", "aé", "a b", "A_", strings.Repeat("a", 255), strings.Repeat("a", 256), "a" + strings.Repeat("9", 254)}
	for c := 0; c < 256; c++ {
		cases = append(cases, string([]byte{byte(c)}), "A"+string([]byte{byte(c)}))
	}
	for _, s := range cases {
		if got, want := Valid(s), re.MatchString(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}
