package codebuild

// BuildSpec is a CodeBuild build specification (buildspec.yml), version 0.2
// in full: the commands CodeBuild runs, their environment, test reports,
// artifacts and cache. A zero Version means "0.2".
//
// The seed's Maven build reads:
//
//	codebuild.BuildSpec{
//		Phases: codebuild.SpecPhases{
//			Install:   &codebuild.SpecPhase{RuntimeVersions: map[string]string{"java": "corretto8"}},
//			Build:     &codebuild.SpecPhase{Commands: []string{"mvn install"}},
//			PostBuild: &codebuild.SpecPhase{Commands: []string{"mvn surefire-report:report"}},
//		},
//		Reports: map[string]codebuild.SpecReport{
//			"SurefireReports": {Files: []string{"**/*"}, BaseDirectory: "target/surefire-reports"},
//		},
//		Artifacts: &codebuild.SpecArtifacts{Files: []string{"target/*.jar"}, DiscardPaths: true},
//	}
//
// Maps (variables, runtime versions, reports) are written with their keys
// sorted; the AWS CDK writes a JavaScript object's keys in the program's
// order, so a CDK buildspec whose keys are not sorted renders differently
// (CodeBuild reads both the same).
type BuildSpec struct {
	// Version is "0.2" (default) or the deprecated "0.1".
	Version string `json:"version" yaml:"version" jsonschema:"enum=0.2,enum=0.1"`
	// RunAs is the Linux user that runs every command.
	RunAs string `json:"run-as,omitempty" yaml:"run-as,omitempty"`
	// Env is the build's environment variables and shell.
	Env *SpecEnv `json:"env,omitempty" yaml:"env,omitempty"`
	// Proxy configures an explicit proxy server.
	Proxy *SpecProxy `json:"proxy,omitempty" yaml:"proxy,omitempty"`
	// Batch configures a batch build.
	Batch *SpecBatch `json:"batch,omitempty" yaml:"batch,omitempty"`
	// Phases are the commands, by phase.
	Phases SpecPhases `json:"phases" yaml:"phases"`
	// Reports are the test and coverage report groups, by report-group
	// name or ARN.
	Reports map[string]SpecReport `json:"reports,omitempty" yaml:"reports,omitempty"`
	// Artifacts are the build's output files.
	Artifacts *SpecArtifacts `json:"artifacts,omitempty" yaml:"artifacts,omitempty"`
	// Cache is what CodeBuild keeps between builds.
	Cache *SpecCache `json:"cache,omitempty" yaml:"cache,omitempty"`
}

// SpecEnv is a buildspec's env section.
type SpecEnv struct {
	// Shell is the shell of the commands (bash, /bin/sh, powershell.exe, cmd.exe...).
	Shell string `json:"shell,omitempty" yaml:"shell,omitempty"`
	// Variables are plaintext environment variables.
	Variables map[string]string `json:"variables,omitempty" yaml:"variables,omitempty"`
	// ParameterStore maps variables to Systems Manager Parameter Store names.
	ParameterStore map[string]string `json:"parameter-store,omitempty" yaml:"parameter-store,omitempty"`
	// SecretsManager maps variables to secret-id:json-key:version-stage:version-id references.
	SecretsManager map[string]string `json:"secrets-manager,omitempty" yaml:"secrets-manager,omitempty"`
	// ExportedVariables are the variables exported to later pipeline actions.
	ExportedVariables []string `json:"exported-variables,omitempty" yaml:"exported-variables,omitempty"`
	// GitCredentialHelper lets git use CodeBuild's source credentials.
	GitCredentialHelper bool `json:"git-credential-helper,omitempty" yaml:"git-credential-helper,omitempty"`
}

// SpecProxy is a buildspec's proxy section.
type SpecProxy struct {
	// UploadArtifacts uploads artifacts through the proxy.
	UploadArtifacts bool `json:"upload-artifacts,omitempty" yaml:"upload-artifacts,omitempty"`
	// Logs sends CloudWatch logs through the proxy.
	Logs bool `json:"logs,omitempty" yaml:"logs,omitempty"`
}

// SpecPhases are a buildspec's phases; a nil phase is left out.
type SpecPhases struct {
	// Install installs packages (runtime-versions are only read here).
	Install *SpecPhase `json:"install,omitempty" yaml:"install,omitempty"`
	// PreBuild runs before the build.
	PreBuild *SpecPhase `json:"pre_build,omitempty" yaml:"pre_build,omitempty"`
	// Build runs the build.
	Build *SpecPhase `json:"build,omitempty" yaml:"build,omitempty"`
	// PostBuild runs after the build.
	PostBuild *SpecPhase `json:"post_build,omitempty" yaml:"post_build,omitempty"`
}

