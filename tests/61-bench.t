#!/bin/bash
# `make bench BENCH_QUICK=1`: the CI mode runs every group once, each run an
# `xskns run` (no topology of its own), with a command forwarder beside ours
# (FORWARDERS), writes bench.json with every field and valid against
# results/bench.schema.json, bench.csv and runs.csv, and its plots draw.
# Figures are checked for presence and consistency, never for a value.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 25

start=$SECONDS
FORWARDERS="shared separate kernel cmd:'$XSKNS fwd --port {netns}:{port0} --port {netns}:{port1} --poll'" \
	"$TOP/scripts/bench" --quick --results "$TMP/r" --xskns "$XSKNS" >"$TMP/table" 2>"$TMP/bench.err" &
bpid=$!
# The bench's runs are `xskns run`s: every namespace it makes carries a run's pid.
others=0
while kill -0 "$bpid" 2>/dev/null; do
	others=$((others + $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep -c '^xskb' || true)))
	sleep 1
done
wait "$bpid"
ok $? "scripts/bench --quick exits 0" "$(tail -n 5 "$TMP/bench.err")"
echo "# quick bench took $((SECONDS - start)) s"
bdir=$(find "$TMP/r" -maxdepth 1 -name 'bench-*' -type d | head -n 1)
json=$bdir/bench.json
jq -e . "$json" >/dev/null 2>&1
ok $? "bench.json is valid JSON"
out=$("$TOP/tests/lib/validate-results.py" "$TOP/results/bench.schema.json" "$json" 2>&1)
ok $? "bench.json matches results/bench.schema.json" "$out"
is "$others" 0 "no namespace of the bench's own: its topologies are xskns run's"

missing() { # missing JQ_FILTER_YIELDING_PATHS: the paths (one per line) absent from bench.json
	jq -r "$1" "$json" 2>&1
}
is "$(missing '["schema", "id", "started_utc", "wall_s", "params", "env", "points"] - keys | .[]')" "" \
	"top-level fields"
is "$(missing '["reps", "duration_s", "quick", "cpu_gen", "cpu_fwd", "cpu_sink", "scenario", "forwarders", "forwarder_cmds"] - (.params | keys) | .[]')" "" \
	"params: repetitions, duration, CPU placement"
is "$(missing '["kernel", "machine", "virt", "accel", "xsk_impl", "xsk_impl_version", "libbpf_version", "cpu_model", "ncpus"] - (.env | keys) | .[]')" "" \
	"env: kernel, libxdp version, CPU model, host/guest, accelerator"
is "$(jq -r '[.env.kernel, .env.xsk_impl_version, .env.cpu_model] | map(select(. == "" or . == null)) | length' "$json")" 0 \
	"env: kernel, library version and CPU model are filled in"
is "$(missing '.points[] | (["group", "label", "forwarder", "pkt_size", "pairs", "rate_pps", "reps", "ok_runs", "verdicts", "runs", "metrics"] - keys)[]')" "" \
	"every point has every field"
metrics='["offered_pps", "gen_pps", "fwd_rx_pps", "fwd_tx_pps", "sink_pps", "loss_pct", "ratio_to_kernel", "ratio_to_kernel_delivered", "ratio_to_ours", "ratio_to_ours_delivered", "ratio_to_default", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns"]'
is "$(missing ".points[] | ($metrics - (.metrics | keys))[]")" "" "every point has every metric"
is "$(missing '.points[].metrics[] | (["median", "min", "max"] - keys)[]')" "" \
	"every metric has median, min and max"

is "$(jq -r '[.points[] | select(.group == "throughput") | "\(.label)/\(.pkt_size)"] | sort | join(" ")' "$json")" \
	"cmd:xskns/1500 cmd:xskns/64 kernel/1500 kernel/64 separate/1500 separate/64 shared/1500 shared/64" \
	"throughput: four forwarders (one a command) at 64 and 1500 bytes"
is "$(jq -r '.points[] | select(.group == "throughput" and .label == "cmd:xskns" and .pkt_size == 64)
	| [.forwarder, .fwd_netns, .ok_runs, (.metrics.fwd_tx_pps.median == null),
	   (.metrics.ratio_to_kernel_delivered.median > 0), (.metrics.ratio_to_ours_delivered.median > 0)]
	| map(tostring) | join(" ")' "$json")" "cmd shared 1 true true true" \
	"the command forwarder: PASS, no fwd rate of its own, ratios to kernel-only and to ours"
