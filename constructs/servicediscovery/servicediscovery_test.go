package servicediscovery_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/forma-iac/forma/constructs"
	sd "github.com/forma-iac/forma/constructs/servicediscovery"
	"github.com/forma-iac/forma/synth"
)

func render(t *testing.T, app *constructs.App) map[string]any {
	t.Helper()
	asm, err := synth.Synthesize(app)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := asm.Files(false)
	var tpl map[string]any
	if err := json.Unmarshal(files["S.template.json"], &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl["Resources"].(map[string]any)
}

func TestServicesInHTTPAndPublicNamespaces(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	httpNS := sd.NewHTTPNamespace(stack, "Http", sd.NamespaceProps{Name: "api"})
	sd.NewService(stack, "Api", sd.ServiceProps{Namespace: httpNS, Name: "orders"})
	pub := sd.NewPublicDNSNamespace(stack, "Pub", sd.NamespaceProps{Name: "example.com"})
	sd.NewService(stack, "Www", sd.ServiceProps{Namespace: pub, DNSRecordType: sd.RecordCNAME})
	sd.NewService(stack, "Both", sd.ServiceProps{Namespace: pub, DNSRecordType: sd.RecordAAndAAAA, CustomHealthCheckFailureThreshold: 3})
	res := render(t, app)
	if httpNS.Type() != sd.NamespaceHTTP || httpNS.NamespaceName() != "api" {
		t.Errorf("namespace %v %v", httpNS.Type(), httpNS.NamespaceName())
	}
	api := byPrefix(t, res, "Api")["Properties"].(map[string]any)
	if d := cmp.Diff(map[string]any{"Name": "orders", "NamespaceId": map[string]any{"Fn::GetAtt": []any{httpID(res), "Id"}}}, api); d != "" {
		t.Errorf("HTTP namespace service: no DNS config (-want +got):\n%s", d)
	}
	www := byPrefix(t, res, "Www")["Properties"].(map[string]any)["DnsConfig"].(map[string]any)
	if www["RoutingPolicy"] != "WEIGHTED" {
		t.Errorf("CNAME routing policy %v, want WEIGHTED", www["RoutingPolicy"])
	}
	both := byPrefix(t, res, "Both")["Properties"].(map[string]any)
	want := []any{map[string]any{"TTL": 60.0, "Type": "A"}, map[string]any{"TTL": 60.0, "Type": "AAAA"}}
	if d := cmp.Diff(want, both["DnsConfig"].(map[string]any)["DnsRecords"]); d != "" {
		t.Errorf("A and AAAA records (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]any{"FailureThreshold": 3.0}, both["HealthCheckCustomConfig"]); d != "" {
		t.Errorf("custom health check (-want +got):\n%s", d)
	}
}

func TestNamespaceAndServiceErrors(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	ns := sd.NewPrivateDNSNamespace(stack, "Private", sd.PrivateDNSNamespaceProps{})
	sd.NewService(stack, "Cname", sd.ServiceProps{Namespace: ns, DNSRecordType: sd.RecordCNAME, RoutingPolicy: sd.RoutingMultivalue})
	sd.NewService(stack, "Threshold", sd.ServiceProps{Namespace: ns, CustomHealthCheckFailureThreshold: 11})
	sd.NewService(stack, "Orphan", sd.ServiceProps{})
	_, err := synth.Synthesize(app)
	for _, w := range []string{
		"S/Private: Name is required", "S/Private: Vpc is required",
		"S/Cname: CNAME records cannot use the MULTIVALUE routing policy",
		"S/Threshold: CustomHealthCheckFailureThreshold is 11", "S/Orphan: Namespace is required",
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not contain %q", err, w)
		}
	}
}

// byPrefix returns the resource whose logical id is prefix and a hash.
func byPrefix(t *testing.T, res map[string]any, prefix string) map[string]any {
	t.Helper()
	for id, r := range res {
		if strings.HasPrefix(id, prefix) && len(id) == len(prefix)+8 {
			return r.(map[string]any)
		}
	}
	t.Fatalf("no resource %s…", prefix)
	return nil
}

func httpID(res map[string]any) string {
	for id := range res {
		if strings.HasPrefix(id, "Http") {
			return id
		}
	}
	return ""
}
