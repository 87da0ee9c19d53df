#!/bin/bash
# retry-after-failed-bind: the forwarder's first creation on the UMEM names queue 1,
# which its one-queue veth lacks (bind refuses it: EINVAL), then it creates the socket
# again on queue 0, same UMEM, same rings. libbpf v0.4.0 marks the RX ring set up where
# it set up the TX ring (fixed by 2da7f66, in v0.5.0), so the retry asks the kernel for
# a second TX ring on the UMEM's socket: EINVAL, BUG by the judge's rule on a failed
# shared-UMEM creation. v0.5.0 PASS; the default build (Debian's libxdp) PASS.
# Controls: v0.4.0 passes distinct-ifindex (the same topology without the retry); where
# strace is installed, the syscalls show the EINVAL coming from XDP_TX_RING; a first
# creation that does not fail (a forwarder command given 1 queue of a 2-queue device)
# is ERROR, never PASS. The trees come from LIBBPF_SRC or the machine's libbpf mirror
# (scripts/libbpf-tree); without one (nothing is fetched) the libbpf part is skipped.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

N_LIBBPF=10
plan $((N_LIBBPF + 5))

# run_retry BINARY RESULTS: the scenario once, 1 s, under $WRAP if set; "exit N VERDICT"
WRAP=()
run_retry() {
	local bin=$1 res=$2
	"${WRAP[@]}" "$bin" run --results "$res" --duration 1 retry-after-failed-bind >"$TMP/ktap" 2>"$TMP/run.log"
	echo "exit $? $(jqr .verdict "$(result_of "$res" retry-after-failed-bind)")"
}
REASON_040="^socket 0 \(netns [^ ]+ dev outer ifindex 4242 queue 0\): shared-UMEM creation failed: Invalid argument \(-22\), retrying after the UMEM's first creation on queue 1 failed \(Invalid argument\)$"

# --- the default build (Debian's libxdp): PASS, the retry really made -----------------------
is "$(run_retry "$XSKNS" "$TMP/rs")" "exit 0 PASS" "libxdp $("$XSKNS" version | sed -n 's/^xsk_impl_version=//p'): PASS" \
	"$(tail -n 5 "$TMP/run.log")"
like "$(cat "$TMP/run.log")" "fwd: first creation on dev outer queue 1, past the port's queues: Invalid argument" \
	"the first creation failed with EINVAL, then the retry succeeded"
r=$(result_of "$TMP/rs" retry-after-failed-bind)
is "$(jq -r '[.sockets[] | select(.role == "fwd") | .rc] | join(" ")' "$r")" "0 0" "both forwarder sockets up" \
	"$(jq -c '.sockets' "$r" 2>&1 | head -c 600)"

# --- negative control: a first creation that succeeds makes no retry: ERROR, not PASS ---------
# The forwarder as a command, told its ports have 1 queue on devices with 2: queue 1 exists.
sed 's/^queues = 1$/queues = 2/' "$TOP/scenarios/retry-after-failed-bind.scn" >"$TMP/two-queues.scn"
"$XSKNS" run --results "$TMP/rn" --duration 1 \
	--forwarder "cmd:$XSKNS fwd --port {netns0}:{port0}:1 --port {netns1}:{port1}:1 --poll --retry-after-failed-bind" \
	"$TMP/two-queues.scn" >"$TMP/ktap" 2>"$TMP/neg.log"
is "$? $(jqr .verdict "$(result_of "$TMP/rn" two-queues)")" "2 ERROR" \
	"negative control: the first creation on an existing queue: ERROR" "$(tail -n 5 "$TMP/neg.log")"
like "$(cat "$TMP/neg.log")" "fwd: the first creation on dev 'outer' queue 1, to fail at bind, succeeded \(the device has that queue\)" \
	"the forwarder says why"

# --- libbpf v0.4.0 and v0.5.0 ---------------------------------------------------------------
libbpf_src_or_skip $N_LIBBPF libbpf || exit $((_failed > 0))
t4=$TMP/libbpf-v0.4.0 t5=$TMP/libbpf-v0.5.0 b=$TMP/build
"$TOP/scripts/libbpf-tree" v0.4.0 "$t4" >/dev/null 2>"$TMP/export.log" &&
	"$TOP/scripts/libbpf-tree" v0.5.0 "$t5" >/dev/null 2>>"$TMP/export.log"
