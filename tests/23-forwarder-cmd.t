#!/bin/bash
# Any AF_XDP program as the forwarder (`--forwarder cmd:'...'`): our own `xskns fwd`
# run as a foreign command in the two-namespace topology, a small forwarder of the
# test's own (tests/fwd/minifwd.c, libxdp's xsk_* API, both ports in one namespace),
# the socket checks said N/A (never PASS by omission) while the traffic checks still
# apply: a command that drops or duplicates is BUG, one that exits at once, cannot be
# run or never forwards is ERROR. Bad commands are refused before anything is built,
# and nothing (namespaces, processes of the command's group) is left behind.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 47

# shellcheck disable=SC2046 # pkg-config prints several flags
cc -std=gnu11 -Wall -Wextra -Werror -O2 -o "$TMP/minifwd" "$TOP/tests/fwd/minifwd.c" \
	$(pkg-config --cflags --libs libxdp libbpf) 2>"$TMP/cc.err"
ok $? "the test's own forwarder builds (tests/fwd/minifwd.c)" "$(cat "$TMP/cc.err")"
MINI=$TMP/minifwd

# run NAME ARGS...: xskns run into $TMP/NAME; status in $rc, result.json in $r.
run() { xskns_run "$1" --duration 2 "${@:2}"; }

# 1. Our forwarder, as if it were someone else's: two namespaces, placeholders per port.
run own --forwarder "cmd:$XSKNS fwd --port {netns0}:{port0} --port {netns1}:{port1} --poll" colliding-ifindex
is "$rc" 0 "xskns fwd as a command: PASS ($(grep -m1 '^not ok' "$TMP/own.ktap"))"
is "$(jqr '[.params.forwarder, .params.fwd_netns, .checks.sockets, .checks.traffic] | join(" ")' "$r")" \
	"cmd separate N/A PASS" "result.json: forwarder cmd, socket checks N/A, traffic checks PASS"
is "$(jqr .params.forwarder_cmd "$r")" "$XSKNS fwd --port {netns0}:{port0} --port {netns1}:{port1} --poll" \
	"result.json: the command as given, placeholders unexpanded"
is "$(jqr '[.sockets[] | select(.role == "fwd")] | length' "$r")" 0 "no forwarder socket records claimed"
like "$(cat "$TMP/own.log")" "run: forwarder command in xskns[0-9]+-[0-9a-f]+-outer0: $XSKNS fwd --port xskns[0-9]+-[0-9a-f]+-outer0:outer --port xskns[0-9]+-[0-9a-f]+-inner0:inner --poll" \
	"the expanded command and its namespace are shown"
like "$(cat "$TMP/own.log")" 'run: socket checks: N/A \(the forwarder is an external command' \
	"stderr says the socket checks are N/A"
[ "$(jqr .stages.sink.packets "$r")" -gt 0 ] && [ "$(jqr .stages.sink.flows_seen "$r")" = 1 ]
ok $? "frames crossed it to the sink ($(jqr .stages.sink.packets "$r"))"

# 2. The test's own forwarder, both ports in one namespace, pinned through {cpu}.
run mini --fwd-netns shared --cpu-fwd 0 --forwarder "cmd:taskset -c {cpu} $MINI {port0} {port1}" colliding-ifindex
is "$rc" 0 "minifwd, ports in one namespace: PASS ($(grep -m1 '^not ok' "$TMP/mini.ktap"))"
is "$(jqr '[.params.fwd_netns, .params.ifindex_inner, .env.cpu_affinity.fwd, .checks.sockets] | map(tostring) | join(" ")' "$r")" \
	"shared 0 0 N/A" "shared namespace: inner's ifindex is the kernel's, the command pinned, sockets N/A"
like "$(cat "$TMP/mini.log")" "forwarder command in xskns[0-9]+-[0-9a-f]+-fwd0: taskset -c 0 $MINI outer inner" \
	"both ports in namespace fwd0"
is "$(jqr '[.stages.sink.duplicates, .drops.unexplained, .drops.basis, .drops.fwd_command.sockets] | map(tostring) | join(" ")' "$r")" "0 0 end_to_end 2" \
	"no duplicates, no unexplained loss, its 2 sockets read from outside ($(jqr .stages.sink.packets "$r") frames delivered)"

