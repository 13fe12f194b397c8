package pipelines

import (
	"fmt"
	"strings"
)

// depBuilder is a dependency that is satisfied later: consumers depend on
// every producer, whichever is added first.
type depBuilder struct {
	producers, consumers []*gnode
}

func (b *depBuilder) dependOn(targets ...*gnode) {
	for _, t := range targets {
		for _, c := range b.consumers {
			c.dependOn(t)
		}
		b.producers = append(b.producers, t)
	}
}

func (b *depBuilder) dependBy(sources ...*gnode) {
	for _, s := range sources {
		for _, t := range b.producers {
			s.dependOn(t)
		}
		b.consumers = append(b.consumers, s)
	}
}

// pipelineGraph lays out the pipeline's blueprint as a graph, as the AWS
// CDK's PipelineGraph.
type pipelineGraph struct {
	p                *CodePipeline
	graph            *gnode
	cloudAssembly    *FileSet
	added            map[Step]*gnode
	synthNode        *gnode
	lastPreparation  *gnode
	stepDeps         map[Step]*depBuilder
	stepDepOrder     []Step
	stackOutputDeps  map[*stackDeployment]*depBuilder
	assetNodes       map[string]*gnode
	assetNodesByType map[bool]*gnode
	fileAssets       int
	dockerAssets     int
}

func newPipelineGraph(p *CodePipeline) (*pipelineGraph, error) {
	g := &pipelineGraph{
		p: p, graph: newGraph("", nil), added: map[Step]*gnode{}, stepDeps: map[Step]*depBuilder{},
		stackOutputDeps: map[*stackDeployment]*depBuilder{}, assetNodes: map[string]*gnode{}, assetNodesByType: map[bool]*gnode{},
	}
	if st, ok := p.props.Synth.(Step); ok {
		g.synthNode = g.addStepNode(st, g.topLevel("Build"))
		if g.synthNode != nil {
			g.synthNode.data.isBuildStep = true
		}
	}
	g.lastPreparation = g.synthNode
	g.cloudAssembly = p.props.Synth.PrimaryOutput()
	if p.selfMutation {
		stage := newGraph("UpdatePipeline", &nodeData{kind: kindGroup})
		g.graph.add(stage)
		n := newNode("SelfMutate", &nodeData{kind: kindSelfUpdate})
		stage.add(n)
		n.dependOn(g.synthNode)
		g.lastPreparation = n
	}
	var waves []*gnode
	for _, w := range p.waves {
		wg, err := g.addWave(w)
		if err != nil {
			return nil, err
		}
		waves = append(waves, wg)
	}
	for i := 1; i < len(waves); i++ {
		waves[i].dependOn(waves[i-1])
	}
	if err := g.addMissingDependencyNodes(); err != nil {
		return nil, err
	}
	return g, nil
}

func (g *pipelineGraph) depsFor(s Step) *depBuilder {
	b, ok := g.stepDeps[s]
	if !ok {
		b = &depBuilder{}
		g.stepDeps[s] = b
		g.stepDepOrder = append(g.stepDepOrder, s)
	}
	return b
}

func (g *pipelineGraph) outputDepsFor(d *stackDeployment) *depBuilder {
	b, ok := g.stackOutputDeps[d]
	if !ok {
		b = &depBuilder{}
		g.stackOutputDeps[d] = b
	}
	return b
}

func (g *pipelineGraph) topLevel(name string) *gnode {
	if c := g.graph.child(name); c != nil {
		return c
	}
	c := newGraph(name, nil)
	g.graph.add(c)
	return c
}

