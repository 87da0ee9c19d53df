#!/bin/bash
# A run touches only what it made, whatever it inherits: two runs that are
# each pid 1 of their own PID namespace both PASS with their counters read; a
# counter that cannot be read is ERROR, never a zero; the stale cleanup removes
# only what a provably dead run recorded (not a live run's, not one from
# another PID namespace, not a namespace no record lists); what a launcher
# leaves (SIGCHLD ignored, SIGTERM and SIGINT blocked) changes no verdict and
# no run time, and Ctrl-C still stops a run. And the test runner's own isolation
# (tests/lib/isolate): a test in its own mount and network namespaces, unless its
# header asks for the host's, with the names it leaves in /run/netns still seen.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 35

# 1. Two runs at once, each pid 1 of its own PID namespace.
for side in a b; do
	unshare -pf --mount-proc "$XSKNS" run --results "$TMP/$side" --duration 2 colliding-ifindex \
		>"$TMP/$side.ktap" 2>"$TMP/$side.log" &
	eval "pid_$side=\$!"
done
# shellcheck disable=SC2154 # set by the eval above
wait "$pid_a"
st_a=$?
# shellcheck disable=SC2154
wait "$pid_b"
st_b=$?
is "$st_a/$st_b" "0/0" "two runs, each pid 1 of its own PID namespace: both PASS ($(grep -ho 'ERROR.*' "$TMP/a.ktap" "$TMP/b.ktap" | head -n 1))"
for side in a b; do
	r=$(result_of "$TMP/$side" colliding-ifindex)
	gen=$(jqr .drops.veth.by_role.gen.tx_packets "$r")
	fwd=$(jqr .drops.veth.by_role.fwd_in.rx_packets "$r")
	sent=$(jqr .stages.gen.packets "$r")
	[ "$sent" -gt 0 ] && [ "$gen" = "$sent" ] && [ "$fwd" = "$sent" ]
	ok $? "run $side: its veths counted every frame it sent ($gen and $fwd of $sent)"
done
like "$(grep -ho 'xskns1-[0-9a-f]*-outer0' "$TMP/a.log" "$TMP/b.log" | sort -u | wc -l)" '^2$' \
	"the two runs' namespaces have distinct names though both are pid 1"
is "$(find /run/xskns -name 'xskns1-*' 2>/dev/null)" "" "both runs' records are gone"

# A name that exists is never taken, nor deleted: with its first identity made
# predictable (tests/fixtures/preload/fixed-random.c) and its names, and those of
# the pid-only naming, already there, a run takes another identity and PASSes.
cc -std=gnu11 -Wall -Wextra -Werror -O2 -shared -fPIC -o "$TMP/fixed-random.so" \
	"$TOP/tests/fixtures/preload/fixed-random.c" 2>"$TMP/cc.err"
# shellcheck disable=SC2016 # $$ and $1 are the inner shell's
bash -c 'ip netns add "xskns$$-11111111-gen" && ip netns add "xskns$$-gen" && echo "$$" >"$1.pid" &&
	exec env LD_PRELOAD="$1" "$2" run --results "$1.r" --duration 1 colliding-ifindex' \
	_ "$TMP/fixed-random.so" "$XSKNS" >"$TMP/taken.ktap" 2>"$TMP/taken.log"
st=$?
p=$(cat "$TMP/fixed-random.so.pid")
is "$st" 0 "a run whose first identity's names exist: PASS ($(grep -o 'ERROR.*' "$TMP/taken.ktap"))"
ok "$(ip netns list | grep -cE "^xskns$p-(11111111-)?gen( |$)" | grep -qx 2; echo $?)" \
	"the namespaces that were there are still there"
like "$(cat "$TMP/taken.log")" "xskns$p-[0-9a-f]{8}-outer0" "the run took another identity"
ip netns del "xskns$p-11111111-gen"
ip netns del "xskns$p-gen"

# 2. A namespace of the run that vanishes before its counters are read: ERROR, not zeros.
"$XSKNS" run --results "$TMP/c" --duration 4 colliding-ifindex >"$TMP/c.ktap" 2>"$TMP/c.log" &
pid=$!
wait_for_traffic "$pid"
ns=$(ip netns list | awk '{print $1}' | grep -m1 "^xskns$pid-.*-outer0$")
ip netns del "$ns"
wait "$pid"
is "$?" 2 "a namespace of the run deleted mid-traffic: exit status 2"
like "$(cat "$TMP/c.ktap")" "^not ok 1 colliding-ifindex # ERROR: cannot read the veth counters in namespace '$ns'" \
	"the KTAP line names the namespace whose counters could not be read"

