# forma's build. `make test` is what CI runs (through .ci/run).

GO ?= go
CFN_LINT_VERSION := 1.51.0
# Packages whose tests run with the race detector: the core. The generated
# L1 packages are left out: they are large and hold no concurrency.
RACE_PKGS := ./constructs ./constructs/token ./constructs/cfn ./synth/...

.PHONY: all build test vet gotest race moto-notice cfn-lint check-generated generate bench lint snapshots clean parity validate-score bench-scale

all: build

## build: compile everything and the forma binary into bin/
build:
	$(GO) build ./...
	$(GO) build -o bin/forma ./cli/forma

## test: vet, unit tests, race tests of the core, cfn-lint over the snapshots, regeneration check
test: vet gotest race cfn-lint check-generated moto-notice

vet:
	$(GO) vet ./...

gotest:
	$(GO) test ./...

race:
	$(GO) test -race $(RACE_PKGS)

# moto-notice: the deploy integration test against moto_server runs only with
# FORMA_TEST_MOTO_URL (set by .ci/run); say so loudly when it did not.
moto-notice:
	@if [ -z "$${FORMA_TEST_MOTO_URL:-}" ]; then \
		echo "********************************************************************************" >&2; \
		echo "*** SKIP: FORMA_TEST_MOTO_URL is not set: the deploy integration test against" >&2; \
		echo "*** moto (cli, examples/serverless) did NOT run. Run bash .ci/run, or:" >&2; \
		echo "***   moto_server -H 127.0.0.1 -p 5000 &" >&2; \
		echo "***   FORMA_TEST_MOTO_URL=http://127.0.0.1:5000 go test ./cli -run Moto" >&2; \
		echo "********************************************************************************" >&2; \
	fi

## cfn-lint: lint every snapshot and golden template in one cfn-lint process; errors fail
cfn-lint:
	@templates="$$(find snapshots constructs synth pipelines internal/schemacheck/testdata/base -name '*.template.json' -path '*snapshots*' -o -name '*.template.json' -path '*testdata*' | sort)"; \
	if [ -z "$$templates" ]; then echo "cfn-lint: no snapshot templates"; exit 0; fi; \
	if ! command -v cfn-lint >/dev/null 2>&1; then \
		if [ "$${CI:-}" = true ]; then \
			echo "cfn-lint is not installed and CI=true: pip install cfn-lint==$(CFN_LINT_VERSION)" >&2; exit 1; \
		fi; \
		echo "********************************************************************" >&2; \
		echo "*** SKIP: cfn-lint not installed; snapshot templates NOT linted.  ***" >&2; \
		echo "*** Install it: pip install cfn-lint==$(CFN_LINT_VERSION)                  ***" >&2; \
		echo "********************************************************************" >&2; \
		exit 0; \
	fi; \
	echo "cfn-lint $$(echo "$$templates" | wc -l | tr -d ' ') snapshot and golden templates (errors fail, warnings are listed)"; \
	cfn-lint -f parseable --non-zero-exit-code error $$templates

## validate-score: forma's schema check against cfn-lint (one process) on the
## corpus of single-mistake templates; prints the score and records
## cfn-lint's verdicts in the corpus for the tests (needs cfn-lint)
validate-score:
	$(GO) run ./internal/schemacheck/cmd/validatescore -record

## check-generated: fail when the committed L1 code differs from a fresh generation
## (needs the pinned cfn-lint, whose schemas are the generator's input)
check-generated:
	@if [ "$$(cfn-lint --version 2>/dev/null)" != "cfn-lint $(CFN_LINT_VERSION)" ]; then \
		if [ "$${CI:-}" = true ]; then \
			echo "check-generated needs cfn-lint $(CFN_LINT_VERSION) and CI=true: pip install cfn-lint==$(CFN_LINT_VERSION)" >&2; exit 1; \
		fi; \
		echo "*** SKIP: check-generated needs cfn-lint $(CFN_LINT_VERSION); the L1 code was NOT checked against its schemas ***" >&2; \
		exit 0; \
	fi; \
	echo "check-generated: go run ./internal/cfngen/cmd/cfngen -check"; \
	$(GO) run ./internal/cfngen/cmd/cfngen -check

## generate: regenerate the L1 packages and their data from the installed cfn-lint,
## and the buildspec and AppSpec schema files from their Go types
generate:
	$(GO) run ./internal/cfngen/cmd/cfngen
	$(GO) generate ./internal/specschema/specgen

## bench: synthesis benchmarks (in-process), then the flagship and the
## other examples as built binaries against their floors (clean build, wall
## time, peak memory), a second synthesis of examples/serverless (its Go
## builds cached) under 300 ms, and the scale floors of bench-scale
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./synth/... ./examples/... ./internal/schemacheck
	$(GO) test -run '^$$' -bench . -benchtime 3x ./internal/assetfs ./internal/deploy ./constructs/lambda
	# The built binaries against their floors, one package at a time, so
	# that no build competes with a measurement.
	FORMA_BENCH_BINARY=1 $(GO) test -p 1 -count=1 -v -run 'TestBinaryFloors|TestSynthFloor|TestValidateFloor' ./examples/bonjour ./examples/release ./examples/serverless ./examples/infra-pipeline ./examples/electrify ./cli/forma ./examples/manybonjour

## bench-scale: only the scale floors (part of bench): 100 and 1,000 Bonjour
## stacks and the 10,000-L1 app (examples/manyqueues) as built binaries
## (0.12 s for 100 stacks; 1 s and 250 MiB for 1,000; 0.3 s for 10,000
## L1s); prints CPU time and the cost of one more stack
bench-scale:
	FORMA_BENCH_BINARY=1 $(GO) test -count=1 -v -run TestBinaryFloors ./examples/manybonjour

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Hand-written packages: every package but the generated-only L1 ones.
HAND_PKGS = $$(for d in $$($(GO) list -f '{{.Dir}}' ./...); do \
	ls $$d/*.go | grep -v -e '\.generated\.go$$' -e '/doc\.go$$' >/dev/null && echo $$d; done)

## lint: formatting, go vet, staticcheck (staticcheck.conf says why a check is off),
## cfn-lint over the snapshots
lint: vet cfn-lint
	$(GO) run $(STATICCHECK) $(HAND_PKGS)
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed:" >&2; echo "$$out" >&2; exit 1; fi

## snapshots: rewrite the golden assemblies under snapshots/ (review the diff!)
snapshots:
	@pkgs="$$($(GO) list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | \
		awk '/github.com\/forma-iac\/forma\/snapshots( |$$)/ {print $$1}')"; \
	echo "updating snapshots of: $$pkgs"; \
	$(GO) test -count=1 -run Snapshot $$pkgs -update

clean:
	rm -rf bin cdk.out

## parity: compare the L2/L3 cases of package parity with aws-cdk-lib (needs
## node and npm; installs the pinned CDK into a cache outside the repository)
parity:
	GO=$(GO) bash parity/run.sh
