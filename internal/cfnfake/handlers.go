package cfnfake

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

type handler func(f *Fake, form url.Values) (result, error)

var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"CreateStack":                 (*Fake).createStack,
		"UpdateStack":                 (*Fake).updateStack,
		"DeleteStack":                 (*Fake).deleteStack,
		"DescribeStacks":              (*Fake).describeStacks,
		"DescribeStackEvents":         (*Fake).describeStackEvents,
		"GetTemplate":                 (*Fake).getTemplate,
		"CreateChangeSet":             (*Fake).createChangeSet,
		"DescribeChangeSet":           (*Fake).describeChangeSet,
		"ExecuteChangeSet":            (*Fake).executeChangeSet,
		"DeleteChangeSet":             (*Fake).deleteChangeSet,
		"UpdateTerminationProtection": (*Fake).updateTerminationProtection,
		"ContinueUpdateRollback":      (*Fake).continueUpdateRollback,
		"ListExports":                 (*Fake).listExports,
	}
}

func notExist(name string) error { return validation("Stack with id %s does not exist", name) }

// stable reports whether an operation may start on a stack in status.
func stable(status string) bool {
	switch status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE":
		return true
	}
	return false
}

func cannotUpdate(s *stack) error {
	return validation("Stack:%s is in %s state and can not be updated.", s.id, s.status)
}

// input is a template with its parameters, tags and capabilities, as
// CreateStack, UpdateStack and CreateChangeSet take them.
func (f *Fake) input(form url.Values, prev *stack) (state, []string, error) {
	var st state
	body := form.Get("TemplateBody")
	switch {
	case body != "" && len(body) > MaxBodyBytes:
		return st, nil, validation("1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to %d", MaxBodyBytes)
	case body == "" && form.Get("TemplateURL") != "":
		var err error
		if body, err = f.templateFromURL(form.Get("TemplateURL")); err != nil {
			return st, nil, err
		}
	case body == "" && form.Get("UsePreviousTemplate") == "true" && prev != nil:
		body = prev.body
	case body == "":
		return st, nil, validation("Either Template URL or Template Body must be specified.")
	}
	t, err := parseTemplate(body)
	if err != nil {
		return st, nil, err
	}
	st.body, st.t = body, t
	given := map[string]map[string]string{}
	for _, p := range listed(form, "Parameters") {
		given[p["ParameterKey"]] = p
	}
	var missing, unknown []string
	for _, k := range slices.Sorted(maps.Keys(given)) {
		if _, ok := t.Parameters[k]; !ok {
			unknown = append(unknown, k)
		}
	}
	if unknown != nil {
		return st, nil, validation("Parameters: [%s] do not exist in the template", strings.Join(unknown, ", "))
	}
	for _, k := range slices.Sorted(maps.Keys(t.Parameters)) {
		g, ok := given[k]
		switch {
		case ok && g["UsePreviousValue"] == "true" && prev != nil:
			st.params = append(st.params, param{k, prev.paramMap()[k]})
		case ok:
			st.params = append(st.params, param{k, g["ParameterValue"]})
		case t.Parameters[k].Default != nil:
			st.params = append(st.params, param{k, fmt.Sprint(t.Parameters[k].Default)})
		default:
			missing = append(missing, k)
		}
	}
	if missing != nil {
		return st, nil, validation("Parameters: [%s] must have values", strings.Join(missing, ", "))
	}
	for _, tg := range listed(form, "Tags") {
		st.tags = append(st.tags, tag{tg["Key"], tg["Value"]})
	}
	var caps []string
	for _, c := range listed(form, "Capabilities") {
		caps = append(caps, c[""])
	}
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
	// (Capabilities): IAM resources need CAPABILITY_IAM, named ones
	// CAPABILITY_NAMED_IAM, macros and nested stacks CAPABILITY_AUTO_EXPAND.
	need := ""
	for _, id := range slices.Sorted(maps.Keys(t.Resources)) {
		r := t.Resources[id]
		if strings.HasPrefix(r.Type, "AWS::IAM::") {
			named := false
			for _, p := range []string{"RoleName", "UserName", "GroupName", "ManagedPolicyName", "InstanceProfileName"} {
				if _, ok := r.Properties[p]; ok {
					named = true
				}
			}
			if named {
				need = "CAPABILITY_NAMED_IAM"
			} else if need == "" && !slices.Contains(caps, "CAPABILITY_NAMED_IAM") {
				need = "CAPABILITY_IAM"
			}
		}
	}
	if need != "" && !slices.Contains(caps, need) {
		return st, nil, &apiError{400, "Sender", "InsufficientCapabilitiesException", "Requires capabilities : [" + need + "]"}
	}
	if t.Transform != nil && !slices.Contains(caps, "CAPABILITY_AUTO_EXPAND") {
		return st, nil, &apiError{400, "Sender", "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_AUTO_EXPAND]"}
	}
	for _, name := range t.imports() {
		if _, ok := f.exports[name]; !ok {
			return st, nil, validation("No export named %s found.", name)
		}
	}
	st.resources = map[string]*resource{}
	return st, caps, nil
}

