#!/bin/bash
# The judge, tried as a hostile user would (docs/judging.md): a generator stopped
# early or losing its device is ERROR, a small silent loss inside the forwarder is
# BUG at any rate (no constant allowance), more received than sent is BUG without
# timestamps, low rates send exactly rate x duration frames and expect only the
# flows that were sent to, and a capture of frames that carry no stamp is judged on
# counts. Each BUG or ERROR case has its PASS control at the same load.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 23
R=$TMP/r
run() { "$XSKNS" run --results "$R" "$@" >"$TMP/ktap" 2>"$TMP/log"; }
reason() { jqr .reason "$R/latest/result.json"; }
verdict() { jqr .verdict "$R/latest/result.json"; }

# 1. A generator stopped by a signal the run did not send.
"$XSKNS" run --results "$R" --duration 4 colliding-ifindex >/dev/null 2>"$TMP/log" &
run_pid=$!
wait_for_traffic "$run_pid"
sleep 1
pkill -TERM -f "xskns gen --port xskns$run_pid-"
wait "$run_pid"
is "$?" 2 "generator SIGTERMed mid-run: exit 2"
is "$(verdict)" ERROR "generator SIGTERMed mid-run: ERROR"
like "$(reason)" 'stopped by a signal the run did not send, after [0-9.]+ s of its 4 s' \
	"generator SIGTERMed mid-run: the reason says how long it really worked"

# 2. The generator's veth deleted under it.
"$XSKNS" run --results "$R" --duration 4 colliding-ifindex >/dev/null 2>"$TMP/log" &
run_pid=$!
wait_for_traffic "$run_pid"
sleep 1
gen_ns=$(ip netns list | awk -v p="^xskns$run_pid-" '$1 ~ p && $1 ~ /-gen$/ { print $1; exit }')
gen_dev=$(ip -n "$gen_ns" -o link show 2>/dev/null | awk -F': ' '$2 != "lo" { sub(/@.*/, "", $2); print $2; exit }')
ip -n "$gen_ns" link del "$gen_dev"
wait "$run_pid"
is "$(verdict)" ERROR "generator's device deleted mid-run ($gen_ns $gen_dev): ERROR"
like "$(reason)" "the generator's device went away after" "device deleted: the reason says so"

# 3. One frame in 32 silently dropped at 1000 pps: 62 of 2000, under any fixed allowance.
run --duration 2 --rate 1000 distinct-ifindex
is "$?" 0 "1000 pps, no fault: PASS (control)"
is "$(jqr .stages.gen.packets "$R/latest/result.json")" 2000 "1000 pps for 2 s: exactly 2000 frames sent"
run --duration 2 --rate 1000 --fwd-fault drop distinct-ifindex
is "$?" 1 "1000 pps, 1 in 32 dropped silently: exit 1"
like "$(reason)" '^6[0-9] of 2000 frames lost inside the forwarder without a kernel drop counter' \
	"1000 pps, silent drops: BUG placed inside the forwarder"
is "$(jqr '[.drops.tolerance, .drops.basis, .drops.by_hop.in_fwd.unexplained == .drops.unexplained] | map(tostring) | join(" ")' "$R/latest/result.json")" \
	"0 by_hop true" "result.json: no tolerance, books by hop, the unexplained loss is the forwarder's"

# 4. Duplicates without timestamps: flow and sequence still go out.
run --duration 2 --rate 5000 --no-timestamp distinct-ifindex
is "$?" 0 "no timestamps, no fault: PASS (control)"
is "$(jqr '[.stages.sink.packets > 0, .stages.sink.foreign, .latency_ns.count] | map(tostring) | join(" ")' "$R/latest/result.json")" \
	"true 0 0" "no timestamps: every frame known by its sequence, none foreign, no latency sample"
run --duration 2 --rate 5000 --no-timestamp --fwd-fault duplicate distinct-ifindex
is "$?" 1 "no timestamps, frames sent twice: exit 1"
like "$(reason)" 'delivered twice|received but only|duplicated' "no timestamps, frames sent twice: BUG names the duplicates"

# 5. Low rates: exactly rate x duration frames, only the flows sent to are expected.
run --duration 2 --rate 10 many-namespaces
is "$?" 0 "many-namespaces at 10 pps: PASS"
is "$(jqr '[.stages.gen.packets, .stages.sink.packets, .stages.sink.flows_expected, .stages.sink.flows_seen] | map(tostring) | join(" ")' "$R/latest/result.json")" \
	"20 20 20 20" "10 pps x 2 s: 20 frames on 20 flows, all seen"
run --duration 2 --rate 1 colliding-multiqueue
is "$?" 0 "colliding-multiqueue at 1 pps: PASS"
run --duration 1 --rate 1 colliding-ifindex
is "$?" 0 "1 pps for 1 s: PASS"
is "$(jqr .stages.gen.packets "$R/latest/result.json")" 1 "1 pps for 1 s: one frame sent"

# 6. A capture of frames with no room for a stamp (ARP) is judged on counts.
le32() { printf '\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
arp_frame() { # a 60-byte ARP request, sender address ending in $1
	printf '%b' '\xff\xff\xff\xff\xff\xff\x02\x00\x00\x00\x00\x01\x08\x06'
	printf '%b' '\x00\x01\x08\x00\x06\x04\x00\x01\x02\x00\x00\x00\x00\x01\xc6\x12\x00'
	printf '%b' "\\x$(printf '%02x' "$1")"
	head -c 28 /dev/zero
}
{
	printf '%b' '\xd4\xc3\xb2\xa1\x02\x00\x04\x00'
	printf '%b' "$(le32 0)$(le32 0)$(le32 65535)$(le32 1)"
	for i in 1 2; do
		printf '%b' "$(le32 0)$(le32 0)$(le32 60)$(le32 60)"
		arp_frame "$i"
	done
} >"$TMP/arp.pcap"
run --duration 2 --rate 1000 --pcap "$TMP/arp.pcap" distinct-ifindex
is "$?" 0 "a capture of ARP frames: PASS" "$(tail -3 "$TMP/log")"
is "$(jqr '[.stages.gen.packets == .stages.sink.packets, .stages.sink.foreign] | map(tostring) | join(" ")' "$R/latest/result.json")" \
	"true 0" "ARP capture: every replayed frame matched by content, none foreign"
run --duration 2 --rate 1000 --pcap "$TMP/arp.pcap" --fwd-fault drop distinct-ifindex
is "$?" 1 "ARP capture with silent drops: BUG (the count check can fail)"

is "$(leftover_namespaces)" "" "nothing left behind"