# 3. Negative controls: a command forwarder that loses or duplicates frames is BUG.
run drop --fwd-netns shared --rate 50000 --forwarder "cmd:$MINI {port0} {port1} drop 20" colliding-ifindex
is "$rc" 1 "minifwd dropping 1 in 20: exit 1 (BUG)"
like "$(jqr .reason "$r")" 'frames lost between the generator and the sink without a kernel drop counter to explain them' "drop: the BUG is the unexplained loss"
is "$(jqr '[.checks.sockets, .checks.traffic] | join(" ")' "$r")" "N/A BUG" "drop: sockets N/A, traffic BUG"
run dup --fwd-netns shared --rate 50000 --forwarder "cmd:$MINI {port0} {port1} dup 20" colliding-ifindex
is "$rc" 1 "minifwd sending 1 in 20 twice: exit 1 (BUG)"
like "$(jqr .reason "$r")" 'frames were delivered twice' "dup: the BUG names the duplicates"
run owndup --rate 50000 --forwarder "cmd:$XSKNS fwd --port {netns0}:{port0} --port {netns1}:{port1} --poll --fault duplicate" colliding-ifindex
is "$rc/$(jqr .checks.traffic "$r")" "1/BUG" "xskns fwd --fault duplicate as a command: BUG"

# 4. Commands that never forward are ERROR, never a verdict on the bug.
run true --forwarder "cmd:true" colliding-ifindex
is "$rc" 2 "a command that exits at once: exit 2 (ERROR)"
like "$(jqr .reason "$r")" '^the forwarder command exited with status 0 before a probe frame crossed it$' \
	"ERROR says it exited before forwarding"
is "$(jqr '[.checks.sockets, .checks.traffic] | join(" ")' "$r")" "not run not run" "ERROR: no check ran"
run missing --forwarder "cmd:$TMP/no-such-forwarder {port0}" colliding-ifindex
is "$rc" 2 "a program that does not exist: ERROR"
like "$(jqr .reason "$r")" "^cannot run '$TMP/no-such-forwarder' in xskns[0-9]+-[0-9a-f]+-outer0: No such file or directory$" \
	"ERROR names the program and why"
start=$SECONDS
run idle --fwd-ready-timeout 2 --forwarder "cmd:sleep 600" colliding-ifindex
is "$rc" 2 "a command that never forwards: ERROR"
like "$(jqr .reason "$r")" '^no probe frame crossed the forwarder command in 2 s \(--fwd-ready-timeout\)$' \
	"ERROR after --fwd-ready-timeout"
[ $((SECONDS - start)) -lt 15 ]
ok $? "and it was stopped at once ($((SECONDS - start)) s)"

# 5. Ctrl-C with the command and a child of its own running: the whole group goes.
marker=$((700000 + RANDOM))
"$XSKNS" run --results "$TMP/int" --duration 30 --fwd-netns shared \
	--forwarder "cmd:sh -c 'sleep $marker & exec \"\$0\" \"\$@\"' $MINI {port0} {port1}" colliding-ifindex \
	>"$TMP/int.ktap" 2>"$TMP/int.log" &
pid=$!
wait_for_traffic "$pid"
pgrep -f "^sleep $marker\$" >/dev/null
ok $? "the command's child runs (a shell only where the command asks for one)"
kill -INT "$pid"
wait "$pid"
is "$?" 2 "Ctrl-C: ERROR"
like "$(cat "$TMP/int.ktap")" '# ERROR: interrupted' "Ctrl-C: interrupted"
is "$(pgrep -f "^sleep $marker\$|$MINI" | wc -l)" 0 "Ctrl-C: the command and its child are gone"
is "$(leftover_namespaces)" "" "Ctrl-C: no namespace left (nor, with it, the command's XDP programs)"

# A command that dies during traffic: ERROR naming it; one whose run is killed
# with SIGKILL dies with it (PR_SET_PDEATHSIG), and the next run reaps the namespaces.
"$XSKNS" run --results "$TMP/kill" --duration 30 --fwd-netns shared \
	--forwarder "cmd:$MINI {port0} {port1}" colliding-ifindex >"$TMP/kill.ktap" 2>"$TMP/kill.log" &
