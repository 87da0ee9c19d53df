#!/bin/bash
# shellcheck disable=SC2016 # $names in single quotes are jq's
# The one place runs are summarised (scripts/aggregate, scripts/lib/aggregate.jq),
# on result.json files made from the README's example with figures whose medians
# and ratios are known: medians of PASS runs only (the mean of the middle two for an
# even count), cost over every run, no forwarder rate for a command (null, not 0),
# unstamped runs delivered by count, ratios to kernel-only, to ours and to the
# default placement; and bench.json's schema (results/bench.schema.json), with its
# documentation in results/README.md and negative controls.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 20
cd "$TOP" || exit 1
mkdir -p "$TMP/fixtures"
sed -n '/^## `result.json`/,/^<!-- schema-doc begin -->/p' results/README.md |
	sed -n '/^```json$/,/^```$/p' | sed '1d;$d' >"$TMP/fixtures/example.json"

# fixture NAME JQ_FILTER: a result.json of the example, changed.
n=0
fixture() {
	n=$((n + 1))
	mkdir -p "$TMP/fixtures/$n"
	jq "$2" "$TMP/fixtures/example.json" >"$TMP/fixtures/$n/result.json"
	scripts/aggregate row "$TMP/fixtures/$n/result.json" "group=$3" "label=$4" rep=1 exit=0 \
		"dir=$n" >>"$TMP/rows.jsonl"
}
rate() { # JQ filter: a PASS run delivering $1 pps, our forwarder sending $2
	echo ".verdict = \"PASS\" | .stages.sink.pps = $1 | .stages.fwd.tx_pps = ${2:-$1} | .params.pkt_size = 64 | .params.rate_pps = 0"
}
: >"$TMP/rows.jsonl"
fixture a "$(rate 100) | .cost.setup_s = 1" throughput shared
fixture b "$(rate 300) | .cost.setup_s = 3" throughput shared
fixture c "$(rate 200) | .cost.setup_s = 2" throughput shared
fixture d "$(rate 999) | .verdict = \"BUG\" | .cost.setup_s = 4" throughput shared
fixture e "$(rate 400)" throughput kernel
fixture f "$(rate 500)" throughput kernel
fixture g "$(rate 150) | .params.forwarder = \"cmd\" | .params.forwarder_cmd = \"x {port0}\" | .stages.fwd.tx_pps = 0" throughput cmd:x
fixture h "$(rate 250) | .params.forwarder = \"cmd\" | .params.forwarder_cmd = \"x {port0}\" | .stages.fwd.tx_pps = 0" throughput cmd:x
fixture i "$(rate 0) | .params.timestamps = false | .params.forwarder = \"none\" | .stages.gen.packets = 1000 | .stages.gen.pps = 500 | .stages.sink.rx_frames = 800 | .stages.sink.packets = 0" harness gen-sink-nostamp
fixture j "$(rate 600) | .params.cpu_gen = 1 | .params.cpu_fwd = 0 | .params.cpu_sink = 0" placement "g1-f0-s0 poll"
fixture k "$(rate 300) | .params.mode = \"spin\"" placement "g1-f0-s0 spin"

scripts/aggregate points "$TMP/rows.jsonl" >"$TMP/points.json"
ok $? "scripts/aggregate points runs"
pt() { jq -c --arg g "$1" --arg l "$2" ".[] | select(.group == \$g and .label == \$l) | $3" "$TMP/points.json"; }

is "$(pt throughput shared '[.reps, .ok_runs, .verdicts.PASS, .verdicts.BUG]')" "[4,3,3,1]" \
	"shared: 4 runs, 3 PASS, 1 BUG"
is "$(pt throughput shared '.metrics.sink_pps')" '{"median":200,"min":100,"max":300}' \
	"median, min and max of PASS runs only (the BUG run's 999 is left out)"
is "$(pt throughput shared '.metrics.setup_s')" '{"median":2.5,"min":1,"max":4}' \
	"cost over every run, BUG included; an even count's median is the mean of the middle two"
