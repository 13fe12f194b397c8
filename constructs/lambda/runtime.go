package lambda

// RuntimeFamily groups runtimes by language.
type RuntimeFamily string

// The runtime families of the AWS CDK.
const (
	FamilyNodeJS     RuntimeFamily = "NODEJS"
	FamilyPython     RuntimeFamily = "PYTHON"
	FamilyJava       RuntimeFamily = "JAVA"
	FamilyDotNetCore RuntimeFamily = "DOTNET_CORE"
	FamilyGo         RuntimeFamily = "GO"
	FamilyRuby       RuntimeFamily = "RUBY"
	FamilyOther      RuntimeFamily = "OTHER"
)

// Runtime is a Lambda runtime, the AWS CDK's lambda.Runtime. The package's
// variables (NodeJS22X, Python313, Java21, ProvidedAL2023, …) are every
// runtime of the registry schema; RuntimeOf names one the schema does not
// know yet.
type Runtime struct {
	// Name is the runtime identifier written in the template ("nodejs22.x").
	Name string
	// Family is the language family.
	Family RuntimeFamily
	// SupportsInlineCode reports whether CodeFromInline may be used.
	SupportsInlineCode bool
	// Deprecated reports whether AWS Lambda has deprecated the runtime.
	Deprecated bool
}

// RuntimeOf returns a runtime by name: a value of AllRuntimes when the
// name is one, else a runtime of FamilyOther without inline code.
func RuntimeOf(name string) Runtime {
	for _, r := range AllRuntimes {
		if r.Name == name {
			return r
		}
	}
	return Runtime{Name: name, Family: FamilyOther}
}

// String returns the runtime's name.
func (r Runtime) String() string { return r.Name }