// SpecPhase is one phase.
type SpecPhase struct {
	// RunAs is the Linux user that runs the phase's commands.
	RunAs string `json:"run-as,omitempty" yaml:"run-as,omitempty"`
	// OnFailure is ABORT, CONTINUE, RETRY, RETRY-count, RETRY-regex or
	// RETRY-count-regex.
	OnFailure string `json:"on-failure,omitempty" yaml:"on-failure,omitempty" jsonschema:"pattern=^(ABORT|CONTINUE|RETRY(-[0-9]+)?(-.+)?)$"`
	// RuntimeVersions maps runtimes to versions (install phase only), e.g.
	// {"java": "corretto8"}.
	RuntimeVersions map[string]string `json:"runtime-versions,omitempty" yaml:"runtime-versions,omitempty"`
	// Commands run in order.
	Commands []string `json:"commands,omitempty" yaml:"commands,omitempty"`
	// Finally run after Commands, even when one failed.
	Finally []string `json:"finally,omitempty" yaml:"finally,omitempty"`
}

// ReportFormat is the file format of a report's files.
type ReportFormat string

// The report formats CodeBuild reads: test reports, then code coverage.
const (
	ReportCucumberJSON    ReportFormat = "CUCUMBERJSON"
	ReportJUnitXML        ReportFormat = "JUNITXML"
	ReportNUnitXML        ReportFormat = "NUNITXML"
	ReportNUnit3XML       ReportFormat = "NUNIT3XML"
	ReportTestNGXML       ReportFormat = "TESTNGXML"
	ReportVisualStudioTRX ReportFormat = "VISUALSTUDIOTRX"
	CoverageCloverXML     ReportFormat = "CLOVERXML"
	CoverageCoberturaXML  ReportFormat = "COBERTURAXML"
	CoverageJaCoCoXML     ReportFormat = "JACOCOXML"
	CoverageSimpleCov     ReportFormat = "SIMPLECOV"
)

// SpecReport is one report group's files.
type SpecReport struct {
	// Files are the report files, relative to BaseDirectory.
	Files []string `json:"files" yaml:"files" jsonschema:"required,minItems=1"`
	// BaseDirectory is where the files are.
	BaseDirectory string `json:"base-directory,omitempty" yaml:"base-directory,omitempty"`
	// DiscardPaths flattens the files' directories.
	DiscardPaths bool `json:"discard-paths,omitempty" yaml:"discard-paths,omitempty"`
	// FileFormat default: JUNITXML.
	FileFormat ReportFormat `json:"file-format,omitempty" yaml:"file-format,omitempty" jsonschema:"enum=CUCUMBERJSON,enum=JUNITXML,enum=NUNITXML,enum=NUNIT3XML,enum=TESTNGXML,enum=VISUALSTUDIOTRX,enum=CLOVERXML,enum=COBERTURAXML,enum=JACOCOXML,enum=SIMPLECOV"`
}

// SpecArtifacts are a build's output files.
type SpecArtifacts struct {
	// Files are the output files (globs), relative to BaseDirectory.
	Files []string `json:"files,omitempty" yaml:"files,omitempty"`
	// Name is the artifact's name.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// DiscardPaths flattens the files' directories.
	DiscardPaths bool `json:"discard-paths,omitempty" yaml:"discard-paths,omitempty"`
	// BaseDirectory is where the files are.
	BaseDirectory string `json:"base-directory,omitempty" yaml:"base-directory,omitempty"`
	// ExcludePaths are globs left out.
	ExcludePaths []string `json:"exclude-paths,omitempty" yaml:"exclude-paths,omitempty"`
	// EnableSymlinks keeps symbolic links in a ZIP artifact.
	EnableSymlinks bool `json:"enable-symlinks,omitempty" yaml:"enable-symlinks,omitempty"`
	// S3Prefix is prepended to the artifact's key.
	S3Prefix string `json:"s3-prefix,omitempty" yaml:"s3-prefix,omitempty"`
	// SecondaryArtifacts are more artifacts, by artifact identifier.
	SecondaryArtifacts map[string]SpecSecondaryArtifact `json:"secondary-artifacts,omitempty" yaml:"secondary-artifacts,omitempty"`
}

// SpecSecondaryArtifact is one secondary artifact.
type SpecSecondaryArtifact struct {
	// Files are the output files (globs), relative to BaseDirectory.
	Files []string `json:"files,omitempty" yaml:"files,omitempty"`
	// Name is the artifact's name.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// DiscardPaths flattens the files' directories.
	DiscardPaths bool `json:"discard-paths,omitempty" yaml:"discard-paths,omitempty"`
	// BaseDirectory is where the files are.
	BaseDirectory string `json:"base-directory,omitempty" yaml:"base-directory,omitempty"`
	// ExcludePaths are globs left out.
	ExcludePaths []string `json:"exclude-paths,omitempty" yaml:"exclude-paths,omitempty"`
	// EnableSymlinks keeps symbolic links in a ZIP artifact.
	EnableSymlinks bool `json:"enable-symlinks,omitempty" yaml:"enable-symlinks,omitempty"`
	// S3Prefix is prepended to the artifact's key.
	S3Prefix string `json:"s3-prefix,omitempty" yaml:"s3-prefix,omitempty"`
}

