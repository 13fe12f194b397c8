package cfnfake

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
)

type param struct{ k, v string }
type tag struct{ k, v string }
type output struct{ key, value, export string }

type resource struct {
	typ, physical string
	def           *resourceDef
}

type event struct {
	id, logical, physical, typ, status, reason string
	at                                         time.Time
}

type export struct{ stackID, value string }

// state is what an update rolls back to.
type state struct {
	body      string
	t         *tmpl
	params    []param
	tags      []tag
	outputs   []output
	resources map[string]*resource
	order     []string
}

type stack struct {
	id, name       string
	status, reason string
	created        time.Time
	updated        time.Time
	state
	events          []*event
	changeSets      []*changeSet
	queue           []func()
	disableRollback bool
	protection      bool
	capabilities    []string
	deleted         bool
	prev            *state
	// roleARN is the role CloudFormation assumes for the stack: the last
	// RoleARN given to CreateStack, UpdateStack or CreateChangeSet of an
	// executed change set.
	roleARN string
	// opStart is when the operation in the queue began, in wall time
	// (Faults.OperationTime).
	opStart time.Time
}

type changeSet struct {
	id, name, typ  string
	status, reason string
	execStatus     string
	body           string
	t              *tmpl
	params         []param
	tags           []tag
	capabilities   []string
	changes        []change
	created        time.Time
	newStack       bool
	roleARN        string
}

// live returns the stack that is not deleted, by name or id.
func (f *Fake) live(name string) *stack {
	for _, s := range f.stacks {
		if !s.deleted && (s.name == name || s.id == name) {
			return s
		}
	}
	return nil
}

// find returns a live stack by name or id, or a deleted one by id: as
// CloudFormation, which describes deleted stacks only by their unique id.
func (f *Fake) find(name string) *stack {
	if s := f.live(name); s != nil {
		return s
	}
	for _, s := range f.stacks {
		if s.id == name {
			return s
		}
	}
	return nil
}

func (f *Fake) nextID() int { f.seq++; return f.seq }

func (f *Fake) uuid() string {
	n := f.nextID()
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n)
}

// target is the stack a request is about: StackName, or the stack of the
// change set ChangeSetName; nil for requests about no stack in particular.
func (f *Fake) target(form url.Values) *stack {
	if name := form.Get("StackName"); name != "" {
		return f.find(name)
	}
	if name := form.Get("ChangeSetName"); name != "" {
		for _, s := range f.stacks {
			if f.changeSet(s, name) != nil {
				return s
			}
		}
	}
	return nil
}

// step advances the clock, and by one step the operations in progress of
// target (of every stack when target is nil): a stack progresses as its
// client polls it, whatever other clients do.
func (f *Fake) step(target *stack) {
	f.now = f.now.Add(time.Second)
	for _, s := range f.stacks {
		if target != nil && s != target {
			continue
		}
		for _, cs := range s.changeSets {
			f.stepChangeSet(s, cs)
		}
		if len(s.queue) == 0 || f.held[s.name] || f.waitsForTime(s) {
			continue
		}
		next := s.queue[0]
		s.queue = s.queue[1:]
		next()
		if len(s.queue) == 0 {
			s.opStart = time.Time{}
		}
	}
	active := 0
	for _, s := range f.stacks {
		if strings.HasSuffix(s.status, "_IN_PROGRESS") && s.status != "REVIEW_IN_PROGRESS" {
			active++
		}
	}
	f.active = active
	f.maxActive = max(f.maxActive, active)
}

func (f *Fake) emit(s *stack, logical, physical, typ, status, reason string) {
	s.events = append(s.events, &event{id: f.uuid(), logical: logical, physical: physical, typ: typ, status: status, reason: reason, at: f.now})
}

// setStatus sets the stack status and emits the stack's own event.
func (f *Fake) setStatus(s *stack, status, reason string) {
	s.status, s.reason = status, reason
	f.emit(s, s.name, s.id, "AWS::CloudFormation::Stack", status, reason)
}

func (f *Fake) physicalID(s *stack, id string, def *resourceDef) string {
	if p := nameProperty(def.Type); p != "" {
		if v, ok := def.Properties[p]; ok {
			if name, err := (&resolver{f: f, s: s, params: s.paramMap()}).str(v); err == nil && name != "" {
				return name
			}
		}
	}
	sum := crc32.ChecksumIEEE([]byte(fmt.Sprintf("%s/%s/%d", s.name, id, f.nextID())))
	return fmt.Sprintf("%s-%s-%08X", s.name, id, sum)
}

