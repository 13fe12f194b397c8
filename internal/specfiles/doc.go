// Package specfiles holds the JSON Schemas of CodeBuild buildspec and
// CodeDeploy AppSpec files, generated from the Go types of constructs/codebuild
// and constructs/codedeploy by internal/specschema/specgen and embedded, and
// the checks of those files. The construct packages and the CLI's
// `forma schema` and `forma validate` share them; the CLI needs only this
// package, not the construct packages.
package specfiles
