#!/bin/bash
# The matrix never aliases kernels and never calls an interrupted matrix a
# success: two kernels whose names map to one folder name (a kernel folder
# $TMP/kk/x and an image $TMP/kk_x) get a folder and a log each, booted by a
# stand-in QEMU (tests/fixtures/guest/instant-qemu); a matrix stopped by SIGTERM
# on the host kernel records the interruption (matrix.json's summary.exit 2, the
# kernel not reached ERROR) and leaves no scratch file and no namespace.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 10
MATRIX=$TOP/scripts/matrix

# 1. Aliasing kernels.
if ! command -v qemu-system-x86_64 >/dev/null || [ ! -f "$TOP/vm/cache/img/base.cpio.gz" ]; then
	for i in $(seq 1 4); do skip "matrix aliasing $i" "qemu-system-x86_64 or the guest image missing"; done
else
	image=$(find "$TOP/vm/cache/debian" -name vmlinuz | head -n 1)
	mkdir -p "$TMP/kk/x"
	cp "$image" "$TMP/kk/x/bzImage"
	cp "$image" "$TMP/kk_x"
	XSKNS_QEMU="$TOP/tests/fixtures/guest/instant-qemu" "$MATRIX" --results "$TMP/m" --id alias \
		--accel tcg --duration 1 --scenarios distinct-ifindex "$TMP/kk/x" "$TMP/kk_x" >"$TMP/a.out" 2>"$TMP/a.err"
	M=$TMP/m/matrix-alias
	is "$(jqr '[.kernels[].slug] | unique | length' "$M/matrix.json")" 2 \
		"two kernels with one folder name: two distinct folder names ($(jqr '[.kernels[].slug] | join(" ")' "$M/matrix.json"))"
	is "$(find "$M/runs" -mindepth 1 -maxdepth 1 -type d | wc -l)" 2 "a runs/ folder each"
	n=0
	for d in "$M"/runs/*; do n=$((n + $(find "$d" -mindepth 1 -maxdepth 1 -type d | wc -l))); done
	is "$n" 2 "one run folder in each, none shared"
	is "$(find "$M/logs" -name '*.log' | wc -l)" 2 "a log each"
fi

# 2. A matrix stopped on the host kernel, with another kernel still to come.
"$MATRIX" --results "$TMP/m" --id stop --duration 30 --scenarios colliding-ifindex host "$TMP/never-booted" \
	>"$TMP/s.out" 2>"$TMP/s.err" &
pid=$!
for _ in $(seq 100); do
	pgrep -f "xskns gen --port xskns" >/dev/null && grep -q 'results in' "$TMP/m/matrix-stop/logs/host.log" 2>/dev/null && break
	sleep 0.1
done
sleep 1
t0=$(date +%s)
kill -TERM "$pid"
wait "$pid"
st=$?
secs=$(($(date +%s) - t0))
M=$TMP/m/matrix-stop
is "$st" 2 "a matrix stopped by SIGTERM: exit status 2, within ${secs} s"
is "$(jqr .summary.exit "$M/matrix.json")" 2 "matrix.json records it: summary.exit 2"
like "$(jqr '.cells[] | select(.kernel == "host") | .reason' "$M/matrix.json")" 'interrupted' \
	"the running kernel's cell says it was interrupted"
like "$(jq -r --arg k "$TMP/never-booted" '.cells[] | select(.kernel == $k) | .verdict + ": " + .reason' "$M/matrix.json")" \
	'^ERROR: not run: interrupted' "the kernel not reached is ERROR, not run"
is "$(find "$M" -maxdepth 1 -name '*.jsonl' -o -maxdepth 1 -name scenarios.json | wc -l)" 0 \
	"no scratch file left (cells.jsonl, kernels.jsonl, scenarios.json)"
is "$(leftover_namespaces)" "" "nothing left at the end"