func (g *pipelineGraph) addWave(w *Wave) (*gnode, error) {
	var ret *gnode
	if len(w.stages) == 1 {
		sg, err := g.addStage(w.stages[0])
		if err != nil {
			return nil, err
		}
		ret = sg
	} else {
		ret = newGraph(w.id, &nodeData{kind: kindGroup})
		for _, s := range w.stages {
			sg, err := g.addStage(s)
			if err != nil {
				return nil, err
			}
			if ret.child(sg.id) != nil {
				return nil, fmt.Errorf("wave %q holds two stages named %q: give each stage of a wave its own id", w.id, sg.id)
			}
			ret.add(sg)
		}
	}
	if err := g.addPrePost(w.pre, w.post, ret); err != nil {
		return nil, err
	}
	ret.dependOn(g.lastPreparation)
	if g.graph.child(ret.id) != nil {
		return nil, fmt.Errorf("the pipeline has two stages named %q (a wave or stage of that name, or one of the pipeline's own stages: Source, Build, UpdatePipeline, Assets): rename the wave or stage", ret.id)
	}
	g.graph.add(ret)
	return ret, nil
}

func (g *pipelineGraph) addStage(sd *StageDeployment) (*gnode, error) {
	ret := newGraph(sd.name, &nodeData{kind: kindGroup})
	stackGraphs := map[*stackDeployment]*gnode{}
	for _, d := range sd.stacks {
		parts := []string{strings.TrimPrefix(d.stackName, sd.name+"-")}
		if d.account != "" {
			parts = append(parts, d.account)
		}
		if d.region != "" {
			parts = append(parts, d.region)
		}
		name := strings.Join(parts, ".")
		for i := 1; i <= len(parts); i++ {
			if c := strings.Join(parts[:i], "."); ret.child(c) == nil {
				name = c
				break
			}
		}
		capture := len(g.outputsReferenced(d)) > 0
		sgraph := newGraph(name, &nodeData{kind: kindStackGroup, stack: d})
		useChangeSets := g.p.props.UseChangeSets == nil || *g.p.props.UseChangeSets
		var prepare *gnode
		deploy := newNode("Deploy", &nodeData{kind: kindExecute, stack: d, captureOutputs: capture})
		ret.add(sgraph)
		sgraph.add(deploy)
		first := []*gnode{deploy}
		if useChangeSets {
			prepare = newNode("Prepare", &nodeData{kind: kindPrepare, stack: d})
			sgraph.add(prepare)
			deploy.dependOn(prepare)
			first = []*gnode{prepare}
		}
		if len(d.changeSet) > 0 {
			if prepare == nil {
				return nil, fmt.Errorf("stack %s has ChangeSet steps, but the pipeline deploys without change sets (UseChangeSets false): move them to Pre", d.displayName)
			}
			for _, c := range d.changeSet {
				n := g.addStepNode(c, sgraph)
				n.dependOn(prepare)
				deploy.dependOn(n)
			}
		}
		pre, err := g.addPrePostNodes(d.pre, d.post, sgraph)
		if err != nil {
			return nil, err
		}
		if len(pre) > 0 {
			first = pre
		}
		stackGraphs[d] = sgraph
		synth := g.addStepNode(g.cloudAssembly.producer, ret)
		for _, f := range first {
			f.dependOn(synth)
		}
		for _, a := range d.assets {
			n := g.publishAsset(a)
			for _, f := range first {
				f.dependOn(n)
			}
		}
		if capture {
			g.outputDepsFor(d).dependOn(deploy)
		}
	}
	for _, d := range sd.stacks {
		for _, dep := range d.deps {
			stackGraphs[d].dependOn(stackGraphs[dep])
		}
	}
	if err := g.addPrePost(sd.pre, sd.post, ret); err != nil {
		return nil, err
	}
	return ret, nil
}

func (g *pipelineGraph) addPrePost(pre, post []Step, parent *gnode) error {
	_, err := g.addPrePostNodes(pre, post, parent)
	return err
}