like "$(grep -m1 '^throughput/cmd:xskns ' "$TMP/table")" '^throughput/cmd:xskns +64 +max .* -/[0-9.]+ +-/[0-9.]+ ' \
	"the table has it beside ours, with its ratios"
is "$(jq -r '[.points[] | select(.group == "latency" and .rate_pps == 1000) | .label] | sort | join(" ")' "$json")" \
	"cmd:xskns kernel separate shared" "latency: every forwarder at 1k pps"
# every rate over its own traffic window: at 1k pps no stage claims more than the generator
# sent (the forwarder once claimed 1.95k with 999 frames forwarded)
is "$(jq -r '[.points[] | select(.group == "latency" and .rate_pps == 1000) | .label as $l | .metrics as $m
	| ["fwd_rx_pps", "fwd_tx_pps", "sink_pps"][] | select($m[.].median != null and $m[.].median > $m.gen_pps.median * 1.005)
	| "\($l) \(.) \($m[.].median) > gen \($m.gen_pps.median)"] | join("; ")' "$json")" "" \
	"latency at 1k pps: no forwarder's or sink's rate above the generator's"
is "$(jq -r '[.points[] | select(.group == "placement") | .label] | sort | join(",")' "$json")" \
	"g1-f0-s0 busy-poll,g1-f0-s0 poll,g1-f1-s0 busy-poll,g1-f1-s0 poll" \
	"placement: two layouts by two idle policies in quick mode"
is "$(jq -r '[.points[] | select(.group == "placement" and .label == "g1-f1-s0 busy-poll")
	| .cpu_gen, .cpu_fwd, .cpu_sink, .mode, (.metrics.ratio_to_default.median > 0)] | map(tostring) | join(" ")' "$json")" \
	"1 1 0 busy-poll true" "placement: CPUs and policy recorded, ratio to the default"
is "$(jq -r '[.points[] | select(.group == "harness") | "\(.label)/\(.forwarder)/\(.timestamps)"] | sort | join(" ")' "$json")" \
	"gen-sink-nostamp/none/false gen-sink/none/true" "harness: generator straight into the sink, stamped and not"
is "$(jq -r '[.points[] | select(.group == "pairs") | .pairs] | sort | join(" ")' "$json")" "1 8" \
	"pairs: 1 and 8 namespace pairs in quick mode"
is "$(jq -r '[.points[] | select(.reps != 1)] | length' "$json")" 0 "quick mode: one run per point"

points=$(jq '.points | length' "$json")
is "$(($(wc -l <"$bdir/bench.csv") - 1))" "$points" "bench.csv: one row per point"

"$TOP/scripts/plots" --results "$TMP/r" --strict >/dev/null 2>"$TMP/plots.err"
rc=$?
[ "$rc" = 0 ] && [ -s "$bdir/plots/throughput.png" ] && [ -s "$bdir/plots/latency.png" ] &&
	[ -s "$bdir/plots/pairs.png" ] && [ -s "$bdir/plots/forwarders.png" ] && [ -s "$bdir/plots/placement.png" ]
ok $? "bench plots: throughput, latency, forwarders, placement and pairs drawn" "$(cat "$TMP/plots.err")"

# A scale point that is ERROR fails the bench (a harness that breaks at some size is
# no measurement): here a stand-in xskns refuses the 32-pair run.
cat >"$TMP/xskns-fails-at-32" <<EOF
#!/bin/bash
if [ "\$1" = run ] && [[ " \$* " == *" --pairs 32 "* ]]; then echo "xskns run: injected failure at 32 pairs" >&2; exit 2; fi
exec "$XSKNS" "\$@"
EOF
chmod +x "$TMP/xskns-fails-at-32"
st=0
"$TOP/scripts/bench" --quick --groups scale --results "$TMP/rs" --xskns "$TMP/xskns-fails-at-32" \
	>/dev/null 2>"$TMP/scale.err" || st=$?
is "$st" 2 "a scale point in ERROR: the bench exits 2"
like "$(tr '\n' ' ' <"$TMP/scale.err")" 'scale points ended in ERROR: +runs/refused-scale-1-[0-9]+ \(rep 1\): injected failure at 32 pairs' \
	"and says which, with the reason"
