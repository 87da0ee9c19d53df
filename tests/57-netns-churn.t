#!/bin/bash
# netns-churn (docs/netns-lifecycle.md): a tenant joins the shared UMEM,
# carries frames, leaves and its namespace is destroyed and made anew, 5
# times, beside pair 0. PASS: every frame back at each leave, the kernel
# counts no AF_XDP socket left in the tenant's namespace, the forwarder's
# descriptors and mappings do not grow, the frame ledger balances. Fault
# injection (XSKNS_CHURN_FAULT): a socket kept by a stray descriptor, and a
# mapping never unmapped, are BUG.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 15

churn_run() { xskns_run "$1" "${@:2}" netns-churn; } # churn_run NAME [ARGS...]: sets rc and r

# 1. Five cycles beside a steady pair.
churn_run ok
is "$rc:$(jqr .verdict "$r")" "0:PASS" "churn: PASS"
is "$(fwd_kv churn_cycles ok)" 5 "five cycles done"
ok "$(awk -v v="$(fwd_kv churn_loop_frames ok)" 'BEGIN { exit !(v > 0) }'; echo $?)" \
	"the tenants carried frames ($(fwd_kv churn_loop_frames ok))"
is "$(fwd_kv churn_frames_back ok)" "$(fwd_kv churn_frames_held ok)" \
	"every frame the tenants held came back ($(fwd_kv churn_frames_held ok))"
is "$(fwd_kv churn_fds ok)/$(fwd_kv churn_maps ok)" "$(fwd_kv churn_fds_base ok)/$(fwd_kv churn_maps_base ok)" \
	"the forwarder's fds and mappings after the last cycle: as after the first"
is "$(jqr .umem_ledger.check "$r")" PASS "the UMEM ownership ledger: PASS"
ok "$(jqr '.stages.sink.packets > 0' "$r" | grep -qx true; echo $?)" "pair 0 forwarded all along"

# 2. Fault injection: a socket kept alive by a stray descriptor.
XSKNS_CHURN_FAULT=leak-socket churn_run sock
is "$rc:$(jqr .verdict "$r")" "1:BUG" "leak-socket: BUG"
like "$(jqr .reason "$r")" "tenant churn: cycle 1: after the tenant left, the kernel counts 1 AF_XDP sockets" \
	"leak-socket: the kernel's count of sockets in the tenant's namespace"

# 3. Fault injection: a mapping never unmapped.
XSKNS_CHURN_FAULT=leak-mapping churn_run map
is "$rc:$(jqr .verdict "$r")" "1:BUG" "leak-mapping: BUG"
like "$(jqr .reason "$r")" "tenant churn: after cycle [0-9]+ the forwarder holds [0-9]+ fds, [0-9]+ mappings" \
	"leak-mapping: the footprint's growth"

# 4. Bad input, and nothing left behind.
printf 'netns_churn = 5\nnetns_teardown = yes\n' >"$TMP/bad.scn"
"$XSKNS" run --results "$TMP/bad" "$TMP/bad.scn" >/dev/null 2>"$TMP/bad.log"
like "$?:$(cat "$TMP/bad.log")" "^2:.*netns_churn needs the xsk forwarder on a shared UMEM" \
	"netns_churn with netns_teardown: refused"
is "$(runs_left)" "" "no namespace of these runs left"

# 5. Ctrl-C in the middle of the cycles: the tenant's namespace goes with the rest.
"$XSKNS" run --results "$TMP/int" --duration 20 netns-churn >"$TMP/int.ktap" 2>"$TMP/int.log" &
pid=$!
wait_for_traffic "$pid"
sleep 2.5
kill -INT "$pid"
wait "$pid"
is "$?" 2 "Ctrl-C during the cycles: exit 2 (ERROR)"
is "$(ip netns list | grep -c "^xskns$pid-")" 0 "Ctrl-C: no namespace left, the tenant's included"
