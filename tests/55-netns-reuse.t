#!/bin/bash
# netns-reuse, the temporal collision (docs/netns-lifecycle.md): a held socket
# on ifindex 4242 stays open while its namespace is deleted or its device
# deleted or moved, then pair 0's outer (ifindex 4242, another namespace) joins
# the UMEM. PASS with the netns cookie and traffic through the newcomer; BUG
# (the bind's EINVAL, naming the held socket) on the emulated kernel without
# SO_NETNS_COOKIE and with libxdp v1.2.x built from the xdp-tools mirror
# (skipped when the mirror is absent). Nothing is left behind, Ctrl-C included.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 24

MIRROR=${XDP_TOOLS_MIRROR:-/work/.mirror/xdp-project+xdp-tools/repo}
OLD_TAG=${LIBXDP_OLD_TAG:-v1.2.10}

# reuse_run NAME SCENARIO [ARGS...]: run it; sets rc and r (its result.json).
reuse_run() { XSKNS=${XSKNS_BIN:-$XSKNS} xskns_run "$1" --duration 1 "${@:3}" "$2"; }

# 1. With the netns cookie: the namespace deleted by name.
reuse_run del netns-reuse
is "$rc:$(jqr .verdict "$r")" "0:PASS" "delete-netns: PASS"
ok "$(jqr '.stages.sink.packets > 0' "$r" | grep -qx true; echo $?)" \
	"delete-netns: traffic reached the sink through the newcomer"
is "$(jqr '[.sockets[] | select(.netns | test("-(outer0|held)$")) | .ifindex] | unique | join(",")' "$r")" \
	4242 "delete-netns: the held socket and the newcomer both on ifindex 4242"
is "$(jqr '[.sockets[] | select(.netns | test("-(outer0|held)$")) | .netns_cookie] | unique | length' "$r")" \
	2 "delete-netns: two cookies (the held namespace lives on while the socket is open)"
is "$(fwd_kv hold_done del)/$(fwd_kv hold_so_error del)" "1/0" "delete-netns: the held socket saw no error"

# 2. The device moved away, or deleted: the held socket is unbound (ENETDOWN), still open.
reuse_run mov netns-reuse-moved
is "$rc:$(jqr .verdict "$r")" "0:PASS" "move-device: PASS"
is "$(fwd_kv hold_so_error mov)" 100 "move-device: SO_ERROR ENETDOWN on the held socket"
is "$(fwd_kv hold_pollerr mov)" 0 "move-device: no POLLERR (xsk_poll of an unbound socket is empty)"
sed 's/^netns_reuse = .*/netns_reuse = delete-device/' "$TOP/scenarios/netns-reuse.scn" \
	>"$TMP/netns-reuse-devdel.scn"
reuse_run dev "$TMP/netns-reuse-devdel.scn"
is "$rc:$(jqr .verdict "$r")" "0:PASS" "delete-device: PASS"
is "$(fwd_kv hold_so_error dev)" 100 "delete-device: SO_ERROR ENETDOWN on the held socket"

# 3. Negative control: no SO_NETNS_COOKIE (emulated pre-5.14 kernel).
reuse_run nock netns-reuse-no-cookie
is "$rc:$(jqr .verdict "$r")" "1:BUG" "no cookie: BUG"
like "$(jqr .reason "$r")" 'outer0 dev outer ifindex 4242 queue 0\): shared-UMEM creation failed: Invalid argument \(-22\); collides with socket 2 \(netns [^ ]*-held dev outer ifindex 4242' \
	"no cookie: the newcomer's EINVAL, naming the held socket"
reuse_run nockmv netns-reuse-moved --emulate-no-netns-cookie
is "$rc:$(jqr .verdict "$r")" "1:BUG" "no cookie, device moved: BUG"

# 4. Negative control: a library keyed on (ifindex, queue), libxdp v1.2.x from the mirror.
if ! git --git-dir="$MIRROR" rev-parse -q --verify "$OLD_TAG^{commit}" >/dev/null 2>&1; then
	for t in "libxdp $OLD_TAG build" "libxdp $OLD_TAG: BUG" "libxdp $OLD_TAG: names the held socket" \
		"libxdp $OLD_TAG: the old library ran"; do
		skip "$t" "no xdp-tools mirror with $OLD_TAG at $MIRROR"
	done
else
	src=$TMP/xdp-tools
	mkdir -p "$src"
	git --git-dir="$MIRROR" archive "$OLD_TAG" | tar -x -C "$src"
	# shellcheck source=scripts/lib/libxdp-build.sh
	. "$TOP/scripts/lib/libxdp-build.sh"
	{ libxdp_build "$src" system && make -C "$TOP" BUILD="$TMP/b12" LIBXDP_DIR="$src" "$TMP/b12/xskns"; } \
		>"$TMP/b12.log" 2>&1
	ok $? "libxdp $OLD_TAG build" "$(tail -5 "$TMP/b12.log")"
	XSKNS_BIN=$TMP/b12/xskns reuse_run old netns-reuse
	is "$rc:$(jqr .verdict "$r")" "1:BUG" "libxdp $OLD_TAG: BUG"
	like "$(jqr .reason "$r")" 'Invalid argument \(-22\); collides with socket 2 \(netns [^ ]*-held' \
		"libxdp $OLD_TAG: names the held socket"
	like "$(jqr .env.xsk_impl_path "$r")" "^$src/lib/libxdp/" "libxdp $OLD_TAG: the old library ran"
fi

# 5. Bad input: one line naming the value, the run not started.
printf 'netns_reuse = sideways\n' >"$TMP/bad1.scn"
"$XSKNS" run --results "$TMP/bad" "$TMP/bad1.scn" >/dev/null 2>"$TMP/bad1.log"
like "$?:$(cat "$TMP/bad1.log")" "^2:.*bad1.scn:1.*sideways" "netns_reuse sideways: exit 2 naming it"
printf 'netns_reuse = delete-netns\nforwarder = cmd:true\n' >"$TMP/bad2.scn"
"$XSKNS" run --results "$TMP/bad" "$TMP/bad2.scn" >/dev/null 2>"$TMP/bad2.log"
like "$?:$(cat "$TMP/bad2.log")" "^2:.*netns_reuse delete-netns needs the xsk forwarder" \
	"netns_reuse with a forwarder command: refused"
"$XSKNS" fwd --port a:b --port c:d --hold-then delete-netns >/dev/null 2>"$TMP/bad3.log"
like "$?:$(cat "$TMP/bad3.log")" "^[1-9][0-9]*:.*--hold-then and --hold-away need --hold" \
	"fwd --hold-then without --hold: refused"
"$XSKNS" fwd --port a:b --port c:d --hold x:y --hold-away z >/dev/null 2>"$TMP/bad4.log"
like "$?:$(cat "$TMP/bad4.log")" "^[1-9][0-9]*:.*bad --hold-away 'z'" \
	"fwd --hold-away without move-device: refused"

# 6. Cleanup: Ctrl-C in traffic and a normal end leave no namespace (held and away included).
is "$(runs_left)" "" "after the runs: no namespace left"
"$XSKNS" run --results "$TMP/int" --duration 20 netns-reuse-moved >"$TMP/int.ktap" 2>"$TMP/int.log" &
pid=$!
wait_for_traffic "$pid"
sleep 0.5
kill -INT "$pid"
wait "$pid"
is "$?" 2 "Ctrl-C: exit 2 (ERROR)"
is "$(ip netns list | grep -c "^xskns$pid-")" 0 "Ctrl-C: no namespace left, held and away included"
