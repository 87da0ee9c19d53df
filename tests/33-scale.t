#!/bin/bash
# Scale: many-namespaces with 256 pairs (512 sockets on one UMEM) PASSes with
# the UMEM at the cap, the topology built in batches with progress, the run's
# measured cost in result.json next to the estimate, nothing left behind; a
# Ctrl-C while a 512-pair topology is being built removes what was made.
# 512 pairs take about 45 s here and are measured by `make bench` (scale).
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 17

"$XSKNS" run --results "$TMP/r" --duration 2 --pairs 256 many-namespaces >"$TMP/ktap" 2>"$TMP/log"
is "$?" 0 "256 pairs: PASS ($(grep -m1 -o 'ERROR.*\|BUG.*' "$TMP/ktap"))"
r=$(result_of "$TMP/r" many-namespaces)
d=$(dirname "$r")
is "$(jqr '[.sockets[] | select(.role == "fwd" and .rc == 0 and .ifindex == 4242)] | length' "$r")" 512 \
	"256 pairs: 512 forwarder sockets on ifindex 4242, all created"
is "$(jqr .stages.sink.flows_seen "$r")" 256 "256 pairs: every flow arrived"
like "$(grep '^run: topology:' "$TMP/log" | tr '\n' ' ')" \
	'topology: 32/256 pairs, [0-9.]+ s .*topology: 256/256 pairs, [0-9.]+ s' \
	"the topology is built in rounds of 32 pairs, with progress"
like "$(cat "$TMP/log")" 'teardown: 514 namespaces deleted in [0-9.]+ s' "teardown says what it deleted"

jq .cost "$d/result.json" >"$TMP/cost.json"
c=$TMP/cost.json

# The sizing rule, as the forwarder applied it: 512 sockets share 8192 frames.
is "$(grep -h '^umem_frames=\|^umem_frames_per_socket=\|^fill_frames=' "$d/fwd.kv" | tr '\n' ' ')" \
	"umem_frames=8192 umem_frames_per_socket=16 fill_frames=16 " \
	"forwarder: UMEM at the cap, 16 frames a socket, all on its FILL ring"
is "$(jqr '[.model.fwd.umem_frames, .model.fwd.frames_per_socket, .model.gen.umem_frames] | @tsv' \
	"$c")" "$(printf '8192\t16\t8192')" "result.json cost: the model's sizing is what the tools did"

# The measured cost.
setup=$(jqr .setup_s "$c")
awk -v s="$setup" 'BEGIN { exit !(s > 0 && s < 60) }'
ok $? "result.json cost: setup time measured ($setup s)"
awk -v s="$(jqr .teardown_s "$c")" 'BEGIN { exit !(s > 0 && s < 30) }'
ok $? "result.json cost: teardown time measured ($(jqr .teardown_s "$c") s)"
# 512 forwarder sockets closed one after another took longer than the 5 s stop grace.
awk -v f="$(jqr .stop_s.fwd "$c")" -v s="$(jqr .stop_s.sink "$c")" 'BEGIN { exit !(f > 0 && f < 5 && s > 0 && s < 5) }'
ok $? "result.json cost: the forwarder and the sink stopped within their grace ($(jqr .stop_s.fwd "$c") s, $(jqr .stop_s.sink "$c") s)"
is "$(jqr '[.vm_hwm_bytes.sink, .vm_hwm_bytes.fwd, .vm_hwm_bytes.gen, .vm_hwm_bytes.run] | map(select(. > 1000000)) | length' "$c")" 4 \
	"result.json cost: peak RSS of sink, forwarder, generator and the run itself"
[ "$(jqr .kernel.samples "$c")" -gt 10 ] && [ "$(jqr .kernel.slab_growth_bytes "$c")" -gt 0 ]
ok $? "result.json cost: meminfo sampled ($(jqr .kernel.samples "$c") samples, slab +$(($(jqr .kernel.slab_growth_bytes "$c") >> 20)) MiB)"
est=$(jqr .model.estimate_bytes "$c")
drop=$(jqr .kernel.mem_available_drop_bytes "$c")
# Other processes move MemAvailable too: only the order of magnitude is checked.
[ "$drop" -gt $((est / 3)) ] && [ "$drop" -lt $((est * 3)) ]
ok $? "MemAvailable fell by $((drop >> 20)) MiB; the estimate was $((est >> 20)) MiB"

# Ctrl-C while a large topology is being built: ERROR, and nothing left.
"$XSKNS" run --results "$TMP/c" --duration 1 --pairs 512 many-namespaces >"$TMP/ktapc" 2>"$TMP/logc" &
pid=$!
for _ in $(seq 100); do
	grep -q 'topology: 64/512' "$TMP/logc" && break
	sleep 0.1
done
kill -INT "$pid"
wait "$pid"
is "$?" 2 "Ctrl-C during the build: exit status 2"
like "$(cat "$TMP/ktapc")" 'not ok 1 many-namespaces # ERROR: building the topology failed: interrupted' \
	"Ctrl-C during the build: ERROR, interrupted"
is "$(ip netns list | grep -c "^xskns$pid-")" 0 "Ctrl-C during the build: its namespaces are gone"

expect=$("$XSKNS" run --pairs 513 many-namespaces 2>&1 >/dev/null)
like "$expect" "bad --pairs '513': out of range 1-512" "pairs above 512 are refused"