func (s *stack) paramMap() map[string]string {
	m := map[string]string{}
	for _, p := range s.params {
		m[p.k] = p.v
	}
	return m
}

func retained(def *resourceDef) bool {
	return def.DeletionPolicy == "Retain" || def.DeletionPolicy == "RetainExceptOnCreate"
}

// action is one resource operation of a wave.
type action struct {
	id, kind string // create, update, replace
}

// runWaves queues the waves, then done; a failure replaces what is left of
// the queue with onFail(failed resources).
func (f *Fake) runWaves(s *stack, waves [][]action, verb string, onFail func(failed []string), done func()) {
	var q []func()
	for _, wave := range waves {
		if len(wave) == 0 {
			continue
		}
		q = append(q, func() {
			for _, a := range wave {
				def := s.t.Resources[a.id]
				switch a.kind {
				case "create":
					f.emit(s, a.id, "", def.Type, "CREATE_IN_PROGRESS", "")
				case "update":
					f.emit(s, a.id, s.resources[a.id].physical, def.Type, "UPDATE_IN_PROGRESS", "")
				case "replace":
					f.emit(s, a.id, s.resources[a.id].physical, def.Type, "UPDATE_IN_PROGRESS", "Requested update requires the creation of a new physical resource; hence creating one.")
				}
			}
		})
		q = append(q, func() {
			for _, a := range wave {
				if _, failing := f.failures[s.name+"/"+a.id]; failing || a.kind == "update" {
					continue
				}
				def := s.t.Resources[a.id]
				phys := f.physicalID(s, a.id, def)
				if a.kind == "create" {
					s.resources[a.id] = &resource{typ: def.Type, physical: phys, def: def}
					s.order = append(s.order, a.id)
					f.emit(s, a.id, phys, def.Type, "CREATE_IN_PROGRESS", "Resource creation Initiated")
				} else {
					s.resources[a.id] = &resource{typ: def.Type, physical: phys, def: def}
					f.emit(s, a.id, phys, def.Type, "UPDATE_IN_PROGRESS", "Resource creation Initiated")
				}
				if def.Type == "AWS::S3::Bucket" {
					f.buckets[phys] = true
				}
			}
		})
		q = append(q, func() {
			var failed []string
			for _, a := range wave {
				key := s.name + "/" + a.id
				reason, failing := f.failures[key]
				if !failing {
					continue
				}
				delete(f.failures, key)
				failed = append(failed, a.id)
				phys := ""
				if r := s.resources[a.id]; r != nil {
					phys = r.physical
				}
				status := "UPDATE_FAILED"
				if a.kind == "create" {
					status = "CREATE_FAILED"
				}
				f.emit(s, a.id, phys, s.t.Resources[a.id].Type, status, reason)
			}
			for _, a := range wave {
				if slices.Contains(failed, a.id) {
					continue
				}
				def := s.t.Resources[a.id]
				r := s.resources[a.id]
				switch {
				case failed != nil && a.kind == "create":
					f.emit(s, a.id, r.physical, def.Type, "CREATE_FAILED", "Resource creation cancelled")
				case failed != nil:
					f.emit(s, a.id, r.physical, def.Type, "UPDATE_FAILED", "Resource update cancelled")
				case a.kind == "create":
					f.emit(s, a.id, r.physical, def.Type, "CREATE_COMPLETE", "")
				default:
					r.def = def
					f.emit(s, a.id, r.physical, def.Type, "UPDATE_COMPLETE", "")
				}
			}
			if failed != nil {
				s.queue = nil
				onFail(failed)
			}
		})
	}
	q = append(q, done)
	s.queue = append(s.queue, q...)
}

// deleteSteps queues the deletion of ids, last created first: each
// DELETE_IN_PROGRESS then DELETE_COMPLETE, or DELETE_SKIPPED for a retained
// resource (DeletionPolicy Retain).
func (f *Fake) deleteSteps(s *stack, ids []string, res map[string]*resource, honourRetain bool) []func() {
	var q []func()
	for i := len(ids) - 1; i >= 0; i-- {
		id := ids[i]
		r := res[id]
		if r == nil {
			continue
		}
		if honourRetain && retained(r.def) {
			q = append(q, func() { f.emit(s, id, r.physical, r.typ, "DELETE_SKIPPED", "") })
			continue
		}
		q = append(q, func() { f.emit(s, id, r.physical, r.typ, "DELETE_IN_PROGRESS", "") })
		q = append(q, func() {
			delete(f.buckets, r.physical)
			f.emit(s, id, r.physical, r.typ, "DELETE_COMPLETE", "")
		})
	}
	return q
}