pid=$!
wait_for_traffic "$pid"
pkill -KILL -f "^$MINI outer inner\$"
wait "$pid"
is "$?" 2 "the command killed during traffic: ERROR"
like "$(cat "$TMP/kill.ktap")" '# ERROR: the forwarder was killed by signal 9 \(Killed\) during traffic' \
	"the ERROR says the forwarder was killed"
"$XSKNS" run --results "$TMP/kill9" --duration 30 --fwd-netns shared \
	--forwarder "cmd:$MINI {port0} {port1}" colliding-ifindex >/dev/null 2>&1 &
pid=$!
wait_for_traffic "$pid"
{ # bash's own "Killed" notice for the job goes to stderr: not a test's output
	kill -KILL "$pid"
	wait "$pid"
} 2>/dev/null
for _ in $(seq 20); do
	pgrep -f "^$MINI outer inner\$" >/dev/null || break
	sleep 0.1
done
is "$(pgrep -f "^$MINI outer inner\$" | wc -l)" 0 "xskns run killed with SIGKILL: the command dies with it"
"$XSKNS" run --results "$TMP/reap" --duration 1 distinct-ifindex >/dev/null 2>&1
is "$(leftover_namespaces)" "" "and the next run removes its namespaces"

# 6. A scenario file names the forwarder and the namespace layout.
cat >"$TMP/byof.scn" <<SCN
description = the test's own forwarder from a scenario file
forwarder = cmd:$MINI {port0} {port1}
fwd_netns = shared
ifindex_outer = 4242
ifindex_inner = 4343
SCN
run scn "$TMP/byof.scn"
is "$rc/$(jqr '[.params.forwarder, .params.fwd_netns, (.params.ifindex_inner | tostring)] | join(" ")' "$r")" \
	"0/cmd shared 4343" "scenario file: forwarder = cmd:..., fwd_netns = shared"
run scnover --forwarder xsk "$TMP/byof.scn"
is "$rc/$(jqr '[.params.forwarder, .checks.sockets] | join(" ")' "$r")" "0/xsk PASS" \
	"--forwarder xsk overrides the file: our forwarder, socket checks PASS"

# 7. Bad commands: one line naming the bad part, exit 2, nothing built.
bad() { # bad NAME PATTERN ARGS...
	local name=$1 pat=$2 out
	shift 2
	out=$("$XSKNS" run --results "$TMP/bad" "$@" colliding-ifindex 2>&1 >/dev/null)
	rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -qE -- "$pat" <<<"$out" && [ ! -e "$TMP/bad" ]
	ok $? "$name: refused in one line, exit 2, nothing built" "status $rc" "$out"
}
bad "unknown placeholder" "unknown placeholder \{prot0\}" --forwarder "cmd:$MINI {prot0} {port1}"
bad "{cpu} without --cpu-fwd" "placeholder \{cpu\} has no value.*--cpu-fwd" --forwarder "cmd:$MINI -c {cpu}"
bad "unterminated quote" "unterminated ' quote" --forwarder "cmd:$MINI 'a"
bad "empty command" "empty command" --forwarder "cmd: "
bad "more than one pair" "serves one pair of ports, not pairs 2" --pairs 2 --forwarder "cmd:$MINI {port0} {port1}"
bad "--fwd-netns" "bad --fwd-netns 'both'" --fwd-netns both

is "$(leftover_namespaces)" "" "no namespace left behind"

# A process the command detaches from its group (setsid) is stopped with the run:
# the command runs in a cgroup of the run's own, killed and removed at the end.
run detach --forwarder "cmd:sh -c 'setsid sleep 7771 & exec $XSKNS fwd --port {netns0}:{port0} --port {netns1}:{port1} --poll'" \
	colliding-ifindex
is "$rc" 0 "a command that starts a setsid child: PASS"
is "$(pgrep -fc '^sleep 7771$')" 0 "its setsid child did not outlive the run"
like "$(cat "$TMP/detach.log")" 'the forwarder command left 1 process\(es\) behind: killed' "and the run said so"