func (f *Fake) newStack(name string) *stack {
	s := &stack{
		id:      fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s/%s", Region, Account, name, f.uuid()),
		name:    name,
		created: f.now,
	}
	s.resources = map[string]*resource{}
	f.stacks = append(f.stacks, s)
	return s
}

func (f *Fake) createStack(form url.Values) (result, error) {
	name := form.Get("StackName")
	if f.live(name) != nil {
		return nil, &apiError{400, "Sender", "AlreadyExistsException", "Stack [" + name + "] already exists"}
	}
	st, caps, err := f.input(form, nil)
	if err != nil {
		return nil, err
	}
	s := f.newStack(name)
	s.state, s.capabilities = st, caps
	s.roleARN = form.Get("RoleARN")
	s.disableRollback = form.Get("DisableRollback") == "true"
	s.protection = form.Get("EnableTerminationProtection") == "true"
	f.startCreate(s)
	return result{txt("StackId", s.id)}, nil
}

func (f *Fake) updateStack(form url.Values) (result, error) {
	s := f.live(form.Get("StackName"))
	if s == nil {
		return nil, notExist(form.Get("StackName"))
	}
	if !stable(s.status) {
		return nil, cannotUpdate(s)
	}
	st, caps, err := f.input(form, s)
	if err != nil {
		return nil, err
	}
	if len(changes(s.t, st.t, s.resources)) == 0 && sameTemplate(s.body, st.body) && slices.Equal(s.params, st.params) && slices.Equal(s.tags, st.tags) {
		return nil, validation("No updates are to be performed.")
	}
	s.capabilities = caps
	if role := form.Get("RoleARN"); role != "" {
		// Without RoleARN, CloudFormation keeps the stack's role.
		s.roleARN = role
	}
	s.disableRollback = form.Get("DisableRollback") == "true"
	f.startUpdate(s, st)
	return result{txt("StackId", s.id)}, nil
}

func (f *Fake) deleteStack(form url.Values) (result, error) {
	s := f.live(form.Get("StackName"))
	if s == nil {
		// DeleteStack of a stack that does not exist succeeds.
		return nil, nil
	}
	if s.protection {
		return nil, validation("Stack [%s] cannot be deleted while TerminationProtection is enabled", s.name)
	}
	if strings.HasSuffix(s.status, "_IN_PROGRESS") && s.status != "REVIEW_IN_PROGRESS" && s.status != "DELETE_IN_PROGRESS" {
		return nil, validation("Stack [%s] cannot be deleted while in status %s", s.name, s.status)
	}
	if s.status != "DELETE_IN_PROGRESS" {
		f.startDelete(s)
	}
	return nil, nil
}

func (f *Fake) stackNode(s *stack) *node {
	n := el("member",
		txt("StackId", s.id), txt("StackName", s.name), ts("CreationTime", s.created),
		txt("StackStatus", s.status), opt("StackStatusReason", s.reason),
		boolean("DisableRollback", s.disableRollback), boolean("EnableTerminationProtection", s.protection),
		opt("RoleARN", s.roleARN))
	if !s.updated.IsZero() {
		n.kids = append(n.kids, ts("LastUpdatedTime", s.updated))
	}
	var ps, tg, os, cs []*node
	for _, p := range s.params {
		ps = append(ps, el("", txt("ParameterKey", p.k), txt("ParameterValue", p.v)))
	}
	for _, t := range s.tags {
		tg = append(tg, el("", txt("Key", t.k), txt("Value", t.v)))
	}
	for _, o := range s.outputs {
		os = append(os, el("", txt("OutputKey", o.key), txt("OutputValue", o.value), opt("ExportName", o.export)))
	}
	for _, c := range s.capabilities {
		cs = append(cs, txt("", c))
	}
	n.kids = append(n.kids, members("Parameters", ps), members("Tags", tg), members("Outputs", os), members("Capabilities", cs))
	return n
}

func (f *Fake) describeStacks(form url.Values) (result, error) {
	var nodes []*node
	if name := form.Get("StackName"); name != "" {
		s := f.find(name)
		if s == nil {
			return nil, notExist(name)
		}
		nodes = append(nodes, f.stackNode(s))
	} else {
		for _, s := range f.stacks {
			if !s.deleted {
				nodes = append(nodes, f.stackNode(s))
			}
		}
	}
	return result{members("Stacks", nodes)}, nil
}

