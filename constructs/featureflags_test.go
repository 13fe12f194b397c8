package constructs_test

import (
	"strings"
	"testing"

	"github.com/forma-iac/forma/constructs"
)

// TestFeatureFlag checks how a flag's context value reads: unset is off, a
// boolean is itself, a string is on only when it says "true", a flag set on
// a scope applies below it.
func TestFeatureFlag(t *testing.T) {
	const flag = "@aws-cdk/aws-iam:minimizePolicies"
	for _, tc := range []struct {
		value   any
		on, set bool
	}{
		{nil, false, false},
		{true, true, true},
		{false, false, true},
		{"true", true, true},
		{"TRUE", true, true},
		{"false", false, true},
		{float64(1), true, true},
	} {
		ctx := map[string]any{}
		if tc.value != nil {
			ctx[flag] = tc.value
		}
		app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: ctx})
		stack := constructs.NewStack(app, "S", constructs.StackProps{})
		c := constructs.New(stack, "C")
		on, set := constructs.FeatureFlagSet(c, flag)
		if on != tc.on || set != tc.set || constructs.FeatureFlag(c, flag) != tc.on {
			t.Errorf("value %#v: (on, set) = (%v, %v), want (%v, %v)", tc.value, on, set, tc.on, tc.set)
		}
	}
	if constructs.FeatureFlag(nil, flag) {
		t.Error("FeatureFlag(nil) is on")
	}
}

// TestTryRemoveChild checks that a removed child leaves the tree and its id
// can be found no more.
func TestTryRemoveChild(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true})
	stack := constructs.NewStack(app, "S", constructs.StackProps{})
	constructs.New(stack, "A")
	constructs.New(stack, "B")
	if !stack.Node().TryRemoveChild("A") || stack.Node().TryRemoveChild("A") {
		t.Fatal("TryRemoveChild(A) did not report one removal")
	}
	if stack.Node().TryFindChild("A") != nil || len(stack.Node().Children()) != 1 {
		t.Errorf("A is still in the tree: %v", stack.Node().Children())
	}
}

// TestUnhonouredFeatureFlags checks that only flags set to a value forma
// does not behave as are listed.
func TestUnhonouredFeatureFlags(t *testing.T) {
	app := constructs.NewApp(constructs.AppProps{SkipContextFiles: true, Context: map[string]any{
		"@aws-cdk/aws-iam:minimizePolicies":             true,       // honoured
		"@aws-cdk/aws-ecs:removeEmptyLoadBalancers":     true,       // not yet
		"@aws-cdk/core:enablePartitionLiterals":         false,      // forma's behaviour
		"@aws-cdk/core:defaultCrossStackReferences":     "weak",     // not yet
		"@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": "true",     // not yet
		"@aws-cdk/core:explicitStackTags":               "false",    // forma's behaviour
		"@aws-cdk/aws-ecs-patterns:uniqueTargetGroupId": nil,        // unset
		"@aws-cdk/core:automaticL1Traits":               false,      // forma's behaviour
		"@aws-cdk/core:validateSnapshotRemovalPolicy":   float64(0), // forma's behaviour
	}})
	got := constructs.UnhonouredFeatureFlags(app)
	want := []string{"@aws-cdk/aws-ec2:restrictDefaultSecurityGroup", "@aws-cdk/aws-ecs:removeEmptyLoadBalancers", "@aws-cdk/core:defaultCrossStackReferences"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("UnhonouredFeatureFlags = %v, want %v", got, want)
	}
}
