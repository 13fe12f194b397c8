#!/bin/sh
# bench.sh measures the Bonjour example as a built binary: a clean build
# (fresh GOCACHE) must take under 60 s, and `bonjour synth -q -o DIR` under
# 50 ms wall and 40 MiB peak RSS (best of 10 runs, after one warm-up).
# Usage: examples/bonjour/bench.sh   (from anywhere in the module)
set -eu
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
GOCACHE="$work/gocache" GOFLAGS=-trimpath go build -o "$work/bonjour" ./examples/bonjour
end=$(date +%s.%N)
build=$(echo "$end - $start" | bc)
echo "clean build: ${build} s (floor 60 s)"
"$work/bonjour" synth -q -o "$work/out" >/dev/null
best_ms=999999; best_kb=999999
i=0
while [ $i -lt 10 ]; do
	s=$(date +%s%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$work/t" "$work/bonjour" synth -q -o "$work/out"
	else
		"$work/bonjour" synth -q -o "$work/out"
	fi
	e=$(date +%s%N)
	ms=$(( (e - s) / 1000000 ))
	kb=$(cat "$work/t" 2>/dev/null || echo 0)
	[ "$ms" -lt "$best_ms" ] && best_ms=$ms
	[ "$kb" -lt "$best_kb" ] && best_kb=$kb
	i=$((i + 1))
done
echo "synth: ${best_ms} ms wall (floor 50 ms), ${best_kb} KiB peak RSS (floor 40960 KiB)"
fail=0
[ "$(echo "$build < 60" | bc)" -eq 1 ] || { echo "FAIL: clean build over 60 s"; fail=1; }
[ "$best_ms" -lt 50 ] || { echo "FAIL: synth over 50 ms"; fail=1; }
[ "$best_kb" -lt 40960 ] || { echo "FAIL: synth over 40 MiB"; fail=1; }
exit $fail