// describeStackEvents returns events newest first, PageSize per page, as
// CloudFormation does ("in reverse chronological order",
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html).
func (f *Fake) describeStackEvents(form url.Values) (result, error) {
	s := f.find(form.Get("StackName"))
	if s == nil {
		return nil, notExist(form.Get("StackName"))
	}
	start := 0
	if tok := form.Get("NextToken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil {
			return nil, validation("Invalid NextToken")
		}
		start = n
	}
	var nodes []*node
	end := min(start+f.PageSize, len(s.events))
	for i := start; i < end; i++ {
		e := s.events[len(s.events)-1-i]
		nodes = append(nodes, el("", txt("StackId", s.id), txt("EventId", e.id), txt("StackName", s.name),
			txt("LogicalResourceId", e.logical), txt("PhysicalResourceId", e.physical), txt("ResourceType", e.typ),
			ts("Timestamp", e.at), txt("ResourceStatus", e.status), opt("ResourceStatusReason", e.reason)))
	}
	res := result{members("StackEvents", nodes)}
	if end < len(s.events) {
		res = append(res, txt("NextToken", strconv.Itoa(end)))
	}
	return res, nil
}

func (f *Fake) getTemplate(form url.Values) (result, error) {
	s := f.find(form.Get("StackName"))
	if s == nil {
		return nil, notExist(form.Get("StackName"))
	}
	body := s.body
	if name := form.Get("ChangeSetName"); name != "" {
		cs := f.changeSet(s, name)
		if cs == nil {
			return nil, &apiError{404, "Sender", "ChangeSetNotFound", "ChangeSet [" + name + "] does not exist"}
		}
		body = cs.body
	}
	return result{txt("TemplateBody", body), members("StagesAvailable", []*node{txt("", "Original"), txt("", "Processed")})}, nil
}

func (f *Fake) changeSet(s *stack, name string) *changeSet {
	for _, cs := range s.changeSets {
		if cs.name == name || cs.id == name {
			return cs
		}
	}
	return nil
}

// stackOfChangeSet finds a change set by ARN, or by name on StackName.
func (f *Fake) stackOfChangeSet(form url.Values) (*stack, *changeSet, error) {
	name := form.Get("ChangeSetName")
	for _, s := range f.stacks {
		if s.deleted {
			continue
		}
		if form.Get("StackName") != "" && s.name != form.Get("StackName") && s.id != form.Get("StackName") {
			continue
		}
		if cs := f.changeSet(s, name); cs != nil {
			return s, cs, nil
		}
	}
	return nil, nil, &apiError{404, "Sender", "ChangeSetNotFound", "ChangeSet [" + name + "] does not exist"}
}

// createChangeSet creates a change set; for ChangeSetType CREATE the stack
// is created in REVIEW_IN_PROGRESS
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html).
func (f *Fake) createChangeSet(form url.Values) (result, error) {
	name, csName := form.Get("StackName"), form.Get("ChangeSetName")
	typ := form.Get("ChangeSetType")
	if typ == "" {
		typ = "UPDATE"
	}
	s := f.live(name)
	switch {
	case typ == "CREATE" && s != nil && s.status != "REVIEW_IN_PROGRESS":
		return nil, &apiError{400, "Sender", "AlreadyExistsException", "Stack [" + name + "] already exists and cannot be created again with the changeSet [" + csName + "]."}
	case typ == "UPDATE" && s == nil:
		return nil, validation("Stack [%s] does not exist", name)
	case typ == "UPDATE" && s.status == "REVIEW_IN_PROGRESS":
		return nil, validation("Stack [%s] does not exist", name)
	case typ == "UPDATE" && !stable(s.status):
		return nil, cannotUpdate(s)
	}
	if s != nil && f.changeSet(s, csName) != nil {
		return nil, &apiError{400, "Sender", "AlreadyExistsException", "ChangeSet [" + csName + "] already exists"}
	}
	st, caps, err := f.input(form, s)
	if err != nil {
		return nil, err
	}
	if s == nil {
		s = f.newStack(name)
		f.setStatus(s, "REVIEW_IN_PROGRESS", "User Initiated")
	}
	cs := &changeSet{
		id:   fmt.Sprintf("arn:aws:cloudformation:%s:%s:changeSet/%s/%s", Region, Account, csName, f.uuid()),
		name: csName, typ: typ, status: "CREATE_PENDING", execStatus: "UNAVAILABLE",
		body: st.body, t: st.t, params: st.params, tags: st.tags, capabilities: caps,
		created: f.now, newStack: typ == "CREATE", roleARN: form.Get("RoleARN"),
	}
	s.changeSets = append(s.changeSets, cs)
	return result{txt("Id", cs.id), txt("StackId", s.id)}, nil
}

