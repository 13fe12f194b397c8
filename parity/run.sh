#!/usr/bin/env bash
# parity/run.sh — `make parity`: installs the aws-cdk-lib that
# parity/package-lock.json pins into a cache outside the repository, runs
# forma's oracle programs (parity/oracle/*.js) and compares every case's
# templates with forma's (go test ./parity). Nothing it installs or writes is
# part of the repository.
#
# FORMA_PARITY_CACHE (default ~/.cache/forma-parity) holds the installs, one
# per lockfile; FORMA_PARITY_KEEP=DIR keeps both sides' templates in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
GO="${GO:-go}"

die() { printf 'parity: %s\n' "$*" >&2; exit 1; }
command -v node >/dev/null || die "node is not installed: make parity needs Node.js and npm to run the AWS CDK"
command -v npm >/dev/null || die "npm is not installed: make parity needs it to install aws-cdk-lib"

cache="${FORMA_PARITY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/forma-parity}"
key="$(sha256sum parity/package-lock.json | cut -c1-16)"
mods="$cache/$key"
if [ ! -f "$mods/.complete" ]; then
	echo "parity: installing aws-cdk-lib (parity/package-lock.json) into $mods"
	rm -rf "$mods"
	mkdir -p "$mods"
	cp parity/package.json parity/package-lock.json "$mods/"
	(cd "$mods" && npm ci --no-audit --no-fund --silent) || die "npm ci failed in $mods (is the npm registry reachable?)"
	touch "$mods/.complete"
fi

out="${FORMA_PARITY_KEEP:-}"
if [ -z "$out" ]; then
	out="$(mktemp -d -t forma-parity.XXXXXX)"
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out/cdk" "$out/forma"
echo "parity: running $(NODE_PATH="$mods/node_modules" node parity/oracle/run.js --list | wc -l | tr -d ' ') AWS CDK programs"
start=$SECONDS
NODE_PATH="$mods/node_modules" node parity/oracle/run.js "$out/cdk"
echo "parity: the AWS CDK took $((SECONDS - start)) s; comparing with forma"
FORMA_CDK_ORACLE="$out/cdk" FORMA_PARITY_OUT="$out/forma" FORMA_PARITY_REQUIRED=1 \
	"$GO" test -count=1 -v -run 'TestParity$' ./parity
