package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// iamQuery calls an IAM query API action of moto, signed as the SDK signs
// it, and returns the response body.
func iamQuery(t *testing.T, endpoint string, form url.Values) string {
	t.Helper()
	form.Set("Version", "2010-05-08")
	body := form.Encode()
	req, err := http.NewRequest(http.MethodPost, endpoint+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	err = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "testing", SecretAccessKey: "testing"}, req, hex.EncodeToString(sum[:]), "iam", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("IAM %s: %s\n%s", form.Get("Action"), resp.Status, data)
	}
	return string(data)
}

// bootstrap --trust against moto: the deploy, publishing and lookup roles
// trust the pipeline's account, the lookup role also the lookup-only
// account.
func TestBootstrapTrustOnMoto(t *testing.T) {
	endpoint := motoURL(t)
	resp, err := http.Post(endpoint+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatalf("resetting moto at %s: %v", endpoint, err)
	}
	resp.Body.Close()
	awsEnv(t, endpoint, false)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("FORMA_POLL_INTERVAL", "50ms")
	run(nil, "bootstrap", "--progress", "events", "--trust", "111111111111", "--trust-for-lookup", "333333333333",
		"--cloudformation-execution-policies", "arn:aws:iam::aws:policy/PowerUserAccess").ok(t)
	for kind, want := range map[string][]string{
		"deploy": {"111111111111"}, "file-publishing": {"111111111111"}, "image-publishing": {"111111111111"},
		"lookup": {"111111111111", "333333333333"},
	} {
		name := "cdk-hnb659fds-" + kind + "-role-" + motoAccount + "-us-east-1"
		var out struct {
			Doc string `xml:"GetRoleResult>Role>AssumeRolePolicyDocument"`
		}
		if err := xml.Unmarshal([]byte(iamQuery(t, endpoint, url.Values{"Action": {"GetRole"}, "RoleName": {name}})), &out); err != nil {
			t.Fatal(err)
		}
		doc, _ := url.QueryUnescape(out.Doc)
		for _, a := range want {
			if !strings.Contains(doc, a) {
				t.Errorf("%s does not trust %s: %s", name, a, doc)
			}
		}
		if kind != "lookup" && strings.Contains(doc, "333333333333") {
			t.Errorf("%s trusts the lookup-only account: %s", name, doc)
		}
	}
	// moto does not attach a template's ManagedPolicyArns to a role: the
	// execution role's policies are checked on the template
	// (internal/bootstrap TestTrustedAccounts) and on the parameters
	// passed (TestBootstrapTrust).
}
