#!/bin/bash
# netns-teardown, isolation (docs/netns-lifecycle.md): 4 pairs forward on one
# UMEM beside a tenant whose device and namespace are deleted half way through
# the traffic. PASS: the tenant's sockets see ENETDOWN, are closed with every
# frame they held back in the pool, the pairs go on and the frame ledger
# balances. Fault injection (XSKNS_TEAR_FAULT): a forwarder that keeps the
# torn sockets open, or one that closes every socket of the UMEM, is BUG.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 20

tear_run() { xskns_run "$1" "${@:2}" netns-teardown; } # tear_run NAME [ARGS...]: sets rc and r

# 1. The tenant goes, the pairs stay.
tear_run ok
is "$rc:$(jqr .verdict "$r")" "0:PASS" "teardown: PASS"
is "$(fwd_kv tear_so_error ok)" 100 "the tenant's sockets saw ENETDOWN (SO_ERROR)"
ok "$(awk -v v="$(fwd_kv tear_seen_ms ok)" 'BEGIN { exit !(v >= 0 && v < 2000) }'; echo $?)" \
	"the error was seen within 2 s of the tear ($(fwd_kv tear_seen_ms ok) ms)"
ok "$(awk -v v="$(fwd_kv tear_loop_frames ok)" 'BEGIN { exit !(v > 0) }'; echo $?)" \
	"frames went round the tenant's loop before the tear ($(fwd_kv tear_loop_frames ok))"
held=$(fwd_kv tear_frames_held ok)
ok "$(awk -v v="$held" 'BEGIN { exit !(v > 0) }'; echo $?)" "the tenant's sockets held frames ($held)"
is "$(fwd_kv tear_frames_back ok)" "$held" "every one came back to the pool"
is "$(jqr .umem_ledger.check "$r")" PASS "the UMEM ownership ledger: PASS"
is "$(jqr '.stages.sink.flows_seen' "$r")" 4 "the sink saw all 4 pairs' flows"
is "$(jqr '.checks.traffic // "PASS"' "$r")" PASS "the traffic checks: PASS"
is "$(ip netns list | grep -c -- '-tenant\b' | tr -d ' ')" 0 "no tenant namespace left"

# 2. Fault injection: the torn sockets kept open.
XSKNS_TEAR_FAULT=keep-torn tear_run keep
is "$rc:$(jqr .verdict "$r")" "1:BUG" "keep-torn: BUG"
like "$(jqr .reason "$r")" "tenant teardown: the tenant's sockets saw Network is down but were never closed" \
	"keep-torn: the reason says the sockets were never closed"

# 3. Fault injection: every socket closed, the pairs stopped.
XSKNS_TEAR_FAULT=stop-all tear_run stop
is "$rc:$(jqr .verdict "$r")" "1:BUG" "stop-all: BUG"
like "$(jqr .reason "$r")" "tenant teardown: socket 0 \(port 0\) was closed after the tenant's teardown" \
	"stop-all: the reason names the pair that stopped"

# 3b. Before 5.14 (emulated): the pairs' outer devices (all ifindex 4242) collide at
# their binds; that BUG is the run's, not hidden behind the tenant's checks.
tear_run nock --emulate-no-netns-cookie
is "$rc:$(jqr .verdict "$r")" "1:BUG" "no cookie: BUG (expect: BUG if kernel < 5.14)"
like "$(jqr .reason "$r")" "^socket [0-9]+ .*shared-UMEM creation failed: Invalid argument .*collides with" \
	"no cookie: the reason is the spatial collision, not the tenant"

# 4. Bad input, and nothing left behind.
printf 'netns_teardown = yes\numem = separate\n' >"$TMP/bad.scn"
"$XSKNS" run --results "$TMP/bad" "$TMP/bad.scn" >/dev/null 2>"$TMP/bad.log"
like "$?:$(cat "$TMP/bad.log")" "^2:.*netns_teardown needs the xsk forwarder on a shared UMEM" \
	"netns_teardown with separate UMEMs: refused"
is "$(runs_left)" "" "no namespace left"

# 5. Ctrl-C right around the tear: nothing left, the tenant's namespace included.
"$XSKNS" run --results "$TMP/int" --duration 20 netns-teardown >"$TMP/int.ktap" 2>"$TMP/int.log" &
pid=$!
wait_for_traffic "$pid"
sleep 10
kill -INT "$pid"
wait "$pid"
is "$?" 2 "Ctrl-C after the tear: exit 2 (ERROR)"
is "$(ip netns list | grep -c "^xskns$pid-")" 0 "Ctrl-C: no namespace left, the tenant's included"
