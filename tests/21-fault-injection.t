#!/bin/bash
# The traffic rules can fail: the forwarder silently drops, or sends twice, one
# frame in 32, and the run must say BUG for the right reason. The same run
# without a fault, at the same offered load, is the positive control. drops.by_hop puts
# the loss (or the extra frames) inside the forwarder, not on a veth.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 12
run() { "$XSKNS" run --results "$TMP/r" --duration 2 --rate 20000 "$@" colliding-ifindex \
	>"$TMP/ktap" 2>"$TMP/log"; }

run
is "$?" 0 "no fault at 20k pps: PASS"
is "$(jqr '.drops.by_hop.in_fwd.lost' "$TMP/r/latest/result.json")" 0 "no fault: drops.by_hop has no frame lost inside the forwarder"

run --fwd-fault drop
is "$?" 1 "silent drops: exit 1"
r=$TMP/r/latest/result.json
like "$(jqr .reason "$r")" 'frames lost inside the forwarder without a kernel drop counter' "silent drops: BUG names the unexplained loss and its hop"
like "$(grep '^run: lost ' "$TMP/log")" '^run: lost [0-9]+ of [0-9]+ sent: [0-9]+ counted by the kernel.s veth/AF_XDP drop counters, [1-9][0-9]* unexplained$' \
	"silent drops: the loss line on stderr says how much is unexplained"
[ "$(jqr .drops.unexplained "$r")" -gt 0 ]
ok $? "silent drops: result.json drops.unexplained > 0"
is "$(jq -r '.drops.by_hop | [.in_fwd.lost == $u and .in_fwd.counted == 0, .to_fwd.lost == .to_fwd.counted, .to_sink.lost == .to_sink.counted] | map(tostring) | join(" ")' \
	--argjson u "$(jqr .drops.unexplained "$r")" "$r")" "true true true" \
	"silent drops: drops.by_hop places the unexplained loss inside the forwarder, the other hops fully counted" "$(jq -c .drops "$r")"
like "$(grep '^run: lost by hop: ' "$TMP/log")" "inside it $(jqr .drops.by_hop.in_fwd.lost "$r") \\(0 counted, 0 in flight\\)" \
	"silent drops: and so does the by-hop line on stderr"

run --fwd-fault duplicate
is "$?" 1 "duplicates: exit 1"
like "$(jqr .reason "$TMP/r/latest/result.json")" 'frames were delivered twice' "duplicates: BUG names them"
[ "$(jqr .drops.by_hop.in_fwd.lost "$TMP/r/latest/result.json")" -lt 0 ]
ok $? "duplicates: drops.by_hop shows the forwarder sending more than it received" "$(jq -c .drops.by_hop "$TMP/r/latest/result.json")"

is "$(leftover_namespaces)" "" "nothing left behind"
