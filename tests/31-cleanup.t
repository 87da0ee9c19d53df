#!/bin/bash
# Nothing is left behind on any exit path, and a fault is ERROR, never a
# verdict: Ctrl-C in the middle of traffic, a forwarder, sink or generator
# killed with SIGKILL or stopped with SIGSTOP, runs back to back (the queue of the previous
# run's sockets is released lazily).
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 26

# Wait until a tool of the run is up (the generator: traffic is flowing).
wait_for_tool() { # wait_for_tool TOOL RUN_PID
	for _ in $(seq 100); do
		pgrep -f "xskns $1 --port xskns$2-" >/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# 1. SIGINT (what Ctrl-C sends) during traffic.
"$XSKNS" run --results "$TMP/r" --duration 20 colliding-ifindex >"$TMP/ktap1" 2>"$TMP/log1" &
pid=$!
wait_for_tool fwd "$pid"
sleep 1
kill -INT "$pid"
wait "$pid"
is "$?" 2 "Ctrl-C: exit status 2 (ERROR)"
like "$(cat "$TMP/ktap1")" 'not ok 1 colliding-ifindex # ERROR: interrupted' "Ctrl-C: KTAP says interrupted"
is "$(leftover_namespaces)" "" "Ctrl-C: no namespace left"
is "$(pgrep -f "xskns (gen|fwd|sink) --port xskns$pid-" | wc -l)" 0 "Ctrl-C: no tool left running"

# 2. A tool dies from SIGKILL, or is stopped with SIGSTOP, in the middle of the
# traffic: its counts are lost or frozen, so the run is ERROR naming the tool
# and what happened to it, never a verdict on the bug.
tool_fault() { # tool_fault TOOL SIGNAL NAME REASON
	local tool=$1 sig=$2 name=$3 reason=$4 status
	"$XSKNS" run --results "$TMP/r" --duration 4 colliding-ifindex >"$TMP/ktap2" 2>"$TMP/log2" &
	pid=$!
	wait_for_tool gen "$pid"
	sleep 1
	pkill "-$sig" -f "xskns $tool --port xskns$pid-"
	wait "$pid"
	status=$?
	is "$status" 2 "$name: exit status 2 (ERROR, not a verdict)"
	like "$(cat "$TMP/ktap2")" "^not ok 1 colliding-ifindex # ERROR: $reason" "$name: KTAP names the tool"
	is "$(leftover_namespaces)" "" "$name: no namespace left"
	is "$(pgrep -f "xskns (gen|fwd|sink) --port xskns$pid-" | wc -l)" 0 "$name: no tool left running"
}
tool_fault fwd KILL "killed forwarder" "the forwarder was killed by signal 9"
tool_fault sink KILL "killed sink" "the sink was killed by signal 9"
tool_fault sink STOP "stopped sink" "the sink was stopped by signal 19"
tool_fault fwd STOP "stopped forwarder" "the forwarder was stopped by signal 19"
tool_fault gen KILL "killed generator" "the generator was killed by signal 9"

# 3. Back to back: the second run binds the same queues right after the first.
"$XSKNS" run --results "$TMP/r" --duration 1 colliding-ifindex >/dev/null 2>"$TMP/log3"
first=$?
"$XSKNS" run --results "$TMP/r" --duration 1 colliding-ifindex >/dev/null 2>"$TMP/log4"
second=$?
is "$first/$second" "0/0" "two runs back to back both PASS"

# 4. A crashed run's namespaces are removed by the next run: tests/34-isolation.t
# (only what a provably dead run recorded).

is "$(leftover_namespaces)" "" "nothing left at the end"