func levelsOf(t *tmpl, kinds map[string]string) [][]action {
	var out [][]action
	for _, lvl := range t.levels() {
		var wave []action
		for _, id := range lvl {
			if k, ok := kinds[id]; ok {
				wave = append(wave, action{id, k})
			}
		}
		out = append(out, wave)
	}
	return out
}

func failedList(ids []string) string { return "[" + strings.Join(ids, ", ") + "]" }

// startCreate runs a stack creation: CREATE_IN_PROGRESS, resources in
// dependency waves, CREATE_COMPLETE; on a failure ROLLBACK_IN_PROGRESS,
// deletion of what was created, ROLLBACK_COMPLETE — or CREATE_FAILED and no
// rollback when rollback is disabled
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes).
func (f *Fake) startCreate(s *stack) {
	f.setStatus(s, "CREATE_IN_PROGRESS", "User Initiated")
	kinds := map[string]string{}
	for id := range s.t.Resources {
		kinds[id] = "create"
	}
	f.runWaves(s, levelsOf(s.t, kinds), "create", func(failed []string) {
		if s.disableRollback {
			f.setStatus(s, "CREATE_FAILED", "The following resource(s) failed to create: "+failedList(failed)+". ")
			return
		}
		f.setStatus(s, "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: "+failedList(failed)+". Rollback requested by user.")
		q := f.deleteSteps(s, s.order, s.resources, false)
		q = append(q, func() {
			for _, id := range failed {
				f.emit(s, id, "", s.t.Resources[id].Type, "DELETE_COMPLETE", "")
			}
			s.resources, s.order, s.outputs = map[string]*resource{}, nil, nil
			f.setStatus(s, "ROLLBACK_COMPLETE", "")
		})
		s.queue = q
	}, func() {
		f.finish(s)
		f.setStatus(s, "CREATE_COMPLETE", "")
	})
}

// finish computes outputs and exports after resources are in place.
func (f *Fake) finish(s *stack) {
	r := &resolver{f: f, s: s, params: s.paramMap()}
	s.outputs = nil
	for name, e := range f.exports {
		if e.stackID == s.id {
			delete(f.exports, name)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(s.t.Outputs)) {
		o := s.t.Outputs[key]
		v, err := r.str(o.Value)
		if err != nil {
			v = "<" + err.Error() + ">"
		}
		out := output{key: key, value: v}
		if o.Export != nil {
			out.export, _ = r.str(o.Export.Name)
			f.exports[out.export] = &export{stackID: s.id, value: v}
		}
		s.outputs = append(s.outputs, out)
	}
}

func copyState(st state) *state {
	c := st
	c.resources = map[string]*resource{}
	for k, v := range st.resources {
		cp := *v
		c.resources[k] = &cp
	}
	c.order = slices.Clone(st.order)
	return &c
}

// startUpdate runs a stack update to next: UPDATE_IN_PROGRESS, changed
// resources in waves (replacements create the new resource first),
// UPDATE_COMPLETE_CLEANUP_IN_PROGRESS deleting removed and replaced
// resources, UPDATE_COMPLETE; on a failure UPDATE_ROLLBACK_IN_PROGRESS,
// resources restored, UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS deleting
// what the update created, UPDATE_ROLLBACK_COMPLETE
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks.html).
func (f *Fake) startUpdate(s *stack, next state) {
	prev := copyState(s.state)
	s.prev = prev
	chs := changes(prev.t, next.t, prev.resources)
	s.body, s.t, s.params, s.tags = next.body, next.t, next.params, next.tags
	s.updated = f.now
	f.setStatus(s, "UPDATE_IN_PROGRESS", "User Initiated")
	kinds := map[string]string{}
	var removed, replaced []string
	for _, c := range chs {
		switch {
		case c.action == "Add":
			kinds[c.id] = "create"
		case c.action == "Remove":
			removed = append(removed, c.id)
		case c.replacement == "True":
			kinds[c.id] = "replace"
			replaced = append(replaced, c.id)
		default:
			kinds[c.id] = "update"
		}
	}
	f.runWaves(s, levelsOf(s.t, kinds), "update", func(failed []string) {
		verb := "update"
		if kinds[failed[0]] == "create" {
			verb = "create"
		}
		reason := "The following resource(s) failed to " + verb + ": " + failedList(failed) + ". "
		if s.disableRollback {
			f.setStatus(s, "UPDATE_FAILED", reason)
			return
		}
		f.setStatus(s, "UPDATE_ROLLBACK_IN_PROGRESS", reason)
		var q []func()
		for _, id := range slices.Sorted(maps.Keys(kinds)) {
			old := prev.resources[id]
			if kinds[id] == "create" || old == nil {
				continue
			}
			q = append(q, func() { f.emit(s, id, old.physical, old.typ, "UPDATE_IN_PROGRESS", "") })
			q = append(q, func() { f.emit(s, id, old.physical, old.typ, "UPDATE_COMPLETE", "") })
		}
		q = append(q, func() { f.setStatus(s, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "") })
		var created []string
		for _, id := range s.order {
			if k := kinds[id]; k == "create" || (k == "replace" && s.resources[id].physical != prev.resources[id].physical) {
				created = append(created, id)
			}
		}
		q = append(q, f.deleteSteps(s, created, s.resources, false)...)
		q = append(q, func() {
			s.state = *prev
			f.finish(s)
			f.setStatus(s, "UPDATE_ROLLBACK_COMPLETE", "")
		})
		s.queue = q
	}, func() {
		f.finish(s)
		f.setStatus(s, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "")
		var q []func()
		q = append(q, f.deleteSteps(s, removed, prev.resources, true)...)
		q = append(q, f.deleteSteps(s, replaced, prev.resources, false)...)
		q = append(q, func() {
			for _, id := range removed {
				delete(s.resources, id)
				s.order = slices.DeleteFunc(s.order, func(x string) bool { return x == id })
			}
			f.setStatus(s, "UPDATE_COMPLETE", "")
		})
		s.queue = append(q, s.queue...)
	})
}

