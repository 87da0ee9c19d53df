# The one place where runs are summarised: a run's row from its result.json,
# and medians, ranges and ratios over rows. scripts/aggregate is its command
# line; scripts/bench and scripts/plots use it; tests/62-aggregate.t checks it
# on hand-made result.json files whose figures are known.

# Median of numbers (the mean of the middle two for an even count); null when empty.
def med: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
	else (.[length / 2 - 1] + .[length / 2]) / 2 end;

# {median, min, max} of f over an array, nulls left out.
def stat(f): [.[] | f | select(. != null)] | { median: med, min: min, max: max };

# A number that is present and above zero, else the fallback.
def nz(a; b): if (a // 0) > 0 then a else (b // 0) end;

# One run as a flat row: what it was asked, how it ended, what it measured, what
# it cost. Only result.json is read (schema 1).
def run_row:
	(.stages // {}) as $s | (.params // {}) as $p | (.cost // {}) as $c
	| ($p.timestamps != false) as $stamped
	# Unstamped frames carry no sequence: the sink counts them (rx_frames) but
	# rates only stamped ones, so delivered is the generator's rate times the
	# share of its frames that arrived.
	| (if $stamped then $s.sink.packets else $s.sink.rx_frames end // 0) as $delivered
	| { run_id, scenario, verdict, reason, expect, started_utc, wall_s,
	    forwarder: ($p.forwarder // "xsk"), forwarder_cmd: ($p.forwarder_cmd // ""),
	    fwd_netns: ($p.fwd_netns // "separate"), umem: $p.umem, mode: ($p.mode // "poll"),
	    pkt_size: $p.pkt_size, pairs: $p.pairs, queues: $p.queues, rate_pps: $p.rate_pps,
	    timestamps: $stamped, fwd_fault: ($p.fwd_fault // "none"),
	    cpu_gen: $p.cpu_gen, cpu_fwd: $p.cpu_fwd, cpu_sink: $p.cpu_sink,
	    checks_sockets: .checks.sockets, checks_traffic: .checks.traffic,
	    gen_pps: $s.gen.pps,
	    # Only our forwarders report their own rates: an external command and no
	    # forwarder at all have none (null, not zero).
	    fwd_rx_pps: (if ($p.forwarder // "xsk") == "cmd" or $p.forwarder == "none" then null
		else $s.fwd.rx_pps end),
	    fwd_tx_pps: (if ($p.forwarder // "xsk") == "cmd" or $p.forwarder == "none" then null
		else $s.fwd.tx_pps end),
	    sink_packets: $delivered, lost: $s.sink.lost,
	    sink_pps: (if $stamped then $s.sink.pps
		elif ($s.gen.packets // 0) > 0 then $s.gen.pps * $delivered / $s.gen.packets
		else null end),
	    loss_pct: (if ($s.gen.packets // 0) > 0
		then 100 * (($s.gen.packets - $delivered) | if . < 0 then 0 else . end)
			/ $s.gen.packets
		else null end),
	    offered_pps: (if ($p.rate_pps // 0) > 0 then $p.rate_pps else $s.gen.pps end),
	    p50_ns: .latency_ns.p50, p90_ns: .latency_ns.p90, p99_ns: .latency_ns.p99,
	    p999_ns: .latency_ns.p999, max_ns: .latency_ns.max,
	    setup_s: $c.setup_s, teardown_s: $c.teardown_s,
	    mem_peak_bytes: $c.kernel.mem_available_drop_bytes,
	    slab_bytes: $c.kernel.slab_growth_bytes, vmalloc_bytes: $c.kernel.vmalloc_growth_bytes,
	    tools_hwm_bytes: ([($c.vm_hwm_bytes // {}) | to_entries[] | select(.key != "run") | .value] | add),
	    estimate_bytes: $c.model.estimate_bytes, pool_state_bytes: $c.model.pool_state_bytes,
	    umem_bytes: $c.model.umem_bytes, fwd_sockets: $c.model.fwd.sockets,
	    fwd_umem_frames: $c.model.fwd.umem_frames, fill_frames: $c.model.fwd.fill_frames,
	    traffic: ((($s.gen.packets // 0) + ($s.fwd.rx_packets // 0) + ($s.sink.packets // 0)) > 0),
	    env: .env }
	| .measured = ((.verdict == "PASS" or .verdict == "BUG") and .traffic and .fwd_fault == "none");

# The figures of a point: medians of its PASS runs for what the traffic
# measured, of every run for what a run costs.
def metrics:
	map(select(.verdict == "PASS")) as $ok
	| ($ok | { offered_pps: stat(.offered_pps), gen_pps: stat(.gen_pps),
		fwd_rx_pps: stat(.fwd_rx_pps), fwd_tx_pps: stat(.fwd_tx_pps),
		sink_pps: stat(.sink_pps), loss_pct: stat(.loss_pct),
		p50_ns: stat(.p50_ns), p90_ns: stat(.p90_ns), p99_ns: stat(.p99_ns),
		p999_ns: stat(.p999_ns), max_ns: stat(.max_ns) })
	+ { wall_s: stat(.wall_s), setup_s: stat(.setup_s), teardown_s: stat(.teardown_s),
	    fwd_setup_s: stat(.fwd_setup_s), gen_setup_s: stat(.gen_setup_s),
	    mem_peak_bytes: stat(.mem_peak_bytes), slab_bytes: stat(.slab_bytes),
	    tools_hwm_bytes: stat(.tools_hwm_bytes), estimate_bytes: stat(.estimate_bytes),
	    pool_state_bytes: stat(.pool_state_bytes) };

# $p's metric m over the reference point's median: {median, min, max} (nulls when
# there is no reference, or it has no median).
def ratio($p; $ref; m):
	($ref.metrics[m].median // 0) as $d
	| if $ref != null and $d > 0 and $p.metrics[m].median != null
	  then { median: ($p.metrics[m].median / $d), min: ($p.metrics[m].min / $d),
		 max: ($p.metrics[m].max / $d) }
	  else { median: null, min: null, max: null } end;

# Bench records (run rows with group, label, rep, exit, dir) into points, one per
# (group, label, frame size, pairs, rate, stamping), each with its ratios:
#   ratio_to_kernel[_delivered]  fwd tx [sink] over kernel-only's, same frame size
#                                (throughput group)
#   ratio_to_ours[_delivered]    the same over our shared-UMEM forwarder's
#   ratio_to_default             sink pps over the default placement's (placement group)
def points:
	[ group_by([.group, .label, .pkt_size, .pairs, .rate_pps, .timestamps])[]
	  | .[0] as $h
	  | { group: $h.group, label: $h.label, forwarder: ($h.forwarder // "xsk"),
	      forwarder_cmd: ($h.forwarder_cmd // ""), fwd_netns: ($h.fwd_netns // "separate"),
	      umem: $h.umem, mode: ($h.mode // "poll"), pkt_size: $h.pkt_size, pairs: $h.pairs,
	      rate_pps: $h.rate_pps, timestamps: ($h.timestamps != false),
	      cpu_gen: $h.cpu_gen, cpu_fwd: $h.cpu_fwd, cpu_sink: $h.cpu_sink,
	      reps: length, ok_runs: (map(select(.verdict == "PASS")) | length),
	      verdicts: (map(.verdict) | group_by(.) | map({(.[0]): length}) | add),
	      runs: map(.dir),
	      sizing: { fwd_sockets: $h.fwd_sockets, fwd_umem_frames: $h.fwd_umem_frames,
			fill_frames: $h.fill_frames },
	      metrics: metrics } ]
	| . as $all
	| def ref($g; $l; $size): [ $all[] | select(.group == $g and .label == $l
		and .pkt_size == $size and (.rate_pps // 0) == 0) ] | first;
	  map(. as $p
	      | (if $p.group == "throughput" then ref("throughput"; "kernel"; $p.pkt_size) else null end) as $k
	      | (if $p.group == "throughput" then ref("throughput"; "shared"; $p.pkt_size) else null end) as $o
	      | (if $p.group == "placement" then ref("placement"; "g1-f0-s0 poll"; $p.pkt_size) else null end) as $d
	      | .metrics.ratio_to_kernel = ratio($p; $k; "fwd_tx_pps")
	      | .metrics.ratio_to_kernel_delivered = ratio($p; $k; "sink_pps")
	      | .metrics.ratio_to_ours = ratio($p; $o; "fwd_tx_pps")
	      | .metrics.ratio_to_ours_delivered = ratio($p; $o; "sink_pps")
	      | .metrics.ratio_to_default = ratio($p; $d; "sink_pps"))
	| sort_by(({throughput: 0, latency: 1, placement: 2, harness: 3, pairs: 4, scale: 5}[.group] // 9),
		.label, .pkt_size, .rate_pps, .pairs);