func (f *Fake) describeChangeSet(form url.Values) (result, error) {
	s, cs, err := f.stackOfChangeSet(form)
	if err != nil {
		return nil, err
	}
	var chs []*node
	for _, c := range cs.changes {
		rc := el("ResourceChange", txt("Action", c.action), txt("LogicalResourceId", c.id),
			opt("PhysicalResourceId", c.physical), txt("ResourceType", c.typ), opt("Replacement", c.replacement))
		var scope, details []*node
		if len(c.details) > 0 {
			scope = append(scope, txt("", "Properties"))
		}
		for _, d := range c.details {
			details = append(details, el("", el("Target", txt("Attribute", "Properties"), txt("Name", d.name), txt("RequiresRecreation", d.recreation)),
				txt("Evaluation", d.evaluation), txt("ChangeSource", "DirectModification")))
		}
		rc.kids = append(rc.kids, members("Scope", scope), members("Details", details))
		chs = append(chs, el("", txt("Type", "Resource"), rc))
	}
	var ps, tg []*node
	for _, p := range cs.params {
		ps = append(ps, el("", txt("ParameterKey", p.k), txt("ParameterValue", p.v)))
	}
	for _, t := range cs.tags {
		tg = append(tg, el("", txt("Key", t.k), txt("Value", t.v)))
	}
	return result{
		txt("ChangeSetName", cs.name), txt("ChangeSetId", cs.id), txt("StackId", s.id), txt("StackName", s.name),
		txt("Status", cs.status), opt("StatusReason", cs.reason), txt("ExecutionStatus", cs.execStatus),
		ts("CreationTime", cs.created), members("Changes", chs), members("Parameters", ps), members("Tags", tg),
	}, nil
}

// executeChangeSet starts the change set's operation; CloudFormation
// deletes the stack's other change sets
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets-execute.html).
func (f *Fake) executeChangeSet(form url.Values) (result, error) {
	s, cs, err := f.stackOfChangeSet(form)
	if err != nil {
		return nil, err
	}
	if cs.execStatus != "AVAILABLE" {
		return nil, &apiError{400, "Sender", "InvalidChangeSetStatus", "ChangeSet [" + cs.id + "] cannot be executed in its current status of [" + cs.status + "]"}
	}
	if !cs.newStack && !stable(s.status) {
		return nil, cannotUpdate(s)
	}
	s.changeSets = nil
	s.capabilities = cs.capabilities
	if cs.roleARN != "" {
		s.roleARN = cs.roleARN
	}
	s.disableRollback = form.Get("DisableRollback") == "true"
	next := state{body: cs.body, t: cs.t, params: cs.params, tags: cs.tags, resources: map[string]*resource{}}
	if cs.newStack {
		s.state = next
		f.startCreate(s)
	} else {
		f.startUpdate(s, next)
	}
	return nil, nil
}

func (f *Fake) deleteChangeSet(form url.Values) (result, error) {
	s, cs, err := f.stackOfChangeSet(form)
	if err != nil {
		return nil, err
	}
	s.changeSets = slices.DeleteFunc(s.changeSets, func(x *changeSet) bool { return x == cs })
	return nil, nil
}

func (f *Fake) updateTerminationProtection(form url.Values) (result, error) {
	s := f.live(form.Get("StackName"))
	if s == nil {
		return nil, notExist(form.Get("StackName"))
	}
	s.protection = form.Get("EnableTerminationProtection") == "true"
	return result{txt("StackId", s.id)}, nil
}

func (f *Fake) continueUpdateRollback(form url.Values) (result, error) {
	s := f.live(form.Get("StackName"))
	if s == nil {
		return nil, notExist(form.Get("StackName"))
	}
	if s.status != "UPDATE_ROLLBACK_FAILED" {
		return nil, validation("Stack %s is in %s state and can not continue the update rollback.", s.name, s.status)
	}
	f.setStatus(s, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated")
	s.queue = append(s.queue, func() {
		if s.prev != nil {
			s.state = *s.prev
		}
		f.setStatus(s, "UPDATE_ROLLBACK_COMPLETE", "")
	})
	return nil, nil
}

func (f *Fake) listExports(form url.Values) (result, error) {
	var nodes []*node
	for _, name := range slices.Sorted(maps.Keys(f.exports)) {
		e := f.exports[name]
		nodes = append(nodes, el("", txt("ExportingStackId", e.stackID), txt("Name", name), txt("Value", e.value)))
	}
	return result{members("Exports", nodes)}, nil
}
