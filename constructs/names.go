package constructs

import "github.com/forma-iac/forma/internal/logicalid"

// UniqueID returns an identifier of c unique within its app, as the AWS
// CDK's Names.uniqueId: the logical-ID algorithm applied to the ids of the
// path below the app, stack included ("Stack/MyVpc/Resource" gives
// "StackMyVpc…" followed by a hash of the path).
func UniqueID(c Construct) string {
	var ids []string
	for _, s := range c.Node().Scopes() {
		if s.Node().Scope() == nil {
			continue
		}
		ids = append(ids, s.Node().ID())
	}
	return logicalid.FromPath(ids)
}
