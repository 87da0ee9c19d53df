#!/bin/bash
# `make bench BENCH_QUICK=1`: the CI mode runs every group once, writes
# bench.json with every field, bench.csv and runs.csv, and its plots draw.
# Figures are checked for presence and consistency, never for a value.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 16

start=$SECONDS
"$TOP/scripts/bench" --quick --results "$TMP/r" --xskns "$XSKNS" >"$TMP/table" 2>"$TMP/bench.err"
ok $? "scripts/bench --quick exits 0" "$(tail -n 5 "$TMP/bench.err")"
echo "# quick bench took $((SECONDS - start)) s"
bdir=$(find "$TMP/r" -maxdepth 1 -name 'bench-*' -type d | head -n 1)
json=$bdir/bench.json
jq -e . "$json" >/dev/null 2>&1
ok $? "bench.json is valid JSON"

missing() { # missing JQ_FILTER_YIELDING_PATHS: the paths (one per line) absent from bench.json
	jq -r "$1" "$json" 2>&1
}
is "$(missing '["schema", "id", "started_utc", "wall_s", "params", "env", "points"] - keys | .[]')" "" \
	"top-level fields"
is "$(missing '["reps", "duration_s", "quick", "cpu_gen", "cpu_fwd", "cpu_sink", "scenario"] - (.params | keys) | .[]')" "" \
	"params: repetitions, duration, CPU placement"
is "$(missing '["kernel", "machine", "virt", "accel", "xsk_impl", "xsk_impl_version", "libbpf_version", "cpu_model", "ncpus"] - (.env | keys) | .[]')" "" \
	"env: kernel, libxdp version, CPU model, host/guest, accelerator"
is "$(jq -r '[.env.kernel, .env.xsk_impl_version, .env.cpu_model] | map(select(. == "" or . == null)) | length' "$json")" 0 \
	"env: kernel, library version and CPU model are filled in"
is "$(missing '.points[] | (["group", "label", "forwarder", "pkt_size", "pairs", "rate_pps", "reps", "ok_runs", "verdicts", "runs", "metrics"] - keys)[]')" "" \
	"every point has every field"
metrics='["offered_pps", "gen_pps", "fwd_rx_pps", "fwd_tx_pps", "sink_pps", "loss_pct", "ratio_to_kernel", "ratio_to_kernel_delivered", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns"]'
is "$(missing ".points[] | ($metrics - (.metrics | keys))[]")" "" "every point has every metric"
is "$(missing '.points[].metrics[] | (["median", "min", "max"] - keys)[]')" "" \
	"every metric has median, min and max"

is "$(jq -r '[.points[] | select(.group == "throughput") | "\(.label)/\(.pkt_size)"] | sort | join(" ")' "$json")" \
	"kernel/1500 kernel/64 separate/1500 separate/64 shared/1500 shared/64" \
	"throughput: three forwarders at 64 and 1500 bytes"
is "$(jq -r '[.points[] | select(.group == "latency" and .rate_pps == 1000) | .label] | sort | join(" ")' "$json")" \
	"kernel separate shared" "latency: every forwarder at 1k pps"
is "$(jq -r '[.points[] | select(.group == "harness") | .label] | sort | join(" ")' "$json")" \
	"gen-nostamp gen-sink gen-stamped" "harness: generator stamped, unstamped, into the sink"
is "$(jq -r '[.points[] | select(.group == "pairs") | .pairs] | sort | join(" ")' "$json")" "1 8" \
	"pairs: 1 and 8 namespace pairs in quick mode"
is "$(jq -r '[.points[] | select(.reps != 1)] | length' "$json")" 0 "quick mode: one run per point"

points=$(jq '.points | length' "$json")
is "$(($(wc -l <"$bdir/bench.csv") - 1))" "$points" "bench.csv: one row per point"

"$TOP/scripts/plots" --results "$TMP/r" --strict >/dev/null 2>"$TMP/plots.err"
rc=$?
[ "$rc" = 0 ] && [ -s "$bdir/plots/throughput.png" ] && [ -s "$bdir/plots/latency.png" ] &&
	[ -s "$bdir/plots/pairs.png" ]
ok $? "bench plots: throughput, latency and pairs drawn" "$(cat "$TMP/plots.err")"
