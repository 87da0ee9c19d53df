#!/bin/bash
# Rates: every stage's rate is taken over its own traffic window (first to last frame),
# the forwarder's too, so at a low --rate no stage claims more than the generator
# offered (the forwarder once sampled its window every 256th iteration and reported
# about twice the offered rate at 1k pps). The forwarder's CPU time per frame is there,
# a positive figure. The rule is also run on a hand-made result.json with the old
# forwarder's figures: it must refuse it.
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"

plan 8

# within_offered: each stage's rate no higher than the generator's and than --rate, by at
# most 0.5 % (frames spaced 1/rate apart: n frames span n - 1 gaps); prints what breaks it
# shellcheck disable=SC2016 # a jq program: its $names are jq's
within_offered='
	(.params.rate_pps) as $rate | (.stages.gen.pps) as $gen
	| [ ["fwd.rx_pps", .stages.fwd.rx_pps], ["fwd.tx_pps", .stages.fwd.tx_pps], ["sink.pps", .stages.sink.pps] ]
	| map(select(.[1] > $gen * 1.005 or .[1] > $rate * 1.005) | "\(.[0]) \(.[1]) > gen \($gen) (rate \($rate))")
	| join("; ")'

"$XSKNS" run --results "$TMP/r" --rate 1000 --duration 2 colliding-ifindex >/dev/null 2>"$TMP/run.log"
is "$?" 0 "a 1k pps run: PASS" "$(tail -n 5 "$TMP/run.log")"
json=$(result_of "$TMP/r" colliding-ifindex)
is "$(jq -r "$within_offered" "$json")" "" "no stage's rate exceeds what was offered" \
	"$(jq -c .stages "$json")"
# and the rates are not merely small: each stage moved the frames at about the offered rate
is "$(jq -r '[.stages.gen.pps, .stages.fwd.rx_pps, .stages.fwd.tx_pps, .stages.sink.pps]
	| map(select(. < 950)) | length' "$json")" 0 "every stage's rate is near 1000 pps" \
	"$(jq -c .stages "$json")"
# the window each rate claims: frames / rate, the same second or two for every stage
is "$(jq -r '(.stages.gen.packets / .stages.gen.pps) as $g
	| [ (.stages.fwd.tx_packets / .stages.fwd.tx_pps), (.stages.sink.packets / .stages.sink.pps) ]
	| map(select(. < $g * 0.99 or . > $g * 1.01)) | length' "$json")" 0 \
	"the forwarder's and the sink's windows are the generator's within 1 %" \
	"$(jq -c '[.stages.gen.packets / .stages.gen.pps, .stages.fwd.tx_packets / .stages.fwd.tx_pps, .stages.sink.packets / .stages.sink.pps]' "$json")"
jq -e '.stages.fwd.cpu_ns_per_frame | type == "number" and . > 0' "$json" >/dev/null
ok $? "the forwarder's CPU time per frame is a positive figure" "$(jq -c .stages.fwd "$json")"

# negative control: the old forwarder's window (999 frames, tx_pps 1950 at 1k pps)
mkdir -p "$TMP/fixtures"
jq '.stages.fwd.tx_pps = 1950' "$json" >"$TMP/fixtures/old.json"
like "$(jq -r "$within_offered" "$TMP/fixtures/old.json")" '^fwd.tx_pps 1950 > gen ' \
	"negative control: a forwarder rate twice the offered one is caught"
jq '.stages.sink.pps = .params.rate_pps * 1.02' "$json" >"$TMP/fixtures/sink.json"
like "$(jq -r "$within_offered" "$TMP/fixtures/sink.json")" '^sink.pps ' \
	"negative control: a sink 2 % above the offered rate is caught"

# the kernel forwarder does not measure CPU time per frame: null, not 0
"$XSKNS" run --results "$TMP/k" --rate 1000 --duration 1 --forwarder kernel colliding-ifindex \
	>/dev/null 2>"$TMP/k.log"
is "$(jq -c '.stages.fwd.cpu_ns_per_frame' "$(result_of "$TMP/k" colliding-ifindex)" 2>&1)" null \
	"the kernel forwarder: cpu_ns_per_frame null" "$(tail -n 3 "$TMP/k.log")"
exit $((_failed > 0))
