package template_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/forma-iac/forma/synth/template"
)

// FuzzParse feeds the template parser JSON and YAML, seeded with the
// snapshot templates (as JSON and as forma's YAML) and short-form
// intrinsics. It must never panic; a template it accepts must survive a
// JSON round trip unchanged.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../../snapshots/*/*.template.json")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		if m, err := template.Parse(p, data); err == nil {
			f.Add(template.FromPlain(m).YAML())
		}
	}
	for _, s := range []string{
		"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${AWS::StackName}-q'\n",
		"Outputs:\n  A:\n    Value: !GetAtt Q.Arn\n  B:\n    Value: !Ref Q\n  C:\n    Value: !Join ['', [a, !Ref B]]\n",
		"Conditions:\n  C: !Equals [!Ref Env, prod]\nResources:\n  X:\n    Condition: C\n    Type: AWS::SNS::Topic\n",
		"Resources:\n  X:\n    Type: T\n    Properties:\n      A: !If [C, !Select [0, !GetAZs ''], !Ref 'AWS::NoValue']\n      B: &a [1, 2]\n      C: *a\n",
		"{\"Resources\": {\"X\": {\"Type\": \"T\", \"Properties\": {\"N\": 1e400}}}}",
		"A: .inf\nB: -.nan\nC: 0x1F\nD: 2010-09-09\nE: yes\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := template.Parse("fuzz", data)
		if err != nil {
			return
		}
		if m == nil {
			t.Fatal("Parse returned no template and no error")
		}
		js, err := json.Marshal(m)
		if err != nil {
			return // NaN or an infinity: no JSON spelling
		}
		again, err := template.Parse("again", js)
		if err != nil {
			t.Fatalf("the JSON of a parsed template does not parse: %v\n%s", err, js)
		}
		if !reflect.DeepEqual(m, again) {
			t.Fatalf("a JSON round trip changed the template:\n%v\n%v", m, again)
		}
	})
}
