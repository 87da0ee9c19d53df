#!/bin/bash
# Nothing is left behind on any exit path: Ctrl-C in the middle of traffic, a
# forwarder killed with SIGKILL, runs back to back (the queue of the previous
# run's sockets is released lazily), and namespaces of a crashed run.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 11

# Wait until the run's forwarder is up, so the signal lands mid-traffic.
wait_for_fwd() { # wait_for_fwd RUN_PID
	for _ in $(seq 100); do
		pgrep -f "xskns fwd --port xskns$1-" >/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# 1. SIGINT (what Ctrl-C sends) during traffic.
"$XSKNS" run --results "$TMP/r" --duration 20 colliding-ifindex >"$TMP/ktap1" 2>"$TMP/log1" &
pid=$!
wait_for_fwd "$pid"
sleep 1
kill -INT "$pid"
wait "$pid"
is "$?" 2 "Ctrl-C: exit status 2 (ERROR)"
like "$(cat "$TMP/ktap1")" 'not ok 1 colliding-ifindex # ERROR: interrupted' "Ctrl-C: KTAP says interrupted"
is "$(leftover_namespaces)" "" "Ctrl-C: no namespace left"
is "$(pgrep -f "xskns (gen|fwd|sink) --port xskns$pid-" | wc -l)" 0 "Ctrl-C: no tool left running"

# 2. The forwarder dies from SIGKILL mid-run.
"$XSKNS" run --results "$TMP/r" --duration 4 colliding-ifindex >"$TMP/ktap2" 2>"$TMP/log2" &
pid=$!
wait_for_fwd "$pid"
sleep 1
pkill -KILL -f "xskns fwd --port xskns$pid-"
wait "$pid"
is "$?" 2 "killed forwarder: exit status 2 (ERROR, not a verdict)"
is "$(leftover_namespaces)" "" "killed forwarder: no namespace left (its XDP links went with it)"

# 3. Back to back: the second run binds the same queues right after the first.
"$XSKNS" run --results "$TMP/r" --duration 1 colliding-ifindex >/dev/null 2>"$TMP/log3"
first=$?
"$XSKNS" run --results "$TMP/r" --duration 1 colliding-ifindex >/dev/null 2>"$TMP/log4"
second=$?
is "$first/$second" "0/0" "two runs back to back both PASS"

# 4. A crashed run's namespaces (its pid is gone) are removed by the next run.
true &
dead=$!
wait "$dead"
stale=xskns$dead-gen
ip netns add "$stale"
"$XSKNS" run --results "$TMP/r" --duration 1 distinct-ifindex >/dev/null 2>"$TMP/log5"
is "$?" 0 "run after a crash: PASS"
ip netns list | grep -q "^$stale"
ok $((!$?)) "the crashed run's namespace was removed"
like "$(cat "$TMP/log5")" 'removed 1 namespaces left by runs' "and the run said so"

is "$(leftover_namespaces)" "" "nothing left at the end"
