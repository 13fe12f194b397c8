package cfnfake

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// This file is a minimal STS beside CloudFormation: the query protocol
// (form-encoded Action=…&Version=2011-06-15, XML answers), enough for
// assuming the deploy role an AWS CDK assembly names. AssumeRole answers
// credentials whose access key names the role, so the requests signed with
// them can be told apart (Request.AccessKey); GetCallerIdentity answers the
// account and the identity of the signing key
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).

const stsVersion = "2011-06-15"

// callerARN is the identity GetCallerIdentity answers for a key that
// AssumeRole did not hand out.
const callerARN = "arn:aws:iam::" + Account + ":user/forma-test"

// credentialsExpire is when the credentials AssumeRole hands out expire: a
// fixed time far after any test, so the answers are deterministic and the
// SDK never renews them during a test.
var credentialsExpire = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

type stsState struct {
	denied  map[string]bool   // role ARNs AssumeRole refuses; "" refuses all
	assumed map[string]string // access key → assumed-role ARN
}

// DenyAssumeRole makes AssumeRole of roleARN ("" for every role) answer
// AccessDenied, as STS does when the role does not exist or does not trust
// the caller.
func (f *Fake) DenyAssumeRole(roleARN string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sts.denied == nil {
		f.sts.denied = map[string]bool{}
	}
	f.sts.denied[roleARN] = true
}

// AssumedRoleKey is the access key AssumeRole hands out for roleARN.
func AssumedRoleKey(roleARN string) string {
	name := roleARN[strings.LastIndexByte(roleARN, '/')+1:]
	return "ASIA-" + name
}

// serveSTS answers an STS action; f.mu is held.
func (f *Fake) serveSTS(w http.ResponseWriter, r *http.Request, action string, form url.Values) {
	var b bytes.Buffer
	switch action {
	case "AssumeRole":
		arn, session := form.Get("RoleArn"), form.Get("RoleSessionName")
		account, name, ok := parseRoleARN(arn)
		switch {
		case !ok:
			writeSTSError(w, 400, "ValidationError", fmt.Sprintf("%s is invalid", arn))
			return
		case session == "":
			writeSTSError(w, 400, "ValidationError", "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null")
			return
		case f.sts.denied[""] || f.sts.denied[arn]:
			caller := callerARN
			if a, ok := f.sts.assumed[accessKey(r)]; ok {
				caller = a
			}
			writeSTSError(w, 403, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller, arn))
			return
		}
		key := AssumedRoleKey(arn)
		assumed := fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", account, name, session)
		if f.sts.assumed == nil {
			f.sts.assumed = map[string]string{}
		}
		f.sts.assumed[key] = assumed
		result{
			el("Credentials", txt("AccessKeyId", key), txt("SecretAccessKey", "secret-"+name),
				txt("SessionToken", "token-"+name), ts("Expiration", credentialsExpire)),
			el("AssumedRoleUser", txt("Arn", assumed), txt("AssumedRoleId", "AROAFAKE:"+session)),
		}.write(&b)
	case "GetCallerIdentity":
		arn := callerARN
		if a, ok := f.sts.assumed[accessKey(r)]; ok {
			arn = a
		}
		result{txt("Arn", arn), txt("UserId", accessKey(r)), txt("Account", Account)}.write(&b)
	default:
		writeSTSError(w, 400, "InvalidAction", "the double does not implement STS "+action)
		return
	}
	var out bytes.Buffer
	out.WriteString("<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action + "Result>")
	out.Write(b.Bytes())
	fmt.Fprintf(&out, "</%sResult><ResponseMetadata><RequestId>req-%d</RequestId></ResponseMetadata></%sResponse>", action, len(f.calls), action)
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(out.Len()))
	w.Write(out.Bytes())
}

// parseRoleARN splits arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME.
func parseRoleARN(arn string) (account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || len(parts[4]) != 12 || !strings.HasPrefix(parts[5], "role/") {
		return "", "", false
	}
	return parts[4], parts[5][strings.LastIndexByte(parts[5], '/')+1:], true
}

func writeSTSError(w http.ResponseWriter, status int, code, msg string) {
	var b bytes.Buffer
	b.WriteString(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>` + code + `</Code><Message>`)
	xml.EscapeText(&b, []byte(msg))
	b.WriteString(`</Message></Error><RequestId>req-err</RequestId></ErrorResponse>`)
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