// SpecCache is what CodeBuild keeps between builds.
type SpecCache struct {
	// Key identifies the cache.
	Key string `json:"key,omitempty" yaml:"key,omitempty"`
	// FallbackKeys are tried in order when Key has no cache.
	FallbackKeys []string `json:"fallback-keys,omitempty" yaml:"fallback-keys,omitempty"`
	// Action is restore or save; default both.
	Action string `json:"action,omitempty" yaml:"action,omitempty" jsonschema:"enum=restore,enum=save"`
	// Paths are cached.
	Paths []string `json:"paths,omitempty" yaml:"paths,omitempty"`
}

// SpecBatch configures a batch build: one of BuildList, BuildMatrix,
// BuildGraph or BuildFanout.
type SpecBatch struct {
	// FastFail stops the batch at the first failed build.
	FastFail bool `json:"fast-fail,omitempty" yaml:"fast-fail,omitempty"`
	// BuildList runs the builds in parallel.
	BuildList []SpecBatchBuild `json:"build-list,omitempty" yaml:"build-list,omitempty"`
	// BuildGraph runs the builds in dependency order.
	BuildGraph []SpecBatchBuild `json:"build-graph,omitempty" yaml:"build-graph,omitempty"`
	// BuildMatrix runs every combination.
	BuildMatrix *SpecBatchMatrix `json:"build-matrix,omitempty" yaml:"build-matrix,omitempty"`
	// BuildFanout runs the tests split over parallel builds.
	BuildFanout *SpecBatchFanout `json:"build-fanout,omitempty" yaml:"build-fanout,omitempty"`
}

// SpecBatchBuild is one build of a build list or graph.
type SpecBatchBuild struct {
	// Identifier names the build.
	Identifier string `json:"identifier" yaml:"identifier" jsonschema:"required"`
	// Buildspec is the build's buildspec file.
	Buildspec string `json:"buildspec,omitempty" yaml:"buildspec,omitempty"`
	// Env overrides the build environment.
	Env *SpecBatchEnv `json:"env,omitempty" yaml:"env,omitempty"`
	// DebugSession starts a Session Manager session.
	DebugSession bool `json:"debug-session,omitempty" yaml:"debug-session,omitempty"`
	// DependOn are builds (identifiers) this one waits for (graph only).
	DependOn []string `json:"depend-on,omitempty" yaml:"depend-on,omitempty"`
	// IgnoreFailure lets the batch succeed when this build fails.
	IgnoreFailure bool `json:"ignore-failure,omitempty" yaml:"ignore-failure,omitempty"`
}

// SpecBatchEnv overrides a batch build's environment.
type SpecBatchEnv struct {
	// ComputeType, e.g. BUILD_GENERAL1_SMALL.
	ComputeType string `json:"compute-type,omitempty" yaml:"compute-type,omitempty"`
	// Image is the build image.
	Image string `json:"image,omitempty" yaml:"image,omitempty"`
	// PrivilegedMode runs the Docker daemon.
	PrivilegedMode bool `json:"privileged-mode,omitempty" yaml:"privileged-mode,omitempty"`
	// Type is the environment type, e.g. LINUX_CONTAINER.
	Type string `json:"type,omitempty" yaml:"type,omitempty"`
	// Variables are plaintext environment variables.
	Variables map[string]string `json:"variables,omitempty" yaml:"variables,omitempty"`
}

// SpecBatchMatrix is a build matrix.
type SpecBatchMatrix struct {
	// Static applies to every build.
	Static *SpecBatchMatrixStatic `json:"static,omitempty" yaml:"static,omitempty"`
	// Dynamic lists the values combined.
	Dynamic *SpecBatchMatrixDynamic `json:"dynamic,omitempty" yaml:"dynamic,omitempty"`
}

// SpecBatchMatrixStatic is what every build of a matrix shares.
type SpecBatchMatrixStatic struct {
	// IgnoreFailure lets the batch succeed when a build fails.
	IgnoreFailure bool `json:"ignore-failure,omitempty" yaml:"ignore-failure,omitempty"`
	// Env overrides the build environment.
	Env *SpecBatchEnv `json:"env,omitempty" yaml:"env,omitempty"`
}

// SpecBatchMatrixDynamic are the values a matrix combines.
type SpecBatchMatrixDynamic struct {
	// Buildspec files.
	Buildspec []string `json:"buildspec,omitempty" yaml:"buildspec,omitempty"`
	// Env values.
	Env *SpecBatchMatrixEnv `json:"env,omitempty" yaml:"env,omitempty"`
}

// SpecBatchMatrixEnv are environment values a matrix combines.
type SpecBatchMatrixEnv struct {
	// ComputeType values.
	ComputeType []string `json:"compute-type,omitempty" yaml:"compute-type,omitempty"`
	// Image values.
	Image []string `json:"image,omitempty" yaml:"image,omitempty"`
	// Variables: each variable's values.
	Variables map[string][]string `json:"variables,omitempty" yaml:"variables,omitempty"`
}

// SpecBatchFanout splits tests over parallel builds.
type SpecBatchFanout struct {
	// Parallelism is the number of builds.
	Parallelism int `json:"parallelism,omitempty" yaml:"parallelism,omitempty" jsonschema:"minimum=1,maximum=100"`
	// IgnoreFailure lets the batch succeed when a build fails.
	IgnoreFailure bool `json:"ignore-failure,omitempty" yaml:"ignore-failure,omitempty"`
}
