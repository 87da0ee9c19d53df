#!/bin/bash
# Every host scenario end to end on this kernel with Debian's libxdp, in one
# `xskns run`: the verdict each scenario expects, packets really flowing
# (sink count > 0, all flows seen, loss explained), BUG naming the EINVAL and
# the colliding pair, KTAP on stdout, and nothing left behind.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

scenarios=(distinct-ifindex colliding-ifindex colliding-multiqueue no-netns-cookie
	separate-umem many-namespaces)
plan $((5 + 6 * ${#scenarios[@]} + 22))

"$XSKNS" run --results "$TMP/r" --duration 2 "${scenarios[@]}" >"$TMP/ktap" 2>"$TMP/log"
status=$?
is "$status" 1 "exit status is 1: the worst verdict is BUG (no-netns-cookie), expected or not"
is "$(grep -c '^ok ' "$TMP/ktap")" 6 "six KTAP 'ok' lines: every verdict is the one expected"
like "$(cat "$TMP/log")" 'run: 6 scenarios: 5 PASS 1 BUG; every verdict as expected \(exit status 1 for the BUG verdict; with --check-expect 0\)$' \
	"the summary says the BUG was expected, and why the exit status is still 1"
like "$(cat "$TMP/log")" '^run: many-namespaces: 32 namespace pairs, .* \[overridden: duration 2 s\]$' \
	"the scenario's line shows what the command line overrode"
like "$(head -2 "$TMP/ktap" | tr '\n' ' ')" '^KTAP version 1 1\.\.6 $' "KTAP header and plan"

for s in "${scenarios[@]}"; do
	r=$(result_of "$TMP/r" "$s")
	expect=$(jqr .expect "$r")
	is "$(jqr .verdict "$r")" "$expect" "$s: verdict $expect ($(jqr .reason "$r"))"
	is "$(jqr .env.kernel "$r")" "$(uname -r)" "$s: kernel release recorded"
	if [ "$expect" = PASS ]; then
		recv=$(jqr .stages.sink.packets "$r")
		[ "${recv:-0}" -gt 0 ]
		ok $? "$s: packets reached the sink ($recv)"
		is "$(jqr '[.stages.sink.flows_seen, .stages.sink.flows_expected] | map(tostring) | join(" ")' "$r")" \
			"$(jqr '.params.pairs * .params.queues | "\(.) \(.)"' "$r")" \
			"$s: every flow arrived, and the verdict expected every flow of the scenario"
		is "$(jqr '.stages.sink.duplicates + .stages.sink.misdelivered' "$r")" 0 \
			"$s: no duplicates, nothing on a wrong socket"
		like "$(jqr .reason "$r")" '^[0-9]+ sockets? bound on .*; (no frame lost of|lost [0-9]+ of [0-9]+ .*all counted)' \
			"$s: the PASS says why: its sockets, its loss and what explains it"
	else
		like "$(jqr .reason "$r")" 'Invalid argument \(-22\); collides with socket 0' \
			"$s: BUG names the EINVAL and the earlier socket"
		is "$(jqr '[.sockets[] | select(.rc == -22)] | length' "$r")" 1 \
			"$s: exactly one socket record has rc -22"
		like "$(grep "$s" "$TMP/ktap")" '^ok [0-9]+ no-netns-cookie # XFAIL BUG \(as expected\)$' \
			"$s: KTAP 'ok ... # XFAIL BUG (as expected)'"
		is "$(grep -c 'falls back to one cookie' "$TMP/ktap"):$(grep -c 'falls back to one cookie' "$TMP/log")" 1:1 \
			"$s: the BUG's reason once on stdout (its '# BUG:' line), once on stderr (apart from stdout)"
	fi
done

# Without SO_NETNS_COOKIE (emulated, as on a kernel before 5.14) no cookie is recorded as
# a value, and the BUG says why the namespaces collide; with it, every socket has one.
r=$(result_of "$TMP/r" no-netns-cookie)
is "$(jqr '[.sockets[] | select(.role == "fwd") | [.xsk_cookie_supported, .xsk_cookie, .netns_cookie]] | unique | tostring' "$r")" \
	'[[false,0,0]]' "no-netns-cookie: every forwarder socket recorded without a cookie"
like "$(jqr .reason "$r")" 'the kernel has no SO_NETNS_COOKIE \(before 5\.14\), so libxdp [0-9.]+ falls back to one cookie' \
	"no-netns-cookie: the BUG explains the collision"
r=$(result_of "$TMP/r" colliding-ifindex)
is "$(jqr '[([.sockets[].xsk_cookie_supported] | all), .expect_rule, .expect] | join(" ")' "$r")" \
	"true BUG if kernel < 5.14 or libbpf < 0.8.1 or libxdp < 1.3.0 or selftests else PASS PASS" \
	"colliding-ifindex: cookies supported; expect rule resolved to PASS on $(uname -r)"

# The cookie rules, seen from the records: one cookie per namespace.
r=$(result_of "$TMP/r" colliding-multiqueue)
is "$(jqr '[.sockets[] | select(.role == "fwd") | {n: .netns, c: .xsk_cookie}] | unique | length' "$r")" 2 \
	"colliding-multiqueue: 4 sockets, 2 namespaces, 2 distinct (netns, cookie) pairs"
is "$(jqr '[.sockets[] | select(.role == "fwd") | .xsk_cookie] | unique | length' "$r")" 2 \
	"colliding-multiqueue: two distinct cookies"
r=$(result_of "$TMP/r" many-namespaces)
is "$(jqr '[.sockets[] | select(.ifindex == 4242 and .rc == 0)] | length' "$r")" 64 \
	"many-namespaces: 64 sockets on ifindex 4242 all created on one UMEM"

# stats.csv: per-interval rows whose sums are result.json's totals, each stage ending
# with its partial last interval.
r=$(result_of "$TMP/r" colliding-ifindex)
csv=$(dirname "$r")/stats.csv
is "$(head -n 1 "$csv")" "t_s,stage,interval_packets,pps,interval_bytes,interval_s" \
	"stats.csv: the header says the counts are per interval"
sums=$(awk -F, 'NR > 1 { p[$2] += $3; b[$2] += $5 }
	END { print p["gen_tx"], b["gen_tx"], p["fwd_rx"], p["fwd_tx"], p["sink_rx"], b["sink_rx"] }' "$csv")
is "$sums" "$(jqr '[.stages.gen.packets, .stages.gen.bytes, .stages.fwd.rx_packets,
	.stages.fwd.tx_packets, .stages.sink.rx_frames, .stages.sink.rx_bytes] | map(tostring) | join(" ")' "$r")" \
	"stats.csv: each stage's rows add up to result.json's totals"
# (the sums above need the last, partial interval; its length is wherever the run stopped
# within a second, so it is judged by its rate: packets over its own length, not over 1 s)
awk -F, 'NR > 1 { n[$2] = $3; pps[$2] = $4; s[$2] = $6 }
	# the length is printed to the ms: the rate gives it back to within that (and 1 %)
	function off(k) { return pps[k] <= 0 || (n[k] / pps[k] - s[k])^2 > (0.0006 + 0.01 * s[k])^2 }
	END { for (k in n) if (s[k] < 0 || (n[k] > 0 && off(k))) exit 1
		exit !("fwd_rx" in n && "sink_rx" in n) }' "$csv"
ok $? "stats.csv: each stage's last interval has its real length, and its rate is over that length" "$(cat "$csv")"

# What people read: latency with units, and how much of the loss the kernel's counters explain.
like "$(grep -m1 '^sink: latency: ' "$TMP/log")" \
	'^sink: latency: min [0-9.]+ (ns|µs|ms|s), p50 [0-9.]+ (ns|µs|ms|s), p90 .* max [0-9.]+ (ns|µs|ms|s)$' \
	"stderr: latencies in ns/µs/ms with their unit"
like "$(grep -m1 '^run: lost ' "$TMP/log")" \
	"^run: lost (nothing: [0-9]+ sent|[0-9]+ of [0-9]+ sent, all counted by the kernel's veth/AF_XDP drop counters)" \
	"stderr: the loss line says the kernel's counters explain it"

# The CPU placement that took effect is recorded, pinned or not.
"$XSKNS" run --results "$TMP/rcpu" --duration 1 --cpu-gen 1 --cpu-fwd 0 --cpu-sink 0 distinct-ifindex \
	>/dev/null 2>"$TMP/logcpu"
is "$?" 0 "pinned run: PASS"
r=$(result_of "$TMP/rcpu" distinct-ifindex)
is "$(jqr '[.params.cpu_gen, .env.cpu_affinity.gen, .env.cpu_affinity.fwd, .env.cpu_affinity.sink] | map(tostring) | join(" ")' "$r")" \
	"1 1 0 0" "pinned run: asked for and took effect"
r=$(result_of "$TMP/r" distinct-ifindex)
is "$(jqr '.env.cpu_affinity.gen' "$r")" "$(awk '/^Cpus_allowed_list/ { print $2 }' /proc/self/status)" \
	"unpinned run: every CPU this process may use"

# The largest frame the run accepts (MTU 1500 + Ethernet header + VLAN tag)
# really crosses every veth: the limit refuses nothing that works.
"$XSKNS" run --results "$TMP/r1518" --duration 1 --pkt-size 1518 colliding-ifindex \
	>"$TMP/ktap1518" 2>"$TMP/log1518"
is "$?" 0 "1518-byte frames: PASS"
r=$(result_of "$TMP/r1518" colliding-ifindex)
[ "$(jqr .stages.sink.packets "$r")" -gt 0 ] && [ "$(jqr .stages.sink.bytes "$r")" -ge \
	$((1518 * $(jqr .stages.sink.packets "$r"))) ]
ok $? "1518-byte frames reached the sink whole ($(jqr .stages.sink.packets "$r") frames)"

# 64 namespace pairs: the forwarder's command line has more than 256 arguments
# (128 ports) and must reach it whole. Small UMEMs keep the memory small.
"$XSKNS" run --results "$TMP/r64" --duration 1 --pairs 64 --ring-size 64 \
	--frames-per-socket 128 many-namespaces >"$TMP/ktap64" 2>"$TMP/log64"
is "$?" 0 "64 pairs: PASS ($(grep -m1 -o 'ERROR.*\|BUG.*' "$TMP/ktap64"))"
r=$(result_of "$TMP/r64" many-namespaces)
est=$(jqr .memory.estimate_bytes "$r")
[ "${est:-0}" -gt $((100 << 20)) ] && [ "$est" -lt $((2 << 30)) ] &&
	[ "$(jqr .memory.limit_bytes "$r")" -gt "$est" ] && [ ! -e "$(dirname "$r")/memory.json" ]
ok $? "64 pairs: result.json's memory holds the estimate ($((${est:-0} >> 20)) MiB) under the limit (no memory.json)"
[ "$(jqr .memory.measured_peak_bytes "$r")" -gt 0 ]
ok $? "64 pairs: and the drop of MemAvailable it measured ($(($(jqr .memory.measured_peak_bytes "$r") >> 20)) MiB)"
is "$(jqr '[.sockets[] | select(.role == "fwd" and .rc == 0)] | length' "$r")" 128 \
	"64 pairs: 128 forwarder sockets created"
is "$(jqr .stages.sink.flows_seen "$r")" 64 "64 pairs: every flow arrived"

is "$(leftover_namespaces)" "" "no namespace left behind"
