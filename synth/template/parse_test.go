package template

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// everyTag uses every short-form intrinsic CloudFormation defines, in both
// scalar and list forms where a function has both.
const everyTag = `AWSTemplateFormatVersion: 2010-09-09
Description: every short form
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
    AllowedValues: [prod, dev]
Mappings:
  Regions:
    us-east-1:
      Ami: ami-1
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Condition IsDev]
  Either: !Or [!Condition IsProd, !Condition IsDev]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Sub '${AWS::StackName}-bucket'
      Tags:
        - Key: joined
          Value: !Join ['-', [a, !Ref Env]]
        - Key: subList
          Value: !Sub
            - '${A}-x'
            - A: !GetAtt Queue.Arn
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !If [IsProd, !Select [0, !Split [',', 'a,b']], !Ref AWS::NoValue]
      DelaySeconds: 0x10
      MaximumMessageSize: 2048
      KmsDataKeyReusePeriodSeconds: 3.0e2
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [Regions, !Ref 'AWS::Region', Ami]
      AvailabilityZone: !Select [0, !GetAZs '']
      UserData: !Base64 |
        #!/bin/bash
        echo hi
      SubnetId: !ImportValue shared-subnet
      Cidrs: !Cidr [!GetAtt [Vpc, CidrBlock], 6, 5]
      Nested: !GetAtt Vpc.Outputs.SubnetId
      Extra: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}
      Json: !ToJsonString {a: 1}
      Count: !Length [1, 2]
      Plain:
        Yes: yes
        On: on
        Date: 2024-01-02
        Octal: 0777
        Under: 1_000
        Quoted: "42"
        Null: ~
        Tilde: null
        True: true
        Float: .5
        Neg: -3
        Str: !!str 80
        Int: !!int "12"
Outputs:
  Arn:
    Value: !GetAtt Bucket.Arn
    Export:
      Name: !Sub '${AWS::StackName}-arn'
`

const everyTagJSON = `{
 "AWSTemplateFormatVersion": "2010-09-09",
 "Description": "every short form",
 "Transform": "AWS::Serverless-2016-10-31",
 "Parameters": {"Env": {"Type": "String", "AllowedValues": ["prod", "dev"]}},
 "Mappings": {"Regions": {"us-east-1": {"Ami": "ami-1"}}},
 "Conditions": {
  "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
  "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
  "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]},
  "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]}
 },
 "Resources": {
  "Bucket": {
   "Type": "AWS::S3::Bucket",
   "Condition": "IsProd",
   "Properties": {
    "BucketName": {"Fn::Sub": "${AWS::StackName}-bucket"},
    "Tags": [
     {"Key": "joined", "Value": {"Fn::Join": ["-", ["a", {"Ref": "Env"}]]}},
     {"Key": "subList", "Value": {"Fn::Sub": ["${A}-x", {"A": {"Fn::GetAtt": ["Queue", "Arn"]}}]}}
    ]
   }
  },
  "Queue": {
   "Type": "AWS::SQS::Queue",
   "Properties": {
    "QueueName": {"Fn::If": ["IsProd", {"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]}, {"Ref": "AWS::NoValue"}]},
    "DelaySeconds": 16,
    "MaximumMessageSize": 2048,
    "KmsDataKeyReusePeriodSeconds": 300
   }
  },
  "Instance": {
   "Type": "AWS::EC2::Instance",
   "Properties": {
    "ImageId": {"Fn::FindInMap": ["Regions", {"Ref": "AWS::Region"}, "Ami"]},
    "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
    "UserData": {"Fn::Base64": "#!/bin/bash\necho hi\n"},
    "SubnetId": {"Fn::ImportValue": "shared-subnet"},
    "Cidrs": {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 6, 5]},
    "Nested": {"Fn::GetAtt": ["Vpc", "Outputs.SubnetId"]},
    "Extra": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}},
    "Json": {"Fn::ToJsonString": {"a": 1}},
    "Count": {"Fn::Length": [1, 2]},
    "Plain": {
     "Yes": "yes",
     "On": "on",
     "Date": "2024-01-02",
     "Octal": 777,
     "Under": "1_000",
     "Quoted": "42",
     "Null": null,
     "Tilde": null,
     "True": true,
     "Float": 0.5,
     "Neg": -3,
     "Str": "80",
     "Int": 12
    }
   }
  }
 },
 "Outputs": {
  "Arn": {
   "Value": {"Fn::GetAtt": ["Bucket", "Arn"]},
   "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-arn"}}
  }
 }
}`

