#!/bin/bash
# The traffic rules can fail: the forwarder silently drops, or sends twice, one
# frame in 32, and the run must say BUG for the right reason. The same run
# without a fault, at the same offered load, is the positive control.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 8
run() { "$XSKNS" run --results "$TMP/r" --duration 2 --rate 20000 "$@" colliding-ifindex \
	>"$TMP/ktap" 2>"$TMP/log"; }

run
is "$?" 0 "no fault at 20k pps: PASS"

run --fwd-fault drop
is "$?" 1 "silent drops: exit 1"
r=$TMP/r/latest/result.json
like "$(jqr .reason "$r")" 'frames lost without a kernel drop counter' "silent drops: BUG names the unexplained loss"
like "$(grep '^run: lost ' "$TMP/log")" '^run: lost [0-9]+ of [0-9]+ sent: [0-9]+ counted by the kernel.s veth/AF_XDP drop counters, [1-9][0-9]* unexplained$' \
	"silent drops: the loss line on stderr says how much is unexplained"
[ "$(jqr .drops.unexplained "$r")" -gt 0 ]
ok $? "silent drops: result.json drops.unexplained > 0"

run --fwd-fault duplicate
is "$?" 1 "duplicates: exit 1"
like "$(jqr .reason "$TMP/r/latest/result.json")" 'frames were delivered twice' "duplicates: BUG names them"

is "$(leftover_namespaces)" "" "nothing left behind"