// startDelete runs a stack deletion: DELETE_IN_PROGRESS, resources in
// reverse order (retained ones DELETE_SKIPPED), DELETE_COMPLETE. A stack
// whose export another stack imports fails with DELETE_FAILED
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html:
// "You can't delete a stack if another stack references one of its outputs").
func (f *Fake) startDelete(s *stack) {
	f.setStatus(s, "DELETE_IN_PROGRESS", "User Initiated")
	var inUse []string
	for _, name := range slices.Sorted(maps.Keys(f.exports)) {
		if f.exports[name].stackID != s.id {
			continue
		}
		for _, other := range f.stacks {
			if other.deleted || other == s || other.t == nil || other.status == "REVIEW_IN_PROGRESS" {
				continue
			}
			if slices.Contains(other.t.imports(), name) {
				inUse = append(inUse, "Export "+name+" cannot be deleted as it is in use by "+other.name)
			}
		}
	}
	if inUse != nil {
		s.queue = []func(){func() { f.setStatus(s, "DELETE_FAILED", strings.Join(inUse, " and ")) }}
		return
	}
	q := f.deleteSteps(s, s.order, s.resources, true)
	q = append(q, func() {
		for name, e := range f.exports {
			if e.stackID == s.id {
				delete(f.exports, name)
			}
		}
		s.resources, s.order, s.outputs = map[string]*resource{}, nil, nil
		s.changeSets = nil
		f.setStatus(s, "DELETE_COMPLETE", "")
		s.deleted = true
	})
	s.queue = q
}

func (f *Fake) stepChangeSet(s *stack, cs *changeSet) {
	switch cs.status {
	case "CREATE_PENDING":
		cs.status = "CREATE_IN_PROGRESS"
	case "CREATE_IN_PROGRESS":
		var old *tmpl
		if !cs.newStack {
			old = s.t
		}
		cs.changes = changes(old, cs.t, s.resources)
		if !cs.newStack && len(cs.changes) == 0 && sameTemplate(s.body, cs.body) &&
			reflect.DeepEqual(s.params, cs.params) && reflect.DeepEqual(s.tags, cs.tags) {
			// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets-create.html:
			// a change set without changes fails with this reason.
			cs.status, cs.execStatus = "FAILED", "UNAVAILABLE"
			cs.reason = "The submitted information didn't contain changes. Submit different information to create a change set."
			return
		}
		cs.status, cs.execStatus = "CREATE_COMPLETE", "AVAILABLE"
	}
}

func sameTemplate(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	return reflect.DeepEqual(x, y)
}