func TestParseYAMLShortForms(t *testing.T) {
	got, err := Parse("every.yaml", []byte(everyTag))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse("every.json", []byte(everyTagJSON))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("YAML short forms (-want +got):\n%s", d)
	}
}

// TestParseJSONMatchesPlain: a rendered template parses back to what Plain
// returns, so deployed and synthesized templates compare directly.
func TestParseJSONMatchesPlain(t *testing.T) {
	tm := New()
	tm.FormatVersion = "2010-09-09"
	tm.Set("Resources", "Q", map[string]any{"Type": "AWS::SQS::Queue", "Properties": map[string]any{"DelaySeconds": 5}})
	for _, format := range []string{"json", "yaml"} {
		data := tm.JSON()
		if format == "yaml" {
			data = tm.YAML()
		}
		got, err := Parse("t."+format, data)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tm.Plain(), got); d != "" {
			t.Errorf("%s round trip (-want +got):\n%s", format, d)
		}
	}
}

func TestFromPlain(t *testing.T) {
	want, err := Parse("every.json", []byte(everyTagJSON))
	if err != nil {
		t.Fatal(err)
	}
	tm := FromPlain(want)
	if d := cmp.Diff(want, tm.Plain()); d != "" {
		t.Errorf("FromPlain(...).Plain() (-want +got):\n%s", d)
	}
	if tm.Transform[0] != "AWS::Serverless-2016-10-31" || tm.Len("Resources") != 3 {
		t.Errorf("FromPlain lost the transform or resources: %+v", tm)
	}
}

func TestParseSpecialNumbers(t *testing.T) {
	got, err := Parse("n.yaml", []byte("A: .inf\nB: -.Inf\nC: .nan\nD: 0o17\nE: 1e3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(got["A"].(float64), 1) || !math.IsInf(got["B"].(float64), -1) || !math.IsNaN(got["C"].(float64)) ||
		got["D"] != 15.0 || got["E"] != 1000.0 {
		t.Errorf("special numbers: %v", got)
	}
}

func TestParseAlias(t *testing.T) {
	got, err := Parse("a.yaml", []byte("A: &x {k: !Ref R}\nB: *x\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"Ref": "R"}
	if d := cmp.Diff(want, got["B"].(map[string]any)["k"]); d != "" {
		t.Errorf("alias (-want +got):\n%s", d)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"dup.yaml", "A: 1\nA: 2\n", `dup.yaml:2: duplicate key "A"`},
		{"getatt.yaml", "A: !GetAtt NoDot\n", `getatt.yaml:1: !GetAtt "NoDot" needs the form LogicalId.Attribute`},
		{"ref.yaml", "A: !Ref [a, b]\n", `ref.yaml:1: !Ref takes a name, not a list`},
		{"list.yaml", "- a\n- b\n", `list.yaml: the template is a list, not a mapping of sections`},
		{"bad.json", `{"A": }`, `bad.json: the template is not valid JSON`},
		{"bad.yaml", "A: [\n", `bad.yaml: the template is neither JSON nor valid YAML`},
		{"empty.yaml", "", `empty.yaml: the template is empty`},
		{"int.yaml", "A: !!int abc\n", `int.yaml:1: "abc" is not a number`},
	} {
		_, err := Parse(tc.name, []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%s) = %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestParseJSONKeepsShapes(t *testing.T) {
	got, err := Parse("t.json", []byte(` {"A": [1, "x", true, null, {"B": 2.5}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if string(b) != `{"A":[1,"x",true,null,{"B":2.5}]}` {
		t.Errorf("JSON shapes: %s", b)
	}
}

// TestParseRefusesOddTags: a tag that cannot name a function (here one the
// fuzzer found, whose %-escapes decode to bytes that are not UTF-8) is an
// error, not an "Fn::" key that JSON cannot spell.
func TestParseRefusesOddTags(t *testing.T) {
	for _, src := range []string{"!%C0%80", "A: !Fn::Sub x\n", "A: !1Ref x\n"} {
		if _, err := Parse("t.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "is no CloudFormation function") {
			t.Errorf("%q: err = %v", src, err)
		}
	}
	if _, err := Parse("t.yaml", []byte("A: !Base64 x\nB: !ToJsonString {a: 1}\n")); err != nil {
		t.Errorf("short forms: %v", err)
	}
}