func (g *pipelineGraph) addPrePostNodes(pre, post []Step, parent *gnode) ([]*gnode, error) {
	current := append([]*gnode(nil), parent.children...)
	var preNodes []*gnode
	for _, s := range pre {
		n := g.addStepNode(s, parent)
		if n == nil {
			continue
		}
		for _, c := range current {
			c.dependOn(n)
		}
		preNodes = append(preNodes, n)
	}
	for _, s := range post {
		n := g.addStepNode(s, parent)
		if n == nil {
			continue
		}
		n.dependOn(current...)
	}
	return preNodes, nil
}

// outputsReferenced are the outputs of d that steps read.
func (g *pipelineGraph) outputsReferenced(d *stackDeployment) []string {
	var out []string
	for _, s := range g.p.allSteps() {
		for _, ref := range s.base().consumedOutputs {
			if ref.stack == d.stack {
				out = append(out, ref.OutputName)
			}
		}
	}
	return out
}

func (g *pipelineGraph) addStepNode(s Step, parent *gnode) *gnode {
	if prev, ok := g.added[s]; ok {
		return prev
	}
	n := newNode(s.StepID(), &nodeData{kind: kindStep, step: s})
	if s.base().isSource {
		parent = g.topLevel("Source")
	}
	if parent.child(n.id) != nil {
		// Two different steps with one id in one pipeline stage: the
		// second gets a unique id, as two actions cannot share a name.
		for i := 2; ; i++ {
			if id := fmt.Sprintf("%s%d", n.id, i); parent.child(id) == nil {
				n.id = id
				break
			}
		}
	}
	parent.add(n)
	g.added[s] = n
	for _, d := range s.base().deps {
		g.depsFor(d).dependBy(n)
	}
	g.depsFor(s).dependOn(n)
	for _, ref := range s.base().consumedOutputs {
		for _, w := range g.p.waves {
			for _, sd := range w.stages {
				for _, d := range sd.stacks {
					if d.stack == ref.stack {
						g.outputDepsFor(d).dependBy(n)
					}
				}
			}
		}
	}
	return n
}

func (g *pipelineGraph) addMissingDependencyNodes() error {
	for attempts := 0; attempts < 20; attempts++ {
		var unsatisfied []Step
		for _, s := range g.stepDepOrder {
			if b := g.stepDeps[s]; len(b.consumers) > 0 && len(b.producers) == 0 {
				unsatisfied = append(unsatisfied, s)
			}
		}
		if len(unsatisfied) == 0 {
			return nil
		}
		for _, s := range unsatisfied {
			left := firstOf(g.stepDeps[s].consumers)
			g.addStepNode(s, left.parent)
		}
	}
	return fmt.Errorf("the pipeline's steps depend on one another more than 20 levels deep")
}

func (g *pipelineGraph) publishAsset(a stackAsset) *gnode {
	assets := g.topLevel("Assets")
	single := g.p.props.PublishAssetsInParallel != nil && !*g.p.props.PublishAssetsInParallel
	n, ok := g.assetNodes[a.id]
	if !ok {
		if byType, ok2 := g.assetNodesByType[a.docker]; single && ok2 {
			n = byType
		} else {
			var id string
			switch {
			case !a.docker && single:
				id = "FileAsset"
			case !a.docker:
				g.fileAssets++
				id = fmt.Sprintf("FileAsset%d", g.fileAssets)
			case single:
				id = "DockerAsset"
			default:
				g.dockerAssets++
				id = fmt.Sprintf("DockerAsset%d", g.dockerAssets)
			}
			n = newNode(id, &nodeData{kind: kindPublishAssets})
			switch {
			case single && a.docker:
				n.displayName = "DockerAssets"
			case single:
				n.displayName = "FileAssets"
			default:
				n.displayName = a.displayName
			}
			assets.add(n)
			n.dependOn(g.lastPreparation)
			g.assetNodesByType[a.docker] = n
			g.assetNodes[a.id] = n
		}
	}
	for _, x := range n.data.assets {
		if x.selector == a.selector {
			return n
		}
	}
	n.data.assets = append(n.data.assets, a)
	return n
}
