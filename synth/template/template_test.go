package template

import "testing"

func TestGrowKeepsOrder(t *testing.T) {
	tpl := New()
	tpl.Grow("Parameters", 1)
	tpl.Grow("Resources", 2)
	tpl.Set("Resources", "B", map[string]any{"Type": "AWS::SQS::Queue"})
	tpl.Set("Parameters", "P", map[string]any{"Type": "String"})
	tpl.Grow("Resources", 1)
	tpl.Set("Resources", "A", map[string]any{"Type": "AWS::SQS::Queue"})
	want := `{
 "Parameters": {
  "P": {
   "Type": "String"
  }
 },
 "Resources": {
  "B": {
   "Type": "AWS::SQS::Queue"
  },
  "A": {
   "Type": "AWS::SQS::Queue"
  }
 }
}`
	if got := string(tpl.JSON()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