is "$(pt throughput kernel '.metrics.sink_pps.median')" 450 "kernel-only: median of two"
is "$(pt throughput shared '.metrics.ratio_to_kernel_delivered')" \
	"$(jq -nc '{median: (200 / 450), min: (100 / 450), max: (300 / 450)}')" "ratio to kernel-only, delivered"
is "$(pt throughput shared '.metrics.ratio_to_ours_delivered.median')" 1 "ours over ours: 1"
is "$(pt throughput cmd:x '[.forwarder, .forwarder_cmd, .metrics.sink_pps.median]')" '["cmd","x {port0}",200]' \
	"a command forwarder: its command kept, delivered median"
is "$(pt throughput cmd:x '[.metrics.fwd_tx_pps.median, .metrics.ratio_to_kernel.median]')" '[null,null]' \
	"a command reports no forwarder rate: null, not 0, and no ratio by it"
is "$(pt throughput cmd:x '[.metrics.ratio_to_kernel_delivered.median, .metrics.ratio_to_ours_delivered.median]')" \
	"$(jq -nc '[200 / 450, 1]')" "a command against kernel-only and ours, by what the sink received"
is "$(pt harness gen-sink-nostamp '[.timestamps, .metrics.sink_pps.median, .metrics.loss_pct.median]')" \
	'[false,400,20]' "unstamped: delivered by count (500 pps x 800/1000), loss 20 %"
is "$(pt placement 'g1-f0-s0 spin' '[.mode, .metrics.ratio_to_default.median]')" '["spin",0.5]' \
	"placement: ratio to the default placement"
is "$(pt latency x '.')" "" "no point without runs"

# bench.json: the frame scripts/bench puts around the points, validated by its schema.
jq -n --slurpfile p "$TMP/points.json" '{ schema: 1, id: "bench-20261127-000000-1",
	started_utc: "2026-11-27T00:00:00Z", wall_s: 1,
	params: { reps: 1, duration_s: 1, quick: true, cpu_gen: 1, cpu_fwd: 0, cpu_sink: 0,
		scenario: "colliding-ifindex", forwarders: ["shared", "kernel", "cmd:x"],
		forwarder_cmds: {"cmd:x": "cmd:x {port0}"}, cmd_netns: "shared" },
	env: { kernel: "6.18", machine: "host", virt: "vm: none, container: none", accel: "none",
		xsk_impl: "libxdp", xsk_impl_version: "1.3.1", libbpf_version: "", cpu_model: "x",
		ncpus: 2 },
	points: $p[0] }' >"$TMP/fixtures/bench.json"
out=$(tests/lib/validate-results.py results/bench.schema.json "$TMP/fixtures/bench.json" 2>&1)
ok $? "a bench.json of these points matches results/bench.schema.json" "$out"
bad() { # bad WHAT JQ_FILTER
	jq "$2" "$TMP/fixtures/bench.json" >"$TMP/fixtures/bad.json"
	tests/lib/validate-results.py results/bench.schema.json "$TMP/fixtures/bad.json" >/dev/null 2>&1
	is "$?" 1 "negative control: $1 is rejected"
}
bad "a point without a metric" 'del(.points[0].metrics.ratio_to_ours)'
bad "an undocumented metric" '.points[0].metrics.surprise = {median: 1, min: 1, max: 1}'
bad "a zero where a forwarder rate is unknown... as a string" '.points[0].metrics.sink_pps.median = "0"'
bad "an unknown group" '.points[0].group = "other"'
sed -n '/^<!-- bench-schema-doc begin -->$/,/^<!-- bench-schema-doc end -->$/p' results/README.md |
	sed '1d;$d' >"$TMP/doc.md"
scripts/schema-doc results/bench.schema.json >"$TMP/gen.md"
diff -u "$TMP/doc.md" "$TMP/gen.md" >"$TMP/diff"
ok $? "results/README.md's bench.json table is the schema's (scripts/schema-doc)" "$(head -20 "$TMP/diff")"

scripts/aggregate row "$TMP/fixtures/none.json" >/dev/null 2>"$TMP/err"
like "$?/$(cat "$TMP/err")" "^1/aggregate: cannot read $TMP/fixtures/none.json: .*No such file" "a missing file: exit 1, one line naming it"
