package constructs

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// App is the root of a construct tree.
type App struct {
	Base
	// ContextErrors lists problems found while reading context files; synthesis
	// reports them.
	ContextErrors []string
	// hasNested is set when a nested stack is created in the app.
	hasNested bool
	// stacks is what Stacks found when the tree had seen treeChanges
	// stacksAt changes: synthesis asks for the stacks several times.
	stacksMu sync.Mutex
	stacks   []*Stack
	stacksAt int64
}

// HasNestedStacks reports whether a nested stack was created in the app,
// so that synthesis skips the work nested stacks need in an app without
// any.
func (a *App) HasNestedStacks() bool { return a.hasNested }

// AppProps configures an App.
type AppProps struct {
	// Context values, applied last so that they win over the context files and
	// CDK_CONTEXT_JSON.
	Context map[string]any
	// SkipContextFiles leaves out the cdk.json/forma.json beside the program
	// and CDK_CONTEXT_JSON; tests use it to be independent of the directory.
	SkipContextFiles bool
}

// ContextEnv is the environment variable through which the AWS CDK CLI hands
// context to an app.
const ContextEnv = "CDK_CONTEXT_JSON"

// NewApp creates the root of a construct tree. Its context is read, lowest
// precedence first, from the "context" object of cdk.json and then forma.json
// in the working directory, then from $CDK_CONTEXT_JSON, then from props.
func NewApp(props ...AppProps) *App {
	var p AppProps
	if len(props) > 0 {
		p = props[0]
	}
	a := &App{}
	a.Base = Base{node: &Node{host: a, rare: &nodeRare{}}}
	if !p.SkipContextFiles {
		for _, f := range []string{"cdk.json", "forma.json"} {
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			var doc struct {
				Context map[string]any `json:"context"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				abs, _ := filepath.Abs(f)
				a.ContextErrors = append(a.ContextErrors, fmt.Sprintf("%s is not valid JSON: %v; fix the file or remove it", abs, err))
				continue
			}
			for k, v := range doc.Context {
				a.node.SetContext(k, v)
			}
		}
		if env := os.Getenv(ContextEnv); env != "" {
			var ctx map[string]any
			if err := json.Unmarshal([]byte(env), &ctx); err != nil {
				a.ContextErrors = append(a.ContextErrors, fmt.Sprintf("$%s is not a JSON object: %v", ContextEnv, err))
			}
			for k, v := range ctx {
				a.node.SetContext(k, v)
			}
		}
	}
	for k, v := range p.Context {
		a.node.SetContext(k, v)
	}
	apps.Lock()
	apps.latest = a
	a.node.rare.errs = append(a.node.rare.errs, apps.pending...)
	apps.pending = nil
	apps.Unlock()
	return a
}

// apps remembers the latest App, which collects the errors of constructs
// created outside every tree (with a nil scope).
var apps struct {
	sync.Mutex
	latest  *App
	pending Errors
}

// Errors returns the problems recorded while the tree was built (a nil
// scope, an empty, duplicate or '/'-holding id, a construct outside every
// stack...), in the order found. Synthesis reports them with the others.
func (a *App) Errors() Errors {
	apps.Lock()
	defer apps.Unlock()
	return append(Errors(nil), a.node.extra().errs...)
}

// Stacks returns the stacks of the app, parents before children.
func (a *App) Stacks() []*Stack {
	a.stacksMu.Lock()
	defer a.stacksMu.Unlock()
	if at := treeChanges.Load(); a.stacks == nil || a.stacksAt != at {
		var out []*Stack
		a.node.findAll(func(c Construct) bool {
			if s, ok := c.(*Stack); ok {
				out = append(out, s)
			}
			return false
		})
		a.stacks, a.stacksAt = out, at
	}
	return append([]*Stack(nil), a.stacks...)
}