ok $? "v0.4.0 and v0.5.0 exported" "$(cat "$TMP/export.log")"

# build_with TREE: the harness against TREE's xsk.c, in the one build folder
build_with() {
	local start=$SECONDS
	make -s -C "$TOP" BUILD="$b" LIBBPF_DIR="$1" "$b/xskns" >"$TMP/build.log" 2>&1
	ok $? "builds against $(basename "$1")'s src/xsk.c ($((SECONDS - start)) s)" "$(tail -n 15 "$TMP/build.log")"
}
# xdp_calls: the forwarder's AF_XDP setsockopt/bind calls that failed, one line each
# ("CALL -> ERRNO"), from strace's log
xdp_calls() {
	grep -E 'setsockopt\([0-9]+, SOL_XDP|bind\([0-9]+, \{sa_family=AF_XDP' "$1" | grep -E '= -1 ' |
		sed -E 's/^[0-9]+ +//; s/^(setsockopt\([0-9]+, SOL_XDP, [A-Z_]+).*= -1 ([A-Z]+).*/\1 -> \2/;
			s/^bind\([0-9]+, .*sxdp_queue_id=([0-9]+).*= -1 ([A-Z]+).*/bind queue \1 -> \2/;
			s/setsockopt\([0-9]+, /setsockopt(/'
}
# under strace when there is one: the forwarder's syscalls in $TMP/strace
command -v strace >/dev/null && WRAP=(strace -f -qq -e 'trace=setsockopt,bind' -e signal=none -o "$TMP/strace")

build_with "$t4"
is "$(run_retry "$b/xskns" "$TMP/r4")" "exit 1 BUG" "libbpf v0.4.0: BUG" "$(tail -n 5 "$TMP/run.log")"
r=$(result_of "$TMP/r4" retry-after-failed-bind)
like "$(jqr .reason "$r")" "$REASON_040" "the BUG: EINVAL on the retry, after the first creation on queue 1 failed"
is "$(jq -r '[.env.xsk_impl, .env.xsk_impl_version] | join(" ")' "$r")" "libbpf 0.4.0" "result.json: libbpf 0.4.0"
if command -v strace >/dev/null; then
	# the bind on queue 1 fails; the retry asks for XDP_TX_RING again on the same socket
	# (and so does the inner port's socket: the UMEM's count went back to 0 with the retry)
	is "$(xdp_calls "$TMP/strace" | head -n 2 | paste -sd '|')" "bind queue 1 -> EINVAL|setsockopt(SOL_XDP, XDP_TX_RING -> EINVAL" \
		"the syscalls: bind on queue 1 EINVAL, then the retry's second XDP_TX_RING EINVAL" "$(xdp_calls "$TMP/strace")"
else
	skip "the syscalls of the retry" "strace is not installed"
fi
"$b/xskns" run --results "$TMP/r4c" --duration 1 distinct-ifindex >"$TMP/ktap" 2>"$TMP/run.log"
is "$? $(jqr .verdict "$(result_of "$TMP/r4c" distinct-ifindex)")" "0 PASS" \
	"control: v0.4.0 passes the same topology without the retry (distinct-ifindex)" "$(tail -n 5 "$TMP/run.log")"

build_with "$t5"
is "$(run_retry "$b/xskns" "$TMP/r5")" "exit 0 PASS" "libbpf v0.5.0: PASS" "$(tail -n 5 "$TMP/run.log")"
if command -v strace >/dev/null; then
	is "$(xdp_calls "$TMP/strace" | paste -sd '|')" "bind queue 1 -> EINVAL" \
		"the syscalls: only the bind on queue 1 fails; the retry sets up no ring again" "$(xdp_calls "$TMP/strace")"
else
	skip "the syscalls of the retry" "strace is not installed"
fi
exit $((_failed > 0))