# 3. A crashed run (SIGKILL: no teardown) leaves its record; the next run removes what it lists.
"$XSKNS" run --results "$TMP/d" --duration 10 colliding-ifindex >/dev/null 2>"$TMP/d.log" &
pid=$!
wait_for_traffic "$pid"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
left=$(ip netns list | awk '{print $1}' | grep -c "^xskns$pid-")
rec=$(find /run/xskns -name "xskns$pid-*")
ok $((left == 4 ? 0 : 1)) "a run killed with SIGKILL left its 4 namespaces ($left)"
like "$(cat "$rec" 2>/dev/null)" '^owner pid=[0-9]+ start=[0-9]+ pidns=[0-9]+ boot=[0-9a-f-]+' \
	"and a record naming its owner"
for _ in $(seq 50); do pgrep -f "xskns (gen|fwd|sink) --port xskns$pid-" >/dev/null || break; sleep 0.1; done

# Records the cleanup must leave alone: a live owner; an owner in another PID
# namespace (whose pid here belongs to a process with another start time, which in
# our namespace would prove the owner gone); and a namespace that no record lists.
# (The pids are live ones: a build of the pid-only naming, running beside, would
# take any name with a dead pid. tests/unit/test_run_record.c checks dead ones.)
boot=$(cat /proc/sys/kernel/random/boot_id)
pidns=$(stat -L -c %i /proc/self/ns/pid)
sleep 60 &
live=$!
sleep 60 &
other=$!
start=$(sed 's/.*) //' "/proc/$live/stat" | cut -d' ' -f20)
mkdir -p /run/xskns
printf 'owner pid=%s start=%s pidns=%s boot=%s\nnetns xskns%s-0000live-gen\n' \
	"$live" "$start" "$pidns" "$boot" "$live" >"/run/xskns/xskns$live-0000live"
printf 'owner pid=%s start=1 pidns=1 boot=%s\nnetns xskns%s-00other-gen\n' \
	"$other" "$boot" "$other" >"/run/xskns/xskns$other-00other"
for ns in "xskns$live-0000live-gen" "xskns$other-00other-gen" "xskns$other-gen"; do ip netns add "$ns"; done

"$XSKNS" run --results "$TMP/e" --duration 1 distinct-ifindex >/dev/null 2>"$TMP/e.log"
is "$?" 0 "the next run: PASS"
is "$(ip netns list | awk '{print $1}' | grep -c "^xskns$pid-")" 0 "the crashed run's namespaces were removed"
ok "$([ ! -e "$rec" ]; echo $?)" "and its record"
# (Which run removes them is not checked: on a shared machine another run may be first.)
ip netns list | grep -q "^xskns$live-0000live-gen"
ok $? "a live run's recorded namespace is left alone"
ip netns list | grep -q "^xskns$other-00other-gen"
ok $? "a namespace recorded by a run in another PID namespace is left alone"
ip netns list | grep -q "^xskns$other-gen"
ok $? "a namespace named like a run's but recorded by none is left alone"

# Once the live owner is gone, its record's namespace goes with the next run.
kill "$live"
wait "$live" 2>/dev/null
"$XSKNS" run --results "$TMP/e" --duration 1 distinct-ifindex >/dev/null 2>"$TMP/f.log"
ip netns list | grep -q "^xskns$live-0000live-gen"
ok $((!$?)) "once its owner is gone, the recorded namespace is removed"

# A crashed run's forwarder command left a detached child in its cgroup: the next run's
# cleanup kills it and removes the cgroup.
"$XSKNS" run --results "$TMP/g" --duration 10 \
	--forwarder "cmd:sh -c 'setsid sleep 7773 & exec $XSKNS fwd --port {netns0}:{port0} --port {netns1}:{port1} --poll'" \
	colliding-ifindex >/dev/null 2>"$TMP/g.log" &
pid=$!
wait_for_traffic "$pid"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
cg=$(sed -n 's/^cgroup //p' /run/xskns/xskns"$pid"-* 2>/dev/null | head -n 1)
[ -n "$cg" ] && [ -d "$cg" ] && pgrep -fx 'sleep 7773' >/dev/null
ok $? "a killed run's command left its detached child, in a cgroup its record names ($cg)"
"$XSKNS" run --results "$TMP/g" --duration 1 distinct-ifindex >/dev/null 2>"$TMP/g2.log"
for _ in $(seq 20); do pgrep -fx 'sleep 7773' >/dev/null || break; sleep 0.1; done
! pgrep -fx 'sleep 7773' >/dev/null && [ ! -d "$cg" ]
ok $? "the next run killed it and removed the cgroup"

# 4. Inherited signal state: the verdicts and run times are those of a clean start.
timed() { # timed NAME WRAPPER... : runs WRAPPER... xskns run ...; sets st and secs
	local name=$1 t0
	shift
	t0=$(date +%s%N)
	"$@" "$XSKNS" run --results "$TMP/s" --duration 1 --check-expect "$name" \
		>"$TMP/s.ktap" 2>"$TMP/s.log"
	st=$?
	secs=$((($(date +%s%N) - t0) / 1000000000))
}
# shellcheck disable=SC2016 # perl code, not shell
ignore_chld=(perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or die "exec: $!"')
block_term=(perl -MPOSIX -e 'sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGTERM, SIGINT)) or die;
	exec @ARGV or die "exec: $!"')
timed no-netns-cookie "${ignore_chld[@]}"
ok $((st == 0 && secs < 12 ? 0 : 1)) "SIGCHLD ignored: no-netns-cookie is BUG as expected, in ${secs} s" \
	"$(grep -o '#.*' "$TMP/s.ktap" | head -n 2)"
timed colliding-ifindex "${ignore_chld[@]}"
ok $((st == 0 && secs < 12 ? 0 : 1)) "SIGCHLD ignored: colliding-ifindex PASS, in ${secs} s" \
	"$(grep -o '#.*' "$TMP/s.ktap" | head -n 2)"
timed no-netns-cookie "${block_term[@]}"
ok $((st == 0 && secs < 12 ? 0 : 1)) "SIGTERM and SIGINT blocked: no-netns-cookie is BUG as expected, in ${secs} s" \
	"$(grep -o '#.*' "$TMP/s.ktap" | head -n 2)"
timed colliding-ifindex "${block_term[@]}"
ok $((st == 0 && secs < 12 ? 0 : 1)) "SIGTERM and SIGINT blocked: colliding-ifindex PASS, in ${secs} s" \
	"$(grep -o '#.*' "$TMP/s.ktap" | head -n 2)"

# Ctrl-C reaches a run started with SIGINT blocked.
"${block_term[@]}" "$XSKNS" run --results "$TMP/s" --duration 20 colliding-ifindex \
	>"$TMP/i.ktap" 2>"$TMP/i.log" &
pid=$!
wait_for_traffic "$pid"
t0=$(date +%s)
kill -INT "$pid"
wait "$pid"
st=$?
secs=$(($(date +%s) - t0))
is "$st" 2 "SIGINT blocked at start: Ctrl-C still ends the run as ERROR"
like "$(cat "$TMP/i.ktap")" 'not ok 1 colliding-ifindex # ERROR: interrupted' "and it says interrupted"
ok $((secs < 10 ? 0 : 1)) "within 10 s of Ctrl-C (${secs} s)"

for ns in "xskns$other-00other-gen" "xskns$other-gen"; do ip netns del "$ns"; done
rm -f "/run/xskns/xskns$other-00other"
kill "$other"
wait "$other" 2>/dev/null

# 5. tests/lib/isolate, what tests/run-all runs each test through.
probe() { # probe FILE [MARKER]: a test that prints its namespaces and leaves a netns name
	{
		echo '#!/bin/bash'
		[ -z "${2:-}" ] || echo "$2"
		cat <<'EOF'
readlink /proc/self/ns/net /proc/self/ns/mnt
ip -o link show up | awk -F': ' '{ print $2 }' | paste -sd,
ip netns add "$1"
EOF
	} >"$1"
	chmod +x "$1"
}
leak=xskns$$-11111111-leak
probe "$TMP/iso.t"
mapfile -t seen < <("$TOP/tests/lib/isolate" "$TMP/iso.t" "$leak")
[ "${seen[0]}" != "$(readlink /proc/self/ns/net)" ] && [ "${seen[1]}" != "$(readlink /proc/self/ns/mnt)" ]
ok $? "an isolated test has a network and a mount namespace of its own" "${seen[*]}"
is "${seen[2]}" lo "its only device is lo, up"
ip netns list 2>/dev/null | grep -q "^$leak\b"
ok $? "a netns name it left in /run/netns is still listed outside (leftover checks see it)"
! grep -q " /run/netns/$leak " /proc/mounts
ok $? "its nsfs mount ended with its mount namespace"
ip netns del "$leak" 2>/dev/null || rm -f "/run/netns/$leak"
probe "$TMP/host.t" '# run-all: host namespaces (a probe)'
mapfile -t seen < <("$TOP/tests/lib/isolate" "$TMP/host.t" "$leak")
is "${seen[0]}" "$(readlink /proc/self/ns/net)" "a test whose header asks for the host's namespaces runs in them"
ip netns del "$leak"
mapfile -t seen < <(XSKNS_ISOLATE=0 "$TOP/tests/lib/isolate" "$TMP/iso.t" "$leak")
is "${seen[1]}" "$(readlink /proc/self/ns/mnt)" "XSKNS_ISOLATE=0: no namespace of its own (the check above can fail)"
ip netns del "$leak"

is "$(leftover_namespaces)" "" "nothing left at the end"
